//! The join of findings to events: confirmed, likely, unattributed (with each reason),
//! history, redaction, root, access logs, unmanaged and deleted buckets, denied bursts.
//! Findings come from the real comparison (`diff::compare`), events from real record shapes.

use s3drift::attribution::attribute;
use s3drift::code::{Code, Kind, Severity};
use s3drift::diff::finding::{AttributionStatus, Finding};
use s3drift::model::REDACTED;
use s3drift::model::{DesiredSet, Snapshot};
use s3drift::trail::Via;
use s3drift::trail::{access_log, reader, Coverage, EventSet, Evidence, Incomplete};
use serde_json::{json, Value};

const BUCKET: &str = "acme-data";
const OWNER: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000001";

fn desired(parts: Value) -> DesiredSet {
    let mut managed = serde_json::Map::new();
    for (k, v) in parts.as_object().unwrap() {
        managed.insert(
            k.clone(),
            json!({"state": "managed", "value": v, "origin": "split",
                   "address": format!("aws_s3_bucket_{k}.this")}),
        );
    }
    serde_json::from_value(json!({"buckets": [{
        "bucket": BUCKET, "account": "111122223333", "region": "eu-west-1",
        "address": "aws_s3_bucket.this", "source": "terraform.tfstate",
        "bucket_managed": true, "parts": managed, "resources": ["aws_s3_bucket.this"]
    }]}))
    .unwrap()
}

fn snapshot(parts: Value) -> Snapshot {
    let mut live = serde_json::Map::new();
    for (k, v) in parts.as_object().unwrap() {
        live.insert(
            k.clone(),
            if v.is_null() {
                json!({"status": "absent"})
            } else {
                json!({"status": "present", "value": v})
            },
        );
    }
    serde_json::from_value(json!({
        "schema": "s3drift/snapshot", "version": 1, "captured_at": "2026-11-20T09:00:00Z",
        "buckets": {BUCKET: {"status": "present", "account": "111122223333", "region": "eu-west-1",
                             "owner_id": OWNER, "parts": live}}
    }))
    .unwrap()
}

/// A CloudTrail record in the shape trails deliver (eventVersion 1.11).
fn record(name: &str, time: &str, who: Value, params: Value, extra: Value) -> Value {
    let mut r = json!({
        "eventVersion": "1.11", "userIdentity": who, "eventTime": time,
        "eventSource": "s3.amazonaws.com", "eventName": name, "awsRegion": "eu-west-1",
        "sourceIPAddress": "198.51.100.7",
        "userAgent": "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10 OpenJDK_64-Bit_Server_VM/25.372-b08 java/1.8.0_372 vendor/Oracle_Corporation cfg/retry-mode/standard]",
        "requestParameters": params, "responseElements": null,
        "requestID": format!("REQ{}", time.replace([':', '-'], "")),
        "eventID": format!("id-{name}-{time}"), "readOnly": false, "eventType": "AwsApiCall",
        "managementEvent": true, "recipientAccountId": "111122223333", "eventCategory": "Management"
    });
    for (k, v) in extra.as_object().unwrap() {
        r[k] = v.clone();
    }
    r
}

fn alice() -> Value {
    json!({"type": "AssumedRole", "principalId": "AROAEXAMPLE:alice@example.com",
           "arn": "arn:aws:sts::111122223333:assumed-role/ops-admin/alice@example.com",
           "accountId": "111122223333",
           "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "ops-admin",
               "arn": "arn:aws:iam::111122223333:role/ops-admin"}}})
}

fn bob() -> Value {
    json!({"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/bob", "userName": "bob",
           "accountId": "111122223333"})
}

fn root() -> Value {
    json!({"type": "Root", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333"})
}

fn events(records: Vec<Value>) -> EventSet {
    let text = json!({"Records": records}).to_string();
    let parsed = reader::read("trail.json", text.as_bytes()).unwrap();
    let mut set = EventSet {
        since: Some("2026-08-22T09:00:00Z".parse().unwrap()),
        until: Some("2026-11-20T09:00:00Z".parse().unwrap()),
        coverage: vec![Coverage {
            source: "trail.json".into(),
            evidence: Evidence::Cloudtrail,
            regions: None,
            from: None,
        }],
        ..EventSet::default()
    };
    set.add_parsed(parsed);
    set.finish();
    set
}

const PAB_ON: &str = r#"{"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}"#;

fn pab(acls: bool, policy: bool) -> Value {
    json!({"block_public_acls": acls, "block_public_policy": policy, "ignore_public_acls": true, "restrict_public_buckets": true})
}

fn pab_params(acls: bool, policy: bool) -> Value {
    json!({"publicAccessBlock": "", "bucketName": BUCKET, "Host": format!("{BUCKET}.s3.eu-west-1.amazonaws.com"),
           "PublicAccessBlockConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
               "BlockPublicAcls": acls, "BlockPublicPolicy": policy, "IgnorePublicAcls": true, "RestrictPublicBuckets": true}})
}

fn run(desired_parts: Value, live_parts: Value, records: Vec<Value>) -> Vec<Finding> {
    let desired = desired(desired_parts);
    let live = snapshot(live_parts);
    let mut findings = s3drift::diff::compare(&desired, &live);
    attribute(&mut findings, &events(records), &desired, &live);
    findings
}

fn one<'a>(findings: &'a [Finding], path: &str) -> &'a Finding {
    findings
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("no finding at {path}: {findings:#?}"))
}

