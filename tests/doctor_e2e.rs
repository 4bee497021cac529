//! `s3drift doctor` end to end on a moto server: trails, event selectors, CloudWatch Logs
//! metric filters, CloudWatch alarms and access logging set up with boto3 the way an
//! operator would, then the binary's verdicts asserted exactly, with the fix each gap names.
//! All of the tool's traffic goes through the recording proxy, which must see reads only.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::moto::Moto;
use support::proxy::{Proxy, Reply};

const EAST: &str = "doc-east";
const WEST: &str = "doc-west";
const TRAIL_BUCKET: &str = "doc-trail-logs";
const ACCESS_LOGS: &str = "doc-access-logs";
const ACCESS_LOGS_WEST: &str = "doc-access-logs-west";
/// A boto3 helper: an access-log target bucket in `region` that S3's log delivery group may
/// write to (explicit grants: moto renders the canned `log-delivery-write` ACL oddly). S3
/// only delivers to a target in the source bucket's region.
const LOG_TARGET: &str = r#"
def log_target(name, region):
    c = s3_in(region)
    if region == "us-east-1":
        c.create_bucket(Bucket=name)
    else:
        c.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    owner = c.get_bucket_acl(Bucket=name)["Owner"]
    delivery = {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/s3/LogDelivery"}
    c.put_bucket_acl(Bucket=name, AccessControlPolicy={"Owner": owner, "Grants": [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner["ID"]}, "Permission": "FULL_CONTROL"},
        {"Grantee": delivery, "Permission": "WRITE"},
        {"Grantee": delivery, "Permission": "READ_ACP"}]})
"#;
/// moto's account.
const ACCOUNT: &str = "123456789012";

/// A state with one `aws_s3_bucket` per `(name, region)`, tagged `env = prod`.
fn write_state(dir: &Path, buckets: &[(&str, &str)]) -> PathBuf {
    let resources: Vec<Value> = buckets
        .iter()
        .map(|(name, region)| {
            serde_json::json!({
                "mode": "managed", "type": "aws_s3_bucket", "name": name.replace('-', "_"),
                "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
                "instances": [{"schema_version": 0, "attributes": {
                    "bucket": name, "id": name, "arn": format!("arn:aws:s3:::{name}"),
                    "region": region, "tags": {"env": "prod"}, "tags_all": {"env": "prod"}},
                    "sensitive_attributes": []}]
            })
        })
        .collect();
    let state = serde_json::json!({"version": 4, "terraform_version": "1.9.8", "serial": 1,
        "lineage": "doctor-e2e", "outputs": {}, "resources": resources});
    let path = dir.join("terraform.tfstate");
    std::fs::write(&path, serde_json::to_string_pretty(&state).unwrap()).unwrap();
    path
}

/// Creates the buckets of the state (tagged as the state says) and the trail bucket.
fn create_buckets(moto: &Moto, buckets: &[(&str, &str)]) {
    let mut script = String::new();
    for (name, region) in buckets {
        let cfg = if *region == "us-east-1" {
            String::new()
        } else {
            format!(", CreateBucketConfiguration={{\"LocationConstraint\": \"{region}\"}}")
        };
        script.push_str(&format!(
            "s3_in({region:?}).create_bucket(Bucket={name:?}{cfg})\n\
             s3_in({region:?}).put_bucket_tagging(Bucket={name:?}, Tagging={{\"TagSet\": [{{\"Key\": \"env\", \"Value\": \"prod\"}}]}})\n"
        ));
    }
    script.push_str(&format!("s3.create_bucket(Bucket={TRAIL_BUCKET:?})\n"));
    moto.boto3(&script);
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}):\n{}\n--- stderr ---\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// One line per verdict: `region | bucket | check | status | reason`.
fn verdicts(report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for r in report["regions"].as_array().expect("regions") {
        let region = r["region"].as_str().unwrap();
        let mut push = |bucket: &str, v: &Value| {
            out.push(format!(
                "{region} | {bucket} | {} | {} | {}",
                v["check"].as_str().unwrap(),
                v["status"].as_str().unwrap(),
                v["reason"].as_str().unwrap()
            ))
        };
        for v in r["checks"].as_array().unwrap() {
            push("-", v);
        }
        for b in r["buckets"].as_array().unwrap() {
            for v in b["checks"].as_array().unwrap() {
                push(b["bucket"].as_str().unwrap(), v);
            }
        }
    }
    out
}

