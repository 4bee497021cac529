//! Reports: the data every renderer prints, and one renderer per output format
//! (`text`, `json`, `github`, `markdown`, …). Renderers are pure: they write to any `impl Write`.

pub mod baseline;
pub mod doctor;
pub mod escape;
pub mod events;
pub mod falco;
pub mod github;
pub mod json;
pub mod markdown;
pub mod merge;
pub mod policy;
pub mod prometheus;
pub mod sarif;
pub mod text;
pub mod tree;

use crate::code::{Kind, Severity};
use crate::diff::finding::{Finding, SourceLocation};
use crate::model::{DesiredSet, Snapshot};
use crate::warning::Warning;
use serde::{Deserialize, Serialize};

/// The fingerprint SARIF's `partialFingerprints` and `--baseline` match findings on: the
/// account, bucket and path, so a finding is followed from run to run even when the code
/// around it moves. 64-bit FNV-1a in hex (stable and short, not a security boundary).
pub fn fingerprint(account: Option<&str>, bucket: &str, path: &str) -> String {
    let text = format!("{}\u{1f}{bucket}\u{1f}{path}", account.unwrap_or(""));
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The report schema name, in JSON output.
pub const REPORT_SCHEMA: &str = "s3drift/report";
/// The JSON report schema version. Bump on any incompatible change.
pub const REPORT_VERSION: u32 = 2;

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
    /// The `--baseline` report the findings were compared with; left out without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// With a baseline: its findings that are gone now, on buckets fully compared in this
    /// run (an unreadable or skipped bucket resolves nothing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resolved: Vec<Finding>,
}

/// One account's counts in a merged report: the [`Summary`] over its buckets' findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    /// The account id, or `unknown` when no report knew it.
    pub account: String,
    #[serde(flatten)]
    pub summary: Summary,
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

/// How many of the accounts whose own parts the code manages had at least one of those
/// parts read live (present or absent, not unreadable).
pub fn compared_accounts(desired: &DesiredSet, live: &Snapshot) -> usize {
    desired
        .accounts
        .iter()
        .filter(|t| {
            live.accounts.get(&t.account).is_some_and(|l| {
                t.parts.keys().any(|p| {
                    l.parts
                        .get(p)
                        .is_some_and(|s| !matches!(s, crate::model::LivePart::Unreadable { .. }))
                })
            })
        })
        .count()
}

/// Counts over a report's findings, defined once for every format (README, "The summary").
/// Each finding counts in exactly one of `drift`, `signals`, `unmanaged`, `unreadable`,
/// `not_compared`, `suppressed`, `expected`; the severity counts are over drift findings
/// only and sum to `drift`. `new` is the part of drift, signals and unmanaged buckets that a
/// baseline has not seen (status `new` or `changed`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Buckets of the loaded states that were compared: not missing from the snapshot and
    /// not wholly unreadable.
    pub buckets: usize,
    /// Buckets with at least one drift finding.
    pub drifted_buckets: usize,
    /// Accounts whose own configuration (the account public access block) the code manages
    /// and that was read: at least one of their parts compared. Left out when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub accounts: usize,
    /// Drift findings: the code and live disagree ([`Kind::is_drift`]).
    pub drift: usize,
    /// Drift findings by severity.
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    /// Signals from the event trail (a burst of denied calls): not drift.
    pub signals: usize,
    /// Live buckets that no loaded state manages.
    pub unmanaged: usize,
    /// Parts (or whole buckets) whose live value could not be read.
    pub unreadable: usize,
    /// Buckets of the states that were not compared at all (missing from the snapshot).
    pub not_compared: usize,
    /// Findings a policy ignore suppresses: shown, never drift, never failing.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    /// Confirmed changes by a policy's expected actor: shown, never drift, never failing.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub expected: usize,
    /// With `--baseline`: drift, signals and unmanaged buckets with status `new` or
    /// `changed` (what `--fail-on` counts then). Left out without a baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<usize>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Whether `--fail-on` may count `f` at its severity: drift, signals and unmanaged buckets
/// that no policy suppresses or expects and, with a baseline, that are new or changed.
pub fn counts_for_fail_on(f: &Finding, baselined: bool) -> bool {
    f.kind.counts_for_fail_on()
        && f.suppression.is_none()
        && f.expected_actor.is_none()
        && (!baselined || f.status.is_some_and(|s| s.counts()))
}

