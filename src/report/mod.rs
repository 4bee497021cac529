//! Reports: the data every renderer prints, and one renderer per output format
//! (`text`, `json`, `github`, `markdown`, …). Renderers are pure: they write to any `impl Write`.

pub mod doctor;
pub mod escape;
pub mod events;
pub mod falco;
pub mod github;
pub mod guidance;
pub mod json;
pub mod markdown;
pub mod merge;
pub mod prometheus;
pub mod sarif;
pub mod text;

use crate::code::{Kind, Severity};
use crate::diff::finding::{Finding, SourceLocation};
use crate::model::{DesiredSet, Snapshot};
use crate::warning::Warning;
use serde::{Deserialize, Serialize};

/// The report schema name, in JSON output.
pub const REPORT_SCHEMA: &str = "s3drift/report";
/// The JSON report schema version. Bump on any incompatible change.
pub const REPORT_VERSION: u32 = 1;

/// Everything a run found, ready to render.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub version: u32,
    /// When the live side was read (snapshot `captured_at` or the live read's end).
    pub captured_at: Option<jiff::Timestamp>,
    /// The state and plan files read, as given.
    pub sources: Vec<String>,
    /// Counts for a one-line summary.
    pub summary: Summary,
    /// Every finding, sorted by bucket, path, code, address.
    pub findings: Vec<Finding>,
    /// Resources recognised but not monitored (`aws_s3_object`, …), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_monitored: Vec<String>,
    /// Non-fatal notes: files with no S3 resources, unresolved resources, attribution limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// The compared buckets' addresses, accounts and regions (for headers), sorted by name.
    /// Empty unless [`Report::with_buckets`] filled it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buckets: Vec<BucketInfo>,
    /// Where this run's code is (relative to the checkout, line 1): the root module's file
    /// holding the backend block (else its first file), else a local state or plan file.
    /// Formats that need a file for every finding (SARIF) point there when a finding has no
    /// location of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<SourceLocation>,
    /// Counts per account, in a merged report (`s3drift merge`); empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountSummary>,
}

/// One account's counts in a merged report. Drift counts and severities cover drift
/// findings only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// The account id, or `unknown` when no report knew it.
    pub account: String,
    /// Buckets compared.
    pub buckets: usize,
    /// Buckets with at least one drift finding.
    pub drifted_buckets: usize,
    /// Drift findings.
    pub drift: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    /// Unreadable attributes.
    pub unreadable: usize,
}

impl AccountSummary {
    fn new(account: &str) -> AccountSummary {
        AccountSummary {
            account: account.to_string(),
            ..AccountSummary::default()
        }
    }

    fn count(&mut self, severity: Severity) {
        match severity {
            Severity::Critical => self.critical += 1,
            Severity::High => self.high += 1,
            Severity::Medium => self.medium += 1,
            Severity::Low => self.low += 1,
            Severity::Info => {}
        }
    }
}

/// Where a compared bucket is: the text report's bucket header.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BucketInfo {
    /// The bucket name.
    pub bucket: String,
    /// The `aws_s3_bucket` address (or the first split resource's).
    pub address: String,
    /// The owning account, from state or the live read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The region, from state or the live read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// One [`BucketInfo`] per desired tree; account and region come from the state where it
/// records them, else from the live read.
pub fn bucket_info(desired: &DesiredSet, live: &Snapshot) -> Vec<BucketInfo> {
    let mut out: Vec<BucketInfo> = desired
        .buckets
        .iter()
        .map(|t| {
            let l = live.buckets.get(&t.bucket);
            BucketInfo {
                bucket: t.bucket.clone(),
                address: t.address.clone(),
                account: t
                    .account
                    .clone()
                    .or_else(|| l.and_then(|l| l.account.clone())),
                region: t
                    .region
                    .clone()
                    .or_else(|| l.and_then(|l| l.region.clone())),
            }
        })
        .collect();
    out.sort();
    out
}

/// Counts over a report's findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Buckets compared.
    pub buckets: usize,
    /// Buckets with at least one drift finding.
    pub drifted_buckets: usize,
    /// Drift findings (everything but unreadable attributes and signals).
    pub drift: usize,
    /// Unreadable attributes.
    pub unreadable: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl Report {
    /// Builds a report: sorts the findings and counts them.
    pub fn new(
        captured_at: Option<jiff::Timestamp>,
        sources: Vec<String>,
        buckets: usize,
        mut findings: Vec<Finding>,
        mut not_monitored: Vec<String>,
        warnings: Vec<Warning>,
    ) -> Report {
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        not_monitored.sort();
        not_monitored.dedup();
        let mut summary = Summary {
            buckets,
            ..Summary::default()
        };
        let mut drifted: Vec<&str> = Vec::new();
        for f in &findings {
            if f.kind.is_drift() {
                summary.drift += 1;
                drifted.push(&f.bucket);
            }
            if f.kind == Kind::Unreadable {
                summary.unreadable += 1;
            }
            match f.severity {
                Severity::Critical => summary.critical += 1,
                Severity::High => summary.high += 1,
                Severity::Medium => summary.medium += 1,
                Severity::Low => summary.low += 1,
                Severity::Info => summary.info += 1,
            }
        }
        drifted.dedup();
        summary.drifted_buckets = drifted.len();
        Report {
            schema: REPORT_SCHEMA.to_string(),
            version: REPORT_VERSION,
            captured_at,
            sources,
            summary,
            findings,
            not_monitored,
            warnings,
            buckets: Vec::new(),
            anchor: None,
            accounts: Vec::new(),
        }
    }

    /// Adds the buckets' addresses, accounts and regions for headers (see [`bucket_info`]).
    pub fn with_buckets(mut self, mut buckets: Vec<BucketInfo>) -> Report {
        buckets.sort();
        buckets.dedup_by(|a, b| a.bucket == b.bucket);
        self.buckets = buckets;
        self
    }

    /// Whether any drift finding is at or above `threshold` (`None`: never fail).
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        match threshold {
            None => false,
            Some(t) => self
                .findings
                .iter()
                .any(|f| f.kind.is_drift() && f.severity >= t),
        }
    }
}
