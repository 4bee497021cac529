//! `--format falco`: one JSON object per line and finding, in the shape of the S3 drift log of
//! Falco-based drift tools (`service`, `event`, `resource`, `changes{attr: [old, new]}`, `user`,
//! `timestamp`), plus severity, code and how sure the attribution is, so Falco-style rules
//! (`evt.name = "PutBucketPublicAccessBlock" and drift.changes.block_public_acls = false`)
//! and log pipelines read it as they read that tool's output.
//!
//! The `changes` key is the last segment of the canonical path (`block_public_acls`,
//! `sse_algorithm`), as in that log; paths into keyed collections (`lifecycle_rule[<id>]…`,
//! `tags.<key>`) keep the whole path, since their last segment alone would be ambiguous.
//!
//! Signals are not changes: a denied burst's attribution names the last *refused* call
//! (`DeleteBucketPolicy`, say), and a rule on `evt.name = "DeleteBucketPolicy"` written for
//! that log would fire on a call that changed nothing. So a signal line's `event` is
//! [`SIGNAL_EVENT`], a name no API call has; the refused calls' names stay in
//! `changes.bucket[1].events`.

use super::Report;
use crate::code::Kind;
use crate::diff::finding::Finding;
use crate::trail::stamp;
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::{self, Write};

#[derive(Serialize)]
struct Line<'a> {
    service: &'static str,
    event: Option<&'a str>,
    /// The bucket, or `account <id>` for an account's own settings.
    resource: String,
    changes: Map<String, Value>,
    user: Option<&'a str>,
    timestamp: Option<String>,
    severity: &'static str,
    code: &'static str,
    kind: &'static str,
    path: &'a str,
    address: &'a str,
    attribution: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_ip: Option<&'a str>,
    message: &'a str,
}

/// The `event` of a signal line (a denied burst): never the name of a real API call.
pub const SIGNAL_EVENT: &str = "DeniedBurst";

/// The key a finding's change is listed under.
pub fn change_key(path: &str) -> &str {
    if path.contains('[') || path.starts_with("tags.") {
        return path;
    }
    path.rsplit('.').next().unwrap_or(path)
}

fn line<'a>(report: &'a Report, f: &'a Finding) -> Line<'a> {
    let a = f.attribution.as_ref();
    let mut changes = Map::new();
    let key = if f.path.is_empty() {
        "bucket"
    } else {
        change_key(&f.path)
    };
    changes.insert(
        key.to_string(),
        Value::Array(vec![
            f.expected.clone().unwrap_or(Value::Null),
            f.actual.clone().unwrap_or(Value::Null),
        ]),
    );
    let time = a.and_then(|a| a.event_time).or(report.captured_at);
    Line {
        service: "s3",
        event: if f.kind == Kind::Signal {
            Some(SIGNAL_EVENT)
        } else {
            a.and_then(|a| a.event_name.as_deref())
        },
        resource: f.subject(),
        changes,
        user: a.and_then(|a| a.principal.as_deref()),
        timestamp: time.map(stamp),
        severity: f.severity.as_str(),
        code: f.code.as_str(),
        kind: f.kind.as_str(),
        path: &f.path,
        address: &f.address,
        attribution: a.map(|a| a.status.as_str()),
        via: a.and_then(|a| a.via.as_ref()).map(crate::trail::Via::label),
        source_ip: a.and_then(|a| a.source_ip.as_deref()),
        message: &f.message,
    }
}

/// Writes one line per finding, in the report's (sorted) order. Suppressed findings raise
/// no alert: the policy accepted them.
pub fn render(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for f in report.findings.iter().filter(|f| f.suppression.is_none()) {
        let text = serde_json::to_string(&line(report, f)).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_keys() {
        assert_eq!(
            change_key("public_access_block.block_public_acls"),
            "block_public_acls"
        );
        assert_eq!(
            change_key("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm"),
            "sse_algorithm"
        );
        assert_eq!(change_key("policy"), "policy");
        assert_eq!(change_key("tags.env"), "tags.env");
        assert_eq!(
            change_key("lifecycle_rule[logs].status"),
            "lifecycle_rule[logs].status"
        );
    }
}
