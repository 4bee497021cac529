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

use super::Report;
use crate::code::{Code, Severity};
use crate::diff::finding::{Finding, SourceLocation, Suppression};
use crate::trail::stamp;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Code scanning accepts at most this many results per run.
pub const MAX_RESULTS: usize = 25_000;

/// The schema URI written as `$schema`: the OASIS 2.1.0 schema (errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of the partial fingerprint.
const FINGERPRINT_KEY: &str = "s3drift/v1";

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

/// The SARIF `suppression` of a suppressed finding: kept in the results (`external`,
/// `accepted`) with its justification, so code scanning shows it as dismissed.
pub fn suppression(s: &Suppression) -> Value {
    let mut properties = serde_json::Map::new();
    for (key, value) in [
        ("owner", &s.owner),
        ("expires", &s.expires),
        ("eventId", &s.event_id),
    ] {
        if let Some(v) = value {
            properties.insert(key.to_string(), Value::from(v.clone()));
        }
    }
    let mut out = serde_json::json!({
        "kind": "external",
        "status": "accepted",
        "justification": s.reason,
    });
    if let (Some(file), Some(line)) = (&s.file, s.line) {
        let loc = SourceLocation {
            file: file.clone(),
            line,
        };
        out["location"] = serde_json::to_value(physical(&loc, Vec::new())).unwrap_or_default();
    }
    if !properties.is_empty() {
        out["properties"] = Value::Object(properties);
    }
    out
}

/// The suppressions of a finding: one, when a policy ignore suppresses it.
fn suppressions(finding: &Finding) -> Vec<Value> {
    finding.suppression.iter().map(suppression).collect()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    automation_details: Option<AutomationDetails>,
    invocations: Vec<Invocation>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
    #[serde(rename = "problem.severity")]
    problem_severity: &'static str,
    #[serde(rename = "security-severity", skip_serializing_if = "Option::is_none")]
    security_severity: Option<&'static str>,
}

#[derive(Serialize)]
struct AutomationDetails {
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suppressions: Vec<Value>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    name: String,
    fully_qualified_name: String,
    kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    severity: &'static str,
    kind: &'static str,
    /// Empty (left out) for a finding about an account's own settings.
    #[serde(skip_serializing_if = "str::is_empty")]
    bucket: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changed_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_time: Option<String>,
    /// What the checked plan does to the change (`check --plan`): `reverts`, `adopts`, ….
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<&'static str>,
}

/// The SARIF level of a severity: code scanning shows errors, warnings and notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// `security-severity` inside GitHub's band for each severity.
fn security_severity(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

/// `encryption-downgraded` → `EncryptionDowngraded`.
fn rule_name(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn rules() -> Vec<Rule> {
    Code::ALL
        .iter()
        .map(|&code| {
            let severity = code.default_severity();
            let description = code.info().description;
            let fix = code.info().fix;
            Rule {
                id: code.as_str(),
                name: rule_name(code),
                short_description: Text {
                    text: code.summary().to_string(),
                },
                full_description: Text {
                    text: description.to_string(),
                },
                help: Help {
                    text: format!("{description}\n\nFix: {fix}"),
                    markdown: format!(
                        "**{}** (`{}`, default severity {severity})\n\n{description}\n\n## Fix\n\n{fix}",
                        code.summary(),
                        code.as_str()
                    ),
                },
                default_configuration: Configuration {
                    level: level(severity),
                },
                properties: RuleProperties {
                    tags: vec!["security", "drift", "s3", "terraform"],
                    precision: "very-high",
                    problem_severity: match level(severity) {
                        "note" => "recommendation",
                        other => other,
                    },
                    security_severity: security_severity(severity),
                },
            }
        })
        .collect()
}

/// The ARN partition of a region (`cn-…` and `us-gov-…` have their own).
fn partition(region: Option<&str>) -> &'static str {
    match region {
        Some(r) if r.starts_with("cn-") => "aws-cn",
        Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
        _ => "aws",
    }
}

fn physical(loc: &SourceLocation, logical: Vec<LogicalLocation>) -> Location {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: loc.file.clone(),
                uri_base_id: "%SRCROOT%",
            },
            region: Region {
                start_line: loc.line.max(1),
            },
        },
        logical_locations: logical,
    }
}

