//! Attribution end to end on a moto S3 server: buckets created from a state, changed out of
//! band by a second client (boto3), CloudTrail files written for those changes in the
//! shapes trails deliver (into a trail bucket on the same server, and as local `.json.gz`),
//! then `s3drift check --cloudtrail s3://… --cloudtrail <dir>` names who changed what. A
//! change with no event stays unattributed. The tool's own traffic is read-only.

mod support;

use flate2::write::GzEncoder;
use serde_json::{json, Value};
use std::io::Write;
use support::moto::Moto;
use support::proxy::Proxy;

const ACCOUNT: &str = "111122223333";
const DATA: &str = "attr-app-data";
const LOGS: &str = "attr-app-logs";
const TRAIL: &str = "attr-trail";
const ACCESS: &str = "attr-access-logs";
const GONE: &str = "attr-app-gone";

fn stamp(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn identity_role(role: &str, session: &str, issuer_arn: &str) -> Value {
    json!({"type": "AssumedRole", "principalId": format!("AROAEXAMPLEROLE0001:{session}"),
           "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"),
           "accountId": ACCOUNT, "accessKeyId": "ASIAEXAMPLE000000021",
           "sessionContext": {"sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEROLE0001",
               "arn": issuer_arn, "accountId": ACCOUNT, "userName": role},
               "attributes": {"creationDate": "2026-01-01T00:00:00Z", "mfaAuthenticated": "false"}}})
}

/// A record as a trail delivers it (eventVersion 1.11).
fn record(
    n: u32,
    name: &str,
    time: jiff::Timestamp,
    who: Value,
    agent: &str,
    bucket: &str,
    params: Value,
) -> Value {
    json!({
        "eventVersion": "1.11", "userIdentity": who, "eventTime": stamp(time),
        "eventSource": "s3.amazonaws.com", "eventName": name, "awsRegion": "us-east-1",
        "sourceIPAddress": "198.51.100.30", "userAgent": agent, "requestParameters": params,
        "responseElements": null,
        "additionalEventData": {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
            "bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader", "bytesTransferredOut": 0},
        "requestID": format!("E2EREQ{n:010}"), "eventID": format!("0e2e0000-0000-4000-8000-{n:012}"),
        "readOnly": false,
        "resources": [{"accountId": ACCOUNT, "type": "AWS::S3::Bucket", "ARN": format!("arn:aws:s3:::{bucket}")}],
        "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": format!("{bucket}.s3.us-east-1.amazonaws.com")}
    })
}

fn gz(records: &[Value]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(json!({"Records": records}).to_string().as_bytes())
        .unwrap();
    enc.finish().unwrap()
}

fn trail_key(t: jiff::Timestamp, suffix: &str) -> String {
    format!(
        "AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/{}/{ACCOUNT}_CloudTrail_us-east-1_{}_{suffix}.json.gz",
        t.strftime("%Y/%m/%d"),
        t.strftime("%Y%m%dT%H%MZ")
    )
}

const READER_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/reader"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::attr-app-logs/*"}]}"#;

fn wider_policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/reader"},
         "Action": "s3:GetObject", "Resource": "arn:aws:s3:::attr-app-logs/*"},
        {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
         "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::attr-app-logs", "arn:aws:s3:::attr-app-logs/*"]}
    ]})
}