#[test]
fn confirmed_when_the_latest_event_set_the_live_value_with_history() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let findings = run(
        json!({"public_access_block": pab_on}),
        json!({"public_access_block": pab(false, true)}),
        vec![
            record(
                "PutBucketPublicAccessBlock",
                "2026-11-01T10:00:00Z",
                bob(),
                pab_params(true, false),
                json!({}),
            ),
            record(
                "PutBucketPublicAccessBlock",
                "2026-11-10T10:00:00Z",
                alice(),
                pab_params(false, true),
                json!({"vpcEndpointId": "vpce-0a1b2c3d"}),
            ),
        ],
    );
    let f = one(&findings, "public_access_block.block_public_acls");
    let a = f.attribution.as_ref().unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed);
    assert_eq!(
        a.principal.as_deref(),
        Some("role/ops-admin (alice@example.com)")
    );
    assert_eq!(a.event_name.as_deref(), Some("PutBucketPublicAccessBlock"));
    assert_eq!(a.event_time.unwrap().to_string(), "2026-11-10T10:00:00Z");
    assert_eq!(a.via, Some(Via::Console));
    assert_eq!(a.vpc_endpoint_id.as_deref(), Some("vpce-0a1b2c3d"));
    assert_eq!(a.evidence.as_deref(), Some("cloudtrail"));
    assert_eq!(a.account.as_deref(), Some("111122223333"));
    assert_eq!(a.history.len(), 1);
    assert_eq!(a.history[0].principal, "bob");
    assert_eq!(a.history[0].value, Some(json!(true)));
}

#[test]
fn unattributed_when_the_latest_event_set_another_value() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let findings = run(
        json!({"public_access_block": pab_on}),
        json!({"public_access_block": pab(false, true)}),
        vec![record(
            "PutBucketPublicAccessBlock",
            "2026-11-10T10:00:00Z",
            alice(),
            pab_params(true, false),
            json!({}),
        )],
    );
    let a = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Unattributed);
    assert!(
        a.reason.as_deref().unwrap().contains("set another value"),
        "{a:?}"
    );
    assert_eq!(a.principal, None);
    // The event stays visible as history.
    assert_eq!(a.history.len(), 1);
}

#[test]
fn likely_when_the_event_has_no_value() {
    let findings = run(
        json!({"server_side_encryption_configuration": {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k"}, "bucket_key_enabled": true}}}),
        json!({"server_side_encryption_configuration": {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}, "bucket_key_enabled": false}}}),
        vec![record(
            "PutBucketEncryption",
            "2026-11-10T10:00:00Z",
            bob(),
            json!({"bucketName": BUCKET, "host": format!("{BUCKET}.s3.amazonaws.com")}),
            json!({"userAgent": "aws-cli/2.13.0 Python/3.11.4 Linux/5.10.0-1234-aws exe/x86_64.ubuntu.22"}),
        )],
    );
    let f = one(&findings, "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm");
    let a = f.attribution.as_ref().unwrap();
    assert_eq!(a.status, AttributionStatus::Likely);
    assert_eq!(a.principal.as_deref(), Some("bob"));
    assert_eq!(a.via, Some(Via::Cli));
}

#[test]
fn delete_encryption_is_confirmed_by_the_sse_s3_default() {
    let findings = run(
        json!({"server_side_encryption_configuration": {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}, "bucket_key_enabled": false}}}),
        json!({"server_side_encryption_configuration": {"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}, "bucket_key_enabled": false}}}),
        vec![record(
            "DeleteBucketEncryption",
            "2026-11-10T10:00:00Z",
            bob(),
            json!({"bucketName": BUCKET}),
            json!({}),
        )],
    );
    let f = one(&findings, "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm");
    assert_eq!(
        f.attribution.as_ref().unwrap().status,
        AttributionStatus::Confirmed
    );
}

#[test]
fn partial_versioning_request_confirms_status() {
    let findings = run(
        json!({"versioning": {"status": "Enabled", "mfa_delete": false}}),
        json!({"versioning": {"status": "Suspended", "mfa_delete": false}}),
        vec![record(
            "PutBucketVersioning",
            "2026-11-10T10:00:00Z",
            alice(),
            json!({"bucketName": BUCKET, "VersioningConfiguration": {"Status": "Suspended", "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"}}),
            json!({}),
        )],
    );
    let a = one(&findings, "versioning.status")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed, "{a:?}");
}

#[test]
fn failed_calls_are_never_the_cause() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let findings = run(
        json!({"public_access_block": pab_on}),
        json!({"public_access_block": pab(false, true)}),
        vec![record(
            "PutBucketPublicAccessBlock",
            "2026-11-10T10:00:00Z",
            alice(),
            pab_params(false, true),
            json!({"errorCode": "AccessDenied", "errorMessage": "Access Denied"}),
        )],
    );
    let a = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Unattributed);
    assert!(
        a.reason
            .as_deref()
            .unwrap()
            .starts_with("no event changed public_access_block in the sources between"),
        "{a:?}"
    );
}

