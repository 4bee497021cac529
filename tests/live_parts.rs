//! The parts that are read only where a state manages them (Transfer Acceleration, event
//! notifications), end to end on the moto server: read exactly when managed, one request
//! each, a change made with a second client is found, and a CloudTrail record of the change
//! names who made it.

mod support;

use serde_json::{json, Value};
use support::moto::Moto;
use support::proxy::{Proxy, Reply, Request};

const BUCKET: &str = "acme-extra";

fn fixture(name: &str) -> String {
    format!("{}/fixtures/live/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The bucket as `parts.tfstate` describes it.
const SETUP: &str = r#"
s3.create_bucket(Bucket='acme-extra')
s3.put_bucket_accelerate_configuration(Bucket='acme-extra', AccelerateConfiguration={'Status': 'Enabled'})
s3.put_bucket_notification_configuration(Bucket='acme-extra', NotificationConfiguration={'QueueConfigurations': [
    {'Id': 'uploads', 'QueueArn': 'arn:aws:sqs:us-east-1:123456789012:uploads', 'Events': ['s3:ObjectCreated:*'],
     'Filter': {'Key': {'FilterRules': [{'Name': 'prefix', 'Value': 'in/'}]}}}]})
"#;

/// The out-of-band change, as an operator would make it with another client.
const CHANGE: &str = r#"
s3.put_bucket_accelerate_configuration(Bucket='acme-extra', AccelerateConfiguration={'Status': 'Suspended'})
s3.put_bucket_notification_configuration(Bucket='acme-extra', NotificationConfiguration={
    'QueueConfigurations': [
        {'Id': 'uploads', 'QueueArn': 'arn:aws:sqs:us-east-1:123456789012:uploads', 'Events': ['s3:ObjectCreated:*'],
         'Filter': {'Key': {'FilterRules': [{'Name': 'prefix', 'Value': 'in/'}]}}}],
    'LambdaFunctionConfigurations': [
        {'Id': 'exfil', 'LambdaFunctionArn': 'arn:aws:lambda:us-east-1:444455556666:function:collect',
         'Events': ['s3:ObjectCreated:*']}]})
"#;

fn check(proxy: &Proxy, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--region",
        "us-east-1",
        "--endpoint-url",
        &proxy.endpoint,
    ];
    args.extend_from_slice(extra);
    let out = support::s3drift()
        .args(&args)
        .output()
        .expect("run s3drift");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));
    (out.status.code().unwrap_or(-1), report, stderr)
}

/// The record CloudTrail writes for one call by `ops-admin` (session mallory).
fn record(name: &str, params: Value, minutes_ago: i64) -> Value {
    let time = jiff::Timestamp::now() - jiff::SignedDuration::from_mins(minutes_ago);
    json!({
        "eventVersion": "1.11",
        "userIdentity": {"type": "AssumedRole", "principalId": "AROAEXAMPLEOPS0001:mallory",
            "arn": "arn:aws:sts::123456789012:assumed-role/ops-admin/mallory", "accountId": "123456789012",
            "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::123456789012:role/ops-admin",
                "accountId": "123456789012", "userName": "ops-admin"}}},
        "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "eventSource": "s3.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "198.51.100.7",
        "userAgent": "Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux lang#python#3.11",
        "requestParameters": params,
        "responseElements": null,
        "requestID": format!("REQ-{name}"),
        "eventID": format!("00000000-0000-4000-8000-{minutes_ago:012}"),
        "eventType": "AwsApiCall",
        "recipientAccountId": "123456789012"
    })
}

