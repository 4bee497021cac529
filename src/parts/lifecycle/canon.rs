//! `lifecycle_rule`: `{"<id>": {"status", "filter"?, "expiration"?, "transition"?,
//! "noncurrent_version_expiration"?, "noncurrent_version_transition"?,
//! "abort_incomplete_multipart_upload"?}}` (full shape in the README path table).
//!
//! The same rule can be written four ways: a legacy rule-level `prefix`, `filter { prefix }`,
//! `filter { and { prefix, tags } }`, or (inline, provider v3) `prefix` plus `tags`. All of
//! them select the same objects, so they normalise to one `filter` object holding only
//! what is set; a filter that selects every object (empty prefix, no tags, no sizes) is
//! left out, the same as no filter. Rules are keyed by `id`, or by content without one, so
//! reordering rules is not a change. Dates are `YYYY-MM-DD` (the API only accepts
//! midnight UTC; the split resource writes RFC 3339, v3 inline a bare date).

use crate::parts::attr::{block, blocks, count, flag, keyed, string_map, tag_blocks, text, Obj};
use crate::parts::keys::keyed_rules;
use serde_json::Value;
use std::collections::BTreeMap;

/// The canonical filter from its parts, `None` when it selects every object. Object sizes
/// of zero are the provider's "not set" (schema v0 writes `""`, v1 `null`, v4.x wrote `0`).
pub fn canonical_filter(
    prefix: Option<&str>,
    tags: BTreeMap<String, String>,
    object_size_greater_than: Option<i64>,
    object_size_less_than: Option<i64>,
) -> Option<Value> {
    Obj::new()
        .text("prefix", prefix)
        .map("tags", tags)
        .count(
            "object_size_greater_than",
            object_size_greater_than.filter(|n| *n > 0),
        )
        .count(
            "object_size_less_than",
            object_size_less_than.filter(|n| *n > 0),
        )
        .finish()
}

/// A lifecycle date as `YYYY-MM-DD` when it is midnight UTC (the only time S3 accepts);
/// any other text is kept as written so that a malformed date still shows up.
pub fn canonical_date(date: &str) -> Option<String> {
    let date = date.trim();
    if date.is_empty() {
        return None;
    }
    let day = date.get(..10)?;
    let rest = &date[10..];
    let midnight = matches!(
        rest,
        "" | "T00:00:00Z" | "T00:00:00.000Z" | "T00:00:00+00:00" | "T00:00:00.000+00:00"
    );
    let looks_like_day = day.len() == 10 && day.as_bytes()[4] == b'-' && day.as_bytes()[7] == b'-';
    Some(if midnight && looks_like_day {
        day.to_string()
    } else {
        date.to_string()
    })
}

/// A transition's timing: a date when one is set, otherwise its days (zero is a real
/// value here: "transition at once").
fn timing(t: &Value, days_key: &str) -> Obj {
    let date = text(t, "date").and_then(canonical_date);
    let obj = Obj::new().text("date", date.as_deref());
    if date.is_some() {
        return obj;
    }
    let days = match t.get(days_key) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match days {
        Some(n) if n >= 0 => obj.value(days_key, Some(Value::from(n))),
        _ => obj,
    }
}

/// `{"<storage_class>": {"days"|"date"}}` from a transition block list.
fn transitions(rule: &Value, key: &str, days_in: &str, days_out: &str) -> Option<Value> {
    let mut out = BTreeMap::new();
    for t in blocks(rule, key) {
        let Some(class) = text(t, "storage_class") else {
            continue;
        };
        let mut timing = timing(t, days_in).build();
        if days_in != days_out {
            if let Some(obj) = timing.as_object_mut() {
                if let Some(v) = obj.remove(days_in) {
                    obj.insert(days_out.to_string(), v);
                }
            }
        }
        let timing = match (timing, count(t, "newer_noncurrent_versions")) {
            (Value::Object(mut m), Some(n)) => {
                m.insert("newer_noncurrent_versions".into(), Value::from(n));
                Value::Object(m)
            }
            (v, _) => v,
        };
        out.insert(class.to_string(), timing);
    }
    keyed(out)
}

fn expiration(e: &Value) -> Option<Value> {
    let date = text(e, "date").and_then(canonical_date);
    Obj::new()
        .count("days", count(e, "days"))
        .text("date", date.as_deref())
        .value(
            "expired_object_delete_marker",
            flag(e, "expired_object_delete_marker")
                .filter(|b| *b)
                .map(Value::Bool),
        )
        .finish()
}

