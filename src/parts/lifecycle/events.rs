//! `PutBucketLifecycle` → the new lifecycle rules, keyed as the state side keys them.

use super::canon::{canonical_date, canonical_filter};
use crate::parts::attr::{keyed, Obj};
use crate::parts::keys::keyed_rules;
use crate::parts::xml::{boolean, child, count, filter_parts, many, number, text};
use crate::parts::NewValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// A transition's timing: a date when one is set, otherwise its days (zero is a real value
/// here: "transition at once"), as the model writes it.
fn timing(t: &Value, days_in: &str, days_out: &str) -> Value {
    if let Some(date) = text(t, "Date").and_then(canonical_date) {
        return Obj::new().text("date", Some(&date)).build();
    }
    let mut obj = Obj::new();
    if let Some(n) = number(t, days_in).filter(|n| *n >= 0) {
        obj = obj.value(days_out, Some(Value::from(n)));
    }
    obj.count(
        "newer_noncurrent_versions",
        count(t, "NewerNoncurrentVersions"),
    )
    .build()
}

fn transitions(rule: &Value, key: &str, days_in: &str, days_out: &str) -> Option<Value> {
    let mut out = BTreeMap::new();
    for t in many(rule, key) {
        if let Some(class) = text(t, "StorageClass") {
            out.insert(class.to_string(), timing(t, days_in, days_out));
        }
    }
    keyed(out)
}

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(cfg) = child(p, "LifecycleConfiguration") else {
        return NewValue::Unknown;
    };
    let rules = many(cfg, "Rule").into_iter().map(|r| {
        let filter = match child(r, "Filter") {
            Some(f) => {
                let (prefix, tags, gt, lt) = filter_parts(f);
                canonical_filter(prefix, tags, gt, lt)
            }
            // The older API form: `Prefix` on the rule itself.
            None => canonical_filter(text(r, "Prefix"), BTreeMap::new(), None, None),
        };
        let expiration = child(r, "Expiration").and_then(|e| {
            let date = text(e, "Date").and_then(canonical_date);
            Obj::new()
                .count("days", count(e, "Days"))
                .text("date", date.as_deref())
                .value(
                    "expired_object_delete_marker",
                    boolean(e, "ExpiredObjectDeleteMarker")
                        .filter(|b| *b)
                        .map(Value::Bool),
                )
                .finish()
        });
        let nve = child(r, "NoncurrentVersionExpiration").and_then(|e| {
            Obj::new()
                .count("noncurrent_days", count(e, "NoncurrentDays"))
                .count(
                    "newer_noncurrent_versions",
                    count(e, "NewerNoncurrentVersions"),
                )
                .finish()
        });
        let abort = child(r, "AbortIncompleteMultipartUpload").and_then(|a| {
            Obj::new()
                .count("days_after_initiation", count(a, "DaysAfterInitiation"))
                .finish()
        });
        let rule = Obj::new()
            .text("status", text(r, "Status"))
            .value("filter", filter)
            .value("expiration", expiration)
            .value("transition", transitions(r, "Transition", "Days", "days"))
            .value("noncurrent_version_expiration", nve)
            .value(
                "noncurrent_version_transition",
                transitions(
                    r,
                    "NoncurrentVersionTransition",
                    "NoncurrentDays",
                    "noncurrent_days",
                ),
            )
            .value("abort_incomplete_multipart_upload", abort)
            .build();
        (text(r, "ID"), rule)
    });
    NewValue::or_absent(keyed_rules(rules))
}
