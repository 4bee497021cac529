//! `--cloudtrail lookup`: the CloudTrail LookupEvents API, per region of the buckets in scope.
//!
//! # Why `ResourceName` and not `EventSource`
//!
//! LookupEvents takes one lookup attribute per call (CloudTrail User Guide). Asking for
//! `EventSource = s3.amazonaws.com` returns every S3 management call in the region: every
//! `GetBucket*` read of every bucket, this tool's own reads included, so a scan would page
//! through thousands of reads it then throws away, at 50 events and 2 calls per second.
//! `ResourceName = <bucket>` returns only the calls on that bucket, which is what
//! attribution needs, at the cost of one query per bucket. The tool's reads still appear
//! (they are events on the bucket) and are skipped by name before parsing. Only
//! `s3drift events` without `--bucket`, which has no bucket to name, asks by `EventSource`.
//!
//! # Limits
//!
//! LookupEvents keeps 90 days and management events only. Bucket-configuration calls are
//! management events, so only the 90 days can cut the search short; when `--since` reaches
//! further back, the report says so. Calls are paced by a per-region [`Pacer`] (2 per
//! second), and the SDK's own retries are off so that retries are paced too.

use super::rate::{Pacer, LOOKUP_INTERVAL};
use super::reader::{self, Parsed};
use super::{Coverage, Evidence, TrailOptions};
use crate::aws::{self, AwsSettings};
use crate::diag::{ErrorCode, InputError};
use crate::model::Target;
use crate::warning::{Warning, WarningCode};
use aws_sdk_cloudtrail::error::{DisplayErrorContext, ProvideErrorMetadata};
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use aws_smithy_types::retry::RetryConfig;
use std::collections::BTreeMap;
use std::time::Duration;

/// How long LookupEvents keeps events.
pub const LOOKUP_DAYS: i64 = 90;

/// Attempts per page when CloudTrail answers with throttling.
const MAX_ATTEMPTS: u32 = 6;

/// What the lookup source gave.
#[derive(Debug)]
pub struct Collected {
    pub parsed: Parsed,
    pub coverage: Coverage,
    pub warnings: Vec<Warning>,
}

/// Queries LookupEvents for every bucket in scope, one region at a time per pacer, regions
/// in parallel.
pub async fn collect(
    config: &aws_config::SdkConfig,
    settings: &AwsSettings,
    opts: &TrailOptions,
    buckets: &[Target],
) -> Result<Collected, InputError> {
    let mut warnings = Vec::new();
    let oldest = jiff::Timestamp::now()
        .checked_sub(jiff::SignedDuration::from_hours(LOOKUP_DAYS * 24))
        .unwrap_or(opts.since);
    let start = if opts.since < oldest {
        warnings.push(Warning::new(
            WarningCode::SourceLimit,
            "lookup",
            format!(
                "LookupEvents keeps {LOOKUP_DAYS} days of management events: changes before {} are not searched (pass a trail bucket or log files with --cloudtrail to look further back)",
                super::time::stamp(oldest)
            ),
        ));
        oldest
    } else {
        opts.since
    };
    let fallback = settings
        .region
        .clone()
        .unwrap_or_else(|| aws::FALLBACK_REGION.to_string());
    let mut by_region: BTreeMap<String, Vec<Query>> = BTreeMap::new();
    for t in buckets {
        by_region
            .entry(t.region.clone().unwrap_or_else(|| fallback.clone()))
            .or_default()
            .push(Query::Bucket(&t.bucket));
    }
    if buckets.is_empty() {
        // `s3drift events` without --bucket: every S3 management event of the region.
        by_region.insert(fallback.clone(), vec![Query::AllOfS3]);
    }
    let jobs = by_region.iter().map(|(region, names)| async move {
        let client = aws::cloudtrail_client(config, region);
        // Retries go through the pacer below, not the SDK, so they count against 2/s too.
        let client = aws_sdk_cloudtrail::Client::from_conf(
            client
                .config()
                .to_builder()
                .retry_config(RetryConfig::disabled())
                .build(),
        );
        let pacer = Pacer::new(LOOKUP_INTERVAL);
        let mut parsed = Parsed::default();
        for query in names {
            lookup(
                &client,
                &pacer,
                region,
                *query,
                start,
                opts.until,
                &mut parsed,
            )
            .await?;
        }
        Ok::<Parsed, InputError>(parsed)
    });
    let mut parsed = Parsed::default();
    for result in futures::future::join_all(jobs).await {
        parsed.merge(result?);
    }
    Ok(Collected {
        parsed,
        coverage: Coverage {
            source: "lookup".to_string(),
            evidence: Evidence::Cloudtrail,
            regions: Some(by_region.keys().cloned().collect()),
            from: (start > opts.since).then_some(start),
        },
        warnings,
    })
}

