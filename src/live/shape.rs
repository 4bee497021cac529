//! S3 answers → canonical part values.
//!
//! The shapes are defined once, in [`crate::model::paths`], and built by the normalisers
//! of [`crate::model::canon`]. This file only feeds them: it calls a part's `canonical`
//! entry point with the API's fields, or, for the rule collections (lifecycle,
//! replication), writes the answer the way the provider's split resource records it after
//! a read and hands that to the same `from_split` the state side uses. Both sides then go
//! through one code path and cannot disagree on a shape.

use crate::model::canon;
use aws_sdk_s3::operation::{
    get_bucket_acl::GetBucketAclOutput, get_bucket_cors::GetBucketCorsOutput,
    get_bucket_encryption::GetBucketEncryptionOutput,
    get_bucket_lifecycle_configuration::GetBucketLifecycleConfigurationOutput,
    get_bucket_logging::GetBucketLoggingOutput,
    get_bucket_ownership_controls::GetBucketOwnershipControlsOutput,
    get_bucket_policy::GetBucketPolicyOutput, get_bucket_replication::GetBucketReplicationOutput,
    get_bucket_tagging::GetBucketTaggingOutput, get_bucket_versioning::GetBucketVersioningOutput,
    get_bucket_website::GetBucketWebsiteOutput,
    get_object_lock_configuration::GetObjectLockConfigurationOutput,
    get_public_access_block::GetPublicAccessBlockOutput,
};
use aws_sdk_s3::types::Tag;
use aws_smithy_types::date_time::Format;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// `versioning`: always a value; no `Status` means never enabled (`Disabled`).
pub fn versioning(out: &GetBucketVersioningOutput) -> Option<Value> {
    Some(canon::versioning::canonical(
        out.status().map(|s| s.as_str()),
        out.mfa_delete().map(|m| m.as_str()),
    ))
}

/// `server_side_encryption_configuration`: S3 applies the first rule.
pub fn encryption(out: &GetBucketEncryptionOutput) -> Option<Value> {
    let rule = out
        .server_side_encryption_configuration()?
        .rules()
        .first()?;
    let by_default = rule.apply_server_side_encryption_by_default()?;
    Some(canon::encryption::canonical(
        by_default.sse_algorithm().as_str(),
        by_default.kms_master_key_id(),
        rule.bucket_key_enabled().unwrap_or(false),
    ))
}

fn date(d: Option<&aws_smithy_types::DateTime>) -> Value {
    d.and_then(|d| d.fmt(Format::DateTime).ok())
        .map(Value::String)
        .unwrap_or(Value::Null)
}

fn opt<T: Into<Value>>(v: Option<T>) -> Value {
    v.map(Into::into).unwrap_or(Value::Null)
}

fn tag_blocks(tags: &[Tag]) -> Value {
    Value::Array(
        tags.iter()
            .map(|t| json!({"key": t.key(), "value": t.value()}))
            .collect(),
    )
}

fn tag_map(tags: &[Tag]) -> Value {
    Value::Object(
        tags.iter()
            .map(|t| (t.key().to_string(), Value::String(t.value().to_string())))
            .collect::<Map<_, _>>(),
    )
}