#[test]
fn events_outside_the_window_give_the_reason() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let after = run(
        json!({"public_access_block": pab_on.clone()}),
        json!({"public_access_block": pab(false, true)}),
        vec![record(
            "PutBucketPublicAccessBlock",
            "2026-11-21T10:00:00Z",
            alice(),
            pab_params(false, true),
            json!({}),
        )],
    );
    let a = one(&after, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Unattributed);
    assert!(
        a.reason
            .as_deref()
            .unwrap()
            .starts_with("the window ends at 2026-11-20T09:00:00Z"),
        "{a:?}"
    );
    let before = run(
        json!({"public_access_block": pab_on}),
        json!({"public_access_block": pab(false, true)}),
        vec![record(
            "PutBucketPublicAccessBlock",
            "2026-01-01T10:00:00Z",
            alice(),
            pab_params(false, true),
            json!({}),
        )],
    );
    let a = one(&before, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert!(
        a.reason.as_deref().unwrap().contains("is before --since"),
        "{a:?}"
    );
}

#[test]
fn uncovered_region_is_the_reason() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let desired = desired(json!({"public_access_block": pab_on}));
    let live = snapshot(json!({"public_access_block": pab(false, true)}));
    let mut findings = s3drift::diff::compare(&desired, &live);
    let mut set = events(vec![]);
    set.coverage = vec![Coverage {
        source: "lookup".into(),
        evidence: Evidence::Cloudtrail,
        regions: Some(["us-east-1".to_string()].into()),
        from: None,
    }];
    attribute(&mut findings, &set, &desired, &live);
    let a = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(
        a.reason.as_deref(),
        Some("no event source covers the bucket's region eu-west-1")
    );
}

#[test]
fn a_source_that_gave_up_on_reads_makes_the_search_incomplete() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let desired = desired(json!({"public_access_block": pab_on}));
    let live = snapshot(json!({"public_access_block": pab(false, true)}));
    let reason = |incomplete: Vec<Incomplete>| {
        let mut findings = s3drift::diff::compare(&desired, &live);
        let mut set = events(vec![]);
        set.incomplete = incomplete;
        attribute(&mut findings, &set, &desired, &live);
        one(&findings, "public_access_block.block_public_acls")
            .attribution
            .as_ref()
            .unwrap()
            .reason
            .clone()
            .unwrap()
    };
    let complete = reason(vec![]);
    assert!(
        complete.starts_with("no event changed public_access_block"),
        "{complete}"
    );
    // LookupEvents gave up on another bucket only: this bucket's search was whole.
    let elsewhere = Incomplete {
        source: "lookup".into(),
        buckets: Some(["other-bucket".to_string()].into()),
        reads: 1,
    };
    assert_eq!(reason(vec![elsewhere.clone()]), complete);
    // A trail file holds every bucket's events; a lookup given up on this bucket is its own.
    let trail = Incomplete {
        source: "s3://trail/".into(),
        buckets: None,
        reads: 3,
    };
    let here = Incomplete {
        buckets: Some([BUCKET.to_string()].into()),
        ..elsewhere.clone()
    };
    assert_eq!(
        reason(vec![elsewhere, here, trail]),
        format!("{complete}; the search is incomplete: lookup, s3://trail/ gave up on reads (throttled, or --timeout; see the warnings)")
    );
}

#[test]
fn root_changes_are_critical() {
    let findings = run(
        json!({"tags": {"env": "prod"}}),
        json!({"tags": {"env": "prod", "owner": "someone"}}),
        vec![record(
            "PutBucketTagging",
            "2026-11-10T10:00:00Z",
            root(),
            json!({"bucketName": BUCKET, "tagging": "", "Tagging": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                "TagSet": {"Tag": [{"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": "someone"}]}}}),
            json!({}),
        )],
    );
    let f = one(&findings, "tags.owner");
    assert_eq!(
        f.attribution.as_ref().unwrap().status,
        AttributionStatus::Confirmed
    );
    assert_eq!(
        f.attribution.as_ref().unwrap().principal.as_deref(),
        Some("root")
    );
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(Code::TagsChanged.default_severity(), Severity::Low);
}

#[test]
fn sensitive_history_is_redacted() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let desired = desired(json!({"public_access_block": pab_on}));
    let live = snapshot(json!({"public_access_block": pab(false, true)}));
    let mut findings = s3drift::diff::compare(&desired, &live);
    for f in &mut findings {
        f.sensitive = true;
    }
    let set = events(vec![
        record(
            "PutBucketPublicAccessBlock",
            "2026-11-01T10:00:00Z",
            bob(),
            pab_params(true, false),
            json!({}),
        ),
        record(
            "PutBucketPublicAccessBlock",
            "2026-11-10T10:00:00Z",
            alice(),
            pab_params(false, true),
            json!({}),
        ),
    ]);
    attribute(&mut findings, &set, &desired, &live);
    let a = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.history[0].value, Some(json!(REDACTED)));
}

