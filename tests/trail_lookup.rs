//! `--cloudtrail lookup` against a small local stand-in for the CloudTrail API
//! (`tests/support/lookup.rs`): the JSON protocol (`X-Amz-Target:
//! CloudTrail_20131101.LookupEvents`), pagination and one throttling answer. Its request log
//! proves the lookup attribute, the paging, and that no one-second window holds more than
//! two calls in a region.

mod support;

use s3drift::aws::AwsSettings;
use s3drift::model::Target;
use s3drift::trail::{self, TrailOptions};
use serde_json::{json, Value};
use std::sync::Mutex;
use std::time::Duration;
use support::lookup::{Answer, Logged, StandIn};

fn record(name: &str, bucket: &str, time: &str, params: Value) -> String {
    json!({
        "eventVersion": "1.11", "eventTime": time, "eventSource": "s3.amazonaws.com",
        "eventName": name, "awsRegion": "eu-west-1", "sourceIPAddress": "198.51.100.9",
        "userAgent": "aws-cli/2.18.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 lang/python#3.12.6",
        "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/ops", "userName": "ops", "accountId": "111122223333"},
        "requestParameters": params, "responseElements": null,
        "eventID": format!("{name}-{time}"), "requestID": "R1", "readOnly": false,
        "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "111122223333",
        "resources": [{"type": "AWS::S3::Bucket", "ARN": format!("arn:aws:s3:::{bucket}")}]
    })
    .to_string()
}

fn event(text: String) -> Value {
    json!({"EventId": "x", "EventName": "x", "ReadOnly": "false", "EventTime": 1.7e9, "EventSource": "s3.amazonaws.com", "CloudTrailEvent": text})
}

/// The answer to one LookupEvents call, by bucket and page.
fn answer(body: &Value, throttled_once: &mut bool) -> Answer {
    let bucket = body["LookupAttributes"][0]["AttributeValue"]
        .as_str()
        .unwrap_or("");
    let token = body["NextToken"].as_str();
    match (bucket, token) {
        ("alpha-bucket", None) => Answer::ok(json!({"Events": [
                event(record("PutBucketVersioning", "alpha-bucket", "2026-11-10T10:00:00Z",
                    json!({"bucketName": "alpha-bucket", "VersioningConfiguration": {"Status": "Suspended"}}))),
                event(record("GetBucketPolicy", "alpha-bucket", "2026-11-10T09:00:00Z", json!({"bucketName": "alpha-bucket"}))),
            ], "NextToken": "page-2"})),
        ("alpha-bucket", Some("page-2")) if !*throttled_once => {
            *throttled_once = true;
            Answer::throttling()
        }
        ("alpha-bucket", Some("page-2")) => Answer::ok(
            json!({"Events": [event(record("DeleteBucketPolicy", "alpha-bucket", "2026-11-01T10:00:00Z", json!({"bucketName": "alpha-bucket"})))],
                   "NextToken": "page-3"}),
        ),
        ("alpha-bucket", Some("page-3")) => Answer::ok(
            json!({"Events": [event(record("DeleteBucketCors", "alpha-bucket", "2026-11-09T10:00:00Z", json!({"bucketName": "alpha-bucket"})))]}),
        ),
        ("beta-bucket", None) => Answer::ok(
            json!({"Events": [event(record("PutBucketTagging", "beta-bucket", "2026-11-12T10:00:00Z",
                json!({"bucketName": "beta-bucket", "Tagging": {"TagSet": {"Tag": {"Key": "env", "Value": "dev"}}}})))],
                   "NextToken": "beta-2"}),
        ),
        ("beta-bucket", Some("beta-2")) => Answer::ok(
            json!({"Events": [event(record("DeleteBucketTagging", "beta-bucket", "2026-11-02T10:00:00Z", json!({"bucketName": "beta-bucket"})))]}),
        ),
        ("delta-bucket", None) => Answer::ok(
            json!({"Events": [event(record("DeleteBucketEncryption", "delta-bucket", "2026-11-05T10:00:00Z", json!({"bucketName": "delta-bucket"})))]}),
        ),
        ("s3.amazonaws.com", None)
            if body["LookupAttributes"][0]["AttributeKey"] == "EventSource" =>
        {
            Answer::ok(json!({"Events": [
                event(record("GetBucketAcl", "gamma-bucket", "2026-11-12T09:00:00Z", json!({"bucketName": "gamma-bucket"}))),
                event(record("CreateBucket", "gamma-bucket", "2026-11-12T08:00:00Z", json!({"bucketName": "gamma-bucket"}))),
            ]}))
        }
        _ => Answer::error("InvalidLookupAttributesException", "unexpected request"),
    }
}

/// The stand-in with the answers above; alpha's second page is throttled once.
fn stand_in() -> (String, support::lookup::Log) {
    let throttled_once = Mutex::new(false);
    let s = StandIn::start(move |body| answer(body, &mut throttled_once.lock().unwrap()));
    (s.url, s.log)
}

