//! The new value a configuration event carries, from its `requestParameters`, in the part's
//! canonical shape.
//!
//! `requestParameters` is the request's XML body turned into JSON (CloudTrail User Guide),
//! and the body may be missing altogether (`requestParameters: null`, or a recorded call with
//! only `bucketName`). A missing body gives [`NewValue::Unknown`]: the event touched the
//! part, but says nothing about the value. Each part reads its own request shape (its
//! module's `events.rs`) through the same normalisers the state side and the live reader
//! use, so an event's value and a live value compare byte for byte.

use crate::model::Part;
use crate::parts::NewValue;
use serde_json::Value;

/// The new value `event_name` gave `part`, read from `params` (`requestParameters`).
pub fn new_value(event_name: &str, part: Part, params: Option<&Value>) -> NewValue {
    if event_name.starts_with("Delete") {
        // A part set entry by entry loses only the entry the request names (`id`); no
        // value says "the others stay", so the event changed the part, to something unsaid.
        if part.spec().split.as_ref().is_some_and(|s| s.per_entry) {
            return NewValue::Unknown;
        }
        return NewValue::Absent;
    }
    match params.filter(|p| p.is_object()) {
        Some(params) => (part.spec().event_value)(event_name, params),
        None => NewValue::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(event: &str, part: Part, params: Value) -> Value {
        match new_value(event, part, Some(&params)) {
            NewValue::Set(v) => v.to_value(),
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
            NewValue::merge(json!({"status": "Suspended"}))
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
