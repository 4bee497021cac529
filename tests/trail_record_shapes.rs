//! The `requestParameters` shapes the corpus holds, one table row each, read through a whole
//! record: the XML body turned into JSON (one child an object, several an array, `xmlns`
//! keys inside), `host`/`Host` as a string or an array (and as the only bucket name),
//! `bucketPolicy` as an object or a JSON string, a canned ACL only in `x-amz-acl`, and
//! `requestParameters: null`.

use s3drift::model::Part;
use s3drift::trail::record::from_record;
use s3drift::trail::NewValue;
use serde_json::{json, Value};

const NS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";
const OWNER: &str = "8a3a5b2b3e1f4c0d9e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e";

fn record(name: &str, params: Value) -> Value {
    json!({
        "eventVersion": "1.11", "eventTime": "2026-11-10T10:00:00Z",
        "eventSource": "s3.amazonaws.com", "eventName": name, "awsRegion": "eu-west-1",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/bob",
                         "accountId": "111122223333", "userName": "bob"},
        "requestParameters": params, "responseElements": null,
        "eventID": "00000000-0000-4000-8000-000000000001", "recipientAccountId": "111122223333"
    })
}

/// One row: the quirk, the event, its `requestParameters`, the bucket and new value expected.
struct Row {
    quirk: &'static str,
    event: &'static str,
    params: Value,
    bucket: &'static str,
    part: Part,
    value: NewValue,
}

