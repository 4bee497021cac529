//! Event sources under throttling, end to end through the binary: `s3drift check` on the
//! offline demo (its state and recorded snapshot), with the demo's CloudTrail records served
//! by LookupEvents (the loopback stand-in, `tests/support/lookup.rs`) or from a trail bucket
//! on moto behind the error-injecting proxy.
//!
//! * A share of throttled answers (CloudTrail's `ThrottlingException`, S3's `503 SlowDown`,
//!   drawn from seeded generators, one call at most three times running, well under its
//!   eight attempts): the findings and their attribution are identical to the clean run's,
//!   and the report's `throttled` warning for the event sources counts exactly the
//!   throttles injected, each retried once, none given up.
//! * A trail object, a day listing or a page of LookupEvents throttled through all eight
//!   attempts: the final sweep reads it; throttled through the sweep's attempts too, the
//!   object or the bucket's lookup is named.
//! * Every answer throttled and a short `--timeout`: the run ends within the deadline plus
//!   a margin, writes its report, names what it could not read in warnings, and attribution
//!   says its search was incomplete.
//!
//! Run times are printed for the record, not asserted beyond the deadline's bound.

mod support;

use flate2::read::GzDecoder;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::lookup::{Answer, StandIn};
use support::moto::Moto;
use support::proxy::{Proxy, Reply};

const DEMO_TRAIL: &str = "fixtures/demo/cloudtrail/AWSLogs";
const TRAIL_BUCKET: &str = "demo-trail";

/// The demo trail's files, relative to its `AWSLogs/` parent.
fn trail_files() -> Vec<String> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEMO_TRAIL);
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut out: Vec<String> = files
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(root.parent().unwrap()).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .collect();
    out.sort();
    assert!(out.len() >= 5, "{out:?}");
    out
}

/// Every record of the demo trail.
fn trail_records() -> Vec<Value> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/cloudtrail");
    let mut out = Vec::new();
    for f in trail_files() {
        let file = std::fs::File::open(base.join(&f)).unwrap();
        let doc: Value = serde_json::from_reader(GzDecoder::new(file)).unwrap();
        out.extend(doc["Records"].as_array().unwrap().iter().cloned());
    }
    out
}

/// LookupEvents by `ResourceName`, from the demo's records, two events a page.
fn lookup_answer(records: Vec<Value>) -> impl Fn(&Value) -> Answer + Send + Sync + 'static {
    move |body: &Value| {
        let attr = &body["LookupAttributes"][0];
        if attr["AttributeKey"] != "ResourceName" {
            return Answer::error("InvalidLookupAttributesException", "unexpected request");
        }
        let bucket = attr["AttributeValue"].as_str().unwrap_or("");
        let from: usize = body["NextToken"]
            .as_str()
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let mine: Vec<&Value> = records
            .iter()
            .filter(|r| r["requestParameters"]["bucketName"] == bucket)
            .collect();
        let page: Vec<Value> = mine
            .iter()
            .skip(from)
            .take(2)
            .map(|r| {
                json!({"EventId": r["eventID"], "EventName": r["eventName"], "ReadOnly": "false",
                       "EventTime": 1.7e9, "EventSource": "s3.amazonaws.com",
                       "CloudTrailEvent": r.to_string()})
            })
            .collect();
        let mut out = json!({ "Events": page });
        if from + 2 < mine.len() {
            out["NextToken"] = json!((from + 2).to_string());
        }
        Answer::ok(out)
    }
}

/// `s3drift check` on the demo with `--cloudtrail source`, JSON out.
fn check(source: &str, env: &[(&str, &str)], extra: &[&str]) -> (Output, Value, Duration) {
    let started = Instant::now();
    let out = support::s3drift()
        .args([
            "check",
            "--state",
            "fixtures/demo/terraform.tfstate",
            "--snapshot",
            "fixtures/demo/live.json",
            "--region",
            "eu-west-1",
            "--cloudtrail",
            source,
            "--format",
            "json",
        ])
        .args(extra)
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "the demo drifts: {stderr}");
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    (out, report, took)
}

fn warnings(report: &Value) -> Vec<Value> {
    report["warnings"].as_array().cloned().unwrap_or_default()
}