#[test]
fn managed_only_parts_are_read_compared_and_attributed() {
    let moto = Moto::start();
    moto.boto3(SETUP);
    let proxy = Proxy::start(moto.addr);
    let state = fixture("parts.tfstate");

    // Matching: no finding, and exactly one request per part read: HeadBucket, the 13
    // core parts and the two parts this state manages.
    let (code, report, stderr) = check(&proxy, &["--state", &state]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(report["findings"], json!([]), "{report:#}");
    let requests = proxy.requests();
    assert_eq!(requests.len(), 16, "{requests:#?}");
    for subresource in ["accelerate", "notification"] {
        assert_eq!(
            requests
                .iter()
                .filter(|r| r.subresource() == subresource)
                .count(),
            1,
            "{subresource}"
        );
    }
    proxy.assert_read_only();

    // Changed with another client, and recorded by CloudTrail.
    moto.boto3(CHANGE);
    let trail = tempfile::tempdir().unwrap();
    let records = json!({"Records": [
        record("PutBucketAccelerateConfiguration", json!({"bucketName": BUCKET,
            "AccelerateConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Status": "Suspended"}}), 30),
        record("PutBucketNotificationConfiguration", json!({"bucketName": BUCKET,
            "NotificationConfiguration": {
                "QueueConfiguration": {"Id": "uploads", "Queue": "arn:aws:sqs:us-east-1:123456789012:uploads",
                    "Event": "s3:ObjectCreated:*", "Filter": {"S3Key": {"FilterRule": {"Name": "prefix", "Value": "in/"}}}},
                "CloudFunctionConfiguration": {"Id": "exfil",
                    "CloudFunction": "arn:aws:lambda:us-east-1:444455556666:function:collect",
                    "Event": "s3:ObjectCreated:*"}}}), 20),
    ]});
    let file = trail.path().join("changes.json");
    std::fs::write(&file, records.to_string()).unwrap();
    proxy.clear();
    let (code, report, stderr) = check(
        &proxy,
        &[
            "--state",
            &state,
            "--cloudtrail",
            &file.display().to_string(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    let found: Vec<(&str, &str, &str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["attribution"]["status"].as_str().unwrap_or(""),
                f["attribution"]["principal"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "accelerate_configuration.status",
                "accelerate-changed",
                "confirmed",
                "role/ops-admin (mallory)"
            ),
            (
                "notification.lambda_function[exfil]",
                "notification-changed",
                "confirmed",
                "role/ops-admin (mallory)"
            ),
        ],
        "{report:#}"
    );
    proxy.assert_read_only();
}

#[test]
fn a_state_without_them_reads_them_only_when_asked() {
    let moto = Moto::start();
    moto.boto3("s3.create_bucket(Bucket='full.bucket.example')");
    let proxy = Proxy::start(moto.addr);
    let state = fixture("full.tfstate");
    let bucket = |r: &support::proxy::Request| r.bucket() == Some("full.bucket.example");
    check(
        &proxy,
        &["--state", &state, "--bucket", "full.bucket.example"],
    );
    let default = proxy.requests().iter().filter(|r| bucket(r)).count();
    assert_eq!(default, 14, "HeadBucket and the 13 core parts");
    proxy.clear();
    check(
        &proxy,
        &[
            "--state",
            &state,
            "--bucket",
            "full.bucket.example",
            "--parts",
            "all",
        ],
    );
    let all = proxy.requests();
    // HeadBucket and every bucket part: the 13 core parts and the managed-only ones (the
    // account's own block is read once per account, not on the bucket).
    let every_part = 1 + s3drift::model::Part::ALL
        .iter()
        .filter(|p| p.spec().live.scope == s3drift::parts::Scope::Bucket)
        .count();
    assert_eq!(all.iter().filter(|r| bucket(r)).count(), every_part);
    assert!(all.iter().any(|r| r.subresource() == "accelerate"));
    proxy.clear();
    check(
        &proxy,
        &[
            "--state",
            &state,
            "--bucket",
            "full.bucket.example",
            "--parts",
            "versioning,policy",
        ],
    );
    assert_eq!(proxy.requests().len(), 3, "{:#?}", proxy.requests());
}

const TYPES_BUCKET: &str = "acme-types";

/// The GetBucketRequestPayment answer S3 gives (S3 API reference).
fn request_payment(payer: &str) -> Reply {
    Reply::Xml(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<RequestPaymentConfiguration \
         xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Payer>{payer}</Payer>\
         </RequestPaymentConfiguration>"
    ))
}

/// One page of ListBucketIntelligentTieringConfigurations (S3 API reference): `next` is the
/// continuation token of the page after it.
fn tiering_page(configurations: &[(&str, &str, &str, u32)], next: Option<&str>) -> Reply {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketIntelligentTieringConfigurationsOutput \
         xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">",
    );
    body += &format!("<IsTruncated>{}</IsTruncated>", next.is_some());
    if let Some(token) = next {
        body += &format!("<NextContinuationToken>{token}</NextContinuationToken>");
    }
    for (id, prefix, tier, days) in configurations {
        body += &format!("<IntelligentTieringConfiguration><Id>{id}</Id>");
        if !prefix.is_empty() {
            body += &format!("<Filter><Prefix>{prefix}</Prefix></Filter>");
        }
        body += &format!(
            "<Status>Enabled</Status><Tiering><Days>{days}</Days><AccessTier>{tier}</AccessTier>\
             </Tiering></IntelligentTieringConfiguration>"
        );
    }
    body += "</ListBucketIntelligentTieringConfigurationsOutput>";
    Reply::Xml(body)
}