/// One rule of `aws_s3_bucket_lifecycle_configuration` (schema v0 or v1).
fn split_rule(rule: &Value) -> Value {
    let mut prefix = text(rule, "prefix");
    let mut tags = BTreeMap::new();
    let (mut gt, mut lt) = (None, None);
    if let Some(f) = block(rule, "filter") {
        prefix = text(f, "prefix").or(prefix);
        tags.extend(tag_blocks(f));
        gt = count(f, "object_size_greater_than");
        lt = count(f, "object_size_less_than");
        if let Some(and) = block(f, "and") {
            prefix = text(and, "prefix").or(prefix);
            tags.extend(string_map(and, "tags"));
            gt = count(and, "object_size_greater_than").or(gt);
            lt = count(and, "object_size_less_than").or(lt);
        }
    }
    Obj::new()
        .text("status", text(rule, "status"))
        .value("filter", canonical_filter(prefix, tags, gt, lt))
        .value("expiration", block(rule, "expiration").and_then(expiration))
        .value(
            "transition",
            transitions(rule, "transition", "days", "days"),
        )
        .value(
            "noncurrent_version_expiration",
            block(rule, "noncurrent_version_expiration").and_then(|e| {
                Obj::new()
                    .count("noncurrent_days", count(e, "noncurrent_days"))
                    .count(
                        "newer_noncurrent_versions",
                        count(e, "newer_noncurrent_versions"),
                    )
                    .finish()
            }),
        )
        .value(
            "noncurrent_version_transition",
            transitions(
                rule,
                "noncurrent_version_transition",
                "noncurrent_days",
                "noncurrent_days",
            ),
        )
        .value(
            "abort_incomplete_multipart_upload",
            block(rule, "abort_incomplete_multipart_upload").and_then(|a| {
                Obj::new()
                    .count("days_after_initiation", count(a, "days_after_initiation"))
                    .finish()
            }),
        )
        .build()
}

/// One inline `lifecycle_rule` of `aws_s3_bucket` (provider v3 names: `enabled`, `prefix`,
/// `tags`, `days` for noncurrent versions, `abort_incomplete_multipart_upload_days`).
fn inline_rule(rule: &Value) -> Value {
    let enabled = flag(rule, "enabled").unwrap_or(false);
    Obj::new()
        .text("status", Some(if enabled { "Enabled" } else { "Disabled" }))
        .value(
            "filter",
            canonical_filter(text(rule, "prefix"), string_map(rule, "tags"), None, None),
        )
        .value("expiration", block(rule, "expiration").and_then(expiration))
        .value(
            "transition",
            transitions(rule, "transition", "days", "days"),
        )
        .value(
            "noncurrent_version_expiration",
            block(rule, "noncurrent_version_expiration").and_then(|e| {
                Obj::new()
                    .count("noncurrent_days", count(e, "days"))
                    .finish()
            }),
        )
        .value(
            "noncurrent_version_transition",
            transitions(
                rule,
                "noncurrent_version_transition",
                "days",
                "noncurrent_days",
            ),
        )
        .value(
            "abort_incomplete_multipart_upload",
            Obj::new()
                .count(
                    "days_after_initiation",
                    count(rule, "abort_incomplete_multipart_upload_days"),
                )
                .finish(),
        )
        .build()
}

/// `aws_s3_bucket_lifecycle_configuration`: its `rule` list; `None` without rules.
pub fn from_split(attrs: &Value) -> Option<Value> {
    keyed_rules(
        blocks(attrs, "rule")
            .into_iter()
            .map(|r| (text(r, "id"), split_rule(r))),
    )
}

