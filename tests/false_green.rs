//! Never a false green: a run that compared nothing fails with a clear message (exit 1), and
//! `--fail-on-unreadable` lets coverage gaps fail a job (exit 2).

use std::path::PathBuf;
use std::process::{Command, Output};

const DEMO_STATE: &str = "fixtures/demo/terraform.tfstate";
const DEMO_LIVE: &str = "fixtures/demo/live.json";

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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn a_selection_that_leaves_no_bucket_is_a_usage_error() {
    let out = s3drift(&[
        "check",
        "--state",
        DEMO_STATE,
        "--snapshot",
        DEMO_LIVE,
        "--bucket",
        "nomatch-*",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("s3drift::usage"), "{err}");
    assert!(err.contains("leave none of the 4 buckets"), "{err}");
    assert!(
        err.contains("acme-prod-data"),
        "the hint names buckets: {err}"
    );
    assert!(out.stdout.is_empty(), "no report on an error");
}

#[test]
fn a_snapshot_that_covers_no_bucket_is_an_error() {
    let (_dir, snap) = tmp(
        "live.json",
        r#"{"schema":"s3drift/snapshot","version":1,"captured_at":"2026-11-20T09:00:00Z","buckets":{}}"#,
    );
    let out = s3drift(&[
        "check",
        "--state",
        DEMO_STATE,
        "--snapshot",
        snap.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("s3drift::nothing_compared"), "{err}");
    assert!(
        err.contains("the snapshot holds none of the 4 buckets"),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("No drift"));
}

#[test]
fn a_bucket_missing_from_the_snapshot_is_not_compared_not_drift() {
    let out = s3drift(&[
        "check",
        "--state",
        DEMO_STATE,
        "--snapshot",
        DEMO_LIVE,
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = &report["summary"];
    let sum: u64 = ["critical", "high", "medium", "low", "info"]
        .iter()
        .map(|k| s[k].as_u64().unwrap())
        .sum();
    assert_eq!(sum, s["drift"].as_u64().unwrap(), "{s}");
    assert_eq!(s["unreadable"], 1, "{s}");
}

#[test]
fn states_without_s3_resources_compare_nothing() {
    let (_dir, state) = tmp(
        "other.tfstate",
        r#"{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"x","outputs":{},"resources":[
            {"mode":"managed","type":"aws_sqs_queue","name":"q","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
             "instances":[{"schema_version":0,"attributes":{"name":"q"}}]}]}"#,
    );
    let out = s3drift(&[
        "check",
        "--state",
        state.to_str().unwrap(),
        "--snapshot",
        DEMO_LIVE,
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("s3drift::nothing_compared"), "{err}");
    assert!(err.contains("the state given holds no S3 bucket"), "{err}");

    // One such state among others stays a warning.
    let out = s3drift(&[
        "check",
        "--state",
        state.to_str().unwrap(),
        "--state",
        DEMO_STATE,
        "--snapshot",
        DEMO_LIVE,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["code"] == "no-s3-resources"));
}

#[test]
fn fail_on_unreadable_makes_coverage_gaps_fail() {
    // The demo has one unreadable part; with drift ignored, only the flag fails the run.
    let base = [
        "check",
        "--state",
        DEMO_STATE,
        "--snapshot",
        DEMO_LIVE,
        "--fail-on",
        "never",
    ];
    assert_eq!(s3drift(&base).status.code(), Some(0));
    let mut with = base.to_vec();
    with.push("--fail-on-unreadable");
    assert_eq!(s3drift(&with).status.code(), Some(2));
}