fn smithy_time(t: jiff::Timestamp) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs(t.as_second())
}

fn is_throttling(code: Option<&str>) -> bool {
    matches!(
        code,
        Some(
            "ThrottlingException"
                | "Throttling"
                | "TooManyRequestsException"
                | "RequestLimitExceeded"
        )
    )
}

/// What one series of LookupEvents calls asks for.
#[derive(Clone, Copy, Debug)]
enum Query<'a> {
    /// `ResourceName = <bucket>`: the calls on one bucket.
    Bucket(&'a str),
    /// `EventSource = s3.amazonaws.com`: every S3 management call of the region, for a
    /// listing without buckets to name; reads (this tool's included) are skipped by name.
    AllOfS3,
}

async fn lookup(
    client: &aws_sdk_cloudtrail::Client,
    pacer: &Pacer,
    region: &str,
    query: Query<'_>,
    start: jiff::Timestamp,
    end: jiff::Timestamp,
    out: &mut Parsed,
) -> Result<(), InputError> {
    let (key, value, bucket) = match query {
        Query::Bucket(b) => (LookupAttributeKey::ResourceName, b, b),
        Query::AllOfS3 => (
            LookupAttributeKey::EventSource,
            "s3.amazonaws.com",
            "(all buckets)",
        ),
    };
    let attribute = LookupAttribute::builder()
        .attribute_key(key)
        .attribute_value(value)
        .build()
        .map_err(|e| InputError::new(ErrorCode::Trail, format!("LookupEvents request: {e}")))?;
    let mut token: Option<String> = None;
    let mut page = 0usize;
    loop {
        let mut attempt = 0;
        let answer = loop {
            attempt += 1;
            pacer.wait().await;
            let result = client
                .lookup_events()
                .lookup_attributes(attribute.clone())
                .start_time(smithy_time(start))
                .end_time(smithy_time(end))
                .max_results(50)
                .set_next_token(token.clone())
                .send()
                .await;
            match result {
                Ok(a) => break a,
                Err(e) if is_throttling(e.code()) && attempt < MAX_ATTEMPTS => {
                    pacer
                        .back_off(Duration::from_millis(500 * (1 << attempt.min(5))))
                        .await;
                }
                Err(e) => {
                    return Err(InputError::new(
                        ErrorCode::Trail,
                        format!(
                            "LookupEvents for bucket {bucket} in {region} failed: {}",
                            DisplayErrorContext(&e)
                        ),
                    )
                    .help("the caller needs cloudtrail:LookupEvents in that region; or pass a trail bucket or log files with --cloudtrail"));
                }
            }
        };
        for (i, event) in answer.events().iter().enumerate() {
            let Some(text) = event.cloud_trail_event() else {
                continue;
            };
            let origin = format!("lookup {region} {bucket} page {page} [{i}]");
            match reader::read_str(&origin, text) {
                Ok(p) => out.merge(p),
                Err(why) => {
                    out.malformed += 1;
                    out.warnings.push(Warning::new(
                        WarningCode::MalformedRecord,
                        "",
                        format!("{why}; event skipped"),
                    ));
                }
            }
        }
        page += 1;
        token = answer
            .next_token()
            .map(str::to_string)
            .filter(|t| !t.is_empty());
        if token.is_none() {
            return Ok(());
        }
    }
}
