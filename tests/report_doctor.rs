//! Snapshots of the doctor report in every format, from a hand-made set of observations
//! that exercises each verdict: a region with no trail, a region covered by a multi-region
//! trail with an incomplete metric filter and a partial data-event selector, a trail whose
//! selectors were denied, access logging on and off, a bucket that no longer exists.

use s3drift::doctor::observed::{
    Alarm, BucketSeen, Delivery, Failure, MetricFilter, Observed, TrailSeen, TrailStatus,
};
use s3drift::doctor::selectors::{BasicSelector, Selectors};
use s3drift::doctor::{self, coverage, Status};
use s3drift::report::doctor::{json, markdown, text};

fn denied(api: &str, action: &str, scope: &str) -> Failure {
    Failure {
        api: api.to_string(),
        action: action.to_string(),
        scope: scope.to_string(),
        denied: true,
        reason: "AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ci/run is not authorized".to_string(),
    }
}

fn bucket(name: &str, region: Option<&str>, logging: Option<(&str, &str)>) -> BucketSeen {
    BucketSeen {
        name: name.to_string(),
        region: region.map(str::to_string),
        missing: false,
        logging: Ok(logging.map(|(b, p)| (b.to_string(), p.to_string()))),
        denied_reads: Vec::new(),
    }
}

fn observed() -> Observed {
    let main = TrailSeen {
        name: "org-main".to_string(),
        arn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/org-main".to_string(),
        home_region: "us-east-1".to_string(),
        multi_region: true,
        organization: true,
        s3_bucket: Some("acme-trail".to_string()),
        s3_key_prefix: Some("org".to_string()),
        log_group_arn: Some(
            "arn:aws:logs:us-east-1:111122223333:log-group:CloudTrail/org-main:*".to_string(),
        ),
        status: Ok(TrailStatus {
            is_logging: true,
            latest_delivery_error: None,
        }),
        selectors: Ok(Selectors {
            basic: vec![BasicSelector {
                read_write_type: Some("All".to_string()),
                include_management_events: Some(true),
                exclude_management_event_sources: Vec::new(),
                data_resources: vec![(
                    "AWS::S3::Object".to_string(),
                    vec![
                        "arn:aws:s3:::acme-data/".to_string(),
                        "arn:aws:s3:::acme-logs/raw/".to_string(),
                    ],
                )],
            }],
            advanced: Vec::new(),
        }),
        delivery: Some(Ok(Delivery::Found(vec!["o-a1b2c3d4e5".to_string()]))),
    };
    let denied_trail = TrailSeen {
        name: "ops-west".to_string(),
        arn: "arn:aws:cloudtrail:eu-west-2:111122223333:trail/ops-west".to_string(),
        home_region: "eu-west-2".to_string(),
        multi_region: false,
        organization: false,
        s3_bucket: Some("acme-ops-trail".to_string()),
        s3_key_prefix: None,
        log_group_arn: None,
        status: Ok(TrailStatus {
            is_logging: true,
            latest_delivery_error: None,
        }),
        selectors: Err(denied(
            "GetEventSelectors",
            "cloudtrail:GetEventSelectors",
            "trail ops-west",
        )),
        delivery: Some(Err(denied(
            "ListObjectsV2",
            "s3:ListBucket",
            "s3://acme-ops-trail/AWSLogs/",
        ))),
    };
    let mut gone = bucket("acme-old", None, None);
    gone.missing = true;
    let mut denied_bucket = bucket("acme-logs", Some("us-east-1"), None);
    denied_bucket.logging = Err(denied(
        "GetBucketLogging",
        "s3:GetBucketLogging",
        "acme-logs",
    ));
    denied_bucket.denied_reads = vec![(
        "GetBucketLogging".to_string(),
        "s3:GetBucketLogging".to_string(),
        "AccessDenied: Access Denied".to_string(),
    )];
    Observed {
        profile_region: "us-east-1".to_string(),
        buckets: vec![
            bucket("acme-data", Some("us-east-1"), Some(("acme-access-logs", "acme-data/"))),
            denied_bucket,
            gone,
            bucket("acme-eu", Some("eu-central-1"), None),
            bucket("acme-ops", Some("eu-west-2"), None),
        ],
        described: vec![
            ("eu-central-1".to_string(), Ok(vec![main.arn.clone()])),
            ("eu-west-2".to_string(), Ok(vec![main.arn.clone(), denied_trail.arn.clone()])),
            ("us-east-1".to_string(), Ok(vec![main.arn.clone()])),
        ],
        trails: vec![main, denied_trail],
        filters: vec![(
            ("us-east-1".to_string(), "CloudTrail/org-main".to_string()),
            Ok(vec![
                MetricFilter {
                    name: "BucketChanges".to_string(),
                    pattern: "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle)) }".to_string(),
                    metrics: vec![("CloudTrailMetrics".to_string(), "S3BucketEventCount".to_string())],
                },
                MetricFilter {
                    name: "Broken".to_string(),
                    pattern: "{ ($.eventSource = s3.amazonaws.com) && ($.eventName = PutBucketAcl }".to_string(),
                    metrics: vec![("CloudTrailMetrics".to_string(), "Broken".to_string())],
                },
            ]),
        )],
        alarms: vec![(
            "us-east-1".to_string(),
            Ok(vec![Alarm {
                name: "S3BucketEventCountAlarm".to_string(),
                metrics: vec![("CloudTrailMetrics".to_string(), "S3BucketEventCount".to_string())],
                actions_enabled: true,
                alarm_actions: vec!["arn:aws:sns:us-east-1:111122223333:security".to_string()],
            }]),
        )],
    }
}