#[test]
fn access_logs_are_likely_and_cloudtrail_wins() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let desired = desired(json!({"public_access_block": pab_on}));
    let live = snapshot(json!({"public_access_block": pab(false, true)}));
    let line = format!(
        "{OWNER} {BUCKET} [10/Nov/2026:10:00:00 +0000] 198.51.100.7 arn:aws:iam::111122223333:user/bob REQ20261110T100000Z REST.PUT.PUBLIC_ACCESS_BLOCK - \"PUT /?publicAccessBlock HTTP/1.1\" 200 - - - 31 - \"-\" \"aws-cli/2.13.0 Python/3.11.4\" - hostid= SigV4 TLS_AES_128_GCM_SHA256 AuthHeader {BUCKET}.s3.eu-west-1.amazonaws.com TLSv1.3 - -"
    );
    // Access log alone: likely.
    let mut findings = s3drift::diff::compare(&desired, &live);
    let mut set = events(vec![]);
    set.add_access_log(access_log::read("access.log", &line));
    set.finish();
    attribute(&mut findings, &set, &desired, &live);
    let a = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Likely);
    assert_eq!(a.principal.as_deref(), Some("bob"));
    assert_eq!(a.evidence.as_deref(), Some("access-log"));
    // The same call in CloudTrail (same request id): CloudTrail's record is used.
    let mut findings = s3drift::diff::compare(&desired, &live);
    let mut set = events(vec![record(
        "PutBucketPublicAccessBlock",
        "2026-11-10T10:00:00Z",
        bob(),
        pab_params(false, true),
        json!({}),
    )]);
    set.add_access_log(access_log::read("access.log", &line));
    set.finish();
    attribute(&mut findings, &set, &desired, &live);
    let a = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed);
    assert_eq!(a.evidence.as_deref(), Some("cloudtrail"));
    assert!(a.history.is_empty(), "{a:?}");
}

#[test]
fn deleted_bucket_names_who_deleted_it() {
    let desired = desired(json!({}));
    let live: Snapshot = serde_json::from_value(json!({
        "schema": "s3drift/snapshot", "version": 1, "captured_at": "2026-11-20T09:00:00Z",
        "buckets": {BUCKET: {"status": "missing"}}
    }))
    .unwrap();
    let mut findings = s3drift::diff::compare(&desired, &live);
    let set = events(vec![record(
        "DeleteBucket",
        "2026-11-12T08:00:00Z",
        alice(),
        json!({"bucketName": BUCKET}),
        json!({}),
    )]);
    attribute(&mut findings, &set, &desired, &live);
    let f = findings
        .iter()
        .find(|f| f.kind == Kind::MissingLive)
        .unwrap();
    let a = f.attribution.as_ref().unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed);
    assert_eq!(a.event_name.as_deref(), Some("DeleteBucket"));
    assert_eq!(
        a.principal.as_deref(),
        Some("role/ops-admin (alice@example.com)")
    );
}

#[test]
fn created_buckets_no_state_manages_are_unmanaged() {
    let desired = desired(json!({}));
    let mut live = snapshot(json!({}));
    let created = |b: &str, t: &str| {
        record(
            "CreateBucket",
            t,
            root(),
            json!({"bucketName": b, "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1", "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"}}),
            json!({}),
        )
    };
    let set = events(vec![
        created("shadow-bucket", "2026-11-02T10:00:00Z"),
        created("short-lived", "2026-11-03T10:00:00Z"),
        record(
            "DeleteBucket",
            "2026-11-04T10:00:00Z",
            bob(),
            json!({"bucketName": "short-lived"}),
            json!({}),
        ),
        created(BUCKET, "2026-09-01T10:00:00Z"),
    ]);
    let mut findings = s3drift::diff::compare(&desired, &live);
    attribute(&mut findings, &set, &desired, &live);
    let unmanaged: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code == Code::UnmanagedBucket)
        .collect();
    assert_eq!(unmanaged.len(), 1, "{unmanaged:#?}");
    assert_eq!(unmanaged[0].bucket, "shadow-bucket");
    let a = unmanaged[0].attribution.as_ref().unwrap();
    assert_eq!(a.status, AttributionStatus::Likely);
    assert_eq!(a.principal.as_deref(), Some("root"));
    assert_eq!(unmanaged[0].severity, Severity::Critical);
    // With a listing: listed buckets are unmanaged even without an event, and a created
    // bucket is confirmed only when the listing still has it.
    live.listed = Some(
        serde_json::from_value(json!([{"name": "shadow-bucket"}, {"name": "old-bucket"}])).unwrap(),
    );
    let mut findings = s3drift::diff::compare(&desired, &live);
    attribute(&mut findings, &set, &desired, &live);
    let mut unmanaged: Vec<(&str, AttributionStatus)> = findings
        .iter()
        .filter(|f| f.code == Code::UnmanagedBucket)
        .map(|f| (f.bucket.as_str(), f.attribution.as_ref().unwrap().status))
        .collect();
    unmanaged.sort();
    assert_eq!(
        unmanaged,
        [
            ("old-bucket", AttributionStatus::Unattributed),
            ("shadow-bucket", AttributionStatus::Confirmed)
        ]
    );
}

