//! The JSON types of the attributes the model reads, checked when a state or plan is read.
//!
//! The model's readers ([`crate::model::canon`]) are total: a value of an unexpected type
//! reads as "unset". That is right for the forms the provider really writes (`""`, `null`,
//! `[]`), but a hand-edited or tool-mangled file (`block_public_acls: "yes"`, `bucket: 123`,
//! `versioning: "oops"`) would then compare as "not configured" and could hide real drift.
//! So every attribute the model reads is type-checked here first, and a wrong type is a
//! located [`Problem`] (exit 1), never a silent skip.
//!
//! [`SCHEMA`] is the one table: per monitored type, each attribute path the model reads (block
//! names joined by `.`, list positions left out) and the JSON type it must have. Keys the
//! table does not list are not read by the model and are not checked. `null` and a missing
//! key are always accepted: Terraform writes `null` for unset arguments (provider v5+
//! framework resources) and leaves values unknown until apply out of `planned_values`.
//! Each type accepts exactly what the model's reader for it accepts (see [`Kind`]).

use super::locate::Seg;
use super::problem::{kind, Problem};
use serde_json::Value;

/// The JSON type an attribute must have. `null` is always accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string (`attr::text`).
    Str,
    /// `true` or `false` only (read with `as_bool`: inline `versioning.enabled`, the v4+
    /// top-level `object_lock_enabled`).
    Bool,
    /// A boolean, or a string `attr::flag` reads as one (`"true"`/`"false"` in any case,
    /// `"Enabled"`/`"Disabled"`).
    Flag,
    /// A whole number, or a string holding one or `""` (`attr::count`): the SDKv2 lifecycle
    /// schema (v0) stores `object_size_*` and `newer_noncurrent_versions` as strings, `""`
    /// when unset.
    Count,
    /// A list of strings (`attr::string_set`); `null` items stand for values unknown until
    /// apply in plans.
    Strings,
    /// A map of strings (`attr::string_map`: tags).
    StringMap,
    /// A nested block: a list of objects, as state writes every block (Terraform state format), or a bare
    /// object (`attr::block`, very old plan JSON). Its attributes are the entries whose path
    /// continues this one.
    Blocks,
    /// A nested block whose list may also hold plain strings: hand-written plans (checkov's
    /// `tf_plan_filtered_rule_fail` in the corpus) give a lifecycle `filter.tag` as
    /// `["name"]`. The model reads only the objects, so such a filter selects no tag, which
    /// shows as a difference from live rather than hiding one.
    TagBlocks,
}

use Kind::{Blocks, Bool, Count, Flag, Str, StringMap, Strings, TagBlocks};

/// Read by the model on every monitored type, to place the resource on its bucket.
const COMMON: &[(&str, Kind)] = &[
    ("bucket", Str),
    ("expected_bucket_owner", Str),
    ("region", Str),
];

