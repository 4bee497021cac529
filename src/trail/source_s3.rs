//! `--cloudtrail s3://bucket/prefix`: a trail's log bucket, and `--access-logs s3://…`.
//!
//! A trail delivers `<prefix>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz`;
//! an organisation trail puts the organisation id first,
//! `<prefix>/AWSLogs/<o-id>/<account>/CloudTrail/…` (FACTS.md, CloudTrail). Only the day
//! folders inside the window are listed, and only for the regions of the buckets in scope,
//! so a year-old trail bucket costs a few List calls per day and region, not a full listing.
//! Delivery lags the call by 5–15 minutes, so the day after the window's end is listed too.
//!
//! Read-only: ListObjectsV2, GetObject and GetBucketLocation.

use super::reader::{self, Parsed};
use super::{access_log, source_local, Coverage, Evidence, TrailOptions};
use crate::diag::{ErrorCode, InputError};
use crate::diff::policy::is_account_id;
use crate::live::aws::{self, AwsSettings};
use crate::live::Target;
use aws_sdk_s3::error::DisplayErrorContext;
use futures::stream::{self, StreamExt};
use std::collections::BTreeSet;

/// Objects fetched at once.
const FETCHES: usize = 8;

/// What a trail bucket gave.
#[derive(Debug)]
pub struct Collected {
    pub parsed: Parsed,
    pub coverage: Coverage,
    pub warnings: Vec<String>,
}

fn split(location: &str) -> (String, String) {
    let (bucket, prefix) = location.split_once('/').unwrap_or((location, ""));
    let prefix = prefix.trim_matches('/');
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    (bucket.to_string(), prefix)
}

fn s3_error(source: &str, what: &str, e: impl std::error::Error) -> InputError {
    InputError::new(
        ErrorCode::Trail,
        format!("cannot read {source}: {what} failed: {}", DisplayErrorContext(&e)),
    )
    .help("the caller needs s3:ListBucket and s3:GetObject on the log bucket (and kms:Decrypt when its objects are KMS-encrypted)")
}

/// A client in the log bucket's own region (GetBucketLocation), or the default one when the
/// location cannot be read.
async fn client_for(
    config: &aws_config::SdkConfig,
    settings: &AwsSettings,
    bucket: &str,
) -> aws_sdk_s3::Client {
    let default_region = settings
        .region
        .clone()
        .or_else(|| config.region().map(|r| r.to_string()))
        .unwrap_or_else(|| aws::FALLBACK_REGION.to_string());
    let client = aws::s3_client(config, settings, &default_region);
    if aws::s3_endpoint(settings).is_some() {
        return client;
    }
    match client.get_bucket_location().bucket(bucket).send().await {
        Ok(out) => {
            let region =
                crate::live::error::normalise_region(out.location_constraint().map(|c| c.as_str()));
            aws::s3_client(config, settings, &region)
        }
        Err(_) => client,
    }
}

/// The folder names directly under `prefix`.
async fn folders(
    client: &aws_sdk_s3::Client,
    source: &str,
    bucket: &str,
    prefix: &str,
) -> Result<Vec<String>, InputError> {
    let mut out = Vec::new();
    let mut pages = client
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .delimiter("/")
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| s3_error(source, "ListObjectsV2", e))?;
        for p in page.common_prefixes() {
            if let Some(name) = p.prefix().and_then(|p| p.strip_prefix(prefix)) {
                out.push(name.trim_end_matches('/').to_string());
            }
        }
    }
    Ok(out)
}

/// Every object key under `prefix`.
async fn keys(
    client: &aws_sdk_s3::Client,
    source: &str,
    bucket: &str,
    prefix: &str,
) -> Result<Vec<String>, InputError> {
    let mut out = Vec::new();
    let mut pages = client
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| s3_error(source, "ListObjectsV2", e))?;
        out.extend(
            page.contents()
                .iter()
                .filter_map(|o| o.key().map(str::to_string)),
        );
    }
    Ok(out)
}