/// ListBucketMetricsConfigurations in one page (S3 API reference): `(name, prefix)`, no
/// prefix for a configuration of the whole bucket.
fn metrics_page(configurations: &[(&str, &str)]) -> Reply {
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListMetricsConfigurationsResult \
         xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><IsTruncated>false</IsTruncated>",
    );
    for (id, prefix) in configurations {
        body += &format!("<MetricsConfiguration><Id>{id}</Id>");
        if !prefix.is_empty() {
            body += &format!("<Filter><Prefix>{prefix}</Prefix></Filter>");
        }
        body += "</MetricsConfiguration>";
    }
    body += "</ListMetricsConfigurationsResult>";
    Reply::Xml(body)
}

/// ListBucketAnalyticsConfigurations in one page (S3 API reference): the `docs`
/// configuration exporting to `bucket` (of `account`, when given).
fn analytics_page(bucket: &str, account: &str) -> Reply {
    let account = if account.is_empty() {
        String::new()
    } else {
        format!("<BucketAccountId>{account}</BucketAccountId>")
    };
    Reply::Xml(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketAnalyticsConfigurationResult \
         xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><IsTruncated>false</IsTruncated>\
         <AnalyticsConfiguration><Id>docs</Id><Filter><Prefix>docs/</Prefix></Filter>\
         <StorageClassAnalysis><DataExport><OutputSchemaVersion>V_1</OutputSchemaVersion>\
         <Destination><S3BucketDestination><Format>CSV</Format>{account}<Bucket>{bucket}</Bucket>\
         <Prefix>docs</Prefix></S3BucketDestination></Destination></DataExport>\
         </StorageClassAnalysis></AnalyticsConfiguration></ListBucketAnalyticsConfigurationResult>"
    ))
}

fn is_sub(subresource: &'static str) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    move |r: &Request| r.method == "GET" && r.subresource() == subresource
}

fn second_page(r: &Request) -> bool {
    r.method == "GET"
        && r.subresource() == "intelligent-tiering"
        && r.query.contains("continuation-token=page-2")
}

/// The proxy's answers for the bucket as `bucket-types.tfstate` describes it, with the
/// second tiering page given.
fn serve(
    proxy: &Proxy,
    payer: &str,
    deep: (&str, &str, &str, u32),
    docs: &str,
    export: (&str, &str),
) {
    proxy.inject(is_sub("requestPayment"), request_payment(payer), Some(1));
    proxy.inject(
        is_sub("analytics"),
        analytics_page(export.0, export.1),
        Some(1),
    );
    proxy.inject(
        is_sub("metrics"),
        metrics_page(&[("all", ""), ("docs", docs)]),
        Some(1),
    );
    // The second page first: the first page's rule matches its request too.
    proxy.inject(second_page, tiering_page(&[deep], None), Some(1));
    proxy.inject(
        is_sub("intelligent-tiering"),
        tiering_page(
            &[("archive", "logs/", "ARCHIVE_ACCESS", 90)],
            Some("page-2"),
        ),
        Some(1),
    );
}