/// The fix a verdict names.
fn fix_of<'r>(report: &'r Value, region: &str, bucket: &str, check: &str) -> &'r Value {
    let r = report["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == region)
        .unwrap_or_else(|| panic!("no region {region}"));
    let checks = if bucket == "-" {
        &r["checks"]
    } else {
        &r["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["bucket"] == bucket)
            .unwrap_or_else(|| panic!("no bucket {bucket}"))["checks"]
    };
    let v = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["check"] == check)
        .unwrap_or_else(|| panic!("no {check} verdict for {bucket} in {region}"));
    let id = v["fix"].as_str().unwrap_or_else(|| panic!("no fix on {v}"));
    report["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("fix {id} not listed"))
}

/// The doctor's calls through the proxy: the right operations only, and reads only.
fn assert_reads(proxy: &Proxy) {
    proxy.assert_read_only();
    let allowed = [
        "DescribeTrails",
        "GetTrailStatus",
        "GetEventSelectors",
        "DescribeMetricFilters",
        "DescribeAlarms",
    ];
    let actions = proxy.actions();
    assert!(actions.iter().any(|a| a == "DescribeTrails"), "{actions:?}");
    for a in &actions {
        assert!(allowed.contains(&a.as_str()), "unexpected call {a}");
    }
}

/// A moto server, a proxy in front of it, and a state in a temporary folder.
struct Setup {
    moto: Moto,
    proxy: Proxy,
    dir: tempfile::TempDir,
    state: PathBuf,
}

fn setup(buckets: &[(&str, &str)]) -> Setup {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.addr);
    let dir = tempfile::tempdir().unwrap();
    let state = write_state(dir.path(), buckets);
    create_buckets(&moto, buckets);
    Setup {
        moto,
        proxy,
        dir,
        state,
    }
}