/// How many buckets were not compared at all: missing from the snapshot, or with no part
/// readable (a finding on the whole bucket).
pub fn uncompared(findings: &[Finding]) -> usize {
    let mut buckets: Vec<&str> = findings
        .iter()
        .filter(|f| f.kind.is_gap() && f.path.is_empty())
        .map(|f| f.bucket.as_str())
        .collect();
    buckets.sort_unstable();
    buckets.dedup();
    buckets.len()
}

impl Summary {
    /// The counts over `findings`, for `state_buckets` buckets in the loaded states.
    pub fn of(state_buckets: usize, findings: &[Finding]) -> Summary {
        Summary::against(state_buckets, findings, false)
    }

    /// As [`Summary::of`], with `new` counted when the findings were compared with a
    /// baseline (`baselined`).
    pub fn against(state_buckets: usize, findings: &[Finding], baselined: bool) -> Summary {
        let mut s = Summary {
            new: baselined.then_some(0),
            ..Summary::default()
        };
        let mut drifted: Vec<&str> = Vec::new();
        for f in findings {
            if !f.kind.is_gap() {
                if f.suppression.is_some() {
                    s.suppressed += 1;
                    continue;
                }
                if f.expected_actor.is_some() {
                    s.expected += 1;
                    continue;
                }
            }
            if let Some(n) = s.new.as_mut() {
                if counts_for_fail_on(f, true) {
                    *n += 1;
                }
            }
            match f.kind {
                k if k.is_drift() => {
                    s.drift += 1;
                    if f.account_scope().is_none() {
                        drifted.push(&f.bucket);
                    }
                    *s.by_severity(f.severity) += 1;
                }
                Kind::Signal => s.signals += 1,
                Kind::Unmanaged => s.unmanaged += 1,
                Kind::NotCompared => s.not_compared += 1,
                _ => s.unreadable += 1,
            }
        }
        drifted.sort_unstable();
        drifted.dedup();
        s.drifted_buckets = drifted.len();
        s.buckets = state_buckets.saturating_sub(uncompared(findings));
        s
    }

    fn by_severity(&mut self, severity: Severity) -> &mut usize {
        match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        }
    }

    /// The drift count at `severity`.
    pub fn at(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    /// Findings that leave something uncompared: unreadable parts and buckets not compared.
    pub fn gaps(&self) -> usize {
        self.unreadable + self.not_compared
    }
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
        let summary = Summary::of(buckets, &findings);
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
            baseline: None,
            resolved: Vec::new(),
        }
    }

    /// Recounts the summary after the findings changed (a policy or a baseline applied).
    pub fn recount(&mut self) {
        let accounts = self.summary.accounts;
        self.summary = Summary::against(
            self.summary_state_buckets(),
            &self.findings,
            self.baseline.is_some(),
        );
        self.summary.accounts = accounts;
    }

    /// Counts the accounts whose own configuration was compared (see [`compared_accounts`]).
    pub fn with_accounts(mut self, accounts: usize) -> Report {
        self.summary.accounts = accounts;
        self
    }

    /// The number of the states' buckets the summary was built for.
    fn summary_state_buckets(&self) -> usize {
        self.summary.buckets + uncompared(&self.findings)
    }

    /// Adds the buckets' addresses, accounts and regions for headers (see [`bucket_info`]).
    pub fn with_buckets(mut self, mut buckets: Vec<BucketInfo>) -> Report {
        buckets.sort();
        buckets.dedup_by(|a, b| a.bucket == b.bucket);
        self.buckets = buckets;
        self
    }

    /// The findings the checked plan's apply reverts (`check --plan`), in report order:
    /// every format lists them first.
    pub fn reverts(&self) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.reverted()).collect()
    }

    /// Whether the run fails at `threshold` (`None`: never on findings): drift, signals and
    /// unmanaged buckets count at their severity unless suppressed or expected, and with a
    /// baseline only when new or changed; gaps in coverage (unreadable parts, buckets not
    /// compared) only when `gaps` is set (`--fail-on-unreadable`).
    pub fn fails(&self, threshold: Option<Severity>, gaps: bool) -> bool {
        self.findings.iter().any(|f| {
            (gaps && f.kind.is_gap())
                || threshold.is_some_and(|t| {
                    counts_for_fail_on(f, self.baseline.is_some()) && f.severity >= t
                })
        })
    }
}
