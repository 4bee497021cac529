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
//! further back, the report says so.
//!
//! # Throttling
//!
//! Calls are spaced by a per-region [`Spacing`] (at most 2 per second, slower while
//! CloudTrail answers `ThrottlingException`) and retried by the run's retry policy
//! ([`crate::aws::throttle::Retry`]): the SDK's own retries are off, so every retry is
//! spaced and counted too. A lookup still throttled after its attempts is taken up again
//! from the page it stopped at in a final sweep, after the region's other lookups (as the
//! live reader and the log-bucket reads do). A bucket whose lookup is given up (throttled
//! through the sweep too, or the run's deadline) is a warning naming it; the events read
//! before stay, the bucket's search is marked incomplete, and the other buckets are still
//! asked.

use super::rate::{Spacing, LOOKUP_INTERVAL};
use super::reader::{self, Parsed};
use super::{Coverage, Evidence, Incomplete, TrailOptions};
use crate::aws::throttle::{again, GaveUp, Retry, SWEPT_AGAIN};
use crate::aws::{self, AwsSettings, CallError};
use crate::diag::{ErrorCode, InputError};
use crate::model::Target;
use crate::warning::{Warning, WarningCode};
use aws_sdk_cloudtrail::types::{LookupAttribute, LookupAttributeKey};
use aws_smithy_types::retry::RetryConfig;
use std::collections::{BTreeMap, BTreeSet};

/// How long LookupEvents keeps events.
pub const LOOKUP_DAYS: i64 = 90;

/// What the lookup source gave.
#[derive(Debug)]
pub struct Collected {
    pub parsed: Parsed,
    pub coverage: Coverage,
    pub warnings: Vec<Warning>,
    /// The buckets whose lookup was given up, if any.
    pub incomplete: Option<Incomplete>,
}

/// What one region's lookups gave.
#[derive(Default)]
struct RegionResult {
    parsed: Parsed,
    warnings: Vec<Warning>,
    given_up: BTreeSet<String>,
}

impl RegionResult {
    /// Notes a lookup given up for good: a warning, and its bucket's search is incomplete.
    fn give_up(&mut self, region: &str, query: &Query<'_>, stop: &Stop) {
        self.warnings.push(given_up_warning(
            region,
            &query.what(),
            stop.page,
            &stop.why,
        ));
        self.given_up.insert(query.bucket().to_string());
    }
}

/// Where a series of LookupEvents calls stopped (or starts): the pages read, the token of
/// the next, and why it stopped.
#[derive(Default)]
struct Stop {
    page: usize,
    token: Option<String>,
    why: CallError,
}