/// Per monitored type: attribute path → expected type (see the module docs).
pub const SCHEMA: &[(&str, &[(&str, Kind)])] = &[
    (
        "aws_s3_bucket",
        &[
            ("id", Str),
            ("bucket_region", Str),
            ("acl", Str),
            ("policy", Str),
            ("object_lock_enabled", Bool),
            ("tags", StringMap),
            ("tags_all", StringMap),
            ("grant", Blocks),
            ("grant.type", Str),
            ("grant.id", Str),
            ("grant.uri", Str),
            ("grant.email", Str),
            ("grant.permissions", Strings),
            ("versioning", Blocks),
            ("versioning.enabled", Bool),
            ("versioning.mfa_delete", Bool),
            ("server_side_encryption_configuration", Blocks),
            ("server_side_encryption_configuration.rule", Blocks),
            ("server_side_encryption_configuration.rule.bucket_key_enabled", Flag),
            ("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default", Blocks),
            ("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm", Str),
            ("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id", Str),
            ("lifecycle_rule", Blocks),
            ("lifecycle_rule.id", Str),
            ("lifecycle_rule.enabled", Flag),
            ("lifecycle_rule.prefix", Str),
            ("lifecycle_rule.tags", StringMap),
            ("lifecycle_rule.abort_incomplete_multipart_upload_days", Count),
            ("lifecycle_rule.expiration", Blocks),
            ("lifecycle_rule.expiration.date", Str),
            ("lifecycle_rule.expiration.days", Count),
            ("lifecycle_rule.expiration.expired_object_delete_marker", Flag),
            ("lifecycle_rule.transition", Blocks),
            ("lifecycle_rule.transition.storage_class", Str),
            ("lifecycle_rule.transition.date", Str),
            ("lifecycle_rule.transition.days", Count),
            ("lifecycle_rule.noncurrent_version_expiration", Blocks),
            ("lifecycle_rule.noncurrent_version_expiration.days", Count),
            ("lifecycle_rule.noncurrent_version_transition", Blocks),
            ("lifecycle_rule.noncurrent_version_transition.storage_class", Str),
            ("lifecycle_rule.noncurrent_version_transition.days", Count),
            ("replication_configuration", Blocks),
            ("replication_configuration.role", Str),
            ("replication_configuration.rules", Blocks),
            ("replication_configuration.rules.id", Str),
            ("replication_configuration.rules.status", Str),
            ("replication_configuration.rules.prefix", Str),
            ("replication_configuration.rules.priority", Count),
            ("replication_configuration.rules.delete_marker_replication_status", Str),
            ("replication_configuration.rules.filter", Blocks),
            ("replication_configuration.rules.filter.prefix", Str),
            ("replication_configuration.rules.filter.tags", StringMap),
            ("replication_configuration.rules.destination", Blocks),
            ("replication_configuration.rules.destination.bucket", Str),
            ("replication_configuration.rules.destination.storage_class", Str),
            ("replication_configuration.rules.destination.account_id", Str),
            ("replication_configuration.rules.destination.replica_kms_key_id", Str),
            ("replication_configuration.rules.destination.access_control_translation", Blocks),
            ("replication_configuration.rules.destination.access_control_translation.owner", Str),
            ("replication_configuration.rules.destination.replication_time", Blocks),
            ("replication_configuration.rules.destination.replication_time.status", Str),
            ("replication_configuration.rules.destination.replication_time.minutes", Count),
            ("replication_configuration.rules.destination.metrics", Blocks),
            ("replication_configuration.rules.destination.metrics.status", Str),
            ("replication_configuration.rules.destination.metrics.minutes", Count),
            ("replication_configuration.rules.source_selection_criteria", Blocks),
            ("replication_configuration.rules.source_selection_criteria.sse_kms_encrypted_objects", Blocks),
            ("replication_configuration.rules.source_selection_criteria.sse_kms_encrypted_objects.enabled", Flag),
            ("logging", Blocks),
            ("logging.target_bucket", Str),
            ("logging.target_prefix", Str),
            ("cors_rule", Blocks),
            ("cors_rule.id", Str),
            ("cors_rule.allowed_headers", Strings),
            ("cors_rule.allowed_methods", Strings),
            ("cors_rule.allowed_origins", Strings),
            ("cors_rule.expose_headers", Strings),
            ("cors_rule.max_age_seconds", Count),
            ("website", Blocks),
            ("website.index_document", Str),
            ("website.error_document", Str),
            ("website.redirect_all_requests_to", Str),
            ("website.routing_rules", Str),
            ("object_lock_configuration", Blocks),
            ("object_lock_configuration.object_lock_enabled", Str),
            ("object_lock_configuration.rule", Blocks),
            ("object_lock_configuration.rule.default_retention", Blocks),
            ("object_lock_configuration.rule.default_retention.mode", Str),
            ("object_lock_configuration.rule.default_retention.days", Count),
            ("object_lock_configuration.rule.default_retention.years", Count),
        ],
    ),
    (
        "aws_s3_bucket_versioning",
        &[
            ("versioning_configuration", Blocks),
            ("versioning_configuration.status", Str),
            ("versioning_configuration.mfa_delete", Str),
        ],
    ),
    (
        "aws_s3_bucket_server_side_encryption_configuration",
        &[
            ("rule", Blocks),
            ("rule.bucket_key_enabled", Flag),
            ("rule.apply_server_side_encryption_by_default", Blocks),
            ("rule.apply_server_side_encryption_by_default.sse_algorithm", Str),
            ("rule.apply_server_side_encryption_by_default.kms_master_key_id", Str),
        ],
    ),
    (
        "aws_s3_bucket_lifecycle_configuration",
        &[
            ("rule", Blocks),
            ("rule.id", Str),
            ("rule.status", Str),
            ("rule.prefix", Str),
            ("rule.filter", Blocks),
            ("rule.filter.prefix", Str),
            ("rule.filter.object_size_greater_than", Count),
            ("rule.filter.object_size_less_than", Count),
            ("rule.filter.tag", TagBlocks),
            ("rule.filter.tag.key", Str),
            ("rule.filter.tag.value", Str),
            ("rule.filter.and", Blocks),
            ("rule.filter.and.prefix", Str),
            ("rule.filter.and.tags", StringMap),
            ("rule.filter.and.object_size_greater_than", Count),
            ("rule.filter.and.object_size_less_than", Count),
            ("rule.expiration", Blocks),
            ("rule.expiration.date", Str),
            ("rule.expiration.days", Count),
            ("rule.expiration.expired_object_delete_marker", Flag),
            ("rule.transition", Blocks),
            ("rule.transition.storage_class", Str),
            ("rule.transition.date", Str),
            ("rule.transition.days", Count),
            ("rule.transition.newer_noncurrent_versions", Count),
            ("rule.noncurrent_version_expiration", Blocks),
            ("rule.noncurrent_version_expiration.noncurrent_days", Count),
            ("rule.noncurrent_version_expiration.newer_noncurrent_versions", Count),
            ("rule.noncurrent_version_transition", Blocks),
            ("rule.noncurrent_version_transition.storage_class", Str),
            ("rule.noncurrent_version_transition.noncurrent_days", Count),
            ("rule.noncurrent_version_transition.newer_noncurrent_versions", Count),
            ("rule.abort_incomplete_multipart_upload", Blocks),
            ("rule.abort_incomplete_multipart_upload.days_after_initiation", Count),
        ],
    ),
    (
        "aws_s3_bucket_replication_configuration",
        &[
            ("role", Str),
            ("rule", Blocks),
            ("rule.id", Str),
            ("rule.status", Str),
            ("rule.prefix", Str),
            ("rule.priority", Count),
            ("rule.filter", Blocks),
            ("rule.filter.prefix", Str),
            ("rule.filter.tag", Blocks),
            ("rule.filter.tag.key", Str),
            ("rule.filter.tag.value", Str),
            ("rule.filter.and", Blocks),
            ("rule.filter.and.prefix", Str),
            ("rule.filter.and.tags", StringMap),
            ("rule.delete_marker_replication", Blocks),
            ("rule.delete_marker_replication.status", Str),
            ("rule.existing_object_replication", Blocks),
            ("rule.existing_object_replication.status", Str),
            ("rule.destination", Blocks),
            ("rule.destination.bucket", Str),
            ("rule.destination.storage_class", Str),
            ("rule.destination.account", Str),
            ("rule.destination.access_control_translation", Blocks),
            ("rule.destination.access_control_translation.owner", Str),
            ("rule.destination.encryption_configuration", Blocks),
            ("rule.destination.encryption_configuration.replica_kms_key_id", Str),
            ("rule.destination.replication_time", Blocks),
            ("rule.destination.replication_time.status", Str),
            ("rule.destination.replication_time.time", Blocks),
            ("rule.destination.replication_time.time.minutes", Count),
            ("rule.destination.metrics", Blocks),
            ("rule.destination.metrics.status", Str),
            ("rule.destination.metrics.event_threshold", Blocks),
            ("rule.destination.metrics.event_threshold.minutes", Count),
            ("rule.source_selection_criteria", Blocks),
            ("rule.source_selection_criteria.sse_kms_encrypted_objects", Blocks),
            ("rule.source_selection_criteria.sse_kms_encrypted_objects.status", Str),
            ("rule.source_selection_criteria.replica_modifications", Blocks),
            ("rule.source_selection_criteria.replica_modifications.status", Str),
        ],
    ),
    (
        "aws_s3_bucket_logging",
        &[("target_bucket", Str), ("target_prefix", Str)],
    ),
    (
        "aws_s3_bucket_public_access_block",
        &[
            ("block_public_acls", Flag),
            ("block_public_policy", Flag),
            ("ignore_public_acls", Flag),
            ("restrict_public_buckets", Flag),
        ],
    ),
    (
        "aws_s3_bucket_cors_configuration",
        &[
            ("cors_rule", Blocks),
            ("cors_rule.id", Str),
            ("cors_rule.allowed_headers", Strings),
            ("cors_rule.allowed_methods", Strings),
            ("cors_rule.allowed_origins", Strings),
            ("cors_rule.expose_headers", Strings),
            ("cors_rule.max_age_seconds", Count),
        ],
    ),
    (
        "aws_s3_bucket_website_configuration",
        &[
            ("index_document", Blocks),
            ("index_document.suffix", Str),
            ("error_document", Blocks),
            ("error_document.key", Str),
            ("redirect_all_requests_to", Blocks),
            ("redirect_all_requests_to.host_name", Str),
            ("redirect_all_requests_to.protocol", Str),
            ("routing_rule", Blocks),
            ("routing_rule.condition", Blocks),
            ("routing_rule.condition.http_error_code_returned_equals", Str),
            ("routing_rule.condition.key_prefix_equals", Str),
            ("routing_rule.redirect", Blocks),
            ("routing_rule.redirect.host_name", Str),
            ("routing_rule.redirect.http_redirect_code", Str),
            ("routing_rule.redirect.protocol", Str),
            ("routing_rule.redirect.replace_key_prefix_with", Str),
            ("routing_rule.redirect.replace_key_with", Str),
            ("routing_rules", Str),
        ],
    ),
    (
        "aws_s3_bucket_object_lock_configuration",
        &[
            ("object_lock_enabled", Str),
            ("rule", Blocks),
            ("rule.default_retention", Blocks),
            ("rule.default_retention.mode", Str),
            ("rule.default_retention.days", Count),
            ("rule.default_retention.years", Count),
        ],
    ),
    ("aws_s3_bucket_policy", &[("policy", Str)]),
    (
        "aws_s3_bucket_acl",
        &[
            ("acl", Str),
            ("access_control_policy", Blocks),
            ("access_control_policy.owner", Blocks),
            ("access_control_policy.owner.id", Str),
            ("access_control_policy.grant", Blocks),
            ("access_control_policy.grant.permission", Str),
            ("access_control_policy.grant.grantee", Blocks),
            ("access_control_policy.grant.grantee.type", Str),
            ("access_control_policy.grant.grantee.id", Str),
            ("access_control_policy.grant.grantee.uri", Str),
            ("access_control_policy.grant.grantee.email_address", Str),
        ],
    ),
    (
        "aws_s3_bucket_ownership_controls",
        &[("rule", Blocks), ("rule.object_ownership", Str)],
    ),
];