/// The UTC days from `since` to the day after `until`, as `YYYY/MM/DD`.
pub fn days(since: jiff::Timestamp, until: jiff::Timestamp) -> Vec<String> {
    let utc = jiff::tz::TimeZone::UTC;
    let first = since.to_zoned(utc.clone()).date();
    let last = until
        .to_zoned(utc)
        .date()
        .tomorrow()
        .unwrap_or(jiff::civil::Date::MAX);
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        out.push(d.strftime("%Y/%m/%d").to_string());
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}

/// Fetches objects and parses each with `parse`, a few at a time.
async fn fetch_all<T: Send + 'static>(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    keys: Vec<String>,
    parse: fn(String, Vec<u8>) -> Result<T, String>,
) -> Vec<Result<T, String>> {
    stream::iter(keys)
        .map(|key| async move {
            let name = format!("s3://{bucket}/{key}");
            let out = client
                .get_object()
                .bucket(bucket)
                .key(&key)
                .send()
                .await
                .map_err(|e| format!("cannot get {name}: {}", DisplayErrorContext(&e)))?;
            let bytes = out
                .body
                .collect()
                .await
                .map_err(|e| format!("cannot read {name}: {e}"))?
                .into_bytes()
                .to_vec();
            tokio::task::spawn_blocking(move || parse(name, bytes))
                .await
                .map_err(|e| format!("parsing failed: {e}"))?
        })
        .buffered(FETCHES)
        .collect()
        .await
}

/// Reads the trail files of the window from a trail's log bucket.
pub async fn collect_trail(
    config: &aws_config::SdkConfig,
    settings: &AwsSettings,
    source: &str,
    location: &str,
    opts: &TrailOptions,
    buckets: &[Target],
) -> Result<Collected, InputError> {
    let (bucket, prefix) = split(location);
    let client = client_for(config, settings, &bucket).await;
    let base = format!("{prefix}AWSLogs/");
    // Accounts, directly or under an organisation id.
    let mut accounts: Vec<String> = Vec::new();
    for top in folders(&client, source, &bucket, &base).await? {
        if is_account_id(&top) {
            accounts.push(format!("{base}{top}/"));
        } else if top.starts_with("o-") {
            let org = format!("{base}{top}/");
            for acct in folders(&client, source, &bucket, &org).await? {
                if is_account_id(&acct) {
                    accounts.push(format!("{org}{acct}/"));
                }
            }
        }
    }
    if accounts.is_empty() {
        return Err(InputError::new(
            ErrorCode::Trail,
            format!("{source} holds no CloudTrail logs: nothing under s3://{bucket}/{base}<account>/"),
        )
        .help("give the trail's bucket and its S3 key prefix, e.g. s3://my-trail-bucket/prefix (the folder that holds AWSLogs/)"));
    }
    let mut regions: BTreeSet<String> = if buckets.is_empty() {
        BTreeSet::new()
    } else {
        super::regions_of(settings, buckets)
    };
    let mut day_prefixes = Vec::new();
    for account in &accounts {
        let trail = format!("{account}CloudTrail/");
        let account_regions: Vec<String> = if buckets.is_empty() {
            let found = folders(&client, source, &bucket, &trail).await?;
            regions.extend(found.iter().cloned());
            found
        } else {
            regions.iter().cloned().collect()
        };
        for region in account_regions {
            for day in days(opts.since, opts.until) {
                day_prefixes.push(format!("{trail}{region}/{day}/"));
            }
        }
    }
    let mut objects = Vec::new();
    for p in &day_prefixes {
        objects.extend(
            keys(&client, source, &bucket, p)
                .await?
                .into_iter()
                .filter(|k| k.ends_with(".json.gz") || k.ends_with(".json")),
        );
    }
    let total = objects.len();
    let results = fetch_all(&client, &bucket, objects, |name, bytes| {
        reader::read(&name, bytes.as_slice())
    })
    .await;
    let mut parsed = Parsed::default();
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(p) => parsed.merge(p),
            Err(e) => failed.push(e),
        }
    }
    if total > 0 && failed.len() == total {
        return Err(InputError::new(
            ErrorCode::Trail,
            format!("cannot read any log file of {source}: {}", failed[0]),
        ));
    }
    parsed.malformed += failed.len();
    parsed
        .warnings
        .extend(failed.into_iter().map(|e| format!("{e}; file skipped")));
    Ok(Collected {
        parsed,
        coverage: Coverage {
            source: source.to_string(),
            evidence: Evidence::Cloudtrail,
            regions: Some(regions),
            from: None,
        },
        warnings: Vec::new(),
    })
}