/// Queries LookupEvents for every bucket in scope, one region at a time per pacer, regions
/// in parallel.
pub async fn collect(
    config: &aws_config::SdkConfig,
    settings: &AwsSettings,
    opts: &TrailOptions,
    buckets: &[Target],
    retry: &Retry,
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
    } else if opts.account_events {
        // S3 Control calls name no bucket, so `ResourceName` never returns them: ask for
        // them by name, in every region searched (the call is recorded in the region of the
        // S3 Control endpoint it was sent to).
        for queries in by_region.values_mut() {
            queries.extend(account_event_names().map(Query::Event));
        }
    }
    let jobs = by_region.iter().map(|(region, names)| async move {
        let client = aws::cloudtrail_client(config, region);
        // Retries go through the spacing below, not the SDK, so they count against 2/s too.
        let client = aws_sdk_cloudtrail::Client::from_conf(
            client
                .config()
                .to_builder()
                .retry_config(RetryConfig::disabled())
                .build(),
        );
        let spacing = Spacing::new(LOOKUP_INTERVAL);
        let mut out = RegionResult::default();
        let mut to_sweep = Vec::new();
        for query in names {
            let call = Call {
                client: &client,
                spacing: &spacing,
                retry,
                region,
                query: *query,
            };
            let from = Stop::default();
            match call
                .lookup(start, opts.until, from, &mut out.parsed)
                .await?
            {
                Some(stop) if stop.why.gave_up == Some(GaveUp::Throttled) => {
                    retry.note_for_sweep();
                    to_sweep.push((call, stop));
                }
                Some(stop) => out.give_up(region, query, &stop),
                None => {}
            }
        }
        // The final sweep: each lookup still throttled goes on from the page it stopped at.
        for (call, from) in to_sweep {
            let resumed_at = from.page;
            let resumed = again(true, call.lookup(start, opts.until, from, &mut out.parsed));
            if let Some(mut stop) = resumed.await? {
                // Only the page it resumed at is tried again; a later one is a first try.
                if stop.why.gave_up == Some(GaveUp::Throttled) && stop.page == resumed_at {
                    stop.why.reason.push_str(SWEPT_AGAIN);
                }
                out.give_up(region, &call.query, &stop);
            }
        }
        Ok::<RegionResult, InputError>(out)
    });
    let mut parsed = Parsed::default();
    let mut given_up = BTreeSet::new();
    for result in futures::future::join_all(jobs).await {
        let result = result?;
        parsed.merge(result.parsed);
        warnings.extend(result.warnings);
        given_up.extend(result.given_up);
    }
    let incomplete = (!given_up.is_empty()).then(|| Incomplete {
        source: "lookup".to_string(),
        reads: given_up.len(),
        // Asking by EventSource covers every bucket of the region.
        buckets: (!buckets.is_empty()).then_some(given_up),
    });
    Ok(Collected {
        incomplete,
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

/// The warning for a lookup (`what`: `bucket B`, …) given up after `page` pages.
fn given_up_warning(region: &str, what: &str, page: usize, why: &CallError) -> Warning {
    let read = match page {
        0 => "no page was read".to_string(),
        1 => "the events of its first page are kept".to_string(),
        n => format!("the events of its first {n} pages are kept"),
    };
    Warning::new(
        WarningCode::SourceLimit,
        "lookup",
        format!(
            "LookupEvents for {what} in {region} was given up ({}); {read}, and attribution of what it covers says its search was incomplete",
            why.reason
        ),
    )
}

/// The CloudTrail names of the account-level parts' events.
fn account_event_names() -> impl Iterator<Item = &'static str> {
    crate::model::Part::ALL
        .iter()
        .filter(|p| p.spec().live.scope == crate::parts::Scope::Account)
        .flat_map(|p| p.spec().events.iter().copied())
}

/// What one series of LookupEvents calls asks for.
#[derive(Clone, Copy, Debug)]
enum Query<'a> {
    /// `ResourceName = <bucket>`: the calls on one bucket.
    Bucket(&'a str),
    /// `EventName = <name>`: an account-level call (`PutAccountPublicAccessBlock`), which
    /// names no bucket.
    Event(&'static str),
    /// `EventSource = s3.amazonaws.com`: every S3 management call of the region, for a
    /// listing without buckets to name; reads (this tool's included) are skipped by name.
    AllOfS3,
}

impl Query<'_> {
    /// What the lookup asks about, for messages: `bucket B`, `event E`, `all buckets`.
    fn what(&self) -> String {
        match self {
            Query::Bucket(b) => format!("bucket {b}"),
            Query::Event(name) => format!("event {name}"),
            Query::AllOfS3 => "all buckets".to_string(),
        }
    }

    /// The bucket asked about, for messages.
    fn bucket(&self) -> &str {
        match self {
            Query::Bucket(b) => b,
            // Account-level findings have no bucket: an incomplete search of their events
            // marks them (see `Incomplete::buckets`).
            Query::Event(_) => "",
            Query::AllOfS3 => "(all buckets)",
        }
    }
}

/// One series of LookupEvents calls in one region.
struct Call<'a> {
    client: &'a aws_sdk_cloudtrail::Client,
    spacing: &'a Spacing,
    retry: &'a Retry,
    region: &'a str,
    query: Query<'a>,
}

impl Call<'_> {
    /// Reads every page into `out`, from the page `from` names on. Returns where the series
    /// stopped and why, when it was given up (throttled through every attempt, or the
    /// run's deadline); an answer that will not change (access denied, a bad request)
    /// fails the run.
    async fn lookup(
        &self,
        start: jiff::Timestamp,
        end: jiff::Timestamp,
        from: Stop,
        out: &mut Parsed,
    ) -> Result<Option<Stop>, InputError> {
        let (region, bucket) = (self.region, self.query.bucket());
        let (key, value) = match self.query {
            Query::Bucket(b) => (LookupAttributeKey::ResourceName, b),
            Query::Event(name) => (LookupAttributeKey::EventName, name),
            Query::AllOfS3 => (LookupAttributeKey::EventSource, "s3.amazonaws.com"),
        };
        let attribute = LookupAttribute::builder()
            .attribute_key(key)
            .attribute_value(value)
            .build()
            .map_err(|e| InputError::new(ErrorCode::Trail, format!("LookupEvents request: {e}")))?;
        let Stop {
            mut page,
            mut token,
            ..
        } = from;
        loop {
            let result = self
                .retry
                .run(self.spacing, || {
                    let request = self
                        .client
                        .lookup_events()
                        .lookup_attributes(attribute.clone())
                        .start_time(smithy_time(start))
                        .end_time(smithy_time(end))
                        .max_results(50)
                        .set_next_token(token.clone());
                    async move { request.send().await.map_err(|e| CallError::from_sdk(&e)) }
                })
                .await;
            let answer = match result {
                Ok(a) => a,
                Err(why) if why.gave_up.is_some() => return Ok(Some(Stop { page, token, why })),
                Err(e) => {
                    return Err(InputError::new(
                        ErrorCode::Trail,
                        format!(
                            "LookupEvents for {} in {region} failed: {}",
                            self.query.what(),
                            e.reason
                        ),
                    )
                    .help("the caller needs cloudtrail:LookupEvents in that region; or pass a trail bucket or log files with --cloudtrail"));
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
                return Ok(None);
            }
        }
    }
}