/// Checks the attributes of instance `address` of type `rtype`, found at `ptr` in the file.
/// Types the table does not list (the unmonitored `aws_s3_*` types) are not checked.
pub fn check(rtype: &str, address: &str, attrs: &Value, ptr: &[Seg]) -> Result<(), Problem> {
    let Some((_, table)) = SCHEMA.iter().find(|(t, _)| *t == rtype) else {
        return Ok(());
    };
    let Value::Object(map) = attrs else {
        return Ok(());
    };
    let mut name = String::new();
    let mut at_ptr = ptr.to_vec();
    for (key, value) in map {
        let Some(kind) = COMMON
            .iter()
            .chain(table.iter())
            .find(|(p, _)| p == key)
            .map(|(_, k)| *k)
        else {
            continue;
        };
        name.clear();
        name.push_str(key);
        at_ptr.push(Seg::Key(key.clone()));
        let mut walk = Walk {
            table,
            address,
            path: key.clone(),
            name: &mut name,
            ptr: &mut at_ptr,
        };
        walk.value(kind, value)?;
        at_ptr.pop();
    }
    Ok(())
}

/// The state of one descent: the table path (`rule.filter.prefix`), the Terraform-style
/// name for messages (`rule[0].filter[0].prefix`) and the JSON pointer.
struct Walk<'a> {
    table: &'a [(&'a str, Kind)],
    address: &'a str,
    path: String,
    name: &'a mut String,
    ptr: &'a mut Vec<Seg>,
}