#[tokio::test(flavor = "multi_thread")]
async fn lookup_pages_retries_and_stays_under_two_per_second() {
    let (url, log) = stand_in();
    // Test credentials and the stand-in's address; nothing reaches AWS.
    std::env::set_var("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE000000099");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "test-secret");
    std::env::set_var("AWS_REGION", "eu-west-1");
    std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/config");
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
    std::env::set_var("AWS_EC2_METADATA_DISABLED", "true");
    std::env::set_var("AWS_ENDPOINT_URL_CLOUDTRAIL", &url);
    let until = jiff::Timestamp::now();
    let opts = TrailOptions {
        account_events: false,
        sources: vec![s3drift::trail::EventSource::Lookup],
        access_logs: vec![],
        since: until - jiff::SignedDuration::from_hours(100 * 24),
        until,
        burst_count: 5,
        burst_window: jiff::SignedDuration::from_mins(10),
    };
    let targets = ["alpha-bucket", "beta-bucket", "delta-bucket"].map(|b| Target {
        bucket: b.into(),
        account: None,
        region: Some("eu-west-1".into()),
    });
    let set = trail::collect(&AwsSettings::default(), &opts, &targets)
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));

    let names: Vec<(&str, &str)> = set
        .events
        .iter()
        .map(|e| (e.bucket.as_str(), e.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("alpha-bucket", "DeleteBucketPolicy"),
            ("beta-bucket", "DeleteBucketTagging"),
            ("delta-bucket", "DeleteBucketEncryption"),
            ("alpha-bucket", "DeleteBucketCors"),
            ("alpha-bucket", "PutBucketVersioning"),
            ("beta-bucket", "PutBucketTagging"),
        ],
        "read events are skipped"
    );
    assert_eq!(set.records, 7);
    assert!(
        set.warnings
            .iter()
            .any(|w| w.message.starts_with("LookupEvents keeps 90 days")),
        "{:?}",
        set.warnings
    );
    assert_eq!(set.coverage.len(), 1);
    assert_eq!(
        set.coverage[0].regions,
        Some(["eu-west-1".to_string()].into())
    );
    assert!(set.coverage[0].from.is_some());

    let log_handle = log;
    let log = log_handle.lock().unwrap().clone();
    let asked: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|c| (call_bucket(c), c.body["NextToken"].as_str()))
        .collect();
    assert_eq!(
        asked,
        [
            ("alpha-bucket", None),
            ("alpha-bucket", Some("page-2")),
            ("alpha-bucket", Some("page-2")),
            ("alpha-bucket", Some("page-3")),
            ("beta-bucket", None),
            ("beta-bucket", Some("beta-2")),
            ("delta-bucket", None),
        ],
        "three pages of alpha with page 2 throttled once and retried, two of beta, delta: {log:#?}"
    );
    let oldest = until - jiff::SignedDuration::from_hours(90 * 24);
    for call in &log {
        assert_eq!(call.target, "CloudTrail_20131101.LookupEvents");
        assert_eq!(
            call.body["LookupAttributes"][0]["AttributeKey"],
            "ResourceName"
        );
        assert_eq!(call.body["MaxResults"], 50);
        // The window is sent: from LookupEvents' oldest day (--since reaches further back)
        // to the end of the window.
        assert_near(&call.body["StartTime"], oldest, 60);
        assert_near(&call.body["EndTime"], until, 1);
    }
    assert_two_per_second(&log);
    // After the throttled call's back-off, five calls in a row go through un-throttled:
    // only the pacer spaces them, so they take at least (5 - 2) / 2 seconds.
    let run = &log[2..];
    assert_eq!(run.len(), 5);
    let took = run[run.len() - 1].at - run[0].at;
    assert!(
        took >= Duration::from_millis(500 * (run.len() as u64 - 2)),
        "{} calls in {took:?}: {:?}",
        run.len(),
        run.iter().map(|c| c.at).collect::<Vec<_>>()
    );

    // `s3drift events` without --bucket has no bucket to name: it asks by EventSource, and
    // the reads in the answer are skipped.
    let all = TrailOptions {
        account_events: false,
        since: until - jiff::SignedDuration::from_hours(24),
        ..opts
    };
    let set = trail::collect(&AwsSettings::default(), &all, &[])
        .await
        .unwrap_or_else(|e| panic!("{e:?}"));
    let names: Vec<&str> = set.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["CreateBucket"]);
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    let log = log_handle.lock().unwrap().clone();
    assert_eq!(log.len(), 8);
    assert_eq!(
        log[7].body["LookupAttributes"][0]["AttributeKey"],
        "EventSource"
    );
    assert_near(&log[7].body["StartTime"], all.since, 1);
    assert_near(&log[7].body["EndTime"], until, 1);
}

/// A JSON-protocol timestamp (epoch seconds) within `slack` seconds of `t`.
fn assert_near(sent: &Value, t: jiff::Timestamp, slack: i64) {
    let secs = sent
        .as_f64()
        .unwrap_or_else(|| panic!("not a timestamp: {sent}"));
    assert!(
        (secs - t.as_second() as f64).abs() <= slack as f64,
        "{sent} is not {t}"
    );
}

/// No one-second window holds more than two calls.
fn assert_two_per_second(log: &[Logged]) {
    for (i, first) in log.iter().enumerate() {
        let within = log[i..]
            .iter()
            .filter(|c| c.at - first.at < Duration::from_secs(1))
            .count();
        assert!(
            within <= 2,
            "more than 2 calls within 1s: {:?}",
            log.iter().map(|c| c.at).collect::<Vec<_>>()
        );
    }
}

fn call_bucket(call: &Logged) -> &str {
    call.body["LookupAttributes"][0]["AttributeValue"]
        .as_str()
        .unwrap()
}
