//! One finding as a SARIF result: its message, its physical and logical locations, its
//! partial fingerprint and, when a policy ignore suppresses it, its suppression.

use super::rules::level;
use super::schema::{
    ArtifactLocation, Location, LogicalLocation, PhysicalLocation, Region, ResultProperties,
    SarifResult, Text,
};
use super::Anchors;
use crate::code::Code;
use crate::diff::finding::{Finding, SourceLocation, Suppression};
use crate::report::fingerprint;
use crate::trail::stamp;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io;

/// The key of the partial fingerprint.
const FINGERPRINT_KEY: &str = "s3drift/v1";

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

/// The ARN partition of a region (`cn-…` and `us-gov-…` have their own).
pub(super) fn partition(region: Option<&str>) -> &'static str {
    match region {
        Some(r) if r.starts_with("cn-") => "aws-cn",
        Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
        _ => "aws",
    }
}

/// A location in the checkout at `loc`, with the logical locations it names.
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

/// The result's message: what changed, the values, who and when, the plan, the notes.
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

/// One finding as a result. Fails (`InvalidData`) when the finding has no location and the
/// run no anchor: a result code scanning would drop must not be written.
pub(super) fn result<'a>(
    f: &'a Finding,
    anchors: &Anchors,
    accounts: &BTreeMap<&str, (Option<&'a str>, Option<&'a str>)>,
) -> io::Result<SarifResult<'a>> {
    let Some(loc) = anchors.for_finding(f) else {
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
    Ok(SarifResult {
        rule_id: f.code.as_str(),
        rule_index: Code::ALL.iter().position(|c| *c == f.code).unwrap_or(0),
        level: level(f.severity),
        message: Text { text: message(f) },
        locations: vec![physical(&loc, logical)],
        partial_fingerprints: BTreeMap::from([(
            FINGERPRINT_KEY,
            fingerprint(account, &f.bucket, &f.path),
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
    })
}
