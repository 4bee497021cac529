//! `check --plan`: the three-way view of plans built from the demo (`fixtures/plan/`).
//!
//! Each case folder holds `args` (the `check` arguments after `check`) and `expected.json`
//! (the exit code and, per classified finding, its bucket, path, code, class and planned
//! value). The text report of every case, and the Markdown and SARIF of the attributed
//! revert, are insta snapshots.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("fixtures/plan"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("args").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn run(case: &str, format: &str) -> Output {
    let args =
        std::fs::read_to_string(root().join("fixtures/plan").join(case).join("args")).unwrap();
    Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .arg("check")
        .args(args.split_whitespace())
        .args(["--format", format])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // The plans carry the live side; no case may reach for AWS.
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .output()
        .expect("the binary runs")
}

fn expected(case: &str) -> serde_json::Value {
    let path: &Path = &root()
        .join("fixtures/plan")
        .join(case)
        .join("expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The classified findings of a JSON report, in the shape of `expected.json`.
fn classified(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| !f["plan"].is_null())
        .map(|f| {
            let mut out = serde_json::json!({
                "bucket": f["bucket"], "path": f["path"], "code": f["code"],
                "class": f["plan"]["class"], "planned": f["plan"]["planned"],
            });
            // An account's own settings have an account and no bucket.
            if !f["account"].is_null() {
                out["account"] = f["account"].clone();
            }
            out
        })
        .collect()
}

#[test]
fn every_case_classifies_as_expected() {
    let cases = cases();
    assert!(cases.len() >= 10, "the plan cases are missing: {cases:?}");
    for case in cases {
        let want = expected(&case);
        let out = run(&case, "json");
        assert_eq!(
            out.status.code(),
            want["exit"].as_i64().map(|c| c as i32),
            "{case}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if out.status.code() == Some(1) {
            continue;
        }
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            classified(&report),
            want["findings"].as_array().unwrap().clone(),
            "{case}"
        );
    }
}

#[test]
fn each_table_row_has_its_class() {
    let class_of = |case: &str| -> Vec<String> {
        expected(case)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["class"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(class_of("reverts").iter().all(|c| c == "reverts"));
    assert_eq!(class_of("adopts"), ["adopts"]);
    assert_eq!(class_of("conflict"), ["conflict"]);
    assert_eq!(class_of("neither"), ["neither"]);
    assert!(class_of("planned-change").is_empty());
    assert_eq!(class_of("unknown"), ["pending"]);
    let no_refresh = class_of("no-refresh");
    assert!(no_refresh.contains(&"survives".to_string()));
    assert_eq!(no_refresh.iter().filter(|c| *c == "reverts").count(), 1);
    // The account's own public access block is judged against the code's account tree.
    assert_eq!(class_of("account-reverts"), ["reverts", "reverts"]);
    assert_eq!(class_of("account-no-refresh"), ["survives", "survives"]);
}

#[test]
fn a_planned_change_is_not_drift() {
    let out = run("planned-change", "json");
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["summary"]["drift"], 0);
}

#[test]
fn unknown_values_are_pending_never_guessed() {
    let out = run("unknown", "json");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["plan"]["class"] == "pending")
        .expect("a pending finding");
    assert!(f["plan"]["planned"].is_null());
    assert!(f["plan"]["summary"]
        .as_str()
        .unwrap()
        .contains("unknown until apply"));
}

#[test]
fn revert_sentences_name_who_made_the_change() {
    let out = run("reverts-cloudtrail", "json");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let summaries: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["plan"]["summary"].as_str())
        .collect();
    assert!(summaries.contains(
        &"this apply sets `public_access_block.block_public_policy` back to `true`; it was `false` by role/log-shipper-lambda (log-shipper) via sdk:boto3 (python) on 2026-11-07 (event 5d1e7c2a-0b4f-4c7e-9a1d-000000000005)"
    ), "{summaries:#?}");
    // Without an event source the sentence says so instead of naming anyone.
    let out = run("reverts", "json");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["plan"]["summary"].as_str())
        .all(|s| s.contains("outside Terraform (no event source was given)")));
}

#[test]
fn text_reports() {
    for case in cases() {
        let out = run(&case, "text");
        let text = format!(
            "exit {:?}\n--- stdout\n{}--- stderr\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        insta::assert_snapshot!(format!("plan_text_{case}"), text);
    }
}

#[test]
fn reverts_come_first_in_text_markdown_and_sarif() {
    let text = String::from_utf8(run("reverts-cloudtrail", "text").stdout).unwrap();
    assert!(text.starts_with("This apply reverts 3 out-of-band changes:"));
    let md = String::from_utf8(run("reverts-cloudtrail", "markdown").stdout).unwrap();
    let reverts = md.find("**This apply reverts").expect("a reverts list");
    assert!(reverts < md.find("### ").unwrap());
    insta::assert_snapshot!("plan_markdown_reverts", md);
    let sarif: serde_json::Value =
        serde_json::from_slice(&run("reverts-cloudtrail", "sarif").stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let first = results[0]["message"]["text"].as_str().unwrap();
    assert!(first.starts_with("Reverted by this apply:"), "{first}");
    // The signal (high) and the unmanaged bucket come after every revert.
    let reverted = results
        .iter()
        .take_while(|r| {
            r["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with("Reverted by this apply:")
        })
        .count();
    assert_eq!(reverted, 3);
    insta::assert_json_snapshot!("plan_sarif_reverts", results);
}

#[test]
fn a_sensitive_value_stays_hidden_in_every_format() {
    for format in ["json", "text", "markdown", "sarif"] {
        let out = run("sensitive", format);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("back to"), "{format}: the revert is reported");
        for secret in ["PartnerRead", "444455556666", "DenyInsecureTransport"] {
            assert!(!text.contains(secret), "{format} leaks {secret}");
        }
    }
}

#[test]
fn a_bad_plan_timestamp_is_a_diagnostic() {
    let text = std::fs::read_to_string(root().join("fixtures/plan/reverts/plan.json")).unwrap();
    let bad = text.replace(
        "\"timestamp\": \"2026-11-20T09:00:00Z\"",
        "\"timestamp\": \"yesterday\"",
    );
    assert_ne!(bad, text, "the fixture has a timestamp");
    let path = std::env::temp_dir().join(format!("s3drift-plan-ts-{}.json", std::process::id()));
    std::fs::write(&path, bad).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(["check", "--plan"])
        .arg(&path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("s3drift::shape") && err.contains("RFC 3339"),
        "{err}"
    );
}