/// The `throttled` warning of the event sources, if any.
fn sources_throttled(report: &Value) -> Option<String> {
    warnings(report)
        .into_iter()
        .find(|w| w["code"] == "throttled" && w["source"] == "event sources")
        .map(|w| w["message"].as_str().unwrap().to_string())
}

/// The findings, with LookupEvents' reach (90 days before the run's wall-clock time, which
/// unattributed reasons name) written as `<90 days ago>`, so runs a few seconds apart compare.
fn findings(report: &Value) -> String {
    let text = report["findings"].to_string();
    let marker = "LookupEvents only reaches back to ";
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(marker) {
        let after = &rest[i + marker.len()..];
        let end = after.find(')').unwrap_or(after.len());
        out.push_str(&rest[..i + marker.len()]);
        out.push_str("<90 days ago>");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn attributed(report: &Value) -> usize {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            matches!(
                f["attribution"]["status"].as_str(),
                Some("confirmed" | "likely")
            )
        })
        .count()
}

#[test]
fn lookup_under_throttling_attributes_as_a_clean_run_and_bounded_when_jammed() {
    let records = trail_records();
    let clean_api = StandIn::start(lookup_answer(records.clone()));
    let (_, clean, clean_took) = check(
        "lookup",
        &[("AWS_ENDPOINT_URL_CLOUDTRAIL", &clean_api.url)],
        &[],
    );
    assert!(
        attributed(&clean) > 0,
        "the demo's changes are found: {clean:#}"
    );
    assert_eq!(sources_throttled(&clean), None);

    // 30% of the calls answer ThrottlingException.
    let busy_api = StandIn::throttling(0.3, 14, lookup_answer(records.clone()));
    let (_, busy, busy_took) = check(
        "lookup",
        &[("AWS_ENDPOINT_URL_CLOUDTRAIL", &busy_api.url)],
        &[],
    );
    let n = busy_api.throttled();
    eprintln!(
        "lookup: clean {clean_took:?} ({} calls), 30% throttled {busy_took:?} ({} calls, {n} throttled)",
        clean_api.calls().len(),
        busy_api.calls().len()
    );
    assert!(n > 0, "the seed throttles some calls");
    assert_eq!(
        findings(&busy),
        findings(&clean),
        "identical findings and attribution"
    );
    assert_eq!(sources_throttled(&busy), Some(all_retried(n)));
    assert_eq!(busy_api.calls().len(), clean_api.calls().len() + n);

    // Every call throttled, a 3-second deadline: the run ends, and says what it missed.
    let jammed_api = StandIn::jammed(lookup_answer(records));
    let (_, jammed, took) = check(
        "lookup",
        &[("AWS_ENDPOINT_URL_CLOUDTRAIL", &jammed_api.url)],
        &["--timeout", "3s"],
    );
    eprintln!(
        "lookup: all throttled, --timeout 3s: {took:?} ({} calls)",
        jammed_api.calls().len()
    );
    assert!(took < Duration::from_secs(15), "bounded: {took:?}");
    let given_up: Vec<String> = warnings(&jammed)
        .iter()
        .filter(|w| w["code"] == "source-limit" && w["source"] == "lookup")
        .filter_map(|w| w["message"].as_str())
        .filter(|m| m.contains(" was given up ("))
        .map(str::to_string)
        .collect();
    assert!(
        given_up
            .iter()
            .any(|m| m
                .starts_with("LookupEvents for bucket acme-prod-data in eu-west-1 was given up")),
        "{given_up:#?}"
    );
    let throttled = sources_throttled(&jammed).expect("counted");
    assert!(
        throttled.contains(&format!("and {} calls given up", given_up.len())),
        "{throttled} / {given_up:#?}"
    );
    assert_eq!(attributed(&jammed), 0);
    let incomplete = jammed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["attribution"]["reason"].as_str())
        .filter(|r| r.contains("; the search is incomplete: lookup gave up on reads"))
        .count();
    assert!(incomplete > 0, "{jammed:#}");
}

