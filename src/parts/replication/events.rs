//! `PutBucketReplication` → the new replication configuration.

use super::canonical_filter;
use crate::parts::attr::Obj;
use crate::parts::keys::keyed_rules;
use crate::parts::xml::{child, count, filter_parts, many, text};
use crate::parts::NewValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    NewValue::from_value(value(p))
}

fn status_of(v: &Value, key: &str) -> Option<String> {
    child(v, key)
        .and_then(|c| text(c, "Status"))
        .map(str::to_string)
}

fn value(p: &Value) -> Option<Value> {
    let cfg = child(p, "ReplicationConfiguration")?;
    let rules = many(cfg, "Rule").into_iter().map(|r| {
        let destination = child(r, "Destination").map(|d| {
            let timed = |key: &str, inner: &str| {
                child(d, key).and_then(|rt| {
                    let status = text(rt, "Status")?;
                    Obj::new()
                        .text("status", Some(status))
                        .count(
                            "minutes",
                            child(rt, inner).and_then(|t| count(t, "Minutes")),
                        )
                        .finish()
                })
            };
            Obj::new()
                .text("bucket", text(d, "Bucket"))
                .text("storage_class", text(d, "StorageClass"))
                .text("account", text(d, "Account"))
                .value(
                    "access_control_translation",
                    child(d, "AccessControlTranslation")
                        .and_then(|a| Obj::new().text("owner", text(a, "Owner")).finish()),
                )
                .value(
                    "encryption_configuration",
                    child(d, "EncryptionConfiguration").and_then(|e| {
                        Obj::new()
                            .text("replica_kms_key_id", text(e, "ReplicaKmsKeyID"))
                            .finish()
                    }),
                )
                .value("replication_time", timed("ReplicationTime", "Time"))
                .value("metrics", timed("Metrics", "EventThreshold"))
                .build()
        });
        let ssc = child(r, "SourceSelectionCriteria").and_then(|s| {
            Obj::new()
                .text(
                    "sse_kms_encrypted_objects",
                    status_of(s, "SseKmsEncryptedObjects").as_deref(),
                )
                .text(
                    "replica_modifications",
                    status_of(s, "ReplicaModifications").as_deref(),
                )
                .finish()
        });
        let filter = match child(r, "Filter") {
            Some(f) => {
                let (prefix, tags, _, _) = filter_parts(f);
                canonical_filter(prefix, tags)
            }
            None => canonical_filter(text(r, "Prefix"), BTreeMap::new()),
        };
        let rule = Obj::new()
            .text("status", text(r, "Status"))
            .count("priority", count(r, "Priority"))
            .value("filter", filter)
            .text(
                "delete_marker_replication",
                status_of(r, "DeleteMarkerReplication").as_deref(),
            )
            .value("destination", destination)
            .value("source_selection_criteria", ssc)
            .build();
        (text(r, "ID"), rule)
    });
    Obj::new()
        .text("role", text(cfg, "Role"))
        .value("rules", keyed_rules(rules))
        .finish()
}
