//! `--baseline`: two runs of the demo. The second run's live side differs from the first
//! in one new finding, one finding whose live value changed again, one that is gone, one
//! that stayed, and one bucket whose tags became unreadable: its gone finding must not
//! count as resolved.

use serde_json::Value;
use std::path::Path;
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

fn check(live: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "check",
        "--state",
        "fixtures/demo/terraform.tfstate",
        "--snapshot",
        live,
        "--color",
        "never",
    ];
    args.extend_from_slice(extra);
    s3drift(&args)
}

/// The demo's live side a day later.
fn second_live(dir: &Path) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/fixtures/demo/live.json")).unwrap();
    let mut live: Value = serde_json::from_str(&text).unwrap();
    live["captured_at"] = "2026-11-21T09:00:00Z".into();
    let b = &mut live["buckets"];
    // New: a tag set live on acme-prod-data.
    b["acme-prod-data"]["parts"]["tags"]["value"]["CostCenter"] = "1234".into();
    // Changed: the logs' retention, already drifted, was shortened again.
    b["acme-prod-logs"]["parts"]["lifecycle_rule"]["value"]["expire-access-logs"]["expiration"]
        ["days"] = 7.into();
    // Resolved: versioning is back on.
    b["acme-prod-logs"]["parts"]["versioning"]["value"]["status"] = "Enabled".into();
    // Unreadable: the scratch bucket's tags (its tags.owner drift is not seen, not gone).
    b["acme-analytics-scratch"]["parts"]["tags"] = serde_json::json!({
        "status": "unreadable",
        "reason": "AccessDenied: Access Denied (s3:GetBucketTagging)"
    });
    let path = dir.join("live-2.json");
    std::fs::write(&path, serde_json::to_string(&live).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

fn status<'a>(report: &'a Value, bucket: &str, path: &str) -> &'a str {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["bucket"] == bucket && f["path"] == path)
        .unwrap_or_else(|| panic!("no finding {bucket} {path}"))["status"]
        .as_str()
        .unwrap()
}

#[test]
fn a_second_run_says_what_is_new_changed_existing_and_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    let out = check(
        "fixtures/demo/live.json",
        &["--format", "json", "-o", first.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    let live = second_live(dir.path());
    let base = ["--baseline", first.to_str().unwrap()];

    let out = check(&live, &[&base[..], &["--format", "json"]].concat());
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status(&r, "acme-prod-data", "tags.CostCenter"), "new");
    assert_eq!(
        status(
            &r,
            "acme-prod-logs",
            "lifecycle_rule[expire-access-logs].expiration.days"
        ),
        "changed"
    );
    assert_eq!(
        status(
            &r,
            "acme-prod-data",
            "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm"
        ),
        "existing"
    );
    let resolved: Vec<(&str, &str)> = r["resolved"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["bucket"].as_str().unwrap(), f["path"].as_str().unwrap()))
        .collect();
    // Not acme-analytics-scratch's tags.owner: its tags were unreadable in this run.
    assert_eq!(resolved, [("acme-prod-logs", "versioning.status")]);
    assert_eq!(r["baseline"], first.to_str().unwrap());
    // new: tags.CostCenter and the lifecycle change (drift only; the new gap is not drift).
    assert_eq!(r["summary"]["new"], 2, "{}", r["summary"]);

    // --fail-on counts only new and changed findings: both are low.
    let gate = |fail_on: &str, with_baseline: bool| {
        let mut args = vec!["--format", "json", "--fail-on", fail_on];
        if with_baseline {
            args.extend_from_slice(&base);
        }
        check(&live, &args).status.code()
    };
    assert_eq!(
        gate("critical", false),
        Some(2),
        "the existing critical drift"
    );
    assert_eq!(gate("critical", true), Some(0), "nothing new is critical");
    assert_eq!(gate("low", true), Some(2), "the new low drift");

    let text = check(&live, &[&base[..], &["--format", "text"]].concat());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("[low tags-changed, new]"), "{text}");
    assert!(text.contains("Resolved since the baseline:\n  acme-prod-logs versioning.status [versioning-suspended]"), "{text}");
    assert!(
        text.contains("2 new or changed since the baseline, 1 resolved"),
        "{text}"
    );
    insta::assert_snapshot!("baseline_text", text);

    let md = check(&live, &[&base[..], &["--format", "markdown"]].concat());
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| low · new |"), "{md}");
    assert!(md.contains("Resolved since the baseline (1)"), "{md}");
    insta::assert_snapshot!("baseline_markdown", md);
}

#[test]
fn a_bad_baseline_is_an_error_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"schema\": \"something-else\"}").unwrap();
    let out = check(
        "fixtures/demo/live.json",
        &["--baseline", bad.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("s3drift::shape"), "{err}");
    assert!(out.stdout.is_empty());
}