/// LookupEvents of one bucket throttled on its second page through all eight attempts: the
/// final sweep goes on from that page (the first is not asked again), so the findings are
/// the clean run's and nothing is given up. Throttled through the sweep's attempts too, the
/// bucket's lookup is named and its first page kept.
#[test]
fn lookup_reads_what_stayed_throttled_in_the_final_sweep() {
    const BUCKET: &str = "acme-prod-data";
    let records = trail_records();
    let clean_api = StandIn::start(lookup_answer(records.clone()));
    let run = |api: &StandIn| check("lookup", &[("AWS_ENDPOINT_URL_CLOUDTRAIL", &api.url)], &[]).1;
    let clean = run(&clean_api);
    let pages = |api: &StandIn, token: Option<&str>| {
        api.calls()
            .iter()
            .filter(|c| c.body["LookupAttributes"][0]["AttributeValue"] == BUCKET)
            .filter(|c| c.body["NextToken"].as_str() == token)
            .count()
    };
    assert_eq!(
        pages(&clean_api, Some("2")),
        1,
        "the bucket has a second page"
    );

    for throttles in [8, 16] {
        let left = Arc::new(AtomicUsize::new(throttles));
        let answer = lookup_answer(records.clone());
        let api = StandIn::start(move |body| {
            let second_page =
                body["LookupAttributes"][0]["AttributeValue"] == BUCKET && body["NextToken"] == "2";
            if second_page
                && left
                    .fetch_update(SeqCst, SeqCst, |n| n.checked_sub(1))
                    .is_ok()
            {
                return Answer::throttling();
            }
            answer(body)
        });
        let report = run(&api);
        assert_eq!(pages(&api, None), 1, "the first page is asked once");
        let given_up: Vec<String> = warnings(&report)
            .iter()
            .filter(|w| {
                w["code"] == "source-limit"
                    && w["message"]
                        .as_str()
                        .is_some_and(|m| m.contains(" was given up ("))
            })
            .filter_map(|w| w["message"].as_str().map(str::to_string))
            .collect();
        if throttles == 8 {
            assert_eq!(findings(&report), findings(&clean));
            assert!(given_up.is_empty(), "{given_up:#?}");
            assert_eq!(sources_throttled(&report), Some(all_retried(8)));
        } else {
            assert_eq!(given_up, [format!("LookupEvents for bucket {BUCKET} in eu-west-1 was given up (throttled: ThrottlingException after 8 attempts, and again in the final sweep); the events of its first page are kept, and attribution of what it covers says its search was incomplete")]);
            assert_eq!(
                sources_throttled(&report).as_deref(),
                Some("AWS throttled 16 requests; 15 retries were sent and 1 calls given up (each read given up is named in a warning; attribution says its search was incomplete)")
            );
        }
    }
}

/// A lookup resumed in the final sweep that reads the page it stopped at and is then
/// throttled on the next page through all its attempts: that page was asked once, so it is
/// given up as a first try, without "again".
#[test]
fn lookup_a_page_after_the_resumed_one_is_given_up_as_a_first_try() {
    const BUCKET: &str = "acme-prod-data";
    let answer = lookup_answer(trail_records());
    let second_left = Arc::new(AtomicUsize::new(8));
    let api = StandIn::start(move |body| {
        let mine = body["LookupAttributes"][0]["AttributeValue"] == BUCKET;
        let throttled = match body["NextToken"].as_str() {
            // The second page: throttled through the first pass's attempts.
            Some("2") => second_left
                .fetch_update(SeqCst, SeqCst, |n| n.checked_sub(1))
                .is_ok(),
            // The third: throttled whenever it is asked.
            Some("4") => true,
            _ => false,
        };
        if mine && throttled {
            return Answer::throttling();
        }
        answer(body)
    });
    let (_, report, _) = check("lookup", &[("AWS_ENDPOINT_URL_CLOUDTRAIL", &api.url)], &[]);
    let third_page = api
        .calls()
        .iter()
        .filter(|c| {
            c.body["LookupAttributes"][0]["AttributeValue"] == BUCKET && c.body["NextToken"] == "4"
        })
        .count();
    assert_eq!(third_page, 8, "the third page is first asked in the sweep");
    let given_up: Vec<String> = warnings(&report)
        .iter()
        .filter(|w| w["code"] == "source-limit")
        .filter_map(|w| w["message"].as_str().map(str::to_string))
        .filter(|m| m.contains(" was given up ("))
        .collect();
    assert_eq!(given_up, [format!("LookupEvents for bucket {BUCKET} in eu-west-1 was given up (throttled: ThrottlingException after 8 attempts); the events of its first 2 pages are kept, and attribution of what it covers says its search was incomplete")]);
    assert_eq!(
        sources_throttled(&report).as_deref(),
        Some("AWS throttled 16 requests; 15 retries were sent and 1 calls given up (each read given up is named in a warning; attribution says its search was incomplete)")
    );
}