/// The date an access-log object was delivered, from its name: `…/2024-01-15-10-45-23-<id>`
/// (simple prefix) or `…/2024/01/15/…` (date-partitioned prefix).
fn key_date(key: &str) -> Option<jiff::civil::Date> {
    let name = key.rsplit('/').next()?;
    if let Some(d) = name.get(..10).and_then(|d| d.parse().ok()) {
        return Some(d);
    }
    let parts: Vec<&str> = key.split('/').collect();
    parts
        .windows(3)
        .rev()
        .find_map(|w| format!("{}-{}-{}", w[0], w[1], w[2]).parse().ok())
}

/// Reads S3 server access logs under `s3://bucket/prefix`, skipping objects delivered
/// outside the window (deliveries lag by hours, so one day of margin on each side).
pub async fn collect_access_logs(
    config: &aws_config::SdkConfig,
    settings: &AwsSettings,
    source: &str,
    location: &str,
    opts: &TrailOptions,
) -> Result<access_log::Parsed, InputError> {
    let (bucket, prefix) = split(location);
    let client = client_for(config, settings, &bucket).await;
    let utc = jiff::tz::TimeZone::UTC;
    let first = opts.since.to_zoned(utc.clone()).date().yesterday().ok();
    let last = opts.until.to_zoned(utc).date().tomorrow().ok();
    let wanted: Vec<String> = keys(&client, source, &bucket, &prefix)
        .await?
        .into_iter()
        .filter(|k| match key_date(k) {
            Some(d) => first.is_none_or(|f| d >= f) && last.is_none_or(|l| d <= l),
            None => true,
        })
        .collect();
    let results = fetch_all(&client, &bucket, wanted, |name, bytes| {
        source_local::decode_text(&bytes)
            .map(|text| access_log::read(&name, &text))
            .map_err(|e| format!("cannot read {name}: {e}"))
    })
    .await;
    let mut out = access_log::Parsed::default();
    for r in results {
        match r {
            Ok(p) => out.merge(p),
            Err(e) => {
                out.malformed += 1;
                out.warnings.push(format!("{e}; file skipped"));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_folders_cover_the_window_and_one_more() {
        let since: jiff::Timestamp = "2026-02-27T10:00:00Z".parse().unwrap();
        let until: jiff::Timestamp = "2026-03-01T23:00:00Z".parse().unwrap();
        assert_eq!(
            days(since, until),
            ["2026/02/27", "2026/02/28", "2026/03/01", "2026/03/02"]
        );
    }

    #[test]
    fn locations_and_key_dates() {
        assert_eq!(split("trail/org/"), ("trail".into(), "org/".into()));
        assert_eq!(split("trail"), ("trail".into(), String::new()));
        assert_eq!(
            key_date("logs/2024-01-15-10-45-23-ABCDEF"),
            "2024-01-15".parse().ok()
        );
        assert_eq!(
            key_date("logs/111122223333/eu-west-1/b/2024/01/15/2024-01-15-10-45-23-X"),
            "2024-01-15".parse().ok()
        );
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("o-abc"));
    }
}
