//! The new value a configuration event carries, from its `requestParameters`, in the part's
//! canonical shape (the table in [`crate::model::paths`]).
//!
//! `requestParameters` is the request's XML body turned into JSON (CloudTrail User Guide):
//! one child element is an object and several are an array, `xmlns` keys sit inside
//! objects, numbers and booleans may arrive as strings, and the body may be missing
//! altogether (`requestParameters: null`, or a recorded call with only `bucketName`). A
//! missing body gives [`NewValue::Unknown`]: the event touched the part, but says nothing
//! about the value.
//!
//! This module only reads the XML shapes; every canonical value is built by the model's
//! normalisers ([`crate::model::canon`]), the same ones the state side and the live reader
//! use, so an event's value and a live value compare byte for byte.

use super::event::NewValue;
use crate::model::canon;
use crate::model::canon::attr::{keyed, Obj};
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

/// A text element (a one-element array of text reads as its text). XML→JSON turns a repeated
/// element into an array, and some records repeat `Host`, so this reads the first one; plain
/// JSON fields use [`canon::attr::text`].
pub(super) fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    match v.get(key)? {
        Value::String(s) => Some(s.as_str()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.first().and_then(Value::as_str).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Text elements called `key`, one or several.
fn texts(v: &Value, key: &str) -> Vec<String> {
    many(v, key)
        .into_iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// A number element, written as a number or a numeric string (zero included).
fn number(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A positive number: zero is the API's "not set" for days, sizes and minutes.
fn count(v: &Value, key: &str) -> Option<i64> {
    number(v, key).filter(|n| *n > 0)
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

fn versioning(p: &Value) -> NewValue {
    let Some(cfg) = child(p, "VersioningConfiguration") else {
        return NewValue::Unknown;
    };
    let status = text(cfg, "Status");
    // The request names MFA delete `MfaDelete` (the GET answer says `MFADelete`).
    let mfa = text(cfg, "MfaDelete").or_else(|| text(cfg, "MFADelete"));
    let full = canon::versioning::canonical(status, mfa);
    let mut out = Map::new();
    for (key, given) in [("status", status.is_some()), ("mfa_delete", mfa.is_some())] {
        if let (true, Some(v)) = (given, full.get(key)) {
            out.insert(key.into(), v.clone());
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

fn tag_map(v: &Value) -> BTreeMap<String, String> {
    many(v, "Tag")
        .into_iter()
        .filter_map(|t| {
            let k = text(t, "Key")?;
            Some((k.to_string(), text(t, "Value").unwrap_or("").to_string()))
        })
        .collect()
}

/// A lifecycle or replication `Filter`: `Prefix`, `Tag`, sizes, or all of them under `And`.
fn filter_parts(
    f: &Value,
) -> (
    Option<&str>,
    BTreeMap<String, String>,
    Option<i64>,
    Option<i64>,
) {
    let and = child(f, "And");
    let source = and.unwrap_or(f);
    let mut tags = tag_map(f);
    tags.extend(tag_map(source));
    (
        text(source, "Prefix").or_else(|| text(f, "Prefix")),
        tags,
        count(source, "ObjectSizeGreaterThan"),
        count(source, "ObjectSizeLessThan"),
    )
}

/// A transition's timing: a date when one is set, otherwise its days (zero is a real value
/// here: "transition at once"), as the model writes it.
fn timing(t: &Value, days_in: &str, days_out: &str) -> Value {
    if let Some(date) = text(t, "Date").and_then(canon::lifecycle::canonical_date) {
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

fn lifecycle(p: &Value) -> NewValue {
    let Some(cfg) = child(p, "LifecycleConfiguration") else {
        return NewValue::Unknown;
    };
    let mut rules = BTreeMap::new();
    for r in many(cfg, "Rule") {
        let filter = match child(r, "Filter") {
            Some(f) => {
                let (prefix, tags, gt, lt) = filter_parts(f);
                canon::lifecycle::canonical_filter(prefix, tags, gt, lt)
            }
            // The older API form: `Prefix` on the rule itself.
            None => {
                canon::lifecycle::canonical_filter(text(r, "Prefix"), BTreeMap::new(), None, None)
            }
        };
        let expiration = child(r, "Expiration").and_then(|e| {
            let date = text(e, "Date").and_then(canon::lifecycle::canonical_date);
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
        rules.insert(canon::lifecycle::rule_key(text(r, "ID"), &rule), rule);
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
                canon::replication::canonical_filter(prefix, tags)
            }
            None => canon::replication::canonical_filter(text(r, "Prefix"), BTreeMap::new()),
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
        rules.insert(canon::lifecycle::rule_key(text(r, "ID"), &rule), rule);
    }
    Obj::new()
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
        Some(enabled) => {
            canon::logging::canonical(text(enabled, "TargetBucket"), text(enabled, "TargetPrefix"))
                .map_or(NewValue::Unknown, NewValue::Set)
        }
    }
}

fn public_access_block(p: &Value) -> Option<Value> {
    let cfg = child(p, "PublicAccessBlockConfiguration")?;
    // A setting left out of the request is false (S3 API).
    let flag = |k: &str| boolean(cfg, k).unwrap_or(false);
    Some(canon::public_access_block::canonical([
        flag("BlockPublicAcls"),
        flag("BlockPublicPolicy"),
        flag("IgnorePublicAcls"),
        flag("RestrictPublicBuckets"),
    ]))
}

fn cors(p: &Value) -> NewValue {
    let Some(cfg) = child(p, "CORSConfiguration") else {
        return NewValue::Unknown;
    };
    let mut rules = BTreeMap::new();
    for r in many(cfg, "CORSRule") {
        let rule = canon::cors::canonical_rule(
            texts(r, "AllowedHeader"),
            texts(r, "AllowedMethod"),
            texts(r, "AllowedOrigin"),
            texts(r, "ExposeHeader"),
            count(r, "MaxAgeSeconds"),
        );
        rules.insert(canon::cors::rule_key(text(r, "ID"), &rule), rule);
    }
    keyed(rules).map_or(NewValue::Absent, NewValue::Set)
}

/// Drops the `xmlns*` keys the XML conversion leaves in objects.
fn without_xmlns(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with("xmlns"))
                .map(|(k, v)| (k.clone(), without_xmlns(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_xmlns).collect()),
        other => other.clone(),
    }
}

fn website(p: &Value) -> Option<Value> {
    let cfg = child(p, "WebsiteConfiguration")?;
    let redirect = child(cfg, "RedirectAllRequestsTo")
        .and_then(|r| canon::website::redirect_target(text(r, "HostName"), text(r, "Protocol")));
    let routing = child(cfg, "RoutingRules").and_then(|rr| {
        let rules: Vec<Value> = many(rr, "RoutingRule")
            .into_iter()
            .map(without_xmlns)
            .collect();
        canon::website::canonical_routing_rules(&rules)
    });
    Obj::new()
        .text(
            "index_document",
            child(cfg, "IndexDocument").and_then(|i| text(i, "Suffix")),
        )
        .text(
            "error_document",
            child(cfg, "ErrorDocument").and_then(|e| text(e, "Key")),
        )
        .text("redirect_all_requests_to", redirect.as_deref())
        .value("routing_rules", routing)
        .finish()
}

fn object_lock(p: &Value) -> Option<Value> {
    let cfg = child(p, "ObjectLockConfiguration")?;
    let retention = child(cfg, "Rule").and_then(|r| child(r, "DefaultRetention"));
    // The request may leave `ObjectLockEnabled` out when it only sets the default
    // retention of a bucket that has Object Lock; it can only ever be "Enabled".
    let enabled = text(cfg, "ObjectLockEnabled").is_none_or(|e| e == "Enabled");
    canon::object_lock::canonical(
        enabled,
        retention.and_then(|d| text(d, "Mode")),
        retention.and_then(|d| count(d, "Days")),
        retention.and_then(|d| count(d, "Years")),
    )
}

fn policy(p: &Value) -> Option<Value> {
    match p.get("bucketPolicy")? {
        Value::Object(_) => p.get("bucketPolicy").map(without_xmlns),
        // Some records carry the policy as a JSON string; one that does not parse carries no
        // usable value (corpus: PutBucketPolicy__panther-analysis__4).
        Value::String(s) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(Value::is_object),
        _ => None,
    }
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
        for value in texts(p, header) {
            for grantee in value.split(',') {
                let Some((kind, v)) = grantee.trim().split_once('=') else {
                    continue;
                };
                let v = Some(v.trim().trim_matches('"'));
                let who = match kind.trim() {
                    "id" => canon::acl::grantee("CanonicalUser", v, None, None, None),
                    "uri" => canon::acl::grantee("Group", None, v, None, None),
                    "emailAddress" => {
                        canon::acl::grantee("AmazonCustomerByEmail", None, None, v, None)
                    }
                    _ => None,
                };
                if let Some(who) = who {
                    out.push(canon::acl::grant(permission, &who));
                }
            }
        }
    }
    out
}

fn acl(p: &Value) -> Option<Value> {
    let grants = if let Some(policy) = child(p, "AccessControlPolicy") {
        let owner = child(policy, "Owner").and_then(|o| text(o, "ID"));
        let list = child(policy, "AccessControlList")?;
        many(list, "Grant")
            .into_iter()
            .filter_map(|g| {
                let permission = text(g, "Permission")?;
                let grantee = child(g, "Grantee")?;
                let who = canon::acl::grantee(
                    text(grantee, "xsi:type").unwrap_or(""),
                    text(grantee, "ID"),
                    text(grantee, "URI"),
                    text(grantee, "EmailAddress"),
                    owner,
                )?;
                Some(canon::acl::grant(permission, &who))
            })
            .collect()
    } else if let Some(canned) = text(p, "x-amz-acl") {
        canon::acl::canned_grants(canned)?
    } else {
        let headers = header_grants(p);
        if headers.is_empty() {
            return None;
        }
        headers
    };
    Some(canon::acl::canonical(grants))
}

fn ownership(p: &Value) -> Option<Value> {
    let rule = child(child(p, "OwnershipControls")?, "Rule")?;
    text(rule, "ObjectOwnership").map(canon::ownership::canonical)
}

fn tags(p: &Value) -> NewValue {
    let Some(tagging) = child(p, "Tagging") else {
        return NewValue::Unknown;
    };
    let mut out = BTreeMap::new();
    for set in many(tagging, "TagSet") {
        out.extend(tag_map(set));
    }
    canon::tags::canonical(out).map_or(NewValue::Absent, NewValue::Set)
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