/// The demo trail in a log bucket ([`TRAIL_BUCKET`]) on moto, behind the proxy, with a
/// clean run's report through it.
struct TrailBucket {
    proxy: Proxy,
    source: String,
    clean: Value,
    clean_requests: usize,
    clean_took: Duration,
    // Last: moto outlives the proxy in front of it.
    moto: Moto,
}

impl TrailBucket {
    fn start() -> TrailBucket {
        support::init_process_env();
        let moto = trail_bucket();
        let proxy = Proxy::start(moto.addr);
        let source = format!("s3://{TRAIL_BUCKET}/");
        let (_, clean, clean_took) = check(&source, &[], &["--endpoint-url", &proxy.endpoint]);
        assert!(attributed(&clean) > 0, "{clean:#}");
        assert_eq!(sources_throttled(&clean), None);
        proxy.assert_read_only();
        let clean_requests = proxy.requests().len();
        proxy.clear();
        TrailBucket {
            proxy,
            source,
            clean,
            clean_requests,
            clean_took,
            moto,
        }
    }

    /// `check` through the proxy.
    fn check(&self) -> (Value, Duration) {
        let (_, report, took) = check(&self.source, &[], &["--endpoint-url", &self.proxy.endpoint]);
        (report, took)
    }
}

/// Moto with the demo trail in its log bucket, [`TRAIL_BUCKET`].
fn trail_bucket() -> Moto {
    let moto = Moto::start();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/cloudtrail");
    let uploads: Vec<String> = trail_files()
        .iter()
        .map(|f| {
            format!(
                "s3.put_object(Bucket={TRAIL_BUCKET:?}, Key={f:?}, Body=open({:?}, 'rb').read())",
                base.join(f).display().to_string()
            )
        })
        .collect();
    moto.boto3(&format!(
        "s3.create_bucket(Bucket={TRAIL_BUCKET:?})\n{}",
        uploads.join("\n")
    ));
    moto
}

/// S3's `503 SlowDown`.
fn slowdown() -> Reply {
    Reply::Error {
        status: 503,
        code: "SlowDown".into(),
    }
}

/// The event sources' `throttled` warning when every throttle was retried.
fn all_retried(n: usize) -> String {
    format!("AWS throttled {n} requests; {n} retries were sent and 0 calls given up (each read given up is named in a warning; attribution says its search was incomplete)")
}

