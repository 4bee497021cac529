//! The new value a configuration event carries, from its `requestParameters`, in the part's
//! canonical shape (the table in [`crate::model::paths`]).
//!
//! `requestParameters` is the request's XML body turned into JSON (FACTS.md, CloudTrail):
//! one child element is an object and several are an array, `xmlns` keys sit inside
//! objects, numbers and booleans may arrive as strings, and the body may be missing
//! altogether (`requestParameters: null`, or a recorded call with only `bucketName`). A
//! missing body gives [`NewValue::Unknown`]: the event touched the part, but says nothing
//! about the value.

use super::event::NewValue;
use crate::model::canon;
use crate::model::paths::content_key;
use crate::model::Part;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The new value `event_name` gave `part`, read from `params` (`requestParameters`).
pub fn new_value(event_name: &str, part: Part, params: Option<&Value>) -> NewValue {
    if event_name.starts_with("Delete") {
        return NewValue::Absent;
    }
    let Some(params) = params.filter(|p| p.is_object()) else {
        return NewValue::Unknown;
    };
    let value = match part {
        Part::Versioning => return versioning(params),
        Part::ServerSideEncryptionConfiguration => encryption(params),
        Part::LifecycleRule => return lifecycle(params),
        Part::ReplicationConfiguration => replication(params),
        Part::Logging => return logging(params),
        Part::PublicAccessBlock => public_access_block(params),
        Part::CorsRule => return cors(params),
        Part::Website => website(params),
        Part::ObjectLockConfiguration => object_lock(params),
        Part::Policy => policy(params),
        Part::Acl => acl(params),
        Part::OwnershipControls => ownership(params),
        Part::Tags => return tags(params),
    };
    value.map_or(NewValue::Unknown, NewValue::Set)
}

/// The child elements called `key`: none, one (an object) or several (an array).
fn many<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    match v.get(key) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(one) => vec![one],
    }
}

/// A child object, or the first of several.
fn child<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    many(v, key).into_iter().find(|c| c.is_object())
}