#[test]
fn check_names_who_changed_what_from_trail_bucket_and_local_files() {
    support::init_process_env();
    let moto = Moto::start();
    // 1. The buckets as the state describes them.
    moto.boto3(&format!(
        r#"
for b in ["{DATA}", "{LOGS}", "{TRAIL}", "{GONE}"]:
    s3.create_bucket(Bucket=b)
s3.put_bucket_versioning(Bucket="{DATA}", VersioningConfiguration={{"Status": "Enabled"}})
s3.put_public_access_block(Bucket="{DATA}", PublicAccessBlockConfiguration={{
    "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}})
for b in ["{DATA}", "{LOGS}"]:
    s3.put_bucket_tagging(Bucket=b, Tagging={{"TagSet": [{{"Key": "env", "Value": "prod"}}]}})
s3.put_bucket_policy(Bucket="{LOGS}", Policy={READER_POLICY:?})
"#
    ));
    // 2. Out-of-band changes by a second client.
    let wider = wider_policy();
    moto.boto3(&format!(
        r#"
s3.put_bucket_versioning(Bucket="{DATA}", VersioningConfiguration={{"Status": "Suspended"}})
s3.put_public_access_block(Bucket="{DATA}", PublicAccessBlockConfiguration={{
    "BlockPublicAcls": True, "BlockPublicPolicy": False, "IgnorePublicAcls": True, "RestrictPublicBuckets": False}})
s3.put_bucket_policy(Bucket="{LOGS}", Policy=json.dumps(json.loads({wider:?})))
s3.put_bucket_tagging(Bucket="{LOGS}", Tagging={{"TagSet": [{{"Key": "env", "Value": "prod"}}, {{"Key": "owner", "Value": "mallory"}}]}})
s3.put_bucket_versioning(Bucket="{LOGS}", VersioningConfiguration={{"Status": "Enabled"}})
s3.create_bucket(Bucket="{ACCESS}")
s3.delete_bucket(Bucket="{GONE}")
"#,
        wider = wider.to_string()
    ));
    // 3. The CloudTrail records of those changes (none for the tag).
    let now = jiff::Timestamp::now();
    let ago = |mins: i64| now - jiff::SignedDuration::from_mins(mins);
    let alice = identity_role(
        "ops-admin",
        "alice@example.com",
        &format!("arn:aws:iam::{ACCOUNT}:role/ops-admin"),
    );
    let bob = json!({"type": "IAMUser", "principalId": "AIDAEXAMPLEBOB000001", "arn": format!("arn:aws:iam::{ACCOUNT}:user/bob"),
                     "accountId": ACCOUNT, "accessKeyId": "AKIAEXAMPLE000000022", "userName": "bob"});
    let sso = identity_role(
        "AWSReservedSSO_SecurityAudit_0123456789abcdef",
        "carol@example.com",
        &format!("arn:aws:iam::{ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_0123456789abcdef"),
    );
    let ci = identity_role(
        "terraform-ci",
        "gha-run-42",
        &format!("arn:aws:iam::{ACCOUNT}:role/terraform-ci"),
    );
    let cli = "aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard";
    let console = "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.226 OpenJDK_64-Bit_Server_VM/25.422-b05 java/1.8.0_422 vendor/Oracle_Corporation]";
    let terraform = "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.74.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.3 ua/2.1 os/linux lang/go#1.23.2";
    let ns = "http://s3.amazonaws.com/doc/2006-03-01/";
    let versioning_enabled = record(
        1,
        "PutBucketVersioning",
        ago(50),
        bob.clone(),
        cli,
        DATA,
        json!({"bucketName": DATA, "Host": format!("{DATA}.s3.us-east-1.amazonaws.com"), "versioning": "",
               "VersioningConfiguration": {"xmlns": ns, "Status": "Enabled"}}),
    );
    let versioning_suspended = record(
        2,
        "PutBucketVersioning",
        ago(40),
        alice,
        cli,
        DATA,
        json!({"bucketName": DATA, "Host": format!("{DATA}.s3.us-east-1.amazonaws.com"), "versioning": "",
               "VersioningConfiguration": {"xmlns": ns, "Status": "Suspended"}}),
    );
    let pab_opened = record(
        3,
        "PutBucketPublicAccessBlock",
        ago(30),
        sso,
        console,
        DATA,
        json!({"bucketName": DATA, "host": [format!("{DATA}.s3.us-east-1.amazonaws.com")], "publicAccessBlock": [""],
               "PublicAccessBlockConfiguration": {"xmlns": ns, "BlockPublicAcls": true, "BlockPublicPolicy": false,
                   "IgnorePublicAcls": true, "RestrictPublicBuckets": false}}),
    );
    // Older records carry the policy as a JSON string.
    let policy_widened = record(
        4,
        "PutBucketPolicy",
        ago(20),
        ci,
        terraform,
        LOGS,
        json!({"bucketName": LOGS, "Host": format!("{LOGS}.s3.us-east-1.amazonaws.com"), "policy": "",
               "bucketPolicy": wider.to_string()}),
    );
    let deleted = record(
        6,
        "DeleteBucket",
        ago(25),
        bob.clone(),
        cli,
        GONE,
        json!({"bucketName": GONE, "Host": format!("{GONE}.s3.us-east-1.amazonaws.com")}),
    );
    let denied = record(
        5,
        "DeleteBucketPolicy",
        ago(10),
        bob,
        cli,
        LOGS,
        json!({"bucketName": LOGS, "Host": format!("{LOGS}.s3.us-east-1.amazonaws.com"), "policy": ""}),
    );
    let mut denied = denied;
    denied["errorCode"] = json!("AccessDenied");
    denied["errorMessage"] = json!("Access Denied");

    // In the trail bucket: the versioning change and the policy change.
    let dir = tempfile::tempdir().unwrap();
    let staged = dir.path().join("upload.json.gz");
    std::fs::write(
        &staged,
        gz(&[
            versioning_suspended,
            policy_widened.clone(),
            deleted,
            denied,
        ]),
    )
    .unwrap();
    let main_key = trail_key(ago(5), "Ab12Cd34Ef56Gh78");
    moto.boto3(&format!(
        "s3.put_object(Bucket={TRAIL:?}, Key={main_key:?}, Body=open({path:?}, 'rb').read())",
        path = staged.display().to_string()
    ));
    // An organisation trail's layout in the same bucket: the earlier versioning change.
    let org = dir.path().join("org.json.gz");
    std::fs::write(&org, gz(&[versioning_enabled])).unwrap();
    let org_key =
        trail_key(ago(45), "Org0Trail0Key001").replace("AWSLogs/", "AWSLogs/o-a1b2c3d4e5/");
    moto.boto3(&format!(
        "s3.put_object(Bucket={TRAIL:?}, Key={org_key:?}, Body=open({path:?}, 'rb').read())",
        path = org.display().to_string()
    ));
    // As local files: the public access block change and a copy of the policy change (read
    // twice, counted once).
    let local = dir.path().join("cloudtrail");
    let day = local.join(format!(
        "AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/{}",
        ago(5).strftime("%Y/%m/%d")
    ));
    std::fs::create_dir_all(&day).unwrap();
    std::fs::write(day.join("a.json.gz"), gz(&[pab_opened])).unwrap();
    std::fs::write(day.join("b.json.gz"), gz(&[policy_widened])).unwrap();

    // The versioning of the logs bucket shows only in its server access log.
    let log_line = format!(
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000001 {LOGS} [{}] 198.51.100.31 arn:aws:iam::{ACCOUNT}:user/mallory E2EACCESS0000001 REST.PUT.VERSIONING - \"PUT /{LOGS}?versioning HTTP/1.1\" 200 - - - 41 - \"-\" \"Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux lang/python#3.12.6 Botocore/1.35.0\" - hostid= SigV4 TLS_AES_128_GCM_SHA256 AuthHeader s3.us-east-1.amazonaws.com TLSv1.3 - -\n",
        ago(15).strftime("%d/%b/%Y:%H:%M:%S +0000")
    );
    let log_file = dir.path().join("access.log");
    std::fs::write(&log_file, log_line).unwrap();
    moto.boto3(&format!(
        "s3.put_object(Bucket={ACCESS:?}, Key={key:?}, Body=open({path:?}, 'rb').read())",
        key = format!(
            "logs/{}-E2E0ACCESS0001",
            ago(15).strftime("%Y-%m-%d-%H-%M-%S")
        ),
        path = log_file.display().to_string()
    ));

    // 4. The check, through the recording proxy.
    let proxy = Proxy::start(moto.addr);
    let out = support::s3drift()
        .args([
            "check",
            "--state",
            "fixtures/trail/e2e.tfstate",
            "--format",
            "json",
            "--region",
            "us-east-1",
            "--endpoint-url",
            &proxy.endpoint,
            "--since",
            "1d",
            "--cloudtrail",
            &format!("s3://{TRAIL}/"),
            "--cloudtrail",
            local.to_str().unwrap(),
            "--access-logs",
            &format!("s3://{ACCESS}/logs/"),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    let findings = report["findings"].as_array().unwrap();
    let attribution = |bucket: &str, path: &str| -> Value {
        findings
            .iter()
            .find(|f| f["bucket"] == bucket && f["path"] == path)
            .unwrap_or_else(|| panic!("no finding {bucket} {path}: {findings:#?}"))["attribution"]
            .clone()
    };

    let v = attribution(DATA, "versioning.status");
    assert_eq!(v["status"], "confirmed", "{v}");
    assert_eq!(v["principal"], "role/ops-admin (alice@example.com)");
    assert_eq!(v["event_name"], "PutBucketVersioning");
    assert_eq!(v["event_id"], "0e2e0000-0000-4000-8000-000000000002");
    assert_eq!(v["via"], "aws-cli");
    assert_eq!(v["history"][0]["principal"], "bob", "{v}");

    for path in [
        "public_access_block.block_public_policy",
        "public_access_block.restrict_public_buckets",
    ] {
        let p = attribution(DATA, path);
        assert_eq!(p["status"], "confirmed", "{path}: {p}");
        assert_eq!(p["principal"], "sso/SecurityAudit (carol@example.com)");
        assert_eq!(p["event_name"], "PutBucketPublicAccessBlock");
        assert_eq!(p["via"], "console");
    }

    let policy = attribution(LOGS, "policy");
    assert_eq!(policy["status"], "confirmed", "{policy}");
    assert_eq!(policy["principal"], "role/terraform-ci (gha-run-42)");
    assert_eq!(policy["via"], "terraform");
    assert_eq!(
        policy["history"],
        json!([]),
        "one event from two sources is one event"
    );

    let tag = attribution(LOGS, "tags.owner");
    assert_eq!(tag["status"], "unattributed", "{tag}");
    assert!(
        tag["reason"]
            .as_str()
            .unwrap()
            .starts_with("no event changed tags"),
        "{tag}"
    );
    assert!(tag["principal"].is_null());

    let access = attribution(LOGS, "versioning.status");
    assert_eq!(access["status"], "likely", "{access}");
    assert_eq!(access["principal"], "mallory");
    assert_eq!(access["evidence"], "access-log");
    assert_eq!(access["event_name"], "PutBucketVersioning");
    assert_eq!(access["via"], "sdk:boto3 (python)");

    // The tool only read: ListObjectsV2 and GetObject on the trail bucket, GETs elsewhere.
    proxy.assert_read_only();
    let trail_reads: Vec<_> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.bucket() == Some(TRAIL))
        .collect();
    // Both log files were fetched, and nothing else from the trail bucket.
    let mut fetched: Vec<&str> = trail_reads.iter().filter_map(|r| r.key()).collect();
    fetched.sort();
    let mut staged_keys = [main_key.as_str(), org_key.as_str()];
    staged_keys.sort();
    assert_eq!(fetched, staged_keys);
    // Listings stay inside the window: the account folders, then day folders of the
    // bucket's region from the window's first day to the day after its end.
    let days = s3drift::trail::source_s3::days(
        now - jiff::SignedDuration::from_hours(24),
        now + jiff::SignedDuration::from_mins(1),
    );
    for r in trail_reads.iter().filter(|r| r.key().is_none()) {
        let prefix = r
            .query
            .split('&')
            .find_map(|p| p.strip_prefix("prefix="))
            .unwrap_or("")
            .replace("%2F", "/");
        let listed_day = prefix.split("/CloudTrail/us-east-1/").nth(1);
        let ok = match listed_day {
            Some(day) => days.iter().any(|d| format!("{d}/") == day),
            None => matches!(prefix.as_str(), "AWSLogs/" | "AWSLogs/o-a1b2c3d4e5/"),
        };
        assert!(ok, "listing outside the window: {prefix:?} ({days:?})");
    }

    // The deleted bucket's finding names who deleted it.
    let gone = findings
        .iter()
        .find(|f| f["bucket"] == GONE)
        .unwrap_or_else(|| panic!("no finding for {GONE}: {findings:#?}"));
    assert_eq!(gone["code"], "bucket-missing", "{gone}");
    let by = &gone["attribution"];
    assert_eq!(by["principal"], "bob", "{gone}");
    assert_eq!(by["event_name"], "DeleteBucket");
    assert_eq!(by["event_id"], "0e2e0000-0000-4000-8000-000000000006");
}

/// Every part moto can hold, changed out of band, each with its CloudTrail record in the
/// XML-turned-JSON shape S3 writes: the event's value must equal what the live reader reads,
/// so every finding on the bucket is confirmed.
#[test]
fn event_values_match_the_live_reader_for_every_part() {
    support::init_process_env();
    let moto = Moto::start();
    const PARTS: &str = "attr-parts";
    let owner = moto.boto3(&format!(
        r#"
s3.create_bucket(Bucket="{PARTS}")
s3.create_bucket(Bucket="{PARTS}-logs")
s3.create_bucket(Bucket="{TRAIL}")
print(s3.get_bucket_acl(Bucket="{PARTS}")["Owner"]["ID"], end="")
"#
    ));
    moto.boto3(&format!(
        r#"
B = "{PARTS}"
owner = s3.get_bucket_acl(Bucket=B + "-logs")["Owner"]
log_delivery = {{"Type": "Group", "URI": "http://acs.amazonaws.com/groups/s3/LogDelivery"}}
s3.put_bucket_acl(Bucket=B + "-logs", AccessControlPolicy={{"Owner": owner, "Grants": [
    {{"Grantee": {{"Type": "CanonicalUser", "ID": owner["ID"]}}, "Permission": "FULL_CONTROL"}},
    {{"Grantee": log_delivery, "Permission": "WRITE"}},
    {{"Grantee": log_delivery, "Permission": "READ_ACP"}}]}})
s3.put_bucket_encryption(Bucket=B, ServerSideEncryptionConfiguration={{"Rules": [{{
    "ApplyServerSideEncryptionByDefault": {{"SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}},
    "BucketKeyEnabled": True}}]}})
s3.put_bucket_lifecycle_configuration(Bucket=B, LifecycleConfiguration={{"Rules": [{{
    "ID": "logs", "Status": "Enabled", "Filter": {{"Prefix": "logs/"}},
    "Expiration": {{"Days": 90}},
    "Transitions": [{{"Days": 30, "StorageClass": "STANDARD_IA"}}],
    "NoncurrentVersionExpiration": {{"NoncurrentDays": 60}},
    "AbortIncompleteMultipartUpload": {{"DaysAfterInitiation": 7}}}}]}})
s3.put_bucket_logging(Bucket=B, BucketLoggingStatus={{"LoggingEnabled": {{
    "TargetBucket": B + "-logs", "TargetPrefix": "access/"}}}})
s3.put_bucket_cors(Bucket=B, CORSConfiguration={{"CORSRules": [{{
    "ID": "web", "AllowedMethods": ["PUT", "GET"], "AllowedOrigins": ["https://example.com"],
    "AllowedHeaders": ["*"], "MaxAgeSeconds": 300}}]}})
s3.put_bucket_website(Bucket=B, WebsiteConfiguration={{
    "IndexDocument": {{"Suffix": "index.html"}}, "ErrorDocument": {{"Key": "error.html"}},
    "RoutingRules": [{{"Condition": {{"KeyPrefixEquals": "docs/"}},
                      "Redirect": {{"ReplaceKeyPrefixWith": "documents/"}}}}]}})
s3.put_bucket_ownership_controls(Bucket=B, OwnershipControls={{"Rules": [{{"ObjectOwnership": "BucketOwnerPreferred"}}]}})
s3.put_bucket_acl(Bucket=B, AccessControlPolicy={{"Owner": owner, "Grants": [
    {{"Grantee": {{"Type": "CanonicalUser", "ID": owner["ID"]}}, "Permission": "FULL_CONTROL"}},
    {{"Grantee": {{"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}}, "Permission": "READ"}}]}})
"#
    ));
    let ns = "http://s3.amazonaws.com/doc/2006-03-01/";
    let now = jiff::Timestamp::now();
    let who = identity_role(
        "ops-admin",
        "dave@example.com",
        &format!("arn:aws:iam::{ACCOUNT}:role/ops-admin"),
    );
    let cli = "aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 lang/python#3.12.6";
    let host = format!("{PARTS}.s3.us-east-1.amazonaws.com");
    let bodies: Vec<(&str, Value)> = vec![
        (
            "PutBucketEncryption",
            json!({"encryption": "", "ServerSideEncryptionConfiguration": {"xmlns": ns,
            "Rule": {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms",
                "KMSMasterKeyID": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
                "BucketKeyEnabled": true}}}),
        ),
        (
            "PutBucketLifecycle",
            json!({"lifecycle": "", "LifecycleConfiguration": {"xmlns": ns, "Rule": {
            "ID": "logs", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, "Expiration": {"Days": 90},
            "Transition": {"Days": 30, "StorageClass": "STANDARD_IA"},
            "NoncurrentVersionExpiration": {"NoncurrentDays": 60},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}}}),
        ),
        (
            "PutBucketLogging",
            json!({"logging": "", "BucketLoggingStatus": {"xmlns": ns, "LoggingEnabled": {
            "TargetBucket": format!("{PARTS}-logs"), "TargetPrefix": "access/"}}}),
        ),
        (
            "PutBucketCors",
            json!({"cors": "", "CORSConfiguration": {"xmlns": ns, "CORSRule": {
            "ID": "web", "AllowedMethod": ["PUT", "GET"], "AllowedOrigin": "https://example.com",
            "AllowedHeader": "*", "MaxAgeSeconds": 300}}}),
        ),
        (
            "PutBucketWebsite",
            json!({"website": "", "WebsiteConfiguration": {"xmlns": ns,
            "IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"},
            "RoutingRules": {"RoutingRule": {"Condition": {"KeyPrefixEquals": "docs/"},
                "Redirect": {"ReplaceKeyPrefixWith": "documents/"}}}}}),
        ),
        (
            "PutBucketOwnershipControls",
            json!({"ownershipControls": "", "OwnershipControls": {"xmlns": ns,
            "Rule": {"ObjectOwnership": "BucketOwnerPreferred"}}}),
        ),
        (
            "PutBucketAcl",
            json!({"acl": "", "AccessControlPolicy": {"xmlns": ns, "Owner": {"ID": owner},
            "AccessControlList": {"Grant": [
                {"Grantee": {"xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance", "xsi:type": "CanonicalUser", "ID": owner},
                 "Permission": "FULL_CONTROL"},
                {"Grantee": {"xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance", "xsi:type": "Group",
                 "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}, "Permission": "READ"}]}}}),
        ),
    ];
    let records: Vec<Value> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, (name, mut params))| {
            params["bucketName"] = json!(PARTS);
            params["Host"] = json!(host);
            let n = 100 + i as u32;
            record(
                n,
                name,
                now - jiff::SignedDuration::from_mins(60 - i as i64),
                who.clone(),
                cli,
                PARTS,
                params,
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parts.json.gz"), gz(&records)).unwrap();
    let state = dir.path().join("parts.tfstate");
    std::fs::write(
        &state,
        json!({"version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": "trail-e2e-parts", "outputs": {},
            "resources": [{"mode": "managed", "type": "aws_s3_bucket", "name": "parts",
                "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                "instances": [{"schema_version": 0, "attributes": {"bucket": PARTS, "id": PARTS,
                    "arn": format!("arn:aws:s3:::{PARTS}"), "tags": {}, "tags_all": {}},
                    "sensitive_attributes": []}]}]})
        .to_string(),
    )
    .unwrap();
    let out = support::s3drift()
        .args([
            "check",
            "--state",
            state.to_str().unwrap(),
            "--format",
            "json",
            "--region",
            "us-east-1",
            "--endpoint-url",
            &moto.endpoint,
            "--since",
            "1d",
            "--cloudtrail",
            dir.path().join("parts.json.gz").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}\n{}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    let mut parts_seen = std::collections::BTreeSet::new();
    let mut wrong = Vec::new();
    for f in report["findings"].as_array().unwrap() {
        if f["bucket"] != PARTS || f["kind"] == "unreadable" {
            continue;
        }
        let path = f["path"].as_str().unwrap();
        parts_seen.insert(path.split(['.', '[']).next().unwrap().to_string());
        let a = &f["attribution"];
        if a["status"] != "confirmed" || a["principal"] != "role/ops-admin (dave@example.com)" {
            wrong.push(format!(
                "{path}: {a}\n  expected {} actual {}",
                f["expected"], f["actual"]
            ));
        }
    }
    assert!(wrong.is_empty(), "not confirmed:\n{}", wrong.join("\n"));
    let want: std::collections::BTreeSet<String> = [
        "acl",
        "cors_rule",
        "lifecycle_rule",
        "logging",
        "ownership_controls",
        "server_side_encryption_configuration",
        "website",
    ]
    .map(String::from)
    .into();
    assert_eq!(parts_seen, want, "{stderr}");
}
