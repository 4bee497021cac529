//! Severity by effective exposure, end to end on the demo: the demo's own drift, and the
//! demo's live side changed so a change opens the bucket, or is kept from taking effect.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check --format json` on the demo state against `live`; returns the findings.
fn check(live: &Path) -> Vec<Value> {
    check_with(live, &[])
}

/// The same, with more arguments.
fn check_with(live: &Path, extra: &[&str]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args([
            "check",
            "--state",
            "fixtures/demo/terraform.tfstate",
            "--snapshot",
        ])
        .arg(live)
        .args(["--format", "json"])
        .args(extra)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    report["findings"].as_array().expect("findings").clone()
}

fn demo_live() -> Value {
    let text = std::fs::read_to_string(root().join("fixtures/demo/live.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The demo with one bucket's live policy replaced.
fn with_policy(dir: &Path, bucket: &str, policy: Value) -> PathBuf {
    let mut live = demo_live();
    live["buckets"][bucket]["parts"]["policy"] = json!({"status": "present", "value": policy});
    let path = dir.join("live.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&live).unwrap()).unwrap();
    path
}

fn find<'a>(findings: &'a [Value], bucket: &str, path: &str) -> &'a Value {
    findings
        .iter()
        .find(|f| f["bucket"] == bucket && f["path"] == path)
        .unwrap_or_else(|| panic!("no finding {bucket} {path}"))
}

/// The exposure note (other notes may come first).
fn note(f: &Value) -> String {
    f["notes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .find(|n| n.starts_with("exposure ") || n.starts_with("default encryption"))
        .unwrap_or_default()
        .to_string()
}

fn public_read(bucket: &str) -> Value {
    json!({"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": format!("arn:aws:s3:::{bucket}/*")})
}

#[test]
fn demo_findings_say_their_exposure_path() {
    let findings = check(&root().join("fixtures/demo/live.json"));
    // A partner account's statement was added: opened to another account.
    let policy = find(&findings, "acme-prod-data", "policy");
    assert_eq!(policy["severity"], "high");
    assert!(
        note(policy).contains("now open to another account: 444455556666"),
        "{policy}"
    );
    // The account block of the demo is not known: graded as off, so turning off the
    // bucket's blocks stays critical, and the note says why.
    let pab = find(
        &findings,
        "acme-prod-logs",
        "public_access_block.restrict_public_buckets",
    );
    assert_eq!(pab["severity"], "critical");
    assert!(
        note(pab).contains("account public access block unknown"),
        "{pab}"
    );
    let enc = find(
        &findings,
        "acme-prod-data",
        "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm",
    );
    assert_eq!(enc["severity"], "critical");
    assert_eq!(
        note(enc),
        "default encryption downgraded from aws:kms to AES256"
    );
}

#[test]
fn a_public_statement_where_nothing_restricts_it_is_critical() {
    // acme-prod-logs has RestrictPublicBuckets turned off live and no policy in the code.
    let dir = tempfile::tempdir().unwrap();
    let live = with_policy(
        dir.path(),
        "acme-prod-logs",
        json!({"Version": "2012-10-17", "Statement": [public_read("acme-prod-logs")]}),
    );
    let findings = check(&live);
    let policy = find(&findings, "acme-prod-logs", "policy");
    assert_eq!(policy["severity"], "critical", "{policy}");
    assert!(
        note(policy).contains("now reachable from the internet: policy statement PublicRead"),
        "{policy}"
    );
}

#[test]
fn a_public_statement_restrict_public_buckets_neutralises_is_low() {
    // acme-prod-data keeps every bucket block on live: RestrictPublicBuckets keeps the
    // public statement from taking effect.
    let mut policy = demo_live()["buckets"]["acme-prod-data"]["parts"]["policy"]["value"].clone();
    let statements = policy["Statement"].as_array_mut().unwrap();
    statements.retain(|s| s["Sid"] != "PartnerRead");
    statements.push(public_read("acme-prod-data"));
    let dir = tempfile::tempdir().unwrap();
    let path = with_policy(dir.path(), "acme-prod-data", policy);
    let findings = check(&path);
    let policy = find(&findings, "acme-prod-data", "policy");
    assert_eq!(policy["severity"], "low", "{policy}");
    assert!(
        note(policy).contains(
            "public policy statement PublicRead kept from taking effect by the bucket RestrictPublicBuckets"
        ),
        "{policy}"
    );
}

#[test]
fn a_policy_file_severity_override_still_wins() {
    let dir = tempfile::tempdir().unwrap();
    let live = with_policy(
        dir.path(),
        "acme-prod-logs",
        json!({"Version": "2012-10-17", "Statement": [public_read("acme-prod-logs")]}),
    );
    let config = dir.path().join("policy.s3drift.hcl");
    std::fs::write(
        &config,
        "severity {\n  path  = \"policy\"\n  level = \"info\"\n}\n",
    )
    .unwrap();
    let findings = check_with(&live, &["--config", config.to_str().unwrap()]);
    let policy = find(&findings, "acme-prod-logs", "policy");
    // Graded critical by exposure, then set by the policy file, which runs last.
    assert_eq!(policy["severity"], "info", "{policy}");
    assert!(
        note(policy).contains("now reachable from the internet"),
        "{policy}"
    );
}
