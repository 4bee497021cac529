//! Reading live bucket configuration: from AWS through aws-sdk-s3, or from a recorded
//! snapshot file.
//!
//! The AWS side is read-only by construction: the only S3 operations called here are
//! HeadBucket, ListBuckets and each part's read (its module's `live.rs`)
//! (`tests/live_read_only.rs` checks the whole code base for write operations).

mod get;
pub mod iam;
pub mod progress;
mod reader;
pub mod snapshot_file;

use crate::aws::{self, CallError};
use crate::diag::{ErrorCode, InputError};
use crate::model::snapshot::ListedBucket;
use crate::model::{Snapshot, Target};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How to read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Calls in flight at most.
    pub concurrency: usize,
    /// Draw a progress bar on stderr.
    pub progress: bool,
    /// The parts to read, in tree order.
    pub parts: Vec<crate::model::Part>,
    /// Stop calling AWS this long after the read starts; `None`: never. Parts not read by
    /// then are unreadable with the reason `deadline`.
    pub timeout: Option<std::time::Duration>,
    /// The accounts whose account-scoped parts (among `parts`) are read, once each.
    pub accounts: Vec<String>,
}

/// The default run deadline (`--timeout`): half an hour. A scheduled scan of thousands of
/// buckets takes minutes even while throttled at the floor of the in-flight limit, so a run
/// this long is stuck, and the next scheduled run should not queue behind it.
pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// The default bound on calls in flight. Measured against one local S3 server (README,
/// "Concurrency"): throughput stops growing at about 16 calls in flight, and real S3
/// allows far more, so 32 keeps a large scan fast without queueing at the server.
pub const DEFAULT_CONCURRENCY: usize = 32;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            concurrency: DEFAULT_CONCURRENCY,
            progress: false,
            parts: crate::model::Part::ALL
                .iter()
                .copied()
                .filter(|p| p.spec().core)
                .collect(),
            timeout: Some(DEFAULT_TIMEOUT),
            accounts: Vec::new(),
        }
    }
}

/// Reads every monitored part of every target bucket. Per-call failures end up in the
/// snapshot (unreadable parts, missing buckets); only missing credentials are an error.
/// Calls given up as throttled are tried once more in a final sweep; how much AWS throttled
/// is recorded in the snapshot's `throttling`.
pub async fn read(
    aws: &aws::AwsSettings,
    targets: &[Target],
    opts: &ReadOptions,
) -> Result<Snapshot, InputError> {
    let targets = unique(targets);
    if targets.is_empty() && opts.accounts.is_empty() {
        // Nothing to read: no credentials needed.
        return Ok(Snapshot::new(jiff::Timestamp::now()));
    }
    let config = aws::sdk_config(aws).await?;
    let progress = progress::Progress::new(targets.len(), opts.progress);
    let reader = Arc::new(reader::Reader::new(
        config,
        aws::s3_endpoint(aws),
        opts.concurrency,
        opts.timeout,
        opts.parts.clone(),
        progress,
    ));
    let mut buckets = reader::read_all(Arc::clone(&reader), targets).await;
    reader.sweep(&mut buckets).await;
    let mut accounts = BTreeMap::new();
    for account in &opts.accounts {
        let live = reader.account(account, &opts.parts).await;
        if !live.parts.is_empty() {
            accounts.insert(account.clone(), live);
        }
    }
    reader.finish();
    let mut snapshot = Snapshot::new(jiff::Timestamp::now());
    snapshot.buckets = buckets;
    snapshot.accounts = accounts;
    snapshot.throttling = reader.throttling();
    Ok(snapshot)
}

/// One target per bucket name; where several states name the same bucket, the first one
/// that knows the account (and region) wins.
fn unique(targets: &[Target]) -> Vec<Target> {
    let mut by_name: BTreeMap<&str, Target> = BTreeMap::new();
    for t in targets {
        by_name
            .entry(t.bucket.as_str())
            .and_modify(|have| {
                if have.account.is_none() {
                    have.account.clone_from(&t.account);
                }
                if have.region.is_none() {
                    have.region.clone_from(&t.region);
                }
            })
            .or_insert_with(|| t.clone());
    }
    by_name.into_values().collect()
}

/// Lists every bucket of the account (for unmanaged-bucket findings).
pub async fn list_buckets(aws: &aws::AwsSettings) -> Result<Vec<ListedBucket>, InputError> {
    let config = aws::sdk_config(aws).await?;
    let region = config
        .region()
        .map(|r| r.to_string())
        .unwrap_or_else(|| aws::FALLBACK_REGION.to_string());
    let client = aws::s3_client(&config, aws, &region);
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = client
            .list_buckets()
            // With a page size, S3 pages the answer and includes each bucket's region.
            .max_buckets(1000)
            .set_continuation_token(token.take())
            .send()
            .await
            .map_err(|e| {
                let e = CallError::from_sdk(&e);
                InputError::new(
                    ErrorCode::Aws,
                    format!("cannot list the account's buckets: {}", e.reason),
                )
                .help("listing needs s3:ListAllMyBuckets (see `s3drift iam-policy`)")
            })?;
        for b in page.buckets() {
            let Some(name) = b.name() else { continue };
            out.push(ListedBucket {
                name: name.to_string(),
                region: b.bucket_region().map(|r| aws::normalise_region(Some(r))),
                created: b
                    .creation_date()
                    .and_then(|d| jiff::Timestamp::from_second(d.secs()).ok()),
            });
        }
        match page.continuation_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    out.sort();
    Ok(out)
}

/// The IAM policy s3drift needs (`s3drift iam-policy`).
pub fn iam_policy() -> serde_json::Value {
    iam::policy()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_targets_merge_what_they_know() {
        let t = |account: Option<&str>, region: Option<&str>| Target {
            bucket: "b".into(),
            account: account.map(str::to_string),
            region: region.map(str::to_string),
        };
        let merged = unique(&[t(None, Some("eu-west-1")), t(Some("111122223333"), None)]);
        assert_eq!(merged, vec![t(Some("111122223333"), Some("eu-west-1"))]);
    }
}