/// The inline `lifecycle_rule` list of `aws_s3_bucket`; `None` when it is empty.
pub fn from_inline(attrs: &Value) -> Option<Value> {
    keyed_rules(
        blocks(attrs, "lifecycle_rule")
            .into_iter()
            .map(|r| (text(r, "id"), inline_rule(r))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn split(filter: Value, prefix: &str) -> Value {
        json!({"bucket": "b", "rule": [{"id": "r", "status": "Enabled", "prefix": prefix, "filter": filter,
            "expiration": [{"date": "", "days": 30, "expired_object_delete_marker": false}],
            "transition": [], "noncurrent_version_expiration": [], "noncurrent_version_transition": [],
            "abort_incomplete_multipart_upload": []}]})
    }

    #[test]
    fn four_ways_to_say_prefix_are_one_filter() {
        let want = json!({"r": {"status": "Enabled", "filter": {"prefix": "logs/"}, "expiration": {"days": 30}}});
        let empty_filter_parts = json!({"and": [], "object_size_greater_than": "", "object_size_less_than": "", "prefix": "", "tag": []});
        assert_eq!(from_split(&split(json!([]), "logs/")), Some(want.clone()));
        let mut f = empty_filter_parts.clone();
        f["prefix"] = json!("logs/");
        assert_eq!(from_split(&split(json!([f]), "")), Some(want.clone()));
        let mut f = empty_filter_parts.clone();
        f["and"] = json!([{"prefix": "logs/", "tags": {}, "object_size_greater_than": 0, "object_size_less_than": 0}]);
        assert_eq!(from_split(&split(json!([f]), "")), Some(want.clone()));
        let inline = json!({"lifecycle_rule": [{"id": "r", "enabled": true, "prefix": "logs/", "tags": {},
            "expiration": [{"date": "", "days": 30, "expired_object_delete_marker": false}], "transition": [],
            "noncurrent_version_expiration": [], "noncurrent_version_transition": [], "abort_incomplete_multipart_upload_days": 0}]});
        assert_eq!(from_inline(&inline), Some(want));
    }

    #[test]
    fn empty_filter_selects_everything_and_is_dropped() {
        let f = json!([{"and": [], "object_size_greater_than": "", "object_size_less_than": "", "prefix": "", "tag": []}]);
        let got = from_split(&split(f, "")).unwrap();
        assert_eq!(got["r"].get("filter"), None);
        assert_eq!(got, from_split(&split(json!([]), "")).unwrap());
    }

    #[test]
    fn and_filter_with_tags_and_sizes() {
        let f = json!([{"and": [{"prefix": "a/", "tags": {"k": "v"}, "object_size_greater_than": 128, "object_size_less_than": null}], "prefix": "", "tag": []}]);
        let got = from_split(&split(f, "")).unwrap();
        assert_eq!(
            got["r"]["filter"],
            json!({"prefix": "a/", "tags": {"k": "v"}, "object_size_greater_than": 128})
        );
    }

    #[test]
    fn transitions_keyed_by_storage_class_and_inline_noncurrent_days_renamed() {
        let inline = json!({"lifecycle_rule": [{"abort_incomplete_multipart_upload_days": 7, "enabled": false, "expiration": [],
            "id": "", "noncurrent_version_expiration": [{"days": 90}],
            "noncurrent_version_transition": [{"days": 30, "storage_class": "GLACIER"}], "prefix": "", "tags": {},
            "transition": [{"date": "", "days": 365, "storage_class": "GLACIER"}, {"date": "", "days": 30, "storage_class": "STANDARD_IA"}]}]});
        let got = from_inline(&inline).unwrap();
        let (key, rule) = got.as_object().unwrap().iter().next().unwrap();
        assert!(key.starts_with('#'), "no id: content key, got {key}");
        assert_eq!(
            rule,
            &json!({"status": "Disabled", "noncurrent_version_expiration": {"noncurrent_days": 90},
                "noncurrent_version_transition": {"GLACIER": {"noncurrent_days": 30}},
                "transition": {"GLACIER": {"days": 365}, "STANDARD_IA": {"days": 30}},
                "abort_incomplete_multipart_upload": {"days_after_initiation": 7}})
        );
    }

    #[test]
    fn rule_order_does_not_matter() {
        let a =
            json!({"rule": [{"id": "x", "status": "Enabled"}, {"id": "y", "status": "Disabled"}]});
        let b =
            json!({"rule": [{"id": "y", "status": "Disabled"}, {"id": "x", "status": "Enabled"}]});
        assert_eq!(from_split(&a), from_split(&b));
        assert_eq!(from_split(&json!({"rule": []})), None);
    }

    #[test]
    fn dates_normalise_to_the_day() {
        assert_eq!(
            canonical_date("2024-01-01T00:00:00Z").as_deref(),
            Some("2024-01-01")
        );
        assert_eq!(canonical_date("2024-01-01").as_deref(), Some("2024-01-01"));
        assert_eq!(
            canonical_date("2024-01-01T10:00:00Z").as_deref(),
            Some("2024-01-01T10:00:00Z")
        );
        assert_eq!(canonical_date(""), None);
        let t = json!({"rule": [{"id": "t", "status": "Enabled", "transition": [{"date": "2030-01-01T00:00:00Z", "days": 0, "storage_class": "GLACIER"}, {"date": "", "days": 0, "storage_class": "DEEP_ARCHIVE"}]}]});
        assert_eq!(
            from_split(&t).unwrap()["t"]["transition"],
            json!({"GLACIER": {"date": "2030-01-01"}, "DEEP_ARCHIVE": {"days": 0}})
        );
    }
}