impl Setup {
    fn doctor(&self, extra: &[&str]) -> Run {
        let state = self.state.display().to_string();
        let mut args = vec!["doctor", "--state", state.as_str(), "--region", "us-east-1"];
        if !extra.contains(&"--format") {
            args.extend_from_slice(&["--format", "json"]);
        }
        args.extend_from_slice(extra);
        let out = support::s3drift()
            .args(&args)
            // Every service through the proxy: S3 (path-style), CloudTrail, CloudWatch Logs
            // and CloudWatch.
            .env("AWS_ENDPOINT_URL", &self.proxy.endpoint)
            .output()
            .expect("run s3drift");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn boto3(&self, script: &str) {
        self.moto.boto3(script);
    }
}

/// A trail named `name` in `region`, delivering to the trail bucket, started unless `stopped`.
fn trail(
    name: &str,
    region: &str,
    multi_region: bool,
    logging: bool,
    log_group: Option<&str>,
) -> String {
    let mut args = format!(
        "Name={name:?}, S3BucketName={TRAIL_BUCKET:?}, IsMultiRegionTrail={}",
        if multi_region { "True" } else { "False" }
    );
    let mut script = String::new();
    if let Some(g) = log_group {
        script.push_str(&format!(
            "aws('logs', {region:?}).create_log_group(logGroupName={g:?})\n"
        ));
        args.push_str(&format!(
            ", CloudWatchLogsLogGroupArn=\"arn:aws:logs:{region}:{ACCOUNT}:log-group:{g}:*\", \
             CloudWatchLogsRoleArn=\"arn:aws:iam::{ACCOUNT}:role/cloudtrail-logs\""
        ));
    }
    script.push_str(&format!(
        "aws('cloudtrail', {region:?}).create_trail({args})\n"
    ));
    if logging {
        script.push_str(&format!(
            "aws('cloudtrail', {region:?}).start_logging(Name={name:?})\n"
        ));
    }
    script
}

/// The CWL-012 pattern without `PutBucketReplication`.
const PATTERN_WITHOUT_REPLICATION: &str = "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }";

fn metric_filter(region: &str, group: &str, pattern: &str) -> String {
    format!(
        "aws('logs', {region:?}).put_metric_filter(logGroupName={group:?}, filterName='S3BucketConfigChanges', \
         filterPattern={pattern:?}, metricTransformations=[{{'metricName': 'S3BucketEventCount', \
         'metricNamespace': 'CloudTrailMetrics', 'metricValue': '1'}}])\n"
    )
}

fn alarm(region: &str) -> String {
    format!(
        "aws('cloudwatch', {region:?}).put_metric_alarm(AlarmName='S3BucketConfigChangesAlarm', \
         MetricName='S3BucketEventCount', Namespace='CloudTrailMetrics', Statistic='Sum', Period=300, \
         EvaluationPeriods=1, Threshold=1, ComparisonOperator='GreaterThanOrEqualToThreshold', \
         ActionsEnabled=True, AlarmActions=['arn:aws:sns:{region}:{ACCOUNT}:bucket-changes'])\n"
    )
}

#[test]
fn no_trail_leaves_every_bucket_uncovered() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1"), (WEST, "eu-west-1")]);
    let run = s.doctor(&[]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(
        verdicts(&report),
        vec![
            "eu-west-1 | - | trail | gap | no trail logs eu-west-1",
            "eu-west-1 | - | cwl_012 | gap | no trail logs eu-west-1, so no metric filter can see its bucket changes",
            "eu-west-1 | doc-west | trail | gap | no trail logs eu-west-1",
            "eu-west-1 | doc-west | data_events | gap | no trail logs eu-west-1, so none logs doc-west's object-level (data) events",
            "eu-west-1 | doc-west | access_logging | gap | server access logging is off for doc-west",
            "us-east-1 | - | trail | gap | no trail logs us-east-1",
            "us-east-1 | - | cwl_012 | gap | no trail logs us-east-1, so no metric filter can see its bucket changes",
            "us-east-1 | doc-east | trail | gap | no trail logs us-east-1",
            "us-east-1 | doc-east | data_events | gap | no trail logs us-east-1, so none logs doc-east's object-level (data) events",
            "us-east-1 | doc-east | access_logging | gap | server access logging is off for doc-east",
        ]
    );
    assert_eq!(report["attribution_ready"], false);
    let fix = fix_of(&report, "eu-west-1", WEST, "trail");
    assert_eq!(fix["id"], "create-trail");
    let hcl = fix["hcl"].as_str().unwrap();
    assert!(hcl.contains("resource \"aws_cloudtrail\""), "{hcl}");
    assert!(
        hcl.contains("is_multi_region_trail         = true"),
        "{hcl}"
    );
    assert!(hcl.contains("event_selector {"), "{hcl}");
    let cli = fix["cli"].as_str().unwrap();
    assert!(cli.contains("aws cloudtrail create-trail"), "{cli}");
    assert!(cli.contains("aws cloudtrail start-logging"), "{cli}");
    let logging = fix_of(&report, "us-east-1", EAST, "access_logging");
    assert!(logging["hcl"]
        .as_str()
        .unwrap()
        .contains("resource \"aws_s3_bucket_logging\" \"doc_east\""));
    assert!(logging["cli"]
        .as_str()
        .unwrap()
        .contains("aws s3api put-bucket-logging --bucket doc-east"));
    // The same verdicts as a step summary.
    let md = s.doctor(&["--format", "markdown"]);
    assert_eq!(md.code, 2);
    assert!(md.stdout.starts_with("## s3drift doctor\n\n❌ **2 gaps leave findings unattributable (trail in eu-west-1, trail in us-east-1); 6 other checks are not in place.**"), "{}", md.stdout);
    assert!(
        md.stdout
            .contains("| ✗ | trail | doc-west | no trail logs eu-west-1 | `create-trail` |"),
        "{}",
        md.stdout
    );
    assert_reads(&s.proxy);
    // DescribeTrails was asked in both bucket regions.
    let regions: std::collections::BTreeSet<String> = s
        .proxy
        .requests()
        .iter()
        .filter(|r| r.action.as_deref() == Some("DescribeTrails"))
        .filter_map(|r| r.signing_region().map(str::to_string))
        .collect();
    assert_eq!(
        regions.into_iter().collect::<Vec<_>>(),
        vec!["eu-west-1", "us-east-1"]
    );
}

#[test]
fn a_single_region_trail_elsewhere_does_not_cover_the_bucket() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1"), (WEST, "eu-west-1")]);
    s.boto3(&trail("east-only", "us-east-1", false, true, None));
    let run = s.doctor(&[]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let v = verdicts(&report);
    assert!(v.contains(&"eu-west-1 | - | trail | gap | no trail logs eu-west-1 (trail east-only is single-region in us-east-1)".to_string()), "{v:#?}");
    assert!(v.contains(&"eu-west-1 | doc-west | trail | gap | no trail logs eu-west-1 (trail east-only is single-region in us-east-1)".to_string()), "{v:#?}");
    assert!(v.contains(&"us-east-1 | doc-east | trail | ok | trail east-only (single-region in us-east-1) logs us-east-1's management write events".to_string()), "{v:#?}");
    let fix = fix_of(&report, "eu-west-1", WEST, "trail");
    assert_eq!(fix["id"], "multi-region:east-only");
    assert!(fix["hcl"]
        .as_str()
        .unwrap()
        .contains("is_multi_region_trail         = true"));
    assert!(fix["cli"].as_str().unwrap().contains(
        "aws cloudtrail update-trail --region us-east-1 --name east-only --is-multi-region-trail"
    ));
    assert_reads(&s.proxy);
}

#[test]
fn a_single_region_trail_in_the_buckets_own_region_covers_it() {
    support::init_process_env();
    let s = setup(&[(WEST, "eu-west-1")]);
    s.boto3(&trail("west-only", "eu-west-1", false, true, None));
    let run = s.doctor(&[]);
    // The profile's region is us-east-1; the trail is found in eu-west-1 all the same.
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(
        verdicts(&report),
        vec![
            "eu-west-1 | - | trail | ok | trail west-only (single-region in eu-west-1) logs eu-west-1's management write events",
            "eu-west-1 | - | trail_source | gap | nothing delivered under s3://doc-trail-logs/AWSLogs/ yet (CloudTrail delivers within about 15 minutes of a call); --cloudtrail s3://doc-trail-logs will read it from then on",
            "eu-west-1 | - | cwl_012 | gap | trail west-only does not send its events to CloudWatch Logs, so no metric filter sees them",
            "eu-west-1 | doc-west | trail | ok | trail west-only (single-region in eu-west-1) logs eu-west-1's management write events",
            "eu-west-1 | doc-west | data_events | gap | no trail logs doc-west's object-level (data) events",
            "eu-west-1 | doc-west | access_logging | gap | server access logging is off for doc-west",
        ]
    );
    assert_eq!(report["attribution_ready"], true);
    let cwl = fix_of(&report, "eu-west-1", "-", "cwl_012");
    let hcl = cwl["hcl"].as_str().unwrap();
    assert!(
        hcl.contains("resource \"aws_cloudwatch_log_group\""),
        "{hcl}"
    );
    assert!(hcl.contains("cloud_watch_logs_group_arn"), "{hcl}");
    assert!(
        hcl.contains("resource \"aws_cloudwatch_log_metric_filter\""),
        "{hcl}"
    );
    assert!(
        hcl.contains("resource \"aws_cloudwatch_metric_alarm\""),
        "{hcl}"
    );
    assert_reads(&s.proxy);
}

#[test]
fn a_multi_region_trail_without_data_events_covers_attribution_but_not_cis() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1"), (WEST, "eu-west-1")]);
    s.boto3(&trail("org-main", "us-east-1", true, true, None));
    let run = s.doctor(&[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let v = verdicts(&report);
    for (region, bucket) in [("eu-west-1", WEST), ("us-east-1", EAST)] {
        assert!(v.contains(&format!("{region} | {bucket} | trail | ok | trail org-main (multi-region, home us-east-1) logs {region}'s management write events")), "{v:#?}");
        assert!(v.contains(&format!("{region} | {bucket} | data_events | gap | no trail logs {bucket}'s object-level (data) events")), "{v:#?}");
    }
    let fix = fix_of(&report, "eu-west-1", WEST, "data_events");
    assert_eq!(fix["id"], "data-events:org-main");
    let hcl = fix["hcl"].as_str().unwrap();
    assert!(hcl.contains("data_resource {"), "{hcl}");
    assert!(hcl.contains("\"AWS::S3::Object\""), "{hcl}");
    assert!(fix["cli"]
        .as_str()
        .unwrap()
        .contains("aws cloudtrail put-event-selectors --region us-east-1 --trail-name org-main --event-selectors"));
    assert_reads(&s.proxy);
}

#[test]
fn advanced_selectors_for_one_bucket_cover_that_bucket_only() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1"), (WEST, "eu-west-1")]);
    s.boto3(&trail("org-main", "us-east-1", true, true, None));
    s.boto3(&format!(
        "aws('cloudtrail').put_event_selectors(TrailName='org-main', AdvancedEventSelectors=[\
         {{'Name': 'Management events', 'FieldSelectors': [{{'Field': 'eventCategory', 'Equals': ['Management']}}]}},\
         {{'Name': 'doc-west objects', 'FieldSelectors': [{{'Field': 'eventCategory', 'Equals': ['Data']}},\
           {{'Field': 'resources.type', 'Equals': ['AWS::S3::Object']}},\
           {{'Field': 'resources.ARN', 'StartsWith': ['arn:aws:s3:::{WEST}/']}}]}}])\n"
    ));
    let run = s.doctor(&[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let v = verdicts(&report);
    assert!(v.contains(&"eu-west-1 | doc-west | data_events | ok | multi-region trail org-main logs doc-west's object-level write events".to_string()), "{v:#?}");
    assert!(v.contains(&"us-east-1 | doc-east | data_events | gap | no trail logs doc-east's object-level (data) events".to_string()), "{v:#?}");
    assert!(v.contains(&"us-east-1 | doc-east | trail | ok | trail org-main (multi-region, home us-east-1) logs us-east-1's management write events".to_string()), "{v:#?}");
    // The fix keeps the kind of selectors the trail uses.
    let fix = fix_of(&report, "us-east-1", EAST, "data_events");
    assert!(fix["hcl"]
        .as_str()
        .unwrap()
        .contains("advanced_event_selector {"));
    assert!(fix["cli"]
        .as_str()
        .unwrap()
        .contains("--advanced-event-selectors"));
    assert_reads(&s.proxy);
}

#[test]
fn a_trail_that_is_not_logging_covers_nothing() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1")]);
    s.boto3(&trail("stopped", "us-east-1", true, false, None));
    let run = s.doctor(&[]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    assert_eq!(
        verdicts(&report)[..3],
        [
            "us-east-1 | - | trail | gap | no trail logs us-east-1 (trail stopped is not logging)",
            "us-east-1 | - | cwl_012 | gap | no trail logs us-east-1, so no metric filter can see its bucket changes",
            "us-east-1 | doc-east | trail | gap | no trail logs us-east-1 (trail stopped is not logging)",
        ]
    );
    assert_eq!(report["trails"][0]["logging"], false);
    let fix = fix_of(&report, "us-east-1", EAST, "trail");
    assert_eq!(fix["id"], "start-logging:stopped");
    assert!(fix["hcl"]
        .as_str()
        .unwrap()
        .contains("enable_logging = true"));
    assert_eq!(
        fix["cli"],
        "aws cloudtrail start-logging --region us-east-1 --name stopped\n"
    );
    assert_reads(&s.proxy);
}

#[test]
fn a_metric_filter_that_misses_put_bucket_replication_is_incomplete() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1")]);
    s.boto3(&trail(
        "main",
        "us-east-1",
        true,
        true,
        Some("CloudTrail/main"),
    ));
    s.boto3(&metric_filter(
        "us-east-1",
        "CloudTrail/main",
        PATTERN_WITHOUT_REPLICATION,
    ));
    s.boto3(&alarm("us-east-1"));
    let run = s.doctor(&[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let v = verdicts(&report);
    assert!(v.contains(&"us-east-1 | - | cwl_012 | gap | no metric filter on log group CloudTrail/main matches every bucket-configuration event: filter S3BucketConfigChanges misses PutBucketReplication".to_string()), "{v:#?}");
    let cwl = &report["regions"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "cwl_012")
        .unwrap()["missing_events"];
    assert_eq!(cwl, &serde_json::json!(["PutBucketReplication"]));
    let fix = fix_of(&report, "us-east-1", "-", "cwl_012");
    let hcl = fix["hcl"].as_str().unwrap();
    assert!(
        hcl.contains("resource \"aws_cloudwatch_log_metric_filter\""),
        "{hcl}"
    );
    assert!(
        hcl.contains("($.eventName = PutBucketReplication)"),
        "{hcl}"
    );
    assert!(
        hcl.contains("log_group_name = \"CloudTrail/main\""),
        "{hcl}"
    );
    // The alarm already notifies on the filter's metric: only the pattern changes.
    assert!(!hcl.contains("aws_cloudwatch_metric_alarm"), "{hcl}");
    assert!(fix["cli"]
        .as_str()
        .unwrap()
        .contains("aws logs put-metric-filter --region us-east-1 --log-group-name CloudTrail/main --filter-name S3BucketConfigChanges"));
    assert_reads(&s.proxy);
    let actions = s.proxy.actions();
    assert!(
        actions.iter().any(|a| a == "DescribeMetricFilters"),
        "{actions:?}"
    );
    assert!(actions.iter().any(|a| a == "DescribeAlarms"), "{actions:?}");
}

#[test]
fn a_matching_filter_and_alarm_complete_cwl_012_and_everything_is_in_place() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1"), (WEST, "eu-west-1")]);
    s.boto3(&trail(
        "main",
        "us-east-1",
        true,
        true,
        Some("CloudTrail/main"),
    ));
    s.boto3(&format!(
        "aws('cloudtrail').put_event_selectors(TrailName='main', EventSelectors=[{{'ReadWriteType': 'All', \
         'IncludeManagementEvents': True, 'DataResources': [{{'Type': 'AWS::S3::Object', 'Values': ['arn:aws:s3']}}]}}])\n\
         {}{}\
         s3.put_object(Bucket={TRAIL_BUCKET:?}, Key='AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/2026/11/20/x.json.gz', Body=b'')\n\
         {LOG_TARGET}\
         log_target({ACCESS_LOGS:?}, 'us-east-1')\n\
         log_target({ACCESS_LOGS_WEST:?}, 'eu-west-1')\n\
         s3.put_bucket_logging(Bucket={EAST:?}, BucketLoggingStatus={{'LoggingEnabled': {{'TargetBucket': {ACCESS_LOGS:?}, 'TargetPrefix': 'east/'}}}})\n\
         s3_in('eu-west-1').put_bucket_logging(Bucket={WEST:?}, BucketLoggingStatus={{'LoggingEnabled': {{'TargetBucket': {ACCESS_LOGS_WEST:?}, 'TargetPrefix': 'west/'}}}})\n",
        metric_filter("us-east-1", "CloudTrail/main", &cwl_012_pattern()),
        alarm("us-east-1")
    ));
    let run = s.doctor(&[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let v = verdicts(&report);
    assert!(
        v.iter().all(|l| l.contains(" | ok | ")),
        "every check is in place: {v:#?}"
    );
    assert!(v.contains(&format!("us-east-1 | - | cwl_012 | ok | filter S3BucketConfigChanges on log group CloudTrail/main matches all 9 CWL-012 events; alarm S3BucketConfigChangesAlarm notifies arn:aws:sns:us-east-1:{ACCOUNT}:bucket-changes")), "{v:#?}");
    assert!(v.contains(&format!("us-east-1 | - | trail_source | ok | trail main delivers to s3://{TRAIL_BUCKET}/AWSLogs/{ACCOUNT} — read it with --cloudtrail s3://{TRAIL_BUCKET}")), "{v:#?}");
    assert!(v.contains(&format!("eu-west-1 | - | cwl_012 | ok | filter S3BucketConfigChanges on log group CloudTrail/main matches all 9 CWL-012 events; alarm S3BucketConfigChangesAlarm notifies arn:aws:sns:us-east-1:{ACCOUNT}:bucket-changes")), "{v:#?}");
    assert_eq!(report["fixes"], serde_json::json!([]));
    assert_eq!(report["permissions"], serde_json::json!([]));
    assert_reads(&s.proxy);
}

/// The rule's pattern, spelled out the way an operator pastes it.
fn cwl_012_pattern() -> String {
    "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }".to_string()
}

#[test]
fn access_logging_on_one_bucket() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1"), (WEST, "eu-west-1")]);
    s.boto3(&format!(
        "{LOG_TARGET}\
         log_target({ACCESS_LOGS:?}, 'us-east-1')\n\
         s3.put_bucket_logging(Bucket={EAST:?}, BucketLoggingStatus={{'LoggingEnabled': {{'TargetBucket': {ACCESS_LOGS:?}, 'TargetPrefix': 'east/'}}}})\n"
    ));
    let run = s.doctor(&[]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let v = verdicts(&report);
    assert!(v.contains(&format!("us-east-1 | doc-east | access_logging | ok | server access logs go to s3://{ACCESS_LOGS}/east/ — read them with --access-logs s3://{ACCESS_LOGS}/east/")), "{v:#?}");
    assert!(v.contains(&"eu-west-1 | doc-west | access_logging | gap | server access logging is off for doc-west".to_string()), "{v:#?}");
    let fix = fix_of(&report, "eu-west-1", WEST, "access_logging");
    assert_eq!(fix["id"], "access-logging:doc-west");
    assert!(fix["hcl"]
        .as_str()
        .unwrap()
        .contains("resource \"aws_s3_bucket_logging\" \"doc_west\""));
    assert_reads(&s.proxy);
}

#[test]
fn a_denied_call_is_unknown_and_listed_as_a_missing_permission() {
    support::init_process_env();
    let s = setup(&[(EAST, "us-east-1")]);
    s.boto3(&trail("main", "us-east-1", true, true, None));
    s.proxy.inject(
        |r| r.action.as_deref() == Some("GetEventSelectors"),
        Reply::Error {
            status: 403,
            code: "AccessDeniedException".to_string(),
        },
        None,
    );
    let run = s.doctor(&[]);
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    let report = run.json();
    let v = verdicts(&report);
    let trail = v
        .iter()
        .find(|l| l.starts_with("us-east-1 | - | trail |"))
        .unwrap();
    assert!(
        trail.starts_with("us-east-1 | - | trail | unknown | cannot read trail main's event selectors: cloudtrail:GetEventSelectors was denied"),
        "{trail}"
    );
    let denied: Vec<(&str, &str)> = report["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["action"].as_str().unwrap(), d["scope"].as_str().unwrap()))
        .collect();
    assert_eq!(denied, vec![("cloudtrail:GetEventSelectors", "trail main")]);
    assert_reads(&s.proxy);
}

#[test]
fn check_coverage_names_the_known_gap_of_an_unattributed_finding() {
    support::init_process_env();
    let s = setup(&[(WEST, "eu-west-1")]);
    let saved = s.dir.path().join("doctor.json");
    let saved_arg = saved.display().to_string();
    let run = s.doctor(&["-o", &saved_arg]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Drift the bucket: its tag changes out of band.
    s.boto3(&format!(
        "s3_in('eu-west-1').put_bucket_tagging(Bucket={WEST:?}, Tagging={{'TagSet': [{{'Key': 'env', 'Value': 'dev'}}]}})\n"
    ));
    let trail_dir = s.dir.path().join("trail");
    std::fs::create_dir(&trail_dir).unwrap();
    std::fs::write(trail_dir.join("empty.json"), r#"{"Records": []}"#).unwrap();
    s.proxy.clear();
    let state = s.state.display().to_string();
    let trail_arg = trail_dir.display().to_string();
    let out = support::s3drift()
        .args([
            "check",
            "--state",
            &state,
            "--region",
            "us-east-1",
            "--format",
            "json",
            "--cloudtrail",
            &trail_arg,
            "--coverage",
            &saved_arg,
        ])
        .env("AWS_ENDPOINT_URL", &s.proxy.endpoint)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "tags.env")
        .unwrap_or_else(|| panic!("no tag finding: {stdout}"));
    let reason = finding["attribution"]["reason"].as_str().unwrap();
    assert!(
        reason.ends_with("; doctor: no trail logs eu-west-1"),
        "{reason}"
    );
    // check made no doctor calls: the saved report stood in for them.
    assert!(s.proxy.actions().is_empty(), "{:?}", s.proxy.actions());
    s.proxy.assert_read_only();
}

#[test]
fn a_doctor_report_of_another_schema_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doctor.json");
    std::fs::write(&path, r#"{"schema": "s3drift/report", "version": 1}"#).unwrap();
    let out = support::s3drift()
        .args([
            "check",
            "--state",
            "fixtures/demo/terraform.tfstate",
            "--snapshot",
            "fixtures/demo/live.json",
            "--coverage",
            &path.display().to_string(),
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("s3drift::shape"), "{stderr}");
    assert!(
        stderr.contains("is not a doctor report of schema"),
        "{stderr}"
    );
}

#[test]
fn the_proxy_tells_reads_from_writes() {
    let req = |method: &str, action: Option<&str>| support::proxy::Request {
        method: method.to_string(),
        path: "/".to_string(),
        query: String::new(),
        headers: Default::default(),
        action: action.map(str::to_string),
    };
    assert!(req("GET", None).is_read());
    assert!(req("POST", Some("DescribeTrails")).is_read());
    assert!(req("POST", Some("GetEventSelectors")).is_read());
    assert!(!req("POST", Some("PutEventSelectors")).is_read());
    assert!(!req("POST", Some("StartLogging")).is_read());
    assert!(
        !req("POST", None).is_read(),
        "an S3 POST (DeleteObjects) is a write"
    );
    assert!(!req("PUT", None).is_read());
}