/// `lifecycle_rule`: the rules as `aws_s3_bucket_lifecycle_configuration` records them.
// The rule-level `Prefix` is deprecated in the API but still answered for rules written
// with it (provider v3 and old split configurations), so it must be read.
#[allow(deprecated)]
pub fn lifecycle(out: &GetBucketLifecycleConfigurationOutput) -> Option<Value> {
    let rules: Vec<Value> = out
        .rules()
        .iter()
        .map(|r| {
            let filter = r.filter().map(|f| {
                json!({
                    "prefix": opt(f.prefix()),
                    "tag": f.tag().map(|t| tag_blocks(std::slice::from_ref(t))).unwrap_or(json!([])),
                    "object_size_greater_than": opt(f.object_size_greater_than()),
                    "object_size_less_than": opt(f.object_size_less_than()),
                    "and": f.and().map(|a| json!([{
                        "prefix": opt(a.prefix()),
                        "tags": tag_map(a.tags()),
                        "object_size_greater_than": opt(a.object_size_greater_than()),
                        "object_size_less_than": opt(a.object_size_less_than()),
                    }])).unwrap_or(json!([])),
                })
            });
            let expiration = r.expiration().map(|e| {
                json!({
                    "days": opt(e.days()),
                    "date": date(e.date()),
                    "expired_object_delete_marker": opt(e.expired_object_delete_marker()),
                })
            });
            let transitions: Vec<Value> = r
                .transitions()
                .iter()
                .map(|t| {
                    json!({
                        "storage_class": opt(t.storage_class().map(|s| s.as_str())),
                        "days": opt(t.days()),
                        "date": date(t.date()),
                    })
                })
                .collect();
            let nc_transitions: Vec<Value> = r
                .noncurrent_version_transitions()
                .iter()
                .map(|t| {
                    json!({
                        "storage_class": opt(t.storage_class().map(|s| s.as_str())),
                        "noncurrent_days": opt(t.noncurrent_days()),
                        "newer_noncurrent_versions": opt(t.newer_noncurrent_versions()),
                    })
                })
                .collect();
            let nc_expiration = r.noncurrent_version_expiration().map(|e| {
                json!({
                    "noncurrent_days": opt(e.noncurrent_days()),
                    "newer_noncurrent_versions": opt(e.newer_noncurrent_versions()),
                })
            });
            let abort = r.abort_incomplete_multipart_upload().map(|a| {
                json!({"days_after_initiation": opt(a.days_after_initiation())})
            });
            json!({
                "id": opt(r.id()),
                "status": r.status().as_str(),
                "prefix": opt(r.prefix()),
                "filter": filter.map(|f| json!([f])).unwrap_or(json!([])),
                "expiration": expiration.map(|e| json!([e])).unwrap_or(json!([])),
                "transition": transitions,
                "noncurrent_version_expiration": nc_expiration.map(|e| json!([e])).unwrap_or(json!([])),
                "noncurrent_version_transition": nc_transitions,
                "abort_incomplete_multipart_upload": abort.map(|a| json!([a])).unwrap_or(json!([])),
            })
        })
        .collect();
    canon::lifecycle::from_split(&json!({ "rule": rules }))
}

fn status_block<S: AsRef<str>>(status: Option<S>) -> Value {
    match status {
        Some(s) => json!([{"status": s.as_ref()}]),
        None => json!([]),
    }
}

/// `replication_configuration`: the rules as `aws_s3_bucket_replication_configuration`
/// records them.
// As for lifecycle, the deprecated rule-level `Prefix` is still answered for V1 rules.
#[allow(deprecated)]
pub fn replication(out: &GetBucketReplicationOutput) -> Option<Value> {
    let cfg = out.replication_configuration()?;
    let rules: Vec<Value> = cfg
        .rules()
        .iter()
        .map(|r| {
            let filter = r.filter().map(|f| {
                json!([{
                    "prefix": opt(f.prefix()),
                    "tag": f.tag().map(|t| tag_blocks(std::slice::from_ref(t))).unwrap_or(json!([])),
                    "and": f.and().map(|a| json!([{"prefix": opt(a.prefix()), "tags": tag_map(a.tags())}])).unwrap_or(json!([])),
                }])
            });
            let destination = r.destination().map(|d| {
                json!([{
                    "bucket": d.bucket(),
                    "account": opt(d.account()),
                    "storage_class": opt(d.storage_class().map(|s| s.as_str())),
                    "access_control_translation": d.access_control_translation()
                        .map(|a| json!([{"owner": a.owner().as_str()}])).unwrap_or(json!([])),
                    "encryption_configuration": d.encryption_configuration()
                        .map(|e| json!([{"replica_kms_key_id": opt(e.replica_kms_key_id())}])).unwrap_or(json!([])),
                    "replication_time": d.replication_time().map(|t| json!([{
                        "status": t.status().as_str(),
                        "time": t.time().map(|v| json!([{"minutes": opt(v.minutes())}])).unwrap_or(json!([])),
                    }])).unwrap_or(json!([])),
                    "metrics": d.metrics().map(|m| json!([{
                        "status": m.status().as_str(),
                        "event_threshold": m.event_threshold().map(|v| json!([{"minutes": opt(v.minutes())}])).unwrap_or(json!([])),
                    }])).unwrap_or(json!([])),
                }])
            });
            let ssc = r.source_selection_criteria().map(|s| {
                json!([{
                    "sse_kms_encrypted_objects": status_block(s.sse_kms_encrypted_objects().map(|x| x.status().as_str())),
                    "replica_modifications": status_block(s.replica_modifications().map(|x| x.status().as_str())),
                }])
            });
            json!({
                "id": opt(r.id()),
                "priority": opt(r.priority()),
                "status": r.status().as_str(),
                "prefix": opt(r.prefix()),
                "filter": filter.unwrap_or(json!([])),
                "delete_marker_replication": status_block(
                    r.delete_marker_replication().and_then(|d| d.status()).map(|s| s.as_str())),
                "existing_object_replication": status_block(
                    r.existing_object_replication().map(|e| e.status().as_str())),
                "destination": destination.unwrap_or(json!([])),
                "source_selection_criteria": ssc.unwrap_or(json!([])),
            })
        })
        .collect();
    canon::replication::from_split(&json!({"role": cfg.role(), "rule": rules}))
}

