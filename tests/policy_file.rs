//! The policy file (`.s3drift.hcl`, `--config`) and `--ignore`: on the demo with its
//! CloudTrail, and the pure matching rules on findings built here.

use s3drift::code::{Code, Kind, Severity};
use s3drift::diff::finding::{Attribution, AttributionStatus, Finding};
use s3drift::report::policy::{apply, parse::parse};
use serde_json::Value;
use std::process::{Command, Output};

fn s3drift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("the binary runs")
}

/// The demo with its CloudTrail (live read on 2026-11-20).
fn demo(extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--state",
        "fixtures/demo/terraform.tfstate",
        "--snapshot",
        "fixtures/demo/live.json",
        "--cloudtrail",
        "fixtures/demo/cloudtrail",
        "--color",
        "never",
    ];
    args.extend_from_slice(extra);
    s3drift(&args)
}

const POLICY: &str = "fixtures/policy/demo.s3drift.hcl";

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("a JSON report")
}

fn finding<'a>(report: &'a Value, bucket: &str, path: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["bucket"] == bucket && f["path"] == path)
        .unwrap_or_else(|| panic!("no finding {bucket} {path}"))
}

#[test]
fn an_ignore_applies_through_its_expiry_day_and_then_is_reported() {
    let out = demo(&["--config", POLICY, "--format", "json"]);
    let r = json(&out);
    // expires = "2026-11-20", the day live was read: still applies.
    let tag = finding(&r, "acme-analytics-scratch", "tags.owner");
    assert_eq!(
        tag["suppression"]["reason"],
        "scratch buckets are tagged by hand"
    );
    assert_eq!(tag["suppression"]["owner"], "data-team");
    assert_eq!(tag["suppression"]["expires"], "2026-11-20");
    assert_eq!(
        tag["suppression"]["file"],
        "fixtures/policy/demo.s3drift.hcl"
    );
    assert_eq!(tag["suppression"]["line"], 4);
    // expires = "2026-11-19": no longer applies, and says so.
    let lifecycle = finding(
        &r,
        "acme-prod-logs",
        "lifecycle_rule[expire-access-logs].expiration.days",
    );
    assert!(lifecycle.get("suppression").is_none(), "{lifecycle}");
    let expired: Vec<&Value> = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "ignore-expired")
        .collect();
    assert_eq!(expired.len(), 1, "{}", r["warnings"]);
    assert_eq!(expired[0]["source"], "fixtures/policy/demo.s3drift.hcl:12");
    assert_eq!(r["summary"]["suppressed"], 1);
}

#[test]
fn an_expected_actor_neither_counts_as_drift_nor_fails() {
    let logs = ["--bucket", "acme-prod-logs", "--format", "json"];
    // Without the policy the log shipper's public access block change is critical drift.
    let plain = demo(&[&logs[..], &["--fail-on", "critical"]].concat());
    assert_eq!(plain.status.code(), Some(2));
    let out = demo(&[&logs[..], &["--config", POLICY, "--fail-on", "critical"]].concat());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = json(&out);
    let pab = finding(
        &r,
        "acme-prod-logs",
        "public_access_block.block_public_policy",
    );
    assert_eq!(
        pab["expected_actor"]["principal"],
        "arn:aws:sts::*:assumed-role/log-shipper-lambda/*"
    );
    assert_eq!(pab["expected_actor"]["line"], 20);
    assert_eq!(r["summary"]["expected"], 2);
    assert_eq!(r["summary"]["critical"], 0);
    assert_eq!(
        r["summary"]["drift"], 2,
        "lifecycle and versioning are left"
    );
}

#[test]
fn severity_overrides_take_the_last_match_and_the_flag_overrides_fail_on() {
    let logs = ["--bucket", "acme-prod-logs", "--format", "json"];
    // versioning-* → low, then versioning.status → medium: the last block wins.
    let out = demo(&[&logs[..], &["--config", POLICY]].concat());
    let r = json(&out);
    assert_eq!(
        finding(&r, "acme-prod-logs", "versioning.status")["severity"],
        "medium"
    );
    // The file's fail_on = "high": medium and low drift pass (the burst of denied calls,
    // high, is re-graded medium by the file's third severity block).
    assert_eq!(out.status.code(), Some(0));
    // --fail-on on the command line overrides the file.
    let flagged = demo(&[&logs[..], &["--config", POLICY, "--fail-on", "medium"]].concat());
    assert_eq!(flagged.status.code(), Some(2));
}

