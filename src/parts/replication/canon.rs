//! `replication_configuration`: `{"role", "rules": {"<id>": {...}}}` (full shape in
//! the README path table).
//!
//! Provider v3 writes it inline (`replication_configuration[0].rules`, a set, with
//! `destination.account_id`, `replication_time.minutes`, `metrics.minutes`,
//! `delete_marker_replication_status` and `sse_kms_encrypted_objects.enabled` as a bool);
//! `aws_s3_bucket_replication_configuration` uses `rule` blocks with `account`,
//! `replication_time.time.minutes`, `metrics.event_threshold.minutes`,
//! `delete_marker_replication.status` and status strings. Both give the same canonical
//! rule. A priority of 0 is the provider's "not set" and is left out; a legacy rule-level
//! `prefix` is the filter's prefix.

use crate::parts::attr::{block, blocks, count, flag, string_map, tag_blocks, text, Obj};
use crate::parts::keys::keyed_rules;
use serde_json::Value;
use std::collections::BTreeMap;

/// The replication filter from its parts, `None` when it selects every object.
pub fn canonical_filter(prefix: Option<&str>, tags: BTreeMap<String, String>) -> Option<Value> {
    Obj::new().text("prefix", prefix).map("tags", tags).finish()
}

/// `{"status", "minutes"?}` of `replication_time` and `metrics`.
fn timed(status: Option<&str>, minutes: Option<i64>) -> Option<Value> {
    status?;
    Obj::new()
        .text("status", status)
        .count("minutes", minutes)
        .finish()
}

fn split_filter(rule: &Value) -> Option<Value> {
    let mut prefix = text(rule, "prefix");
    let mut tags = BTreeMap::new();
    if let Some(f) = block(rule, "filter") {
        prefix = text(f, "prefix").or(prefix);
        tags.extend(tag_blocks(f));
        if let Some(and) = block(f, "and") {
            prefix = text(and, "prefix").or(prefix);
            tags.extend(string_map(and, "tags"));
        }
    }
    canonical_filter(prefix, tags)
}

fn split_rule(rule: &Value) -> Value {
    let dest = block(rule, "destination");
    let destination = dest.map(|d| {
        Obj::new()
            .text("bucket", text(d, "bucket"))
            .text("storage_class", text(d, "storage_class"))
            .text("account", text(d, "account"))
            .value(
                "access_control_translation",
                block(d, "access_control_translation")
                    .and_then(|a| Obj::new().text("owner", text(a, "owner")).finish()),
            )
            .value(
                "encryption_configuration",
                block(d, "encryption_configuration").and_then(|e| {
                    Obj::new()
                        .text("replica_kms_key_id", text(e, "replica_kms_key_id"))
                        .finish()
                }),
            )
            .value(
                "replication_time",
                block(d, "replication_time").and_then(|r| {
                    timed(
                        text(r, "status"),
                        block(r, "time").and_then(|t| count(t, "minutes")),
                    )
                }),
            )
            .value(
                "metrics",
                block(d, "metrics").and_then(|m| {
                    timed(
                        text(m, "status"),
                        block(m, "event_threshold").and_then(|t| count(t, "minutes")),
                    )
                }),
            )
            .build()
    });
    let ssc = block(rule, "source_selection_criteria").and_then(|s| {
        Obj::new()
            .text(
                "sse_kms_encrypted_objects",
                block(s, "sse_kms_encrypted_objects").and_then(|x| text(x, "status")),
            )
            .text(
                "replica_modifications",
                block(s, "replica_modifications").and_then(|x| text(x, "status")),
            )
            .finish()
    });
    Obj::new()
        .text("status", text(rule, "status"))
        .count("priority", count(rule, "priority"))
        .value("filter", split_filter(rule))
        .text(
            "delete_marker_replication",
            block(rule, "delete_marker_replication").and_then(|d| text(d, "status")),
        )
        .text(
            "existing_object_replication",
            block(rule, "existing_object_replication").and_then(|d| text(d, "status")),
        )
        .value("destination", destination)
        .value("source_selection_criteria", ssc)
        .build()
}

/// v3 sends `DeleteMarkerReplication: Disabled` for a filtered (V2 schema) rule without
/// `delete_marker_replication_status`, and reads back only `Enabled`; S3 answers
/// `Disabled` for such a rule, so that is its canonical value. An unfiltered (V1) rule has
/// none.
fn inline_delete_markers(rule: &Value) -> Option<&str> {
    text(rule, "delete_marker_replication_status")
        .or_else(|| crate::parts::attr::has_blocks(rule, "filter").then_some("Disabled"))
}

fn inline_rule(rule: &Value) -> Value {
    let prefix = block(rule, "filter")
        .and_then(|f| text(f, "prefix"))
        .or(text(rule, "prefix"));
    let tags = block(rule, "filter")
        .map(|f| string_map(f, "tags"))
        .unwrap_or_default();
    let destination = block(rule, "destination").map(|d| {
        Obj::new()
            .text("bucket", text(d, "bucket"))
            .text("storage_class", text(d, "storage_class"))
            .text("account", text(d, "account_id"))
            .value(
                "access_control_translation",
                block(d, "access_control_translation")
                    .and_then(|a| Obj::new().text("owner", text(a, "owner")).finish()),
            )
            .value(
                "encryption_configuration",
                Obj::new()
                    .text("replica_kms_key_id", text(d, "replica_kms_key_id"))
                    .finish(),
            )
            .value(
                "replication_time",
                block(d, "replication_time")
                    .and_then(|r| timed(text(r, "status"), count(r, "minutes"))),
            )
            .value(
                "metrics",
                block(d, "metrics").and_then(|m| timed(text(m, "status"), count(m, "minutes"))),
            )
            .build()
    });
    let ssc = block(rule, "source_selection_criteria").and_then(|s| {
        Obj::new()
            .text(
                "sse_kms_encrypted_objects",
                block(s, "sse_kms_encrypted_objects")
                    .and_then(|x| flag(x, "enabled"))
                    .filter(|b| *b)
                    .map(|_| "Enabled"),
            )
            .finish()
    });
    Obj::new()
        .text("status", text(rule, "status"))
        .count("priority", count(rule, "priority"))
        .value("filter", canonical_filter(prefix, tags))
        .text("delete_marker_replication", inline_delete_markers(rule))
        .value("destination", destination)
        .value("source_selection_criteria", ssc)
        .build()
}