fn report() -> doctor::DoctorReport {
    let at: jiff::Timestamp = "2026-11-20T09:00:00Z".parse().unwrap();
    doctor::assess(&observed(), Some(at), vec!["terraform.tfstate".to_string()])
}

fn rendered(f: impl Fn(&doctor::DoctorReport, &mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    f(&report(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn doctor_text() {
    insta::assert_snapshot!(rendered(text::render));
}

#[test]
fn doctor_json() {
    insta::assert_snapshot!(rendered(json::render));
}

#[test]
fn doctor_markdown() {
    insta::assert_snapshot!(rendered(markdown::render));
}

#[test]
fn verdicts_and_exit() {
    let r = report();
    assert!(!r.attribution_ready, "ops-west's selectors are unknown");
    let lines: Vec<String> = r
        .regions
        .iter()
        .flat_map(|region| {
            region
                .checks
                .iter()
                .map(move |v| format!("{} {:?} {:?}", region.region, v.check, v.status))
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            "eu-central-1 Trail Ok",
            "eu-central-1 TrailSource Ok",
            "eu-central-1 Cwl012 Gap",
            "eu-west-2 Trail Ok",
            "eu-west-2 TrailSource Ok",
            "eu-west-2 Cwl012 Gap",
            "us-east-1 Trail Ok",
            "us-east-1 TrailSource Ok",
            "us-east-1 Cwl012 Gap",
            "unknown Trail Unknown",
        ]
    );
    // The known gap `check --coverage` shows for a bucket nothing records.
    assert_eq!(
        coverage::known_gap(&r, "acme-old", None).as_deref(),
        Some("the bucket's region is unknown (it does not exist and the state does not record one), so no trail can be matched to it")
    );
    assert_eq!(
        coverage::known_gap(&r, "acme-data", Some("us-east-1")),
        None
    );
    // A JSON report reads back into the same report.
    let mut out = Vec::new();
    json::render(&r, &mut out).unwrap();
    let back = coverage::parse("doctor.json", std::str::from_utf8(&out).unwrap()).unwrap();
    assert_eq!(back, r);
    assert!(r.verdicts().any(|v| v.status == Status::Unknown));
}
