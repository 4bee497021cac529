//! The offline demo with its CloudTrail folder (`fixtures/demo/cloudtrail`): who changed
//! what, through the binary as the README runs it. Text and Falco output are snapshots; the
//! JSON report's attribution is checked field by field.

use serde_json::Value;
use std::process::{Command, Output};

fn s3drift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn check(format: &str) -> Output {
    s3drift(&[
        "check",
        "--state",
        "fixtures/demo/terraform.tfstate",
        "--snapshot",
        "fixtures/demo/live.json",
        "--cloudtrail",
        "fixtures/demo/cloudtrail",
        "--format",
        format,
        "--color",
        "never",
    ])
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn demo_text_says_who_changed_what() {
    let out = check("text");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn demo_falco_lines() {
    let out = check("falco");
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).expect("one JSON object per line");
        assert_eq!(v["service"], "s3");
        // A signal names refused calls: its event must not read as a successful API call.
        if v["kind"] == "signal" {
            assert_eq!(v["event"], s3drift::report::falco::SIGNAL_EVENT, "{line}");
        }
    }
    assert!(
        text.contains(r#""kind":"signal""#),
        "the demo has a denied burst"
    );
    insta::assert_snapshot!(text);
    assert_eq!(text, stdout(&check("falco")), "byte-identical across runs");
}

#[test]
fn demo_json_attribution() {
    let out = check("json");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let at = |bucket: &str, path: &str| {
        findings
            .iter()
            .find(|f| f["bucket"] == bucket && f["path"] == path)
            .unwrap_or_else(|| panic!("no finding {bucket} {path}"))["attribution"]
            .clone()
    };
    let cases = [
        ("acme-analytics-scratch", "tags.owner", "confirmed", Some("sso/DataEngineer (li.wei@acme.example)"), Some("PutBucketTagging"), Some("\"console\"")),
        ("acme-prod-data", "policy", "confirmed", Some("role/platform-admin (jane.doe)"), Some("PutBucketPolicy"), Some("\"aws-cli\"")),
        ("acme-prod-data", "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm", "confirmed", Some("root"), Some("PutBucketEncryption"), Some("\"console\"")),
        ("acme-prod-logs", "lifecycle_rule[expire-access-logs].expiration.days", "confirmed", Some("sso/PlatformEngineer (dana@acme.example)"), Some("PutBucketLifecycle"), Some("\"terraform\"")),
        ("acme-prod-logs", "public_access_block.block_public_policy", "confirmed", Some("role/log-shipper-lambda (log-shipper)"), Some("PutBucketPublicAccessBlock"), Some("\"sdk:boto3 (python)\"")),
        // The one change no record explains; the denied PutBucketVersioning is not its cause.
        ("acme-prod-logs", "versioning.status", "unattributed", None, None, None),
        ("acme-tmp-export", "", "likely", Some("sso/DataEngineer (li.wei@acme.example)"), Some("CreateBucket"), Some("\"console\"")),
    ];
    for (bucket, path, status, principal, event, via) in cases {
        let a = at(bucket, path);
        assert_eq!(a["status"], status, "{bucket} {path}: {a}");
        assert_eq!(a["principal"].as_str(), principal, "{bucket} {path}");
        assert_eq!(a["event_name"].as_str(), event, "{bucket} {path}");
        assert_eq!(
            (!a["via"].is_null())
                .then(|| a["via"].to_string())
                .as_deref(),
            via,
            "{bucket} {path}"
        );
    }
    let lifecycle = at(
        "acme-prod-logs",
        "lifecycle_rule[expire-access-logs].expiration.days",
    );
    assert_eq!(
        lifecycle["history"][0]["principal"],
        "role/terraform-ci (gha-deploy-infra-8841)"
    );
    assert_eq!(lifecycle["history"][0]["value"], 90);
    assert_eq!(
        lifecycle["event_id"],
        "5d1e7c2a-0b4f-4c7e-9a1d-000000000004"
    );
    let pab = at("acme-prod-logs", "public_access_block.block_public_policy");
    assert_eq!(pab["vpc_endpoint_id"], "vpce-0c1d2e3f4a5b6c7d8");
    assert_eq!(pab["source_ip"], "54.228.16.7");
    let unattributed = at("acme-prod-logs", "versioning.status");
    assert!(unattributed["reason"]
        .as_str()
        .unwrap()
        .starts_with("no event changed versioning"));
    let burst = findings
        .iter()
        .find(|f| f["code"] == "denied-burst")
        .unwrap();
    assert_eq!(burst["kind"], "signal");
    assert_eq!(burst["attribution"]["principal"], "contractor-tmp");
    assert_eq!(burst["actual"]["denied_calls"], 5);
}

#[test]
fn events_lists_every_configuration_call() {
    let args = [
        "events",
        "--cloudtrail",
        "fixtures/demo/cloudtrail",
        "--since",
        "2026-01-01T00:00:00Z",
    ];
    let out = s3drift(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(stdout(&out));
    let one = s3drift(&[
        "events",
        "--cloudtrail",
        "fixtures/demo/cloudtrail",
        "--since",
        "2026-01-01T00:00:00Z",
        "--bucket",
        "acme-prod-logs",
    ]);
    let text = stdout(&one);
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(
        text.lines()
            .all(|l| l.contains("acme-prod-logs") || l == "4 events"),
        "{text}"
    );
}