#[test]
fn the_policy_file_is_found_in_dir() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    for f in std::fs::read_dir(format!("{root}/fixtures/demo/infra")).unwrap() {
        let f = f.unwrap();
        if f.path().is_file() {
            std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
        }
    }
    std::fs::write(
        dir.path().join(".s3drift.hcl"),
        "ignore {\n  bucket = \"acme-prod-logs\"\n  path = \"versioning.*\"\n  reason = \"r\"\n}\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let out = demo(&["--dir", d, "--format", "json"]);
    let r = json(&out);
    assert!(finding(&r, "acme-prod-logs", "versioning.status")["suppression"].is_object());
}

#[test]
fn ignore_flag_suppresses_without_a_file_and_every_format_shows_it() {
    let flag = ["--ignore", "acme-prod-logs:public_access_block.*"];
    let r = json(&demo(&[&flag[..], &["--format", "json"]].concat()));
    assert_eq!(r["summary"]["suppressed"], 2);
    let pab = finding(
        &r,
        "acme-prod-logs",
        "public_access_block.block_public_policy",
    );
    assert_eq!(pab["suppression"]["reason"], "--ignore on the command line");
    assert!(pab["suppression"].get("file").is_none());

    let text = |extra: &[&str]| {
        let out = demo(&[&flag[..], &["--format", "text"], extra].concat());
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!text(&[]).contains("public_access_block.block_public_policy"));
    let shown = text(&["--show-suppressed"]);
    assert!(
        shown.contains("suppressed: --ignore on the command line (--ignore)"),
        "{shown}"
    );
    assert!(shown.contains(", 2 suppressed"), "{shown}");

    let md =
        String::from_utf8(demo(&[&flag[..], &["--format", "markdown"]].concat()).stdout).unwrap();
    assert!(md.contains("Suppressed by the policy (2)"), "{md}");

    let sarif: Value = serde_json::from_slice(
        &demo(
            &[
                &flag[..],
                &["--format", "sarif", "--dir", "fixtures/demo/infra"],
            ]
            .concat(),
        )
        .stdout,
    )
    .unwrap();
    let suppressed: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["suppressions"].as_array().is_some_and(|s| !s.is_empty()))
        .collect();
    assert_eq!(suppressed.len(), 2);
    assert_eq!(suppressed[0]["suppressions"][0]["status"], "accepted");
}

#[test]
fn a_principal_ignore_never_matches_a_guess() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.hcl");
    std::fs::write(
        &policy,
        "ignore {\n  bucket = \"*\"\n  path = \"*\"\n  principal = \"*li.wei@acme.example*\"\n  reason = \"li.wei's sandbox\"\n}\n",
    )
    .unwrap();
    let r = json(&demo(&[
        "--config",
        policy.to_str().unwrap(),
        "--format",
        "json",
    ]));
    // Confirmed: PutBucketTagging by li.wei.
    assert!(finding(&r, "acme-analytics-scratch", "tags.owner")["suppression"].is_object());
    // Likely only (CreateBucket of an unmanaged bucket): not silenced.
    assert!(finding(&r, "acme-tmp-export", "")
        .get("suppression")
        .is_none());
}

