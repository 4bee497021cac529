//! The top of the Markdown document: the headline (drift by severity, what was covered)
//! and the reverts of a checked plan, which a reviewer must see before the tables.

use super::inline::{code, text};
use super::{plural, MarkdownOptions};
use crate::code::{Kind, Severity};
use crate::diff::finding::Finding;
use crate::report::Report;
use crate::trail::stamp;
use std::fmt::Write as _;

/// Counts by severity and coverage.
pub(super) fn headline(
    report: &Report,
    opts: &MarkdownOptions,
    findings: &[&Finding],
    md: &mut String,
) {
    let drift: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.kind.is_drift() && f.expected_actor.is_none())
        .collect();
    let mut drifted: Vec<&str> = drift
        .iter()
        .filter(|f| f.account_scope().is_none())
        .map(|f| f.bucket.as_str())
        .collect();
    drifted.sort();
    drifted.dedup();
    let mut accounts: Vec<&str> = drift.iter().filter_map(|f| f.account_scope()).collect();
    accounts.sort();
    accounts.dedup();
    let mut scope = Vec::new();
    if !drifted.is_empty() || accounts.is_empty() {
        scope.push(plural(drifted.len(), "bucket", "buckets"));
    }
    if !accounts.is_empty() {
        scope.push(plural(accounts.len(), "account", "accounts"));
    }
    let title = match &opts.title {
        Some(t) => format!("s3drift ({})", text(t)),
        None => "s3drift".to_string(),
    };
    if drift.is_empty() {
        let _ = writeln!(md, "## {title}: no drift\n");
    } else {
        let _ = writeln!(
            md,
            "## {title}: {} in {}\n",
            plural(drift.len(), "drift finding", "drift findings"),
            scope.join(" and ")
        );
    }
    let count = |s: Severity| drift.iter().filter(|f| f.severity == s).count();
    let (compared, unreadable_buckets) = coverage(report, opts, findings);
    let unreadable = findings
        .iter()
        .filter(|f| f.kind == Kind::Unreadable)
        .count();
    let unreadable_cell = if unreadable == 0 {
        "0".to_string()
    } else {
        format!(
            "{} in {}",
            plural(unreadable, "attribute", "attributes"),
            if unreadable_buckets.iter().any(|b| b.starts_with("account ")) {
                plural(unreadable_buckets.len(), "place", "places")
            } else {
                plural(unreadable_buckets.len(), "bucket", "buckets")
            }
        )
    };
    let _ = writeln!(
        md,
        "| critical | high | medium | low | info | buckets compared | unreadable |\n\
         |:-:|:-:|:-:|:-:|:-:|:-:|:-:|\n\
         | {} | {} | {} | {} | {} | {compared} | {unreadable_cell} |\n",
        count(Severity::Critical),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        count(Severity::Info),
    );
    if !unreadable_buckets.is_empty() {
        let names: Vec<String> = unreadable_buckets.iter().map(|b| code(b, false)).collect();
        let _ = writeln!(
            md,
            "Not fully compared (some settings could not be read): {}.\n",
            names.join(", ")
        );
    }
    let signals = findings.iter().filter(|f| f.kind == Kind::Signal).count();
    let unmanaged = findings
        .iter()
        .filter(|f| f.kind == Kind::Unmanaged)
        .count();
    let also: Vec<String> = [
        (
            signals,
            plural(signals, "signal", "signals") + " from the event trail",
        ),
        (
            unmanaged,
            plural(unmanaged, "unmanaged bucket", "unmanaged buckets") + " that no state manages",
        ),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, text)| text)
    .collect();
    if !also.is_empty() {
        let _ = writeln!(md, "Also {} (not drift).\n", also.join(" and "));
    }
    if let Some(t) = report.captured_at {
        let _ = writeln!(md, "Live configuration read at {}.\n", stamp(t));
    }
}

/// Buckets compared, and the buckets with unreadable parts, in this document's scope.
fn coverage(
    report: &Report,
    opts: &MarkdownOptions,
    findings: &[&Finding],
) -> (usize, Vec<String>) {
    let mut unreadable: Vec<String> = findings
        .iter()
        .filter(|f| f.kind == Kind::Unreadable)
        .map(|f| f.subject())
        .collect();
    unreadable.sort();
    unreadable.dedup();
    let compared = match &opts.bucket {
        Some(b) => usize::from(
            report.buckets.iter().any(|i| &i.bucket == b)
                || (b.starts_with("account:") && report.summary.accounts > 0)
                || (report.buckets.is_empty()
                    && findings.iter().any(|f| f.kind != Kind::Unmanaged)),
        ),
        None => report.summary.buckets,
    };
    (compared, unreadable)
}

/// The reverts of the checked plan (`check --plan`), above everything else: a reviewer must
/// see what the apply undoes without scrolling.
pub(super) fn reverts_first(shown: &[&Finding], md: &mut String) {
    let reverts: Vec<&&Finding> = shown.iter().filter(|f| f.reverted()).collect();
    if reverts.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "**This apply reverts {}:**\n",
        plural(reverts.len(), "out-of-band change", "out-of-band changes")
    );
    for f in reverts {
        let summary = f.plan.as_ref().map_or("", |v| v.summary.as_str());
        let _ = writeln!(md, "- {}: {}", code(&f.subject(), false), text(summary));
    }
    md.push('\n');
}