/// `logging`: `None` (absent) when the answer has no `LoggingEnabled`.
pub fn logging(out: &GetBucketLoggingOutput) -> Option<Value> {
    let l = out.logging_enabled()?;
    canon::logging::canonical(Some(l.target_bucket()), Some(l.target_prefix()))
}

/// `public_access_block`: an unset flag is `false` (the API's default).
pub fn public_access_block(out: &GetPublicAccessBlockOutput) -> Option<Value> {
    let c = out.public_access_block_configuration()?;
    Some(canon::public_access_block::canonical([
        c.block_public_acls().unwrap_or(false),
        c.block_public_policy().unwrap_or(false),
        c.ignore_public_acls().unwrap_or(false),
        c.restrict_public_buckets().unwrap_or(false),
    ]))
}

/// `cors_rule`: rules keyed by `id` or content.
pub fn cors(out: &GetBucketCorsOutput) -> Option<Value> {
    let mut rules = BTreeMap::new();
    for r in out.cors_rules() {
        let v = canon::cors::canonical_rule(
            r.allowed_headers().to_vec(),
            r.allowed_methods().to_vec(),
            r.allowed_origins().to_vec(),
            r.expose_headers().to_vec(),
            r.max_age_seconds().map(i64::from),
        );
        rules.insert(canon::cors::rule_key(r.id(), &v), v);
    }
    (!rules.is_empty()).then(|| Value::Object(rules.into_iter().collect()))
}

/// `website`: S3 API-shaped routing rules, in order.
pub fn website(out: &GetBucketWebsiteOutput) -> Option<Value> {
    let redirect = out.redirect_all_requests_to().and_then(|r| {
        canon::website::redirect_target(Some(r.host_name()), r.protocol().map(|p| p.as_str()))
    });
    let rules: Vec<Value> = out
        .routing_rules()
        .iter()
        .map(|r| {
            let mut rule = Map::new();
            if let Some(c) = r.condition() {
                rule.insert(
                    "Condition".into(),
                    json!({
                        "HttpErrorCodeReturnedEquals": opt(c.http_error_code_returned_equals()),
                        "KeyPrefixEquals": opt(c.key_prefix_equals()),
                    }),
                );
            }
            if let Some(d) = r.redirect() {
                rule.insert(
                    "Redirect".into(),
                    json!({
                        "HostName": opt(d.host_name()),
                        "HttpRedirectCode": opt(d.http_redirect_code()),
                        "Protocol": opt(d.protocol().map(|p| p.as_str())),
                        "ReplaceKeyPrefixWith": opt(d.replace_key_prefix_with()),
                        "ReplaceKeyWith": opt(d.replace_key_with()),
                    }),
                );
            }
            Value::Object(rule)
        })
        .collect();
    let mut value = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            value.insert(k.to_string(), v);
        }
    };
    let nonempty = |s: &str| (!s.is_empty()).then(|| Value::String(s.to_string()));
    put(
        "index_document",
        out.index_document().and_then(|d| nonempty(d.suffix())),
    );
    put(
        "error_document",
        out.error_document().and_then(|d| nonempty(d.key())),
    );
    put("redirect_all_requests_to", redirect.map(Value::String));
    put(
        "routing_rules",
        canon::website::canonical_routing_rules(&rules),
    );
    Some(Value::Object(value))
}

/// `object_lock_configuration`: only a value when Object Lock is enabled.
pub fn object_lock(out: &GetObjectLockConfigurationOutput) -> Option<Value> {
    let c = out.object_lock_configuration()?;
    let enabled = c.object_lock_enabled().map(|e| e.as_str()) == Some("Enabled");
    let retention = c.rule().and_then(|r| r.default_retention());
    canon::object_lock::canonical(
        enabled,
        retention.and_then(|d| d.mode()).map(|m| m.as_str()),
        retention.and_then(|d| d.days()).map(i64::from),
        retention.and_then(|d| d.years()).map(i64::from),
    )
}

