//! Throttling at scale, end to end through the binary: 300 buckets on moto, the tool's
//! traffic through the recording proxy, which answers a random share of requests with S3's
//! `503 SlowDown` (from a seeded generator).
//!
//! * 30% SlowDown, one request at most three times running (its eight attempts always get
//!   through, whichever draws they get; no two calls are the same request): the findings are
//!   byte-identical to the clean run's, no part is unreadable, and the work is bounded:
//!   every throttled answer costs exactly one retry, so the requests sent are the clean
//!   run's plus the throttles, and the report's counts match what the proxy injected.
//! * 95% SlowDown with a short `--timeout`: the run ends (a watchdog fails the test if it
//!   does not), writes its report, and every part it could not read says `deadline` or
//!   `throttled`; no finding is drift the clean run did not see.
//!
//! * A part, and a bucket's HeadBucket, throttled on every attempt: after the retries and
//!   the final sweep they end unreadable, saying `throttled`, and everything else reads as
//!   in a clean run.
//!
//! The fleet scenarios share one fleet (creating it is most of the test's time). Run times are
//! printed for the record, not asserted: the machine's load decides them.

mod support;

use s3drift::aws::AwsSettings;
use s3drift::live::{self, ReadOptions};
use s3drift::model::{LivePart, Part, Target, Throttling};
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};
use support::moto::Moto;
use support::proxy::{Proxy, Reply, Request};

/// Buckets in the fleet.
const BUCKETS: usize = 300;
/// Every this many buckets, one drifted out of band (versioning suspended, a tag added).
const DRIFT_EVERY: usize = 25;

fn name(i: usize) -> String {
    format!("fleet-{i:03}")
}

/// Creates the fleet in moto with one boto3 script, 16 requests in flight: every bucket
/// versioned, tagged, with SSE-S3 and owner-enforced object ownership (AWS's defaults for new
/// buckets, which moto does not apply), and every [`DRIFT_EVERY`]th drifted.
fn create_fleet(moto: &Moto) {
    moto.boto3(&format!(
        r#"
from concurrent.futures import ThreadPoolExecutor
from botocore.config import Config
fast = boto3.client("s3", endpoint_url=s3.meta.endpoint_url, region_name="us-east-1",
    aws_access_key_id="testing", aws_secret_access_key="testing",
    config=Config(s3={{"addressing_style": "path"}}, max_pool_connections=16))
def make(i):
    b = f"fleet-{{i:03}}"
    drifted = i % {DRIFT_EVERY} == 0
    fast.create_bucket(Bucket=b)
    fast.put_bucket_versioning(Bucket=b, VersioningConfiguration={{"Status": "Suspended" if drifted else "Enabled"}})
    tags = [{{"Key": "fleet", "Value": "throttle"}}, {{"Key": "i", "Value": str(i)}}]
    if drifted:
        tags.append({{"Key": "owner", "Value": "someone-else"}})
    fast.put_bucket_tagging(Bucket=b, Tagging={{"TagSet": tags}})
    fast.put_bucket_encryption(Bucket=b, ServerSideEncryptionConfiguration={{"Rules": [
        {{"ApplyServerSideEncryptionByDefault": {{"SSEAlgorithm": "AES256"}}}}]}})
    fast.put_bucket_ownership_controls(Bucket=b, OwnershipControls={{"Rules": [
        {{"ObjectOwnership": "BucketOwnerEnforced"}}]}})
with ThreadPoolExecutor(max_workers=16) as pool:
    list(pool.map(make, range({BUCKETS})))
"#
    ));
}

/// A state managing the fleet: one `aws_s3_bucket` per bucket (`for_each`), versioning on,
/// two tags.
fn write_state(dir: &Path) -> String {
    let instances: Vec<Value> = (0..BUCKETS)
        .map(|i| {
            let b = name(i);
            let tags = serde_json::json!({"fleet": "throttle", "i": i.to_string()});
            serde_json::json!({
                "index_key": b,
                "schema_version": 0,
                "attributes": {
                    "bucket": b, "id": b, "arn": format!("arn:aws:s3:::{b}"),
                    "tags": tags, "tags_all": tags,
                    "versioning": [{"enabled": true, "mfa_delete": false}],
                    "acl": null, "policy": "", "cors_rule": [], "grant": [], "lifecycle_rule": [],
                    "logging": [], "object_lock_configuration": [], "replication_configuration": [],
                    "server_side_encryption_configuration": [], "website": []
                },
                "sensitive_attributes": []
            })
        })
        .collect();
    let state = serde_json::json!({
        "version": 4, "terraform_version": "1.9.8", "serial": 1, "lineage": "throttle-fleet",
        "outputs": {},
        "resources": [{
            "mode": "managed", "type": "aws_s3_bucket", "name": "fleet",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": instances
        }]
    });
    let path = dir.join("fleet.tfstate");
    std::fs::write(&path, serde_json::to_string_pretty(&state).unwrap()).unwrap();
    path.display().to_string()
}