#[test]
fn denied_bursts_become_one_signal_per_principal() {
    let denied = |i: u32, who: Value| {
        record(
            "PutBucketPolicy",
            &format!("2026-11-15T10:0{i}:00Z"),
            who,
            json!({"bucketName": BUCKET, "bucketPolicy": {"Version": "2012-10-17", "Statement": []}}),
            json!({"errorCode": "AccessDenied", "errorMessage": "Access Denied"}),
        )
    };
    let desired = desired(json!({}));
    let live = snapshot(json!({}));
    let mut records: Vec<Value> = (0..5).map(|i| denied(i, bob())).collect();
    records.extend((0..4).map(|i| denied(i, alice())));
    let set = events(records);
    let mut findings = Vec::new();
    attribute(&mut findings, &set, &desired, &live);
    let signals: Vec<&Finding> = findings.iter().filter(|f| f.kind == Kind::Signal).collect();
    assert_eq!(signals.len(), 1, "{signals:#?}");
    let s = signals[0];
    assert_eq!(s.code, Code::DeniedBurst);
    assert!(!s.kind.is_drift());
    assert_eq!(s.bucket, BUCKET);
    assert_eq!(
        s.attribution.as_ref().unwrap().principal.as_deref(),
        Some("bob")
    );
    assert_eq!(s.actual.as_ref().unwrap()["denied_calls"], json!(5));
    assert!(
        s.message
            .starts_with("5 denied bucket-configuration calls by bob within 10m"),
        "{}",
        s.message
    );
    // Spread over more than the window: no burst.
    let mut spread = set.clone();
    spread.burst_window = jiff::SignedDuration::from_mins(3);
    let mut findings = Vec::new();
    attribute(&mut findings, &spread, &desired, &live);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn a_request_that_restates_a_value_did_not_change_it() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let mut restated = pab_params(false, true);
    restated["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] = json!(false);
    let mut live = pab(false, true);
    live["restrict_public_buckets"] = json!(false);
    let findings = run(
        json!({"public_access_block": pab_on}),
        json!({"public_access_block": live}),
        vec![
            record(
                "PutBucketPublicAccessBlock",
                "2026-11-01T10:00:00Z",
                bob(),
                pab_params(false, true),
                json!({}),
            ),
            record(
                "PutBucketPublicAccessBlock",
                "2026-11-10T10:00:00Z",
                alice(),
                restated,
                json!({}),
            ),
        ],
    );
    let acls = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(acls.status, AttributionStatus::Confirmed);
    assert_eq!(
        acls.principal.as_deref(),
        Some("bob"),
        "alice only restated it"
    );
    assert_eq!(acls.history.len(), 1);
    assert_eq!(
        acls.history[0].principal,
        "role/ops-admin (alice@example.com)"
    );
    let restrict = one(&findings, "public_access_block.restrict_public_buckets")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(
        restrict.principal.as_deref(),
        Some("role/ops-admin (alice@example.com)")
    );
}

#[test]
fn lookups_90_day_limit_is_part_of_the_reason() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let desired = desired(json!({"public_access_block": pab_on}));
    let live = snapshot(json!({"public_access_block": pab(false, true)}));
    let mut findings = s3drift::diff::compare(&desired, &live);
    let mut set = events(vec![]);
    set.coverage = vec![Coverage {
        source: "lookup".into(),
        evidence: Evidence::Cloudtrail,
        regions: Some(["eu-west-1".to_string()].into()),
        from: Some("2026-09-01T00:00:00Z".parse().unwrap()),
    }];
    attribute(&mut findings, &set, &desired, &live);
    let a = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Unattributed);
    assert!(
        a.reason
            .as_deref()
            .unwrap()
            .ends_with("(LookupEvents only reaches back to 2026-09-01T00:00:00Z)"),
        "{a:?}"
    );
}

fn versioning_params(status: Option<&str>, mfa: Option<&str>) -> Value {
    let mut cfg = json!({"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"});
    if let Some(s) = status {
        cfg["Status"] = json!(s);
    }
    if let Some(m) = mfa {
        cfg["MfaDelete"] = json!(m);
    }
    json!({"bucketName": BUCKET, "versioning": "", "VersioningConfiguration": cfg})
}

