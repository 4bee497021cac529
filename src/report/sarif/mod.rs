//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer).
//!
//! One run per file, whose `automationDetails.id` is `<--sarif-category>/`: code scanning
//! takes the text before the last `/` as the analysis category, so matrix jobs that upload
//! one file each under their own category do not replace each other's alerts.
//!
//! - **Rules** are the finding codes ([`Code::ALL`]), with the code's summary, a description
//!   and the fix in Markdown (each code's facts, `Code::info`), and `properties.security-severity` in
//!   GitHub's bands (critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9; info codes
//!   have none and are not security alerts). Every rule is tagged `security` and `drift`.
//! - **Every result has a physical location** with a URI relative to the checkout: code
//!   scanning drops results without one. The finding's own source location comes first,
//!   then its report's anchor at line 1 (the root module's backend file, or a local state
//!   or plan file); see [`Anchors`]. A result that would have neither is an error, never a
//!   result without a location.
//! - **`partialFingerprints`** hash the account, bucket and path, so an alert follows the
//!   same drift from run to run even when the code around it moves.
//! - **`logicalLocations`** name the resource address and the bucket ARN.
//! - At most [`MAX_RESULTS`] results (code scanning's limit per run), the most severe
//!   first; a tool notification says how many were left out.
//! - Suppressed findings (a policy ignore) are results with `suppressions` ([`suppression`]).
//!
//! `schema` holds the SARIF objects written, `rules` the rule per finding code,
//! `results` a finding as a result (message, locations, fingerprint, suppressions).

mod results;
mod rules;
mod schema;

pub use results::suppression;

use super::Report;
use crate::code::Severity;
use crate::diff::finding::{Finding, SourceLocation};
use results::result;
use rules::rules;
use schema::{AutomationDetails, Driver, Invocation, Log, Notification, Run, Text, Tool};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Code scanning accepts at most this many results per run.
pub const MAX_RESULTS: usize = 25_000;

/// The schema URI written as `$schema`: the OASIS 2.1.0 schema (errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where a finding without a source location of its own points, at line 1.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchors {
    /// Per bucket: for a merged report, the anchor of the report the bucket came from.
    pub by_bucket: BTreeMap<String, SourceLocation>,
    /// For every other finding (a single run's [`Report::anchor`]).
    pub default: Option<SourceLocation>,
}

impl Anchors {
    /// One run's anchors: its report's anchor for every finding.
    pub fn of(report: &Report) -> Anchors {
        Anchors {
            by_bucket: BTreeMap::new(),
            default: report.anchor.clone(),
        }
    }

    fn for_finding(&self, f: &Finding) -> Option<SourceLocation> {
        f.location.clone().or_else(|| {
            self.by_bucket
                .get(&f.bucket)
                .or(self.default.as_ref())
                .map(|a| SourceLocation {
                    file: a.file.clone(),
                    line: 1,
                })
        })
    }
}

/// SARIF settings.
#[derive(Clone, Debug, Default)]
pub struct SarifOptions {
    /// `--sarif-category`.
    pub category: Option<String>,
    pub anchors: Anchors,
}
/// Renders `report` as one SARIF log with one run. Fails (`InvalidData`) when a finding has
/// no location and no anchor: a result code scanning would drop must not be written.
pub fn render(report: &Report, options: &SarifOptions, out: &mut impl Write) -> io::Result<()> {
    let accounts: BTreeMap<&str, (Option<&str>, Option<&str>)> = report
        .buckets
        .iter()
        .map(|b| {
            (
                b.bucket.as_str(),
                (b.account.as_deref(), b.region.as_deref()),
            )
        })
        .collect();
    let mut ordered: Vec<&Finding> = report.findings.iter().collect();
    // What the checked plan reverts first, then the most severe; the sort is stable, so the
    // report's order stays within a severity. Truncation keeps the reverts.
    ordered.sort_by_key(|f| {
        (
            std::cmp::Reverse(f.reverted()),
            std::cmp::Reverse(f.severity),
        )
    });
    let left_out = ordered.split_off(ordered.len().min(MAX_RESULTS));
    let mut results = Vec::with_capacity(ordered.len());
    for f in ordered {
        results.push(result(f, &options.anchors, &accounts)?);
    }
    let mut notifications: Vec<Notification> = report
        .warnings
        .iter()
        .map(|w| Notification {
            level: "warning",
            message: Text {
                text: w.to_string(),
            },
        })
        .collect();
    if !left_out.is_empty() {
        let mut by_severity: BTreeMap<std::cmp::Reverse<Severity>, usize> = BTreeMap::new();
        for f in &left_out {
            *by_severity
                .entry(std::cmp::Reverse(f.severity))
                .or_default() += 1;
        }
        let counts: Vec<String> = by_severity
            .iter()
            .map(|(s, n)| format!("{n} {}", s.0))
            .collect();
        notifications.push(Notification {
            level: "warning",
            message: Text {
                text: format!(
                    "{} findings were left out ({}): code scanning accepts at most {MAX_RESULTS} results per run, and the most severe were kept. The JSON report has them all.",
                    left_out.len(),
                    counts.join(", ")
                ),
            },
        });
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "s3drift",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: rules(),
                },
            },
            automation_details: options.category.as_ref().map(|c| AutomationDetails {
                // upload-sarif's own rule: the category is everything before the last `/`.
                id: if c.ends_with('/') {
                    c.clone()
                } else {
                    format!("{c}/")
                },
            }),
            invocations: vec![Invocation {
                execution_successful: true,
                tool_execution_notifications: notifications,
            }],
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::results::partition;
    use super::rules::{rule_name, security_severity};
    use super::*;
    use crate::code::Code;
    use crate::diff::finding::Suppression;

    #[test]
    fn names_bands_and_partitions() {
        assert_eq!(
            rule_name(Code::EncryptionDowngraded),
            "EncryptionDowngraded"
        );
        assert_eq!(rule_name(Code::AclPublic), "AclPublic");
        for (s, lo, hi) in [
            (Severity::Critical, 9.0, 10.0),
            (Severity::High, 7.0, 8.9),
            (Severity::Medium, 4.0, 6.9),
            (Severity::Low, 0.1, 3.9),
        ] {
            let v: f64 = security_severity(s).unwrap().parse().unwrap();
            assert!((lo..=hi).contains(&v), "{s}: {v}");
        }
        assert_eq!(security_severity(Severity::Info), None);
        assert_eq!(partition(Some("cn-north-1")), "aws-cn");
        assert_eq!(partition(Some("us-gov-west-1")), "aws-us-gov");
        assert_eq!(partition(None), "aws");
    }

    #[test]
    fn suppressions_carry_their_justification() {
        let s = suppression(&Suppression {
            reason: "accepted until the migration".into(),
            owner: Some("platform".into()),
            expires: Some("2027-01-31".into()),
            event_id: None,
            file: Some(".s3drift.hcl".into()),
            line: Some(4),
        });
        assert_eq!(s["kind"], "external");
        assert_eq!(s["status"], "accepted");
        assert_eq!(s["justification"], "accepted until the migration");
        assert_eq!(s["properties"]["owner"], "platform");
        assert_eq!(
            s["location"]["physicalLocation"]["artifactLocation"]["uri"],
            ".s3drift.hcl"
        );
    }
}