/// `policy`: the parsed document (kept as text if S3 ever answers something that is not
/// JSON, so the difference still shows).
pub fn policy(out: &GetBucketPolicyOutput) -> Option<Value> {
    match canon::policy::parse(out.policy()) {
        canon::policy::Policy::Absent => None,
        canon::policy::Policy::Document(v) => Some(v),
        canon::policy::Policy::Unparsable(text, _) => Some(Value::String(text)),
    }
}

/// `acl`, plus the owner's canonical id (grants to it are written `owner`).
pub fn acl(out: &GetBucketAclOutput) -> (Option<Value>, Option<String>) {
    let owner = out
        .owner()
        .and_then(|o| o.id())
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let grants: Vec<String> = out
        .grants()
        .iter()
        .filter_map(|g| {
            let permission = g.permission()?.as_str();
            let who = g.grantee()?;
            let grantee = canon::acl::grantee(
                who.r#type().as_str(),
                who.id(),
                who.uri(),
                who.email_address(),
                owner.as_deref(),
            )?;
            Some(canon::acl::grant(permission, &grantee))
        })
        .collect();
    (Some(canon::acl::canonical(grants)), owner)
}

/// `ownership_controls`: the first rule (S3 allows one).
pub fn ownership(out: &GetBucketOwnershipControlsOutput) -> Option<Value> {
    let rule = out.ownership_controls()?.rules().first()?;
    Some(canon::ownership::canonical(
        rule.object_ownership().as_str(),
    ))
}

/// `tags`: `None` (absent) for an empty tag set.
pub fn tags(out: &GetBucketTaggingOutput) -> Option<Value> {
    canon::tags::canonical(
        out.tag_set()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_s3::types::{
        Grant, Grantee, LifecycleExpiration, LifecycleRule, LifecycleRuleFilter, Owner, Permission,
        Transition, TransitionStorageClass, Type,
    };

    #[test]
    fn versioning_never_enabled_is_disabled() {
        let out = GetBucketVersioningOutput::builder().build();
        assert_eq!(
            versioning(&out),
            Some(json!({"status": "Disabled", "mfa_delete": false}))
        );
    }

    #[test]
    fn acl_names_the_owner_and_groups() {
        let owner = "abc123";
        let out = GetBucketAclOutput::builder()
            .owner(Owner::builder().id(owner).build())
            .grants(
                Grant::builder()
                    .grantee(
                        Grantee::builder()
                            .r#type(Type::CanonicalUser)
                            .id(owner)
                            .build()
                            .unwrap(),
                    )
                    .permission(Permission::FullControl)
                    .build(),
            )
            .grants(
                Grant::builder()
                    .grantee(
                        Grantee::builder()
                            .r#type(Type::Group)
                            .uri("http://acs.amazonaws.com/groups/s3/LogDelivery")
                            .build()
                            .unwrap(),
                    )
                    .permission(Permission::Write)
                    .build(),
            )
            .build();
        let (value, owner_id) = acl(&out);
        assert_eq!(owner_id.as_deref(), Some(owner));
        assert_eq!(
            value,
            Some(json!({"grant": ["FULL_CONTROL owner", "WRITE group:LogDelivery"]}))
        );
    }

    #[test]
    fn lifecycle_matches_the_state_side() {
        let rule = LifecycleRule::builder()
            .id("logs")
            .status(aws_sdk_s3::types::ExpirationStatus::Enabled)
            .filter(LifecycleRuleFilter::builder().prefix("logs/").build())
            .expiration(LifecycleExpiration::builder().days(30).build())
            .transitions(
                Transition::builder()
                    .days(7)
                    .storage_class(TransitionStorageClass::StandardIa)
                    .build(),
            )
            .build()
            .unwrap();
        let out = GetBucketLifecycleConfigurationOutput::builder()
            .rules(rule)
            .build();
        let state = json!({"rule": [{"id": "logs", "status": "Enabled", "prefix": "",
            "filter": [{"prefix": "logs/", "and": [], "tag": [], "object_size_greater_than": "", "object_size_less_than": ""}],
            "expiration": [{"days": 30, "date": "", "expired_object_delete_marker": false}],
            "transition": [{"days": 7, "date": "", "storage_class": "STANDARD_IA"}],
            "noncurrent_version_expiration": [], "noncurrent_version_transition": [],
            "abort_incomplete_multipart_upload": []}]});
        assert_eq!(
            lifecycle(&out),
            canon::lifecycle::from_split(&state),
            "live and state shapes differ"
        );
        assert!(lifecycle(&out).is_some());
    }
}