#[test]
fn a_bad_policy_file_points_at_the_offending_key() {
    let out = demo(&["--config", "fixtures/policy/bad-key.s3drift.hcl"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("s3drift::policy"), "{err}");
    assert!(err.contains("unknown key `reson`"), "{err}");
    assert!(err.contains("bad-key.s3drift.hcl:4:3"), "{err}");
    assert!(err.contains("reson  = \"typo of reason\""), "{err}");
    assert!(out.stdout.is_empty(), "no report on a bad policy");
}

#[test]
fn a_missing_policy_file_is_an_error() {
    let out = demo(&["--config", "fixtures/policy/no-such.hcl"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("s3drift::io") && err.contains("no-such.hcl"),
        "{err}"
    );
    let out = demo(&["--ignore", "acme-prod-logs"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("is not BUCKET:PATH"));
}

#[test]
fn fail_on_never_in_the_file_passes_everything() {
    let policy = parse("fail_on = \"never\"\n", "p.hcl").unwrap();
    assert_eq!(policy.fail_on, Some(None));
    let policy = parse("fail_on = \"low\"\n", "p.hcl").unwrap();
    assert_eq!(policy.fail_on, Some(Some(Severity::Low)));
}

#[test]
fn parse_errors_carry_spans() {
    let cases = [
        ("ignore {\n  bucket = \"b\"\n  path = \"p\"\n}\n", "needs `reason`", "ignore"),
        (
            "ignore {\n  bucket = \"b\"\n  path = \"p\"\n  reason = \"r\"\n  expires = \"next week\"\n}\n",
            "must be a date",
            "\"next week\"",
        ),
        ("severity {\n  code = \"x\"\n  level = \"urgent\"\n}\n", "not a severity", "\"urgent\""),
        ("fail_on = \"high\"\nwatch {}\n", "unknown block `watch`", "watch"),
        ("ignore {\n  bucket = \"[\"\n  path = \"*\"\n  reason = \"r\"\n}\n", "not a valid glob", "\"[\""),
        ("ignore {\n  bucket = \"b\"\n", "not valid HCL", ""),
    ];
    for (text, message, spanned) in cases {
        let err = parse(text, "p.hcl").expect_err(text);
        assert!(err.message.contains(message), "{text}: {}", err.message);
        assert_eq!(&text[err.span.clone()], spanned, "{text}");
    }
}

fn confirmed(event_id: &str) -> Finding {
    Finding {
        bucket: "acme-prod-logs".into(),
        account: None,
        address: String::new(),
        path: "versioning.status".into(),
        kind: Kind::Changed,
        code: Code::VersioningChanged,
        severity: Severity::High,
        expected: None,
        actual: None,
        message: String::new(),
        notes: Vec::new(),
        sensitive: false,
        attribution: Some(Attribution {
            status: AttributionStatus::Confirmed,
            principal: Some("role/ops-admin (alice)".into()),
            arn: Some("arn:aws:sts::123456789012:assumed-role/ops-admin/alice".into()),
            account: None,
            event_name: None,
            event_time: None,
            event_id: Some(event_id.into()),
            source_ip: None,
            user_agent: None,
            via: None,
            vpc_endpoint_id: None,
            evidence: None,
            reason: None,
            history: Vec::new(),
        }),
        location: None,
        suppression: None,
        expected_actor: None,
        status: None,
        plan: None,
    }
}

#[test]
fn an_event_id_ignore_accepts_one_change_only() {
    let policy = parse(
        "ignore {\n  bucket = \"*\"\n  path = \"versioning.*\"\n  event_id = \"evt-1\"\n  reason = \"incident 42\"\n}\n",
        "p.hcl",
    )
    .unwrap();
    let today = jiff::civil::date(2026, 11, 20);
    // The change the ignore names: suppressed.
    let mut first = vec![confirmed("evt-1")];
    apply(&policy, &mut first, today);
    assert_eq!(
        first[0].suppression.as_ref().unwrap().event_id.as_deref(),
        Some("evt-1")
    );
    // Someone changed it again: the latest confirmed event is another one, so it returns.
    let mut second = vec![confirmed("evt-2")];
    apply(&policy, &mut second, today);
    assert!(second[0].suppression.is_none());
    // The same event, but only likely: a guess never silences a finding.
    let mut likely = vec![confirmed("evt-1")];
    likely[0].attribution.as_mut().unwrap().status = AttributionStatus::Likely;
    apply(&policy, &mut likely, today);
    assert!(likely[0].suppression.is_none());
}

#[test]
fn gaps_in_coverage_are_never_suppressed() {
    let policy = parse(
        "ignore {\n  bucket = \"*\"\n  path = \"*\"\n  reason = \"everything\"\n}\n",
        "p.hcl",
    )
    .unwrap();
    let mut f = vec![confirmed("evt-1")];
    f[0].kind = Kind::Unreadable;
    apply(&policy, &mut f, jiff::civil::date(2026, 11, 20));
    assert!(f[0].suppression.is_none());
}

#[test]
fn the_demo_policy_in_text_and_markdown() {
    for (format, name) in [
        ("text", "policy_demo_text"),
        ("markdown", "policy_demo_markdown"),
    ] {
        let out = demo(&["--config", POLICY, "--format", format, "--show-suppressed"]);
        insta::assert_snapshot!(name, String::from_utf8(out.stdout).unwrap());
    }
}