impl Walk<'_> {
    fn value(&mut self, kind: Kind, v: &Value) -> Result<(), Problem> {
        if v.is_null() {
            return Ok(());
        }
        let ok = match kind {
            Str => v.is_string(),
            Bool => v.is_boolean(),
            Flag => match v {
                Value::Bool(_) => true,
                Value::String(s) => {
                    s.eq_ignore_ascii_case("true")
                        || s.eq_ignore_ascii_case("false")
                        || s == "Enabled"
                        || s == "Disabled"
                }
                _ => false,
            },
            Count => match v {
                Value::Number(n) => n.is_i64() || n.is_u64(),
                Value::String(s) => s.trim().is_empty() || s.trim().parse::<i64>().is_ok(),
                _ => false,
            },
            Strings => return self.items(v, kind, |i| i.is_string()),
            StringMap => return self.map_values(v),
            Blocks | TagBlocks => return self.blocks(v, kind),
        };
        if ok {
            Ok(())
        } else {
            Err(self.wrong(kind, v))
        }
    }

    /// A list whose items (or `null`s) satisfy `item`.
    fn items(
        &mut self,
        v: &Value,
        kind: Kind,
        item: impl Fn(&Value) -> bool,
    ) -> Result<(), Problem> {
        let Value::Array(items) = v else {
            return Err(self.wrong(kind, v));
        };
        for (i, it) in items.iter().enumerate() {
            if !it.is_null() && !item(it) {
                return Err(self.nested(Seg::Idx(i), &format!("[{i}]"), kind, it));
            }
        }
        Ok(())
    }

    fn map_values(&mut self, v: &Value) -> Result<(), Problem> {
        let Value::Object(map) = v else {
            return Err(self.wrong(StringMap, v));
        };
        for (k, item) in map {
            if !item.is_null() && !item.is_string() {
                let shown = format!("[{}]", serde_json::Value::String(k.clone()));
                return Err(self.nested(Seg::Key(k.clone()), &shown, StringMap, item));
            }
        }
        Ok(())
    }

    fn blocks(&mut self, v: &Value, kind: Kind) -> Result<(), Problem> {
        match v {
            Value::Object(_) => self.block(v),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Null => {}
                        Value::Object(_) => {
                            let len = self.name.len();
                            self.name.push_str(&format!("[{i}]"));
                            self.ptr.push(Seg::Idx(i));
                            self.block(item)?;
                            self.ptr.pop();
                            self.name.truncate(len);
                        }
                        Value::String(_) if kind == TagBlocks => {}
                        other => {
                            return Err(self.nested(Seg::Idx(i), &format!("[{i}]"), kind, other))
                        }
                    }
                }
                Ok(())
            }
            _ => Err(self.wrong(kind, v)),
        }
    }

    /// The attributes of one block object.
    fn block(&mut self, v: &Value) -> Result<(), Problem> {
        let Value::Object(map) = v else {
            return Ok(());
        };
        for (key, child) in map {
            let path = format!("{}.{key}", self.path);
            let Some(kind) = self.table.iter().find(|(p, _)| *p == path).map(|(_, k)| *k) else {
                continue;
            };
            let (name_len, saved) = (self.name.len(), std::mem::replace(&mut self.path, path));
            self.name.push('.');
            self.name.push_str(key);
            self.ptr.push(Seg::Key(key.clone()));
            self.value(kind, child)?;
            self.ptr.pop();
            self.name.truncate(name_len);
            self.path = saved;
        }
        Ok(())
    }

    /// An item of a list or map (at `seg`, shown as `shown`) of the wrong type.
    fn nested(&mut self, seg: Seg, shown: &str, want: Kind, item: &Value) -> Problem {
        self.ptr.push(seg);
        self.name.push_str(shown);
        let p = Problem::shape(
            self.ptr,
            format!(
                "{}: `{}` must be {}, found {}",
                self.address,
                self.name,
                item_expected(want),
                kind(item)
            ),
            format!("expected {} here", item_expected(want)),
            hint(self.name, item_expected(want)),
        );
        self.ptr.pop();
        p
    }

    fn wrong(&self, want: Kind, v: &Value) -> Problem {
        Problem::shape(
            self.ptr,
            format!(
                "{}: `{}` must be {}, found {}",
                self.address,
                self.name,
                expected(want),
                kind(v)
            ),
            format!("expected {} here", expected(want)),
            hint(self.name, expected(want)),
        )
    }
}

