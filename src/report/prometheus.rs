//! `--format prometheus`: the Prometheus text exposition format, for node_exporter's
//! textfile collector (write it with `--report prometheus=<dir>/s3drift.prom`; the write is
//! atomic, as the collector requires).
//!
//! | metric | labels | value |
//! |---|---|---|
//! | `s3drift_findings` | `bucket`, `severity`, `code`, `group` | findings of the run |
//! | `s3drift_buckets` | `state` = `in_sync`, `drifted`, `unreadable`, `unmanaged` | buckets |
//! | `s3drift_unreadable_parts` | | bucket parts that could not be read |
//! | `s3drift_last_run_timestamp_seconds` | | when the live configuration was read |
//! | `s3drift_run_duration_seconds` | | how long the run took (when known) |
//!
//! `group` is the monitored part a finding is about ([`group`]): `encryption`,
//! `public_access`, `policy`, `lifecycle`, `versioning`, … or `bucket` for bucket-level
//! findings and `signal` for trail signals. Series appear only while their findings exist:
//! queries use `or vector(0)` for a zero. `s3drift_buckets` always has all four states.

use super::Report;
use crate::code::{Code, Kind};
use crate::model::Part;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{self, Write};

/// Prometheus settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrometheusOptions {
    /// How long the run took; the metric is left out when unknown (a merge).
    pub duration_seconds: Option<f64>,
}

/// The `group` label: the monitored part of a finding's path, in dashboard words (each
/// part's own `group`), `signal` for a denied burst, `bucket` for the rest.
pub fn group(path: &str, code: Code) -> &'static str {
    match Part::of_path(path) {
        Some(part) => part.spec().group,
        None if code == Code::DeniedBurst => "signal",
        None => "bucket",
    }
}

/// A label value with `\`, `"` and newlines escaped, as the exposition format requires.
fn label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

fn header(out: &mut String, name: &str, help: &str) {
    // HELP text escapes `\` and newlines only.
    let help = help.replace('\\', "\\\\").replace('\n', "\\n");
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} gauge");
}

/// Renders the report's metrics.
pub fn render(
    report: &Report,
    options: &PrometheusOptions,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut text = String::new();

    let mut findings: BTreeMap<(String, &str, &str, &str), u64> = BTreeMap::new();
    // Findings a policy accepted are no series: nothing should alert on them.
    for f in report.findings.iter().filter(|f| !f.is_accepted()) {
        // An account's own settings are labelled with the account, not a bucket.
        let subject = match f.account_scope() {
            Some(account) => format!("account=\"{}\"", label(account)),
            None => format!("bucket=\"{}\"", label(&f.bucket)),
        };
        *findings
            .entry((
                subject,
                f.severity.as_str(),
                f.code.as_str(),
                group(&f.path, f.code),
            ))
            .or_default() += 1;
    }
    header(
        &mut text,
        "s3drift_findings",
        "Findings of the last s3drift run, by bucket, severity, finding code and monitored part (group).",
    );
    for ((subject, severity, code, group), n) in &findings {
        let _ = writeln!(
            text,
            "s3drift_findings{{{subject},severity=\"{severity}\",code=\"{code}\",group=\"{group}\"}} {n}",
        );
    }

    let drifted: BTreeSet<&str> = report
        .findings
        .iter()
        .filter(|f| {
            f.account_scope().is_none()
                && f.kind.is_drift()
                && f.kind != Kind::Unmanaged
                && !f.is_accepted()
        })
        .map(|f| f.bucket.as_str())
        .collect();
    let unreadable: BTreeSet<&str> = report
        .findings
        .iter()
        .filter(|f| {
            f.account_scope().is_none()
                && f.kind == Kind::Unreadable
                && !drifted.contains(f.bucket.as_str())
        })
        .map(|f| f.bucket.as_str())
        .collect();
    let unmanaged: BTreeSet<&str> = report
        .findings
        .iter()
        .filter(|f| f.kind == Kind::Unmanaged)
        .map(|f| f.bucket.as_str())
        .collect();
    let compared = report.summary.buckets;
    header(
        &mut text,
        "s3drift_buckets",
        "Buckets of the last s3drift run by state: in_sync, drifted, unreadable (no drift, but some part could not be read) and unmanaged (no loaded state manages it).",
    );
    for (state, n) in [
        (
            "in_sync",
            compared.saturating_sub(drifted.len() + unreadable.len()),
        ),
        ("drifted", drifted.len()),
        ("unreadable", unreadable.len()),
        ("unmanaged", unmanaged.len()),
    ] {
        let _ = writeln!(text, "s3drift_buckets{{state=\"{state}\"}} {n}");
    }

    header(
        &mut text,
        "s3drift_unreadable_parts",
        "Bucket parts the last s3drift run could not read (not compared, not drift).",
    );
    let parts = report
        .findings
        .iter()
        .filter(|f| f.kind == Kind::Unreadable)
        .count();
    let _ = writeln!(text, "s3drift_unreadable_parts {parts}");

    if let Some(at) = report.captured_at {
        header(
            &mut text,
            "s3drift_last_run_timestamp_seconds",
            "When the last s3drift run read the live configuration, in seconds since the Unix epoch.",
        );
        let _ = writeln!(
            text,
            "s3drift_last_run_timestamp_seconds {}",
            at.as_second()
        );
    }
    if let Some(d) = options.duration_seconds {
        header(
            &mut text,
            "s3drift_run_duration_seconds",
            "How long the last s3drift run took, in seconds.",
        );
        let _ = writeln!(text, "s3drift_run_duration_seconds {d:.3}");
    }
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_escapes() {
        assert_eq!(
            group(
                "server_side_encryption_configuration.rule.bucket_key_enabled",
                Code::EncryptionChanged
            ),
            "encryption"
        );
        assert_eq!(
            group(
                "public_access_block.block_public_acls",
                Code::PublicAccessBlockWeakened
            ),
            "public_access"
        );
        assert_eq!(
            group("lifecycle_rule[a].status", Code::LifecycleChanged),
            "lifecycle"
        );
        assert_eq!(group("tags.owner", Code::TagsChanged), "tags");
        assert_eq!(group("", Code::BucketMissing), "bucket");
        assert_eq!(group("", Code::DeniedBurst), "signal");
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