/// The bucket-configuration types moto 5.1.22 does not implement (Requester Pays,
/// Intelligent-Tiering, request metrics, storage class analysis): the proxy answers their reads with S3's XML, and the answers
/// changing between two runs stand for a change made with another client. The tiering
/// configurations come in two pages, which are both read.
#[test]
fn types_moto_lacks_are_read_compared_and_attributed() {
    let moto = Moto::start();
    moto.boto3("s3.create_bucket(Bucket='acme-types')");
    let proxy = Proxy::start(moto.addr);
    let state = fixture("bucket-types.tfstate");

    serve(
        &proxy,
        "BucketOwner",
        ("deep", "", "DEEP_ARCHIVE_ACCESS", 180),
        "docs/",
        ("arn:aws:s3:::acme-analytics-reports", ""),
    );
    let (code, report, stderr) = check(&proxy, &["--state", &state]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(report["findings"], json!([]), "{report:#}");
    let requests = proxy.requests();
    assert_eq!(
        requests.len(),
        19,
        "HeadBucket, 13 core parts, Requester Pays, two tiering pages, metrics, analytics: {requests:#?}"
    );
    assert_eq!(proxy.injected().len(), 5);
    proxy.assert_read_only();

    proxy.clear();
    serve(
        &proxy,
        "Requester",
        ("deep", "", "DEEP_ARCHIVE_ACCESS", 90),
        "tmp/",
        ("arn:aws:s3:::collector", "444455556666"),
    );
    let trail = tempfile::tempdir().unwrap();
    let records = json!({"Records": [
        record("PutBucketRequestPayment", json!({"bucketName": TYPES_BUCKET, "requestPayment": "",
            "RequestPaymentConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Payer": "Requester"}}), 25),
        record("PutBucketIntelligentTieringConfiguration", json!({"bucketName": TYPES_BUCKET,
            "intelligent-tiering": "", "id": "deep",
            "IntelligentTieringConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                "Id": "deep", "Status": "Enabled",
                "Tiering": {"Days": 90, "AccessTier": "DEEP_ARCHIVE_ACCESS"}}}), 24),
        record("PutBucketMetricsConfiguration", json!({"bucketName": TYPES_BUCKET,
            "metrics": "", "id": "docs",
            "MetricsConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                "Id": "docs", "Filter": {"Prefix": "tmp/"}}}), 23),
        record("PutBucketAnalyticsConfiguration", json!({"bucketName": TYPES_BUCKET,
            "analytics": "", "id": "docs",
            "AnalyticsConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                "Id": "docs", "Filter": {"Prefix": "docs/"},
                "StorageClassAnalysis": {"DataExport": {"OutputSchemaVersion": "V_1",
                    "Destination": {"S3BucketDestination": {"Format": "CSV",
                        "BucketAccountId": "444455556666", "Bucket": "arn:aws:s3:::collector",
                        "Prefix": "docs"}}}}}}), 22),
    ]});
    let file = trail.path().join("changes.json");
    std::fs::write(&file, records.to_string()).unwrap();
    let (code, report, stderr) = check(
        &proxy,
        &[
            "--state",
            &state,
            "--cloudtrail",
            &file.display().to_string(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    let found: Vec<(&str, &str, &str, &str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["address"].as_str().unwrap(),
                f["attribution"]["status"].as_str().unwrap_or(""),
                f["attribution"]["principal"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "analytics_configuration[docs].export.account_id",
                "analytics-export-changed",
                "aws_s3_bucket_analytics_configuration.docs",
                "confirmed",
                "role/ops-admin (mallory)"
            ),
            (
                "analytics_configuration[docs].export.bucket_arn",
                "analytics-export-changed",
                "aws_s3_bucket_analytics_configuration.docs",
                "confirmed",
                "role/ops-admin (mallory)"
            ),
            (
                "intelligent_tiering_configuration[deep].tiering.DEEP_ARCHIVE_ACCESS",
                "intelligent-tiering-changed",
                "aws_s3_bucket_intelligent_tiering_configuration.deep",
                "confirmed",
                "role/ops-admin (mallory)"
            ),
            (
                "metric[docs].filter",
                "metric-changed",
                "aws_s3_bucket_metric.docs",
                "confirmed",
                "role/ops-admin (mallory)"
            ),
            (
                "request_payment_configuration.payer",
                "request-payment-changed",
                "aws_s3_bucket_request_payment_configuration.types",
                "confirmed",
                "role/ops-admin (mallory)"
            )
        ],
        "{report:#}"
    );
    proxy.assert_read_only();
}

/// S3 Inventory on moto (which implements it): the configuration the state describes, then
/// its destination moved to another account's bucket with a second client. The versions
/// included are `All`: moto 5.1.22 answers `All` whatever was set.
#[test]
fn inventory_is_read_compared_and_attributed() {
    let moto = Moto::start();
    let configuration = |dest: &str, account: &str| {
        format!(
            "s3.put_bucket_inventory_configuration(Bucket='acme-inventory', Id='weekly', InventoryConfiguration={{
    'Id': 'weekly', 'IsEnabled': True, 'IncludedObjectVersions': 'All',
    'Destination': {{'S3BucketDestination': {{{account}'Bucket': '{dest}', 'Format': 'CSV', 'Prefix': 'inv'}}}},
    'Filter': {{'Prefix': 'data/'}}, 'Schedule': {{'Frequency': 'Weekly'}}, 'OptionalFields': ['Size', 'ETag']}})"
        )
    };
    moto.boto3(&format!(
        "s3.create_bucket(Bucket='acme-inventory')\n{}",
        configuration("arn:aws:s3:::acme-inventory-reports", "")
    ));
    let proxy = Proxy::start(moto.addr);
    let state = fixture("inventory.tfstate");

    let (code, report, stderr) = check(&proxy, &["--state", &state]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(report["findings"], json!([]), "{report:#}");
    assert_eq!(
        proxy.requests().len(),
        15,
        "HeadBucket, 13 core parts, inventory"
    );
    proxy.assert_read_only();

    moto.boto3(&configuration(
        "arn:aws:s3:::collector",
        "'AccountId': '444455556666', ",
    ));
    let trail = tempfile::tempdir().unwrap();
    let records = json!({"Records": [
        record("PutBucketInventoryConfiguration", json!({"bucketName": "acme-inventory",
            "inventory": "", "id": "weekly",
            "InventoryConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                "Id": "weekly", "IsEnabled": "true", "IncludedObjectVersions": "All",
                "Destination": {"S3BucketDestination": {"AccountId": "444455556666",
                    "Bucket": "arn:aws:s3:::collector", "Format": "CSV", "Prefix": "inv"}},
                "Filter": {"Prefix": "data/"}, "Schedule": {"Frequency": "Weekly"},
                "OptionalFields": {"Field": ["Size", "ETag"]}}}), 15),
    ]});
    let file = trail.path().join("changes.json");
    std::fs::write(&file, records.to_string()).unwrap();
    let (code, report, stderr) = check(
        &proxy,
        &[
            "--state",
            &state,
            "--cloudtrail",
            &file.display().to_string(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    let found: Vec<(&str, &str, &str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["attribution"]["principal"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "inventory[weekly].destination.account_id",
                "inventory-destination-changed",
                "high",
                "role/ops-admin (mallory)"
            ),
            (
                "inventory[weekly].destination.bucket_arn",
                "inventory-destination-changed",
                "high",
                "role/ops-admin (mallory)"
            ),
        ],
        "{report:#}"
    );
    proxy.assert_read_only();
}