#[test]
fn a_partial_request_did_not_touch_the_keys_it_leaves_out() {
    // S3 keeps MFA delete when PutBucketVersioning has no MfaDelete: bob's later
    // Status-only call did not change it, alice's did.
    let findings = run(
        json!({"versioning": {"status": "Enabled", "mfa_delete": false}}),
        json!({"versioning": {"status": "Enabled", "mfa_delete": true}}),
        vec![
            record(
                "PutBucketVersioning",
                "2026-11-01T10:00:00Z",
                alice(),
                versioning_params(Some("Enabled"), Some("Enabled")),
                json!({}),
            ),
            record(
                "PutBucketVersioning",
                "2026-11-10T10:00:00Z",
                bob(),
                versioning_params(Some("Enabled"), None),
                json!({}),
            ),
        ],
    );
    let a = one(&findings, "versioning.mfa_delete")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed, "{a:?}");
    assert_eq!(
        a.principal.as_deref(),
        Some("role/ops-admin (alice@example.com)")
    );
    assert!(a.history.is_empty(), "bob's call is not history: {a:?}");
    // The same the other way round: an MFA-only request kept the status.
    let findings = run(
        json!({"versioning": {"status": "Enabled", "mfa_delete": false}}),
        json!({"versioning": {"status": "Suspended", "mfa_delete": false}}),
        vec![
            record(
                "PutBucketVersioning",
                "2026-11-01T10:00:00Z",
                alice(),
                versioning_params(Some("Suspended"), Some("Disabled")),
                json!({}),
            ),
            record(
                "PutBucketVersioning",
                "2026-11-10T10:00:00Z",
                bob(),
                versioning_params(None, Some("Disabled")),
                json!({}),
            ),
        ],
    );
    let a = one(&findings, "versioning.status")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed, "{a:?}");
    assert_eq!(
        a.principal.as_deref(),
        Some("role/ops-admin (alice@example.com)")
    );
    // Only a partial request that leaves the key out: nothing proves who changed it.
    let findings = run(
        json!({"versioning": {"status": "Enabled", "mfa_delete": false}}),
        json!({"versioning": {"status": "Enabled", "mfa_delete": true}}),
        vec![record(
            "PutBucketVersioning",
            "2026-11-10T10:00:00Z",
            bob(),
            versioning_params(Some("Enabled"), None),
            json!({}),
        )],
    );
    let a = one(&findings, "versioning.mfa_delete")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Unattributed, "{a:?}");
    assert_eq!(a.principal, None);
}

fn missing_bucket() -> (DesiredSet, Snapshot) {
    let live: Snapshot = serde_json::from_value(json!({
        "schema": "s3drift/snapshot", "version": 1, "captured_at": "2026-11-20T09:00:00Z",
        "buckets": {BUCKET: {"status": "missing"}}
    }))
    .unwrap();
    (desired(json!({})), live)
}

#[test]
fn a_delete_followed_by_a_create_is_not_why_the_bucket_is_missing() {
    let (desired, live) = missing_bucket();
    let mut findings = s3drift::diff::compare(&desired, &live);
    let set = events(vec![
        record(
            "DeleteBucket",
            "2026-11-01T08:00:00Z",
            alice(),
            json!({"bucketName": BUCKET}),
            json!({}),
        ),
        record(
            "CreateBucket",
            "2026-11-02T08:00:00Z",
            bob(),
            json!({"bucketName": BUCKET}),
            json!({}),
        ),
    ]);
    attribute(&mut findings, &set, &desired, &live);
    let f = findings
        .iter()
        .find(|f| f.kind == Kind::MissingLive)
        .unwrap();
    let a = f.attribution.as_ref().unwrap();
    assert_eq!(a.status, AttributionStatus::Unattributed, "{a:?}");
    assert_eq!(a.principal, None);
    assert!(
        a.reason
            .as_deref()
            .unwrap()
            .contains("followed by CreateBucket by bob at 2026-11-02T08:00:00Z"),
        "{a:?}"
    );
    // A later delete after the re-creation is the cause again.
    let mut findings = s3drift::diff::compare(&desired, &live);
    let mut records = vec![
        record(
            "DeleteBucket",
            "2026-11-01T08:00:00Z",
            alice(),
            json!({"bucketName": BUCKET}),
            json!({}),
        ),
        record(
            "CreateBucket",
            "2026-11-02T08:00:00Z",
            bob(),
            json!({"bucketName": BUCKET}),
            json!({}),
        ),
    ];
    records.push(record(
        "DeleteBucket",
        "2026-11-03T08:00:00Z",
        bob(),
        json!({"bucketName": BUCKET}),
        json!({}),
    ));
    attribute(&mut findings, &events(records), &desired, &live);
    let a = findings
        .iter()
        .find(|f| f.kind == Kind::MissingLive)
        .and_then(|f| f.attribution.as_ref())
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed, "{a:?}");
    assert_eq!(a.principal.as_deref(), Some("bob"));
}

#[test]
fn a_create_followed_by_a_delete_did_not_make_the_listed_bucket() {
    let desired = desired(json!({}));
    let mut live = snapshot(json!({}));
    live.listed = Some(serde_json::from_value(json!([{"name": "shadow-bucket"}])).unwrap());
    let set = events(vec![
        record(
            "CreateBucket",
            "2026-11-01T10:00:00Z",
            alice(),
            json!({"bucketName": "shadow-bucket"}),
            json!({}),
        ),
        record(
            "DeleteBucket",
            "2026-11-02T10:00:00Z",
            bob(),
            json!({"bucketName": "shadow-bucket"}),
            json!({}),
        ),
    ]);
    let mut findings = s3drift::diff::compare(&desired, &live);
    attribute(&mut findings, &set, &desired, &live);
    let f = findings
        .iter()
        .find(|f| f.code == Code::UnmanagedBucket)
        .unwrap();
    assert_eq!(f.bucket, "shadow-bucket");
    let a = f.attribution.as_ref().unwrap();
    assert_eq!(a.status, AttributionStatus::Unattributed, "{a:?}");
    assert_eq!(a.principal, None);
    assert!(
        a.reason
            .as_deref()
            .unwrap()
            .contains("followed by DeleteBucket by bob"),
        "{a:?}"
    );
}