struct Run {
    code: i32,
    report: Value,
    stderr: String,
    took: Duration,
}

/// `s3drift check` against the proxy, the JSON report written to a file. A watchdog kills
/// the run after `limit`: a run that never ends fails the test instead of hanging it.
fn check(proxy: &Proxy, state: &str, dir: &Path, extra: &[&str], limit: Duration) -> Run {
    let out_file = dir.join("report.json");
    let err_file = dir.join("stderr.txt");
    let _ = std::fs::remove_file(&out_file);
    let started = Instant::now();
    let mut child = support::s3drift()
        .args([
            "check",
            "--format",
            "json",
            "--region",
            "us-east-1",
            "--endpoint-url",
            &proxy.endpoint,
            "--state",
            state,
            "--output",
            out_file.to_str().unwrap(),
        ])
        .args(extra)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err_file).unwrap())
        .spawn()
        .expect("run s3drift");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("s3drift still running after {limit:?}: it must end");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let took = started.elapsed();
    let stderr = std::fs::read_to_string(&err_file).unwrap_or_default();
    let text = std::fs::read_to_string(&out_file)
        .unwrap_or_else(|e| panic!("no report written ({e})\n--- stderr ---\n{stderr}"));
    Run {
        code: status.code().unwrap_or(-1),
        report: serde_json::from_str(&text).expect("a JSON report"),
        stderr,
        took,
    }
}

fn slowdown() -> Reply {
    Reply::Error {
        status: 503,
        code: "SlowDown".into(),
    }
}

/// The findings of a report, as text: what must not change under throttling.
fn findings(run: &Run) -> String {
    serde_json::to_string_pretty(&run.report["findings"]).unwrap()
}

/// The report's `throttled` warning, parsed: (throttled, retried, given up).
fn throttling(run: &Run) -> Option<(u64, u64, u64)> {
    let warning = run.report["warnings"]
        .as_array()?
        .iter()
        .find(|w| w["code"] == "throttled")?;
    let numbers: Vec<u64> = warning["message"]
        .as_str()?
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    Some((numbers[0], numbers[1], numbers[2]))
}

fn unreadable(run: &Run) -> Vec<&Value> {
    run.report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "unreadable")
        .collect()
}

#[test]
fn a_fleet_under_slowdown_finishes_with_the_clean_findings() {
    let moto = Moto::start();
    let setup = Instant::now();
    create_fleet(&moto);
    eprintln!("fleet of {BUCKETS} created in {:?}", setup.elapsed());
    let dir = tempfile::tempdir().unwrap();
    let state = write_state(dir.path());
    let limit = Duration::from_secs(600);

    let clean_proxy = Proxy::start(moto.addr);
    let clean = check(&clean_proxy, &state, dir.path(), &[], limit);
    let clean_requests = clean_proxy.requests().len();
    eprintln!("clean: {:?}, {clean_requests} requests", clean.took);
    assert_eq!(clean.code, 2, "{}", clean.stderr);
    assert!(unreadable(&clean).is_empty(), "{}", findings(&clean));
    assert_eq!(throttling(&clean), None);
    // Every drifted bucket's versioning and tags, and nothing else.
    let drifted = BUCKETS.div_ceil(DRIFT_EVERY);
    let drift = clean.report["findings"].as_array().unwrap();
    assert_eq!(drift.len(), 2 * drifted, "{}", findings(&clean));

    // 30% of all requests answer SlowDown.
    let proxy = Proxy::start(moto.addr);
    proxy.inject_retryable(|_: &Request| true, slowdown(), 0.3, 14);
    let slow = check(&proxy, &state, dir.path(), &[], limit);
    let injected = proxy.injected().len() as u64;
    let sent = proxy.requests().len();
    eprintln!(
        "30% SlowDown: {:?} ({:.1}× clean), {sent} requests, {injected} throttled",
        slow.took,
        slow.took.as_secs_f64() / clean.took.as_secs_f64()
    );
    assert_eq!(slow.code, clean.code, "{}", slow.stderr);
    assert_eq!(findings(&slow), findings(&clean));
    assert!(injected > 0);
    // Bounded work: each throttle cost one retry and nothing was given up, so the tool sent
    // the clean run's requests plus one per throttle, and says so.
    assert_eq!(throttling(&slow), Some((injected, injected, 0)));
    assert_eq!(sent as u64, clean_requests as u64 + injected);
    proxy.assert_read_only();

    // 95% SlowDown and a 20-second deadline: the run ends, writes its report, and every part
    // it could not read says why.
    let proxy = Proxy::start(moto.addr);
    proxy.inject_random(|_: &Request| true, slowdown(), 0.95, 95);
    let timeout = 20;
    let hopeless = check(
        &proxy,
        &state,
        dir.path(),
        &["--timeout", &format!("{timeout}s")],
        Duration::from_secs(timeout + 120),
    );
    eprintln!(
        "95% SlowDown, --timeout {timeout}s: {:?}, {} requests, {} throttled",
        hopeless.took,
        proxy.requests().len(),
        proxy.injected().len()
    );
    assert!(
        matches!(hopeless.code, 0 | 2),
        "exit {}: {}",
        hopeless.code,
        hopeless.stderr
    );
    let gaps = unreadable(&hopeless);
    assert!(!gaps.is_empty());
    for f in gaps {
        if f["path"] == "" {
            continue; // "No attribute of the bucket could be read": its parts say why.
        }
        let message = f["message"].as_str().unwrap();
        // A HeadBucket answer has no body, so a throttled one may name its status instead.
        assert!(
            message.contains(": deadline: not read within --timeout 20s")
                || (message.contains(": throttled: ") && message.contains(" after 8 attempts")),
            "{message}"
        );
    }
    // Whatever was read compares as in the clean run: no drift appears from throttling.
    for f in hopeless.report["findings"].as_array().unwrap() {
        if f["kind"] != "unreadable" {
            assert!(drift.contains(f), "not in the clean run: {f}");
        }
    }
    let (throttled, _, gave_up) = throttling(&hopeless).expect("throttling reported");
    // Answers still in flight at the deadline were injected but never seen.
    assert!(throttled > 0 && throttled <= proxy.injected().len() as u64);
    assert!(gave_up > 0);
}