/// A value for a message: compact JSON, cut short when long.
fn short(value: &Option<Value>) -> String {
    let text = match value {
        None | Some(Value::Null) => "absent".to_string(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(v) => v.to_string(),
    };
    if text.chars().count() > 120 {
        let cut: String = text.chars().take(117).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn message(f: &Finding) -> String {
    let mut text = String::new();
    // A revert leads the message: it is what a reviewer must read before the apply.
    if let Some(view) = f.plan.as_ref().filter(|_| f.reverted()) {
        text.push_str(&format!("Reverted by this apply: {}. ", view.summary));
    }
    text.push_str(&f.message);
    if !text.is_empty() && !text.ends_with('.') {
        text.push('.');
    }
    // Policy documents are too long for one line; the report's diff has them.
    if !f.path.is_empty() && f.path != "policy" && (f.expected.is_some() || f.actual.is_some()) {
        text.push_str(&format!(
            " `{}`: code {}, live {}.",
            f.path,
            short(&f.expected),
            short(&f.actual)
        ));
    }
    if let Some(a) = &f.attribution {
        if let (Some(who), Some(when)) = (&a.principal, a.event_time) {
            // A signal's event is the last refused call, not a change.
            let verb = if f.kind == crate::code::Kind::Signal {
                "Last denied call by"
            } else {
                "Changed by"
            };
            text.push_str(&format!(" {verb} {who} at {}", stamp(when)));
            if let Some(name) = &a.event_name {
                text.push_str(&format!(" ({name}"));
                if let Some(id) = &a.event_id {
                    text.push_str(&format!(", event {id}"));
                }
                text.push(')');
            }
            text.push('.');
        }
    }
    if let Some(view) = f.plan.as_ref().filter(|_| !f.reverted()) {
        text.push_str(&format!(
            " Plan ({}): {}.",
            view.class.as_str(),
            view.summary
        ));
    }
    for note in &f.notes {
        text.push_str(&format!(" Note: {note}."));
    }
    text
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
        let Some(loc) = options.anchors.for_finding(f) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "finding {} on {} has no source location and the run no anchor",
                    f.code,
                    f.subject()
                ),
            ));
        };
        let (account, region) = match f.account_scope() {
            Some(account) => (Some(account), None),
            None => accounts.get(f.bucket.as_str()).copied().unwrap_or_default(),
        };
        let mut logical = Vec::new();
        if !f.address.is_empty() {
            logical.push(LogicalLocation {
                name: f.address.clone(),
                fully_qualified_name: f.address.clone(),
                kind: "resource",
            });
        }
        logical.push(match f.account_scope() {
            // The account itself: named by its id, as S3 Control addresses it.
            Some(account) => LogicalLocation {
                name: f.subject(),
                fully_qualified_name: account.to_string(),
                kind: "resource",
            },
            None => LogicalLocation {
                name: f.bucket.clone(),
                fully_qualified_name: format!("arn:{}:s3:::{}", partition(region), f.bucket),
                kind: "resource",
            },
        });
        let attribution = f.attribution.as_ref();
        results.push(SarifResult {
            rule_id: f.code.as_str(),
            rule_index: Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0),
            level: level(f.severity),
            message: Text { text: message(f) },
            locations: vec![physical(&loc, logical)],
            partial_fingerprints: BTreeMap::from([(
                FINGERPRINT_KEY,
                super::fingerprint(account, &f.bucket, &f.path),
            )]),
            suppressions: suppressions(f),
            properties: ResultProperties {
                severity: f.severity.as_str(),
                kind: f.kind.as_str(),
                bucket: &f.bucket,
                path: &f.path,
                account,
                changed_by: attribution.and_then(|a| a.principal.as_deref()),
                event_id: attribution.and_then(|a| a.event_id.as_deref()),
                event_time: attribution.and_then(|a| a.event_time).map(stamp),
                plan: f.plan.as_ref().map(|v| v.class.as_str()),
            },
        });
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
    use super::*;

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
