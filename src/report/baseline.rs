//! `--baseline previous.json`: each finding of this run gets a status against an earlier
//! report (`new`, `existing`, `changed`), matched on the fingerprint SARIF's
//! `partialFingerprints` use (account, bucket, path), and the earlier findings that are gone
//! are listed as resolved, but only on buckets this run fully compared: an unreadable or
//! skipped bucket resolves nothing, or a failing read would look like a fix.

use super::{fingerprint, Report};
use crate::diff::finding::{BaselineStatus, Finding};
use std::collections::{BTreeMap, BTreeSet};

/// Each finding's fingerprint, with the account from the report's bucket list.
fn keyed(report: &Report) -> Vec<(String, &Finding)> {
    let accounts: BTreeMap<&str, Option<&str>> = report
        .buckets
        .iter()
        .map(|b| (b.bucket.as_str(), b.account.as_deref()))
        .collect();
    report
        .findings
        .iter()
        .map(|f| {
            let account = f
                .account_scope()
                .or_else(|| accounts.get(f.bucket.as_str()).copied().flatten());
            (fingerprint(account, &f.bucket, &f.path), f)
        })
        .collect()
}

/// Whether `report` compared what `f` is about in full: a bucket in its states with no part
/// unreadable and not missing from the snapshot; an account, when the run compared accounts'
/// own settings and none of that account's was unreadable.
/// `buckets` holds `report`'s compared buckets, `gaps` the subject keys of its gap findings.
fn fully_compared(
    report: &Report,
    buckets: &BTreeSet<&str>,
    gaps: &BTreeSet<String>,
    f: &Finding,
) -> bool {
    let compared = match f.account_scope() {
        Some(_) => report.summary.accounts > 0,
        None => buckets.contains(f.bucket.as_str()),
    };
    compared && !gaps.contains(&f.subject_key())
}

/// Sets every finding's status against `baseline` (named `name` in the report), fills
/// `resolved`, and recounts the summary.
pub fn apply(report: &mut Report, baseline: &Report, name: &str) {
    let before: BTreeMap<String, Vec<&Finding>> =
        keyed(baseline)
            .into_iter()
            .fold(BTreeMap::new(), |mut m, (k, f)| {
                m.entry(k).or_insert_with(Vec::new).push(f);
                m
            });
    let statuses: Vec<BaselineStatus> = keyed(report)
        .iter()
        .map(|(k, f)| match before.get(k) {
            None => BaselineStatus::New,
            Some(old) if old.iter().any(|o| o.actual == f.actual) => BaselineStatus::Existing,
            Some(_) => BaselineStatus::Changed,
        })
        .collect();
    let now: BTreeSet<String> = keyed(report).into_iter().map(|(k, _)| k).collect();
    let gaps: BTreeSet<String> = report
        .findings
        .iter()
        .filter(|f| f.kind.is_gap())
        .map(Finding::subject_key)
        .collect();
    let buckets: BTreeSet<&str> = report.buckets.iter().map(|b| b.bucket.as_str()).collect();
    let resolved: Vec<Finding> = keyed(baseline)
        .into_iter()
        .filter(|(k, f)| !now.contains(k) && fully_compared(report, &buckets, &gaps, f))
        .map(|(_, f)| {
            let mut f = f.clone();
            f.status = None;
            f
        })
        .collect();
    for (f, s) in report.findings.iter_mut().zip(statuses) {
        f.status = Some(s);
    }
    report.resolved = resolved;
    report.baseline = Some(name.to_string());
    report.recount();
}
