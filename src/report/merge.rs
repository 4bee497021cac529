//! Merging the JSON reports of a CI matrix (one job per account or state) into one report.
//!
//! Findings, sources, warnings and buckets are concatenated in the order the reports are
//! given; warnings are prefixed with their report's name. A bucket that several reports
//! compared gets a `duplicate-bucket` finding: two states manage it, or the matrix checked
//! one account twice. The merged report counts buckets and findings per account
//! ([`AccountSummary`]), and its `captured_at` is the oldest of the reports': the merged
//! data is no fresher than its oldest part.

use super::{AccountSummary, BucketInfo, Report, Summary};
use crate::code::{Code, Kind};
use crate::diff::finding::Finding;
use crate::warning::Warning;
use std::collections::{BTreeMap, BTreeSet};

/// The account of buckets whose report does not know it.
pub const UNKNOWN_ACCOUNT: &str = "unknown";

/// The buckets a report compared: its bucket list, and the buckets of its findings that
/// are not unmanaged buckets, signals or an account's own settings (older reports may have
/// no bucket list).
pub fn compared_buckets(report: &Report) -> BTreeSet<&str> {
    report
        .buckets
        .iter()
        .map(|b| b.bucket.as_str())
        .chain(
            report
                .findings
                .iter()
                .filter(|f| !matches!(f.kind, Kind::Unmanaged | Kind::Signal))
                .filter(|f| f.account_scope().is_none())
                .map(|f| f.bucket.as_str()),
        )
        .collect()
}

/// Merges `reports`, each with the name it is known by (its file).
pub fn merge(reports: &[(String, Report)]) -> Report {
    let mut seen: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, report) in reports {
        for bucket in compared_buckets(report) {
            seen.entry(bucket).or_default().push(name.as_str());
        }
    }
    let mut findings: Vec<Finding> = Vec::new();
    let mut sources = Vec::new();
    let mut warnings = Vec::new();
    let mut not_monitored = Vec::new();
    let mut buckets: Vec<BucketInfo> = Vec::new();
    let mut compared = 0usize;
    for (name, report) in reports {
        findings.extend(report.findings.iter().cloned());
        sources.extend(report.sources.iter().cloned());
        warnings.extend(report.warnings.iter().map(|w| Warning {
            source: format!("{name}: {}", w.source),
            ..w.clone()
        }));
        not_monitored.extend(report.not_monitored.iter().cloned());
        buckets.extend(report.buckets.iter().cloned());
        compared += report.summary.buckets + super::uncompared(&report.findings);
    }
    for (bucket, names) in &seen {
        if names.len() < 2 {
            continue;
        }
        compared = compared.saturating_sub(names.len() - 1);
        let code = Code::DuplicateBucket;
        findings.push(Finding {
            bucket: bucket.to_string(),
            account: None,
            address: String::new(),
            path: String::new(),
            kind: Kind::Conflict,
            code,
            severity: code.default_severity(),
            expected: None,
            actual: Some(serde_json::json!({ "reports": names })),
            message: format!(
                "Bucket {bucket} is in {} merged reports ({}): two states manage it, or the same account or state was checked twice.",
                names.len(),
                names.join(", ")
            ),
            notes: Vec::new(),
            sensitive: false,
            attribution: None,
            location: None,
            suppression: None,
            expected_actor: None,
            status: None,
            plan: None,
        });
    }
    let captured_at = reports.iter().filter_map(|(_, r)| r.captured_at).min();
    let mut merged = Report::new(
        captured_at,
        sources,
        compared,
        findings,
        not_monitored,
        warnings,
    )
    .with_buckets(buckets)
    .with_accounts(reports.iter().map(|(_, r)| r.summary.accounts).sum());
    merged.anchor = reports.iter().find_map(|(_, r)| r.anchor.clone());
    merged.accounts = accounts(&merged);
    merged
}

/// Counts per account, from the buckets' accounts.
pub fn accounts(report: &Report) -> Vec<AccountSummary> {
    let account_of: BTreeMap<&str, &str> = report
        .buckets
        .iter()
        .map(|b| {
            (
                b.bucket.as_str(),
                b.account.as_deref().unwrap_or(UNKNOWN_ACCOUNT),
            )
        })
        .collect();
    let account = |bucket: &str| account_of.get(bucket).copied().unwrap_or(UNKNOWN_ACCOUNT);
    let mut buckets: BTreeMap<&str, usize> = BTreeMap::new();
    for b in &report.buckets {
        *buckets.entry(account(&b.bucket)).or_default() += 1;
    }
    let mut findings: BTreeMap<&str, Vec<Finding>> = BTreeMap::new();
    for f in &report.findings {
        findings
            .entry(f.account_scope().unwrap_or_else(|| account(&f.bucket)))
            .or_default()
            .push(f.clone());
    }
    let accounts: BTreeSet<&str> = buckets.keys().chain(findings.keys()).copied().collect();
    accounts
        .into_iter()
        .map(|a| AccountSummary {
            account: a.to_string(),
            summary: Summary::of(
                buckets.get(a).copied().unwrap_or_default(),
                findings.get(a).map(Vec::as_slice).unwrap_or_default(),
            ),
        })
        .collect()
}