fn policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::acme-prod-data/*"}]})
}

fn rows() -> Vec<Row> {
    let tags_one = json!({"env": "prod"});
    let tags_two = json!({"env": "prod", "team": "data"});
    vec![
        Row {
            quirk: "one child element is an object",
            event: "PutBucketTagging",
            params: json!({"bucketName": "acme-prod-data", "tagging": "",
                "Tagging": {"xmlns": NS, "TagSet": {"Tag": {"Key": "env", "Value": "prod"}}}}),
            bucket: "acme-prod-data",
            part: Part::Tags,
            value: NewValue::set(tags_one),
        },
        Row {
            quirk: "several child elements are an array",
            event: "PutBucketTagging",
            params: json!({"bucketName": "acme-prod-data", "tagging": "",
                "Tagging": {"xmlns": NS, "TagSet": {"Tag": [{"Key": "env", "Value": "prod"},
                    {"Key": "team", "Value": "data"}]}}}),
            bucket: "acme-prod-data",
            part: Part::Tags,
            value: NewValue::set(tags_two),
        },
        Row {
            quirk: "xmlns keys inside the configuration",
            event: "PutBucketPublicAccessBlock",
            params: json!({"bucketName": "acme-prod-data", "publicAccessBlock": "",
                "PublicAccessBlockConfiguration": {"xmlns": NS, "BlockPublicAcls": true,
                    "BlockPublicPolicy": false, "IgnorePublicAcls": true, "RestrictPublicBuckets": false}}),
            bucket: "acme-prod-data",
            part: Part::PublicAccessBlock,
            value: NewValue::set(
                json!({"block_public_acls": true, "block_public_policy": false,
                "ignore_public_acls": true, "restrict_public_buckets": false}),
            ),
        },
        Row {
            quirk: "Host as a string, no bucketName",
            event: "PutBucketVersioning",
            params: json!({"Host": "acme-prod-data.s3.eu-west-1.amazonaws.com", "versioning": "",
                "VersioningConfiguration": {"xmlns": NS, "Status": "Enabled", "MfaDelete": "Disabled"}}),
            bucket: "acme-prod-data",
            part: Part::Versioning,
            value: NewValue::set(json!({"status": "Enabled", "mfa_delete": false})),
        },
        Row {
            quirk: "host as an array, no bucketName",
            event: "DeleteBucketPolicy",
            params: json!({"host": ["acme-prod-data.s3.amazonaws.com"], "policy": [""]}),
            bucket: "acme-prod-data",
            part: Part::Policy,
            value: NewValue::Absent,
        },
        Row {
            quirk: "Host as an array beside bucketName (bucketName wins)",
            event: "DeleteBucketEncryption",
            params: json!({"bucketName": "acme-prod-data", "encryption": "",
                "Host": ["other-bucket.s3.eu-west-1.amazonaws.com"]}),
            bucket: "acme-prod-data",
            part: Part::ServerSideEncryptionConfiguration,
            value: NewValue::Absent,
        },
        Row {
            quirk: "legacy s3-<region> host",
            event: "DeleteBucketTagging",
            params: json!({"Host": "acme-prod-data.s3-eu-west-1.amazonaws.com", "tagging": ""}),
            bucket: "acme-prod-data",
            part: Part::Tags,
            value: NewValue::Absent,
        },
        Row {
            quirk: "path-style host names no bucket",
            event: "DeleteBucketCors",
            params: json!({"Host": "s3.eu-west-1.amazonaws.com", "cors": ""}),
            bucket: "",
            part: Part::CorsRule,
            value: NewValue::Absent,
        },
        Row {
            quirk: "bucketPolicy as an object",
            event: "PutBucketPolicy",
            params: json!({"bucketName": "acme-prod-data", "policy": "", "bucketPolicy": policy()}),
            bucket: "acme-prod-data",
            part: Part::Policy,
            value: NewValue::set(policy()),
        },
        Row {
            quirk: "bucketPolicy as a JSON string",
            event: "PutBucketPolicy",
            params: json!({"bucketName": "acme-prod-data", "policy": [""], "bucketPolicy": policy().to_string()}),
            bucket: "acme-prod-data",
            part: Part::Policy,
            value: NewValue::set(policy()),
        },
        Row {
            quirk: "a canned ACL only in x-amz-acl",
            event: "PutBucketAcl",
            params: json!({"bucketName": "acme-prod-data", "acl": [""], "x-amz-acl": ["public-read"]}),
            bucket: "acme-prod-data",
            part: Part::Acl,
            value: NewValue::set(json!({"grant": ["FULL_CONTROL owner", "READ group:AllUsers"]})),
        },
        Row {
            quirk: "ACL grants: one Grant an object, xmlns inside",
            event: "PutBucketAcl",
            params: json!({"bucketName": "acme-prod-data", "acl": "",
                "AccessControlPolicy": {"xmlns": NS, "Owner": {"ID": OWNER},
                    "AccessControlList": {"Grant": {"Grantee": {"xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                        "xsi:type": "CanonicalUser", "ID": OWNER}, "Permission": "FULL_CONTROL"}}}}),
            bucket: "acme-prod-data",
            part: Part::Acl,
            value: NewValue::set(json!({"grant": ["FULL_CONTROL owner"]})),
        },
        Row {
            quirk: "requestParameters null: the bucket from resources, the value unknown",
            event: "PutBucketLifecycle",
            params: Value::Null,
            bucket: "acme-prod-data",
            part: Part::LifecycleRule,
            value: NewValue::Unknown,
        },
    ]
}

#[test]
fn every_corpus_shape_reads_to_its_bucket_and_value() {
    for row in rows() {
        let mut r = record(row.event, row.params);
        if r["requestParameters"].is_null() {
            r["resources"] =
                json!([{"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::acme-prod-data"}]);
        }
        let e = from_record(&r, &"table".into()).unwrap_or_else(|e| panic!("{}: {e:?}", row.quirk));
        assert_eq!(e.bucket, row.bucket, "{}", row.quirk);
        assert_eq!(e.part, Some(row.part), "{}", row.quirk);
        assert_eq!(e.value, row.value, "{}", row.quirk);
    }
}

#[test]
fn requestparameters_null_without_resources_names_no_bucket() {
    let e = from_record(&record("PutBucketAcl", Value::Null), &"table".into()).unwrap();
    assert_eq!(e.bucket, "");
    assert_eq!(e.value, NewValue::Unknown);
}