/// An access-log line for `PutBucketPublicAccessBlock` on [`BUCKET`].
fn pab_log_line(
    time: &str,
    requester: &str,
    request_id: &str,
    status: &str,
    error: &str,
) -> String {
    format!(
        "{OWNER} {BUCKET} [{time}] 198.51.100.7 {requester} {request_id} REST.PUT.PUBLIC_ACCESS_BLOCK - \"PUT /?publicAccessBlock HTTP/1.1\" {status} {error} - - 31 - \"-\" \"aws-cli/2.13.0 Python/3.11.4\" - hostid= SigV4 TLS_AES_128_GCM_SHA256 AuthHeader {BUCKET}.s3.eu-west-1.amazonaws.com TLSv1.3 - -"
    )
}

#[test]
fn another_callers_refused_call_does_not_hide_an_access_log_change() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let desired = desired(json!({"public_access_block": pab_on}));
    let live = snapshot(json!({"public_access_block": pab(false, true)}));
    // Alice's call is only in the access log; bob's, 20 s later, was refused (CloudTrail).
    let line = pab_log_line(
        "10/Nov/2026:10:00:00 +0000",
        "arn:aws:sts::111122223333:assumed-role/ops-admin/alice@example.com",
        "ALOGREQ0001",
        "200",
        "-",
    );
    // Another caller's refused call, and alice's own refused retry: neither is her success.
    for who in [bob(), alice()] {
        let mut set = events(vec![record(
            "PutBucketPublicAccessBlock",
            "2026-11-10T10:00:20Z",
            who.clone(),
            pab_params(false, true),
            json!({"errorCode": "AccessDenied", "errorMessage": "Access Denied", "requestID": null}),
        )]);
        set.add_access_log(access_log::read("access.log", &line));
        set.finish();
        let mut findings = s3drift::diff::compare(&desired, &live);
        attribute(&mut findings, &set, &desired, &live);
        let a = one(&findings, "public_access_block.block_public_acls")
            .attribution
            .as_ref()
            .unwrap();
        assert_eq!(a.status, AttributionStatus::Likely, "{who}: {a:?}");
        assert_eq!(
            a.principal.as_deref(),
            Some("role/ops-admin (alice@example.com)")
        );
        assert_eq!(a.evidence.as_deref(), Some("access-log"));
    }
    // Without a request id in the record, the same caller and outcome within a minute is
    // one call.
    let line = pab_log_line(
        "10/Nov/2026:10:00:00 +0000",
        "arn:aws:iam::111122223333:user/bob",
        "ALOGREQ0002",
        "200",
        "-",
    );
    let mut set = events(vec![record(
        "PutBucketPublicAccessBlock",
        "2026-11-10T10:00:20Z",
        bob(),
        pab_params(false, true),
        json!({"requestID": null}),
    )]);
    set.add_access_log(access_log::read("access.log", &line));
    set.finish();
    let mut findings = s3drift::diff::compare(&desired, &live);
    attribute(&mut findings, &set, &desired, &live);
    let a = one(&findings, "public_access_block.block_public_acls")
        .attribution
        .as_ref()
        .unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed, "{a:?}");
    assert_eq!(a.evidence.as_deref(), Some("cloudtrail"));
    assert!(a.history.is_empty(), "{a:?}");
}

#[test]
fn a_refused_call_in_both_sources_counts_once_for_bursts() {
    let times = [
        "2026-11-15T10:00:00Z",
        "2026-11-15T10:01:00Z",
        "2026-11-15T10:02:00Z",
    ];
    let records: Vec<Value> = times
        .iter()
        .map(|t| {
            record(
                "PutBucketPublicAccessBlock",
                t,
                bob(),
                pab_params(false, false),
                json!({"errorCode": "AccessDenied", "errorMessage": "Access Denied"}),
            )
        })
        .collect();
    let log: Vec<String> = times
        .iter()
        .enumerate()
        .map(|(i, t)| {
            pab_log_line(
                &format!("15/Nov/2026:10:0{i}:00 +0000"),
                "arn:aws:iam::111122223333:user/bob",
                &format!("REQ{}", t.replace([':', '-'], "")),
                "403",
                "AccessDenied",
            )
        })
        .collect();
    let mut set = events(records);
    set.add_access_log(access_log::read("access.log", &log.join("\n")));
    set.finish();
    assert_eq!(set.events.len(), 6, "both sources hold the three calls");
    set.burst_count = 4;
    let desired = desired(json!({}));
    let live = snapshot(json!({}));
    let mut findings = Vec::new();
    attribute(&mut findings, &set, &desired, &live);
    assert!(findings.is_empty(), "3 calls, not 6: {findings:#?}");
    set.burst_count = 3;
    let mut findings = Vec::new();
    attribute(&mut findings, &set, &desired, &live);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        findings[0].actual.as_ref().unwrap()["denied_calls"],
        json!(3)
    );
}