/// A text element (a one-element array of text reads as its text).
fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    match v.get(key)? {
        Value::String(s) => Some(s.as_str()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.first().and_then(Value::as_str).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// A number element, written as a number or a numeric string.
fn number(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A boolean element, written as a boolean or as `"true"`/`"false"`.
fn boolean(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An object built from optional entries: unset entries are left out (the canonical rule).
#[derive(Default)]
struct Obj(BTreeMap<String, Value>);

impl Obj {
    fn text(mut self, key: &str, value: Option<&str>) -> Self {
        if let Some(s) = value.filter(|s| !s.is_empty()) {
            self.0.insert(key.into(), Value::from(s));
        }
        self
    }
    fn number(mut self, key: &str, value: Option<i64>) -> Self {
        if let Some(n) = value {
            self.0.insert(key.into(), Value::from(n));
        }
        self
    }
    fn flag(mut self, key: &str, value: bool) -> Self {
        self.0.insert(key.into(), Value::Bool(value));
        self
    }
    fn value(mut self, key: &str, value: Option<Value>) -> Self {
        if let Some(v) = value {
            self.0.insert(key.into(), v);
        }
        self
    }
    fn list(mut self, key: &str, mut items: Vec<String>) -> Self {
        items.sort();
        items.dedup();
        if !items.is_empty() {
            self.0.insert(key.into(), Value::from(items));
        }
        self
    }
    fn finish(self) -> Option<Value> {
        (!self.0.is_empty()).then(|| self.build())
    }
    fn build(self) -> Value {
        Value::Object(self.0.into_iter().collect::<Map<_, _>>())
    }
}

fn keyed(rules: BTreeMap<String, Value>) -> Option<Value> {
    (!rules.is_empty()).then(|| Value::Object(rules.into_iter().collect()))
}

/// The rule key: its `ID`, or a content key over the canonical rule (as the model does for
/// rules without id).
fn rule_key(id: Option<&str>, rule: &Value) -> String {
    match id {
        Some(id) => id.to_string(),
        None => content_key(rule),
    }
}

fn versioning(p: &Value) -> NewValue {
    let Some(cfg) = child(p, "VersioningConfiguration") else {
        return NewValue::Unknown;
    };
    let status = text(cfg, "Status");
    // The request names MFA delete as `MfaDelete` (the GET answer says `MFADelete`).
    let mfa = text(cfg, "MfaDelete").or_else(|| text(cfg, "MFADelete"));
    let full = canon::versioning::canonical(status, mfa);
    let mut out = Map::new();
    if status.is_some() {
        if let Some(s) = full.get("status") {
            out.insert("status".into(), s.clone());
        }
    }
    if mfa.is_some() {
        if let Some(m) = full.get("mfa_delete") {
            out.insert("mfa_delete".into(), m.clone());
        }
    }
    match (status.is_some(), mfa.is_some()) {
        (false, false) => NewValue::Unknown,
        (true, true) => NewValue::Set(full),
        // S3 keeps the MFA delete setting when a request leaves it out.
        _ => NewValue::Merge(Value::Object(out)),
    }
}

fn encryption(p: &Value) -> Option<Value> {
    let cfg = child(p, "ServerSideEncryptionConfiguration")?;
    // S3 applies the first rule.
    let rule = child(cfg, "Rule")?;
    let by_default = child(rule, "ApplyServerSideEncryptionByDefault")?;
    let algorithm = text(by_default, "SSEAlgorithm")?;
    Some(canon::encryption::canonical(
        algorithm,
        text(by_default, "KMSMasterKeyID"),
        boolean(rule, "BucketKeyEnabled").unwrap_or(false),
    ))
}

fn lifecycle_filter(f: &Value) -> Option<Value> {
    let and = child(f, "And");
    let source = and.unwrap_or(f);
    let mut tags = BTreeMap::new();
    for tag in many(source, "Tag") {
        if let Some(k) = text(tag, "Key") {
            tags.insert(k.to_string(), Value::from(text(tag, "Value").unwrap_or("")));
        }
    }
    let mut obj = Obj::default()
        .text(
            "prefix",
            text(source, "Prefix").or_else(|| text(f, "Prefix")),
        )
        .number(
            "object_size_greater_than",
            number(source, "ObjectSizeGreaterThan").filter(|n| *n != 0),
        )
        .number(
            "object_size_less_than",
            number(source, "ObjectSizeLessThan").filter(|n| *n != 0),
        );
    if !tags.is_empty() {
        obj = obj.value("tags", Some(Value::Object(tags.into_iter().collect())));
    }
    obj.finish()
}

fn transitions(rule: &Value, key: &str, days_key: &str) -> Option<Value> {
    let mut out = BTreeMap::new();
    for t in many(rule, key) {
        let Some(class) = text(t, "StorageClass") else {
            continue;
        };
        let v = if days_key == "days" {
            Obj::default()
                .number("days", number(t, "Days"))
                .text("date", text(t, "Date"))
                .build()
        } else {
            Obj::default()
                .number("noncurrent_days", number(t, "NoncurrentDays"))
                .number(
                    "newer_noncurrent_versions",
                    number(t, "NewerNoncurrentVersions"),
                )
                .build()
        };
        out.insert(class.to_string(), v);
    }
    keyed(out)
}

fn lifecycle(p: &Value) -> NewValue {
    let Some(cfg) = child(p, "LifecycleConfiguration") else {
        return NewValue::Unknown;
    };
    let mut rules = BTreeMap::new();
    for r in many(cfg, "Rule") {
        let filter = child(r, "Filter")
            .and_then(lifecycle_filter)
            // The older API form: `Prefix` on the rule itself.
            .or_else(|| Obj::default().text("prefix", text(r, "Prefix")).finish());
        let expiration = child(r, "Expiration").and_then(|e| {
            let marker = boolean(e, "ExpiredObjectDeleteMarker");
            let mut o = Obj::default()
                .number("days", number(e, "Days"))
                .text("date", text(e, "Date"));
            if marker == Some(true) {
                o = o.flag("expired_object_delete_marker", true);
            }
            o.finish()
        });
        let nve = child(r, "NoncurrentVersionExpiration").and_then(|e| {
            Obj::default()
                .number("noncurrent_days", number(e, "NoncurrentDays"))
                .number(
                    "newer_noncurrent_versions",
                    number(e, "NewerNoncurrentVersions"),
                )
                .finish()
        });
        let abort = child(r, "AbortIncompleteMultipartUpload").and_then(|a| {
            Obj::default()
                .number("days_after_initiation", number(a, "DaysAfterInitiation"))
                .finish()
        });
        let rule = Obj::default()
            .text("status", text(r, "Status"))
            .value("filter", filter)
            .value("expiration", expiration)
            .value("transition", transitions(r, "Transition", "days"))
            .value("noncurrent_version_expiration", nve)
            .value(
                "noncurrent_version_transition",
                transitions(r, "NoncurrentVersionTransition", "noncurrent_days"),
            )
            .value("abort_incomplete_multipart_upload", abort)
            .build();
        rules.insert(rule_key(text(r, "ID"), &rule), rule);
    }
    keyed(rules).map_or(NewValue::Absent, NewValue::Set)
}

fn status_of(v: &Value, key: &str) -> Option<String> {
    child(v, key)
        .and_then(|c| text(c, "Status"))
        .map(str::to_string)
}

fn replication(p: &Value) -> Option<Value> {
    let cfg = child(p, "ReplicationConfiguration")?;
    let mut rules = BTreeMap::new();
    for r in many(cfg, "Rule") {
        let dest = child(r, "Destination");
        let destination = dest.map(|d| {
            let timing = |key: &str, inner: &str| {
                child(d, key).map(|rt| {
                    Obj::default()
                        .text("status", text(rt, "Status"))
                        .number(
                            "minutes",
                            child(rt, inner).and_then(|t| number(t, "Minutes")),
                        )
                        .build()
                })
            };
            Obj::default()
                .text("bucket", text(d, "Bucket"))
                .text("storage_class", text(d, "StorageClass"))
                .text("account", text(d, "Account"))
                .value(
                    "access_control_translation",
                    child(d, "AccessControlTranslation")
                        .and_then(|a| Obj::default().text("owner", text(a, "Owner")).finish()),
                )
                .value(
                    "encryption_configuration",
                    child(d, "EncryptionConfiguration").and_then(|e| {
                        Obj::default()
                            .text("replica_kms_key_id", text(e, "ReplicaKmsKeyID"))
                            .finish()
                    }),
                )
                .value("replication_time", timing("ReplicationTime", "Time"))
                .value("metrics", timing("Metrics", "EventThreshold"))
                .build()
        });
        let ssc = child(r, "SourceSelectionCriteria").and_then(|s| {
            Obj::default()
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
        let rule = Obj::default()
            .text("status", text(r, "Status"))
            .number("priority", number(r, "Priority"))
            .value(
                "filter",
                child(r, "Filter")
                    .and_then(lifecycle_filter)
                    .or_else(|| Obj::default().text("prefix", text(r, "Prefix")).finish()),
            )
            .text(
                "delete_marker_replication",
                status_of(r, "DeleteMarkerReplication").as_deref(),
            )
            .value("destination", destination)
            .value("source_selection_criteria", ssc)
            .build();
        rules.insert(rule_key(text(r, "ID"), &rule), rule);
    }
    Obj::default()
        .text("role", text(cfg, "Role"))
        .value("rules", keyed(rules))
        .finish()
}

fn logging(p: &Value) -> NewValue {
    let Some(status) = p.get("BucketLoggingStatus").filter(|s| !s.is_null()) else {
        return NewValue::Unknown;
    };
    // A `BucketLoggingStatus` without `LoggingEnabled` turns logging off (corpus:
    // PutBucketLogging__panther-analysis__1).
    match child(status, "LoggingEnabled") {
        None => NewValue::Absent,
        Some(enabled) => Obj::default()
            .text("target_bucket", text(enabled, "TargetBucket"))
            .text("target_prefix", text(enabled, "TargetPrefix"))
            .finish()
            .map_or(NewValue::Unknown, NewValue::Set),
    }
}

fn public_access_block(p: &Value) -> Option<Value> {
    let cfg = child(p, "PublicAccessBlockConfiguration")?;
    // A setting left out of the request is false (S3 API).
    let flag = |k: &str| boolean(cfg, k).unwrap_or(false);
    Some(
        Obj::default()
            .flag("block_public_acls", flag("BlockPublicAcls"))
            .flag("block_public_policy", flag("BlockPublicPolicy"))
            .flag("ignore_public_acls", flag("IgnorePublicAcls"))
            .flag("restrict_public_buckets", flag("RestrictPublicBuckets"))
            .build(),
    )
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    match v.get(key) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

fn cors(p: &Value) -> NewValue {
    let Some(cfg) = child(p, "CORSConfiguration") else {
        return NewValue::Unknown;
    };
    let mut rules = BTreeMap::new();
    for r in many(cfg, "CORSRule") {
        let rule = Obj::default()
            .list("allowed_headers", strings(r, "AllowedHeader"))
            .list("allowed_methods", strings(r, "AllowedMethod"))
            .list("allowed_origins", strings(r, "AllowedOrigin"))
            .list("expose_headers", strings(r, "ExposeHeader"))
            .number("max_age_seconds", number(r, "MaxAgeSeconds"))
            .build();
        rules.insert(rule_key(text(r, "ID"), &rule), rule);
    }
    keyed(rules).map_or(NewValue::Absent, NewValue::Set)
}

/// Renames XML element names to the S3 API's shape: drops `xmlns*` keys, keeps the rest.
fn api_shaped(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with("xmlns"))
                .map(|(k, v)| (k.clone(), api_shaped(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(api_shaped).collect()),
        other => other.clone(),
    }
}

fn website(p: &Value) -> Option<Value> {
    let cfg = child(p, "WebsiteConfiguration")?;
    let redirect = child(cfg, "RedirectAllRequestsTo").and_then(|r| {
        let host = text(r, "HostName")?;
        Some(match text(r, "Protocol") {
            Some(proto) => format!("{proto}://{host}"),
            None => host.to_string(),
        })
    });
    let routing = child(cfg, "RoutingRules").map(|rr| {
        Value::Array(
            many(rr, "RoutingRule")
                .into_iter()
                .map(api_shaped)
                .collect(),
        )
    });
    Obj::default()
        .text(
            "index_document",
            child(cfg, "IndexDocument").and_then(|i| text(i, "Suffix")),
        )
        .text(
            "error_document",
            child(cfg, "ErrorDocument").and_then(|e| text(e, "Key")),
        )
        .text("redirect_all_requests_to", redirect.as_deref())
        .value(
            "routing_rules",
            routing.filter(|r| r.as_array().is_some_and(|a| !a.is_empty())),
        )
        .finish()
}

fn object_lock(p: &Value) -> Option<Value> {
    let cfg = child(p, "ObjectLockConfiguration")?;
    let retention = child(cfg, "Rule")
        .and_then(|r| child(r, "DefaultRetention"))
        .and_then(|d| {
            Obj::default()
                .text("mode", text(d, "Mode"))
                .number("days", number(d, "Days"))
                .number("years", number(d, "Years"))
                .finish()
        });
    Obj::default()
        .text(
            "object_lock_enabled",
            text(cfg, "ObjectLockEnabled").or(Some("Enabled")),
        )
        .value(
            "rule",
            retention.map(|r| Obj::default().value("default_retention", Some(r)).build()),
        )
        .finish()
}

fn policy(p: &Value) -> Option<Value> {
    match p.get("bucketPolicy")? {
        Value::Object(_) => Some(api_shaped(p.get("bucketPolicy")?)),
        // Some records carry the policy as a JSON string; one that does not parse carries no
        // usable value (corpus: PutBucketPolicy__panther-analysis__4).
        Value::String(s) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(Value::is_object),
        _ => None,
    }
}

/// The short name of a grantee group URI: `…/groups/global/AllUsers` → `AllUsers`,
/// `…/groups/s3/LogDelivery` → `LogDelivery`.
fn group_name(uri: &str) -> &str {
    uri.trim_end_matches('/').rsplit('/').next().unwrap_or(uri)
}

/// The grants of a canned ACL (`x-amz-acl`), in the model's grant strings. Canned ACLs
/// that only make sense on objects, or name an AWS-owned grantee, carry no usable value.
pub fn canned_grants(acl: &str) -> Option<Vec<String>> {
    let owner = "FULL_CONTROL owner".to_string();
    Some(match acl {
        "private" => vec![owner],
        "public-read" => vec![owner, "READ group:AllUsers".into()],
        "public-read-write" => vec![
            owner,
            "READ group:AllUsers".into(),
            "WRITE group:AllUsers".into(),
        ],
        "authenticated-read" => vec![owner, "READ group:AuthenticatedUsers".into()],
        "log-delivery-write" => vec![
            owner,
            "READ_ACP group:LogDelivery".into(),
            "WRITE group:LogDelivery".into(),
        ],
        _ => return None,
    })
}

/// `x-amz-grant-read: id="…", uri="…"` headers → grant strings.
fn header_grants(p: &Value) -> Vec<String> {
    const HEADERS: &[(&str, &str)] = &[
        ("x-amz-grant-read", "READ"),
        ("x-amz-grant-write", "WRITE"),
        ("x-amz-grant-read-acp", "READ_ACP"),
        ("x-amz-grant-write-acp", "WRITE_ACP"),
        ("x-amz-grant-full-control", "FULL_CONTROL"),
    ];
    let mut out = Vec::new();
    for (header, permission) in HEADERS {
        for value in strings(p, header) {
            for grantee in value.split(',') {
                let Some((kind, v)) = grantee.trim().split_once('=') else {
                    continue;
                };
                let v = v.trim().trim_matches('"');
                let who = match kind.trim() {
                    "id" => format!("id:{v}"),
                    "uri" => format!("group:{}", group_name(v)),
                    "emailAddress" => format!("email:{v}"),
                    _ => continue,
                };
                out.push(format!("{permission} {who}"));
            }
        }
    }
    out
}

fn acl(p: &Value) -> Option<Value> {
    let grants = if let Some(policy) = child(p, "AccessControlPolicy") {
        let owner = child(policy, "Owner").and_then(|o| text(o, "ID"));
        let list = child(policy, "AccessControlList")?;
        let mut out = Vec::new();
        for g in many(list, "Grant") {
            let Some(permission) = text(g, "Permission") else {
                continue;
            };
            let Some(grantee) = child(g, "Grantee") else {
                continue;
            };
            let who = if let Some(uri) = text(grantee, "URI") {
                format!("group:{}", group_name(uri))
            } else if let Some(id) = text(grantee, "ID") {
                if Some(id) == owner {
                    "owner".to_string()
                } else {
                    format!("id:{id}")
                }
            } else if let Some(email) = text(grantee, "EmailAddress") {
                format!("email:{email}")
            } else {
                continue;
            };
            out.push(format!("{permission} {who}"));
        }
        out
    } else if let Some(canned) = text(p, "x-amz-acl") {
        canned_grants(canned)?
    } else {
        let headers = header_grants(p);
        if headers.is_empty() {
            return None;
        }
        headers
    };
    Some(Obj::default().list("grant", grants).build())
}

fn ownership(p: &Value) -> Option<Value> {
    let cfg = child(p, "OwnershipControls")?;
    let rule = child(cfg, "Rule")?;
    Obj::default()
        .text("object_ownership", text(rule, "ObjectOwnership"))
        .finish()
}

fn tags(p: &Value) -> NewValue {
    let Some(tagging) = child(p, "Tagging") else {
        return NewValue::Unknown;
    };
    let mut out = BTreeMap::new();
    for set in many(tagging, "TagSet") {
        for tag in many(set, "Tag") {
            if let Some(k) = text(tag, "Key") {
                out.insert(k.to_string(), Value::from(text(tag, "Value").unwrap_or("")));
            }
        }
    }
    keyed(out).map_or(NewValue::Absent, NewValue::Set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(event: &str, part: Part, params: Value) -> Value {
        match new_value(event, part, Some(&params)) {
            NewValue::Set(v) => v,
            other => panic!("{event}: expected a value, got {other:?}"),
        }
    }

    #[test]
    fn versioning_full_and_partial() {
        assert_eq!(
            new_value(
                "PutBucketVersioning",
                Part::Versioning,
                Some(&json!({"VersioningConfiguration": {"Status": "Suspended"}}))
            ),
            NewValue::Merge(json!({"status": "Suspended"}))
        );
        assert_eq!(
            set(
                "PutBucketVersioning",
                Part::Versioning,
                json!({"VersioningConfiguration": {"xmlns": "x", "Status": "Enabled", "MfaDelete": "Disabled"}})
            ),
            json!({"status": "Enabled", "mfa_delete": false})
        );
    }

    #[test]
    fn one_child_or_many_and_xmlns() {
        let one = json!({"LifecycleConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
            "Rule": {"ID": "a", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": "30"}}}});
        let many = json!({"LifecycleConfiguration": {"Rule": [
            {"ID": "a", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 30}},
            {"ID": "b", "Status": "Disabled", "Filter": {"And": {"Prefix": "tmp/", "Tag": [{"Key": "k", "Value": "v"}]}},
             "Transition": [{"Days": 30, "StorageClass": "STANDARD_IA"}, {"Days": 90, "StorageClass": "GLACIER"}],
             "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]}});
        let a =
            json!({"status": "Enabled", "filter": {"prefix": "logs/"}, "expiration": {"days": 30}});
        assert_eq!(
            set("PutBucketLifecycle", Part::LifecycleRule, one),
            json!({"a": a})
        );
        let v = set("PutBucketLifecycle", Part::LifecycleRule, many);
        assert_eq!(v["a"], a);
        assert_eq!(
            v["b"],
            json!({"status": "Disabled", "filter": {"prefix": "tmp/", "tags": {"k": "v"}},
                   "transition": {"GLACIER": {"days": 90}, "STANDARD_IA": {"days": 30}},
                   "abort_incomplete_multipart_upload": {"days_after_initiation": 7}})
        );
    }

    #[test]
    fn policy_object_or_string() {
        let doc = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        assert_eq!(
            set(
                "PutBucketPolicy",
                Part::Policy,
                json!({"bucketPolicy": doc.clone()})
            ),
            doc
        );
        assert_eq!(
            set(
                "PutBucketPolicy",
                Part::Policy,
                json!({"bucketPolicy": doc.to_string()})
            ),
            doc
        );
        assert_eq!(
            new_value(
                "PutBucketPolicy",
                Part::Policy,
                Some(&json!({"bucketPolicy": "invalid-json-policy"}))
            ),
            NewValue::Unknown
        );
        assert_eq!(
            new_value("PutBucketPolicy", Part::Policy, None),
            NewValue::Unknown
        );
        assert_eq!(
            new_value("PutBucketPolicy", Part::Policy, Some(&Value::Null)),
            NewValue::Unknown
        );
        assert_eq!(
            new_value("DeleteBucketPolicy", Part::Policy, None),
            NewValue::Absent
        );
    }

    #[test]
    fn acl_grants_and_canned() {
        let p = json!({"AccessControlPolicy": {"AccessControlList": {"Grant": [
            {"Grantee": {"ID": "abc", "xsi:type": "CanonicalUser"}, "Permission": "FULL_CONTROL"},
            {"Grantee": {"URI": "http://acs.amazonaws.com/groups/global/AllUsers", "xsi:type": "Group"}, "Permission": "READ"},
            {"Grantee": {"ID": "other"}, "Permission": "READ_ACP"}]},
            "Owner": {"ID": "abc"}, "xmlns": "x"}});
        assert_eq!(
            set("PutBucketAcl", Part::Acl, p),
            json!({"grant": ["FULL_CONTROL owner", "READ group:AllUsers", "READ_ACP id:other"]})
        );
        let one = json!({"AccessControlPolicy": {"AccessControlList": {"Grant":
            {"Grantee": {"ID": "abc"}, "Permission": "FULL_CONTROL"}}, "Owner": {"ID": "abc"}}});
        assert_eq!(
            set("PutBucketAcl", Part::Acl, one),
            json!({"grant": ["FULL_CONTROL owner"]})
        );
        assert_eq!(
            set(
                "PutBucketAcl",
                Part::Acl,
                json!({"acl": [""], "x-amz-acl": ["public-read"]})
            ),
            json!({"grant": ["FULL_CONTROL owner", "READ group:AllUsers"]})
        );
        assert_eq!(
            set(
                "PutBucketAcl",
                Part::Acl,
                json!({"x-amz-grant-read": "uri=\"http://acs.amazonaws.com/groups/global/AuthenticatedUsers\""})
            ),
            json!({"grant": ["READ group:AuthenticatedUsers"]})
        );
        assert_eq!(
            new_value("PutBucketAcl", Part::Acl, Some(&json!({"acl": [""]}))),
            NewValue::Unknown
        );
    }

    #[test]
    fn logging_on_off_unknown() {
        assert_eq!(
            new_value(
                "PutBucketLogging",
                Part::Logging,
                Some(&json!({"BucketLoggingStatus": {"xmlns": "x"}}))
            ),
            NewValue::Absent
        );
        assert_eq!(
            set(
                "PutBucketLogging",
                Part::Logging,
                json!({"BucketLoggingStatus": {"LoggingEnabled": {"TargetBucket": "logs", "TargetPrefix": "b/"}}})
            ),
            json!({"target_bucket": "logs", "target_prefix": "b/"})
        );
        assert_eq!(
            new_value(
                "PutBucketLogging",
                Part::Logging,
                Some(&json!({"bucketName": "b"}))
            ),
            NewValue::Unknown
        );
    }

    #[test]
    fn the_other_parts() {
        assert_eq!(
            set(
                "PutBucketEncryption",
                Part::ServerSideEncryptionConfiguration,
                json!({"ServerSideEncryptionConfiguration": {"Rule": {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "arn:k"}, "BucketKeyEnabled": true}}})
            ),
            json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:k"}, "bucket_key_enabled": true}})
        );
        assert_eq!(
            set(
                "PutBucketPublicAccessBlock",
                Part::PublicAccessBlock,
                json!({"PublicAccessBlockConfiguration": {"xmlns": "x", "RestrictPublicBuckets": true, "BlockPublicPolicy": "false", "BlockPublicAcls": false, "IgnorePublicAcls": true}})
            ),
            json!({"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": true, "restrict_public_buckets": true})
        );
        assert_eq!(
            set(
                "PutBucketTagging",
                Part::Tags,
                json!({"Tagging": {"TagSet": {"Tag": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "data"}]}}})
            ),
            json!({"env": "prod", "team": "data"})
        );
        assert_eq!(
            set(
                "PutBucketTagging",
                Part::Tags,
                json!({"Tagging": {"TagSet": {"Tag": {"Key": "env", "Value": "prod"}}}})
            ),
            json!({"env": "prod"})
        );
        assert_eq!(
            set(
                "PutBucketOwnershipControls",
                Part::OwnershipControls,
                json!({"OwnershipControls": {"xmlns": "x", "Rule": {"ObjectOwnership": "BucketOwnerPreferred"}}})
            ),
            json!({"object_ownership": "BucketOwnerPreferred"})
        );
        assert_eq!(
            set(
                "PutBucketWebsite",
                Part::Website,
                json!({"WebsiteConfiguration": {"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "404.html"}}})
            ),
            json!({"index_document": "index.html", "error_document": "404.html"})
        );
        assert_eq!(
            set(
                "PutObjectLockConfiguration",
                Part::ObjectLockConfiguration,
                json!({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 5}}}})
            ),
            json!({"object_lock_enabled": "Enabled", "rule": {"default_retention": {"mode": "GOVERNANCE", "days": 5}}})
        );
        let cors = set(
            "PutBucketCors",
            Part::CorsRule,
            json!({"CORSConfiguration": {"CORSRule": {"ID": "web", "AllowedMethod": ["PUT", "GET"], "AllowedOrigin": "https://example.com", "MaxAgeSeconds": "300"}}}),
        );
        assert_eq!(
            cors,
            json!({"web": {"allowed_methods": ["GET", "PUT"], "allowed_origins": ["https://example.com"], "max_age_seconds": 300}})
        );
        let repl = set(
            "PutBucketReplication",
            Part::ReplicationConfiguration,
            json!({"ReplicationConfiguration": {"Role": "arn:aws:iam::1:role/r", "Rule": {"ID": "all", "Status": "Enabled", "Priority": 1, "DeleteMarkerReplication": {"Status": "Disabled"}, "Filter": {"Prefix": ""}, "Destination": {"Bucket": "arn:aws:s3:::dst", "StorageClass": "STANDARD"}}}}),
        );
        assert_eq!(
            repl,
            json!({"role": "arn:aws:iam::1:role/r", "rules": {"all": {"status": "Enabled", "priority": 1, "delete_marker_replication": "Disabled", "destination": {"bucket": "arn:aws:s3:::dst", "storage_class": "STANDARD"}}}})
        );
    }
}