/// A live read of `buckets` through `proxy`.
async fn read(proxy: &Proxy, buckets: &[&str]) -> s3drift::model::Snapshot {
    support::init_process_env();
    let aws = AwsSettings {
        endpoint_url: Some(proxy.endpoint.clone()),
        region: Some("us-east-1".into()),
        ..Default::default()
    };
    let targets: Vec<Target> = buckets
        .iter()
        .map(|b| Target {
            bucket: b.to_string(),
            account: None,
            region: None,
        })
        .collect();
    live::read(&aws, &targets, &ReadOptions::default())
        .await
        .expect("live read")
}

#[tokio::test(flavor = "multi_thread")]
async fn what_stays_throttled_ends_unreadable_and_says_so() {
    let moto = Moto::start();
    moto.boto3(
        r#"
for b in ["steady", "tags-throttled", "head-throttled"]:
    s3.create_bucket(Bucket=b)
    s3.put_bucket_tagging(Bucket=b, Tagging={"TagSet": [{"Key": "k", "Value": b}]})
    s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
"#,
    );
    let buckets = ["steady", "tags-throttled", "head-throttled"];
    let clean = read(&Proxy::start(moto.addr), &buckets).await;
    assert_eq!(clean.throttling, None);

    let proxy = Proxy::start(moto.addr);
    proxy.inject(
        |r: &Request| r.bucket() == Some("tags-throttled") && r.subresource() == "tagging",
        slowdown(),
        None,
    );
    proxy.inject(
        |r: &Request| r.bucket() == Some("head-throttled") && r.method == "HEAD",
        slowdown(),
        None,
    );
    let snap = read(&proxy, &buckets).await;

    // Eight attempts, then eight more in the final sweep, for each of the two calls.
    assert_eq!(proxy.injected().len(), 32);
    let gave_up = "throttled: SlowDown after 8 attempts, and again in the final sweep";
    assert_eq!(
        snap.buckets["tags-throttled"].parts[&Part::Tags],
        LivePart::Unreadable {
            reason: gave_up.to_string()
        }
    );
    let head = &snap.buckets["head-throttled"];
    assert!(!head.parts.is_empty());
    for (part, state) in &head.parts {
        // A HEAD answer has no body, so no error code: the 503 is the whole answer.
        let LivePart::Unreadable { reason } = state else {
            panic!("{part}: {state:?}");
        };
        assert!(
            reason.starts_with("throttled: ")
                && reason.ends_with(" after 8 attempts (HeadBucket), and again in the final sweep"),
            "{part}: {reason}"
        );
    }
    // Everything else reads as in the clean run.
    assert_eq!(snap.buckets["steady"], clean.buckets["steady"]);
    for (part, state) in &snap.buckets["tags-throttled"].parts {
        if *part != Part::Tags {
            assert_eq!(Some(state), clean.buckets["tags-throttled"].parts.get(part));
        }
    }
    // Every throttled answer was retried, except the last of each call given up.
    assert_eq!(
        snap.throttling,
        Some(Throttling {
            throttled: 32,
            retried: 30,
            gave_up: 2
        })
    );
    proxy.assert_read_only();
}