#[test]
fn trail_bucket_under_slowdown_attributes_as_a_clean_run_and_bounded_when_jammed() {
    let bucket = TrailBucket::start();
    let (proxy, source, files) = (&bucket.proxy, &bucket.source, trail_files());

    // 30% of ListObjectsV2 and GetObject answer 503 SlowDown.
    proxy.inject_retryable(|r| r.bucket() == Some(TRAIL_BUCKET), slowdown(), 0.3, 14);
    let (busy, busy_took) = bucket.check();
    let n = proxy.injected().len();
    let gets = proxy
        .injected()
        .iter()
        .filter(|r| r.key().is_some())
        .count();
    eprintln!(
        "trail bucket: clean {:?} ({} requests), 30% SlowDown {busy_took:?} ({} requests, {n} throttled, {gets} of them GetObject)",
        bucket.clean_took,
        bucket.clean_requests,
        proxy.requests().len()
    );
    assert!(n > 0 && gets > 0, "both listings and objects throttled");
    assert_eq!(
        findings(&busy),
        findings(&bucket.clean),
        "byte-identical findings"
    );
    assert_eq!(sources_throttled(&busy), Some(all_retried(n)));
    assert_eq!(proxy.requests().len(), bucket.clean_requests + n);

    // Every GetObject throttled, an 8-second deadline (the listings take a few seconds): the
    // run ends, and names the objects.
    let proxy = Proxy::start(bucket.moto.addr);
    proxy.inject(
        |r| r.bucket() == Some(TRAIL_BUCKET) && r.key().is_some(),
        slowdown(),
        None,
    );
    let (_, jammed, took) = check(
        source,
        &[],
        &["--endpoint-url", &proxy.endpoint, "--timeout", "8s"],
    );
    eprintln!(
        "trail bucket: every GetObject throttled, --timeout 8s: {took:?} ({} requests)",
        proxy.requests().len()
    );
    assert!(took < Duration::from_secs(25), "bounded: {took:?}");
    let named: Vec<String> = warnings(&jammed)
        .iter()
        .filter(|w| w["code"] == "source-limit" && w["source"] == source.as_str())
        .filter_map(|w| w["message"].as_str())
        .map(str::to_string)
        .collect();
    for f in &files {
        let object = format!("s3://{TRAIL_BUCKET}/{f} was not read (");
        assert!(
            named.iter().any(|m| m.starts_with(&object)),
            "{object} in {named:#?}"
        );
    }
    let throttled = sources_throttled(&jammed).expect("counted");
    assert!(
        throttled.ends_with(&format!(
            "and {} calls given up (each read given up is named in a warning; attribution says its search was incomplete)",
            files.len()
        )),
        "{throttled}"
    );
    assert_eq!(attributed(&jammed), 0);
    let incomplete = jammed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["attribution"]["reason"].as_str())
        .filter(|r| {
            r.contains(&format!(
                "; the search is incomplete: {source} gave up on reads"
            ))
        })
        .count();
    assert!(incomplete > 0, "{jammed:#}");
}

/// An object, and the listing of another file's day folder, each throttled through all of a
/// call's eight attempts: the final sweep reads both, so the findings and attribution are
/// the clean run's, nothing is given up, and each throttle counts as retried. An object
/// throttled through the sweep's attempts too is given up and named.
#[test]
fn trail_bucket_reads_what_stayed_throttled_in_the_final_sweep() {
    let bucket = TrailBucket::start();
    let (proxy, files) = (&bucket.proxy, trail_files());
    let object = files[0].clone();
    let day = files[1].rsplit_once('/').unwrap().0.to_string();
    let listing = format!("prefix={}%2F", day.replace('/', "%2F"));
    let attempts = 8;
    proxy.inject(
        move |r| r.key() == Some(object.as_str()),
        slowdown(),
        Some(attempts),
    );
    proxy.inject(
        move |r| r.key().is_none() && r.query.split('&').any(|kv| kv == listing),
        slowdown(),
        Some(attempts),
    );
    let (swept, _) = bucket.check();
    assert_eq!(
        proxy.injected().len(),
        2 * attempts,
        "both were throttled through"
    );
    assert_eq!(findings(&swept), findings(&bucket.clean));
    let gaps: Vec<Value> = warnings(&swept)
        .into_iter()
        .filter(|w| w["code"] == "source-limit")
        .collect();
    assert!(gaps.is_empty(), "{gaps:#?}");
    assert_eq!(sources_throttled(&swept), Some(all_retried(2 * attempts)));
    assert_eq!(proxy.requests().len(), bucket.clean_requests + 2 * attempts);
    proxy.assert_read_only();

    // Throttled through the sweep's attempts too: given up, and named.
    proxy.clear();
    let object = files[0].clone();
    proxy.inject(
        move |r| r.key() == Some(object.as_str()),
        slowdown(),
        Some(2 * attempts),
    );
    let (still, _) = bucket.check();
    let gaps: Vec<String> = warnings(&still)
        .iter()
        .filter(|w| w["code"] == "source-limit")
        .filter_map(|w| w["message"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        gaps,
        [format!("s3://{TRAIL_BUCKET}/{} was not read (throttled: SlowDown after 8 attempts, and again in the final sweep); its events are missing and attribution says this source's search was incomplete", files[0])]
    );
    assert_eq!(
        sources_throttled(&still).as_deref(),
        Some("AWS throttled 16 requests; 15 retries were sent and 1 calls given up (each read given up is named in a warning; attribution says its search was incomplete)")
    );
}