fn expected(kind: Kind) -> &'static str {
    match kind {
        Str => "a string",
        Bool => "true or false",
        Flag => "true or false",
        Count => "a whole number",
        Strings => "a list of strings",
        StringMap => "a map of strings",
        Blocks | TagBlocks => "a list of blocks (objects)",
    }
}

fn item_expected(kind: Kind) -> &'static str {
    match kind {
        Strings | StringMap => "a string",
        _ => "a block (an object)",
    }
}

/// The hint: what the provider writes there, and why reading on would be wrong.
fn hint(name: &str, expected: &str) -> String {
    format!(
        "the AWS provider writes `{name}` as {expected}, so the file was likely edited by hand \
         or by a tool; read as written it could hide drift. Restore the value, or take a fresh \
         copy (`terraform state pull`, or `terraform show -json plan.out` for a plan)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(rtype: &str, attrs: Value) -> Option<Problem> {
        check(rtype, "x.y", &attrs, &[Seg::from("attributes")]).err()
    }

    #[test]
    fn every_table_path_continues_a_block_path() {
        for (rtype, table) in SCHEMA {
            for (path, _) in table.iter() {
                if let Some((parent, _)) = path.rsplit_once('.') {
                    let kind = table.iter().find(|(p, _)| *p == parent).map(|(_, k)| *k);
                    assert!(
                        matches!(kind, Some(Blocks | TagBlocks)),
                        "{rtype}: {path} has no block parent"
                    );
                }
            }
        }
    }

    #[test]
    fn provider_forms_pass() {
        assert!(err(
            "aws_s3_bucket_lifecycle_configuration",
            json!({"rule": [{"filter": [{"object_size_greater_than": "", "object_size_less_than": "128",
                "tag": [], "and": []}], "transition": [{"days": null, "date": null}],
                "noncurrent_version_expiration": [{"newer_noncurrent_versions": "3", "noncurrent_days": 30}]}]})
        )
        .is_none());
        assert!(err(
            "aws_s3_bucket_public_access_block",
            json!({"block_public_acls": true, "block_public_policy": null, "ignore_public_acls": "false"})
        )
        .is_none());
        assert!(err("aws_s3_object", json!({"bucket": 1})).is_none());
        assert!(err(
            "aws_s3_bucket",
            json!({"tags": {"a": "b", "c": null}, "cors_rule": [{"allowed_origins": ["*", null]}]})
        )
        .is_none());
    }

    #[test]
    fn wrong_types_are_named_with_their_place() {
        let p = err(
            "aws_s3_bucket_lifecycle_configuration",
            json!({"rule": [{"id": "a"}, {"filter": [{"and": [{"object_size_less_than": "big"}]}]}]}),
        )
        .unwrap();
        assert_eq!(
            p.message,
            "x.y: `rule[1].filter[0].and[0].object_size_less_than` must be a whole number, found a string"
        );
        assert_eq!(
            p.at,
            vec![
                Seg::from("attributes"),
                Seg::from("rule"),
                Seg::Idx(1),
                Seg::from("filter"),
                Seg::Idx(0),
                Seg::from("and"),
                Seg::Idx(0),
                Seg::from("object_size_less_than")
            ]
        );
        let p = err("aws_s3_bucket", json!({"tags_all": {"Secret": 12345}})).unwrap();
        assert_eq!(
            p.message,
            "x.y: `tags_all[\"Secret\"]` must be a string, found a number"
        );
        let p = err(
            "aws_s3_bucket",
            json!({"versioning": [{"enabled": "true"}]}),
        )
        .unwrap();
        assert!(p
            .message
            .contains("`versioning[0].enabled` must be true or false"));
        let p = err("aws_s3_bucket", json!({"grant": ["x"]})).unwrap();
        assert!(p
            .message
            .contains("`grant[0]` must be a block (an object), found a string"));
        let p = err("aws_s3_bucket_versioning", json!({"bucket": 123})).unwrap();
        assert!(p
            .message
            .contains("`bucket` must be a string, found a number"));
        let p = err(
            "aws_s3_bucket_cors_configuration",
            json!({"cors_rule": [{"max_age_seconds": 1.5}]}),
        )
        .unwrap();
        assert!(p.message.contains("must be a whole number, found a number"));
    }
}