#[test]
fn an_iam_user_called_root_is_not_the_root_user() {
    let user_named_root = json!({"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/root",
        "userName": "root", "accountId": "111122223333"});
    let findings = run(
        json!({"tags": {"env": "prod"}}),
        json!({"tags": {"env": "prod", "owner": "someone"}}),
        vec![record(
            "PutBucketTagging",
            "2026-11-10T10:00:00Z",
            user_named_root,
            json!({"bucketName": BUCKET, "tagging": "", "Tagging": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                "TagSet": {"Tag": [{"Key": "env", "Value": "prod"}, {"Key": "owner", "Value": "someone"}]}}}),
            json!({}),
        )],
    );
    let f = one(&findings, "tags.owner");
    let a = f.attribution.as_ref().unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed);
    assert_eq!(a.principal.as_deref(), Some("root"));
    assert_eq!(f.severity, Severity::Low, "{f:?}");
    assert!(f.notes.iter().all(|n| !n.contains("root user")), "{f:?}");
}

#[test]
fn buckets_created_in_other_accounts_are_not_unmanaged() {
    let stranger = json!({"type": "IAMUser", "arn": "arn:aws:iam::999988887777:user/carol",
        "userName": "carol", "accountId": "999988887777"});
    let created = |b: &str, who: Value, account: &str| {
        record(
            "CreateBucket",
            "2026-11-02T10:00:00Z",
            who,
            json!({"bucketName": b}),
            json!({"recipientAccountId": account}),
        )
    };
    // An organisation trail: one bucket in our account, one in another.
    let records = vec![
        created("ours-unmanaged", bob(), "111122223333"),
        created("theirs", stranger, "999988887777"),
        record(
            "PutBucketTagging",
            "2026-11-03T10:00:00Z",
            bob(),
            json!({"bucketName": BUCKET, "tagging": "", "Tagging": {"TagSet": {"Tag": {"Key": "env", "Value": "prod"}}}}),
            json!({}),
        ),
    ];
    let unmanaged = |desired: &DesiredSet, live: &Snapshot| {
        let mut findings = s3drift::diff::compare(desired, live);
        attribute(&mut findings, &events(records.clone()), desired, live);
        findings
            .into_iter()
            .filter(|f| f.code == Code::UnmanagedBucket)
            .map(|f| f.bucket)
            .collect::<Vec<_>>()
    };
    let desired = desired(json!({}));
    let live = snapshot(json!({}));
    assert_eq!(unmanaged(&desired, &live), ["ours-unmanaged"]);
    // No account in state nor live read: the accounts of the managed bucket's events.
    let mut desired = desired;
    desired.buckets[0].account = None;
    let mut live = live;
    live.buckets.get_mut(BUCKET).unwrap().account = None;
    assert_eq!(unmanaged(&desired, &live), ["ours-unmanaged"]);
}

#[test]
fn a_state_written_after_the_change_is_a_hint_not_a_bound() {
    let pab_on: Value = serde_json::from_str(PAB_ON).unwrap();
    let change = record(
        "PutBucketPublicAccessBlock",
        "2026-11-10T10:00:00Z",
        alice(),
        pab_params(false, true),
        json!({}),
    );
    let live = snapshot(json!({"public_access_block": pab(false, true)}));
    let hint = |written: Option<&str>| {
        let mut desired = desired(json!({"public_access_block": pab_on.clone()}));
        desired.buckets[0].state_written_at = written.map(|w| w.parse().unwrap());
        let mut findings = s3drift::diff::compare(&desired, &live);
        attribute(
            &mut findings,
            &events(vec![change.clone()]),
            &desired,
            &live,
        );
        let f = one(&findings, "public_access_block.block_public_acls").clone();
        // The event stays the cause either way: LastModified never excludes it.
        assert_eq!(
            f.attribution.as_ref().unwrap().status,
            AttributionStatus::Confirmed
        );
        f.notes
            .iter()
            .any(|n| n.contains("the state was written at 2026-11-12T08:00:00Z, after this change"))
    };
    assert!(hint(Some("2026-11-12T08:00:00Z")));
    assert!(!hint(Some("2026-11-09T08:00:00Z")));
    assert!(!hint(None));
}

#[test]
fn a_policy_event_confirms_when_it_is_the_live_policy_in_other_spelling() {
    // The event wrote the account id and single strings; S3 answers with the :root ARN and
    // lists. Same document, so the event is the cause.
    let code = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::acme-data/*"}]});
    let written = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"AWS": "444455556666"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::acme-data/*"}});
    let live = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": ["arn:aws:iam::444455556666:root"]}, "Action": ["s3:GetObject"],
        "Resource": ["arn:aws:s3:::acme-data/*"]}]});
    let findings = run(
        json!({"policy": code}),
        json!({"policy": live}),
        vec![record(
            "PutBucketPolicy",
            "2026-11-10T10:00:00Z",
            alice(),
            json!({"bucketName": BUCKET, "policy": [""], "bucketPolicy": written.to_string()}),
            json!({}),
        )],
    );
    let a = one(&findings, "policy").attribution.as_ref().unwrap();
    assert_eq!(a.status, AttributionStatus::Confirmed, "{a:?}");
    assert_eq!(
        a.principal.as_deref(),
        Some("role/ops-admin (alice@example.com)")
    );
}