fn assemble(role: Option<&str>, rules: Option<Value>) -> Option<Value> {
    if role.is_none() && rules.is_none() {
        return None;
    }
    Some(Obj::new().text("role", role).value("rules", rules).build())
}

/// `aws_s3_bucket_replication_configuration`.
pub fn from_split(attrs: &Value) -> Option<Value> {
    let rules = blocks(attrs, "rule")
        .into_iter()
        .map(|r| (text(r, "id"), split_rule(r)));
    assemble(text(attrs, "role"), keyed_rules(rules))
}

/// The inline `replication_configuration[0]` block of `aws_s3_bucket` (provider v3).
pub fn from_inline(attrs: &Value) -> Option<Value> {
    let cfg = block(attrs, "replication_configuration")?;
    let rules = blocks(cfg, "rules")
        .into_iter()
        .map(|r| (text(r, "id"), inline_rule(r)));
    assemble(text(cfg, "role"), keyed_rules(rules))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn inline_and_split_agree() {
        let inline = json!({"replication_configuration": [{"role": "arn:aws:iam::111122223333:role/r", "rules": [{
            "id": "all", "priority": 0, "prefix": "", "status": "Enabled", "delete_marker_replication_status": "",
            "filter": [], "source_selection_criteria": [],
            "destination": [{"bucket": "arn:aws:s3:::dst", "storage_class": "STANDARD_IA", "replica_kms_key_id": "",
                "account_id": "", "access_control_translation": [], "replication_time": [], "metrics": []}]}]}]});
        let split = json!({"bucket": "src", "role": "arn:aws:iam::111122223333:role/r", "token": null, "rule": [{
            "id": "all", "priority": null, "prefix": "", "status": "Enabled", "filter": [], "delete_marker_replication": [],
            "existing_object_replication": [], "source_selection_criteria": [],
            "destination": [{"bucket": "arn:aws:s3:::dst", "storage_class": "STANDARD_IA", "account": "",
                "access_control_translation": [], "encryption_configuration": [], "replication_time": [], "metrics": []}]}]});
        let want = json!({"role": "arn:aws:iam::111122223333:role/r", "rules": {"all": {"status": "Enabled",
            "destination": {"bucket": "arn:aws:s3:::dst", "storage_class": "STANDARD_IA"}}}});
        assert_eq!(from_inline(&inline), Some(want.clone()));
        assert_eq!(from_split(&split), Some(want));
    }

    #[test]
    fn split_rtc_metrics_and_kms() {
        let split = json!({"role": "r", "rule": [{"id": "k", "priority": 2, "status": "Enabled",
            "filter": [{"prefix": "", "tag": [], "and": [{"prefix": "p/", "tags": {"a": "b"}}]}],
            "delete_marker_replication": [{"status": "Disabled"}],
            "source_selection_criteria": [{"sse_kms_encrypted_objects": [{"status": "Enabled"}], "replica_modifications": []}],
            "destination": [{"bucket": "arn:aws:s3:::d", "account": "444455556666",
                "access_control_translation": [{"owner": "Destination"}],
                "encryption_configuration": [{"replica_kms_key_id": "arn:aws:kms:us-east-1:444455556666:key/x"}],
                "replication_time": [{"status": "Enabled", "time": [{"minutes": 15}]}],
                "metrics": [{"status": "Enabled", "event_threshold": [{"minutes": 15}]}]}]}]});
        assert_eq!(
            from_split(&split).unwrap()["rules"]["k"],
            json!({"status": "Enabled", "priority": 2, "filter": {"prefix": "p/", "tags": {"a": "b"}},
                "delete_marker_replication": "Disabled",
                "source_selection_criteria": {"sse_kms_encrypted_objects": "Enabled"},
                "destination": {"bucket": "arn:aws:s3:::d", "account": "444455556666",
                    "access_control_translation": {"owner": "Destination"},
                    "encryption_configuration": {"replica_kms_key_id": "arn:aws:kms:us-east-1:444455556666:key/x"},
                    "replication_time": {"status": "Enabled", "minutes": 15},
                    "metrics": {"status": "Enabled", "minutes": 15}}})
        );
    }

    #[test]
    fn inline_filtered_rule_has_delete_markers_disabled() {
        let inline = json!({"replication_configuration": [{"role": "r", "rules": [{
            "id": "f", "priority": 1, "status": "Enabled", "delete_marker_replication_status": "",
            "filter": [{"prefix": "logs/", "tags": {}}],
            "destination": [{"bucket": "arn:aws:s3:::d"}]}]}]});
        assert_eq!(
            from_inline(&inline).unwrap()["rules"]["f"],
            json!({"status": "Enabled", "priority": 1, "filter": {"prefix": "logs/"},
                "delete_marker_replication": "Disabled", "destination": {"bucket": "arn:aws:s3:::d"}})
        );
    }

    #[test]
    fn empty_inline_is_none() {
        assert_eq!(from_inline(&json!({"replication_configuration": []})), None);
    }
}
