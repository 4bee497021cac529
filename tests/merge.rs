//! `s3drift merge` on three reports of a matrix-like run: two jobs on the demo account that
//! both compared `acme-prod-logs`, and one on another account (the rich report fixture).

use s3drift::diff::compare;
use s3drift::diff::finding::SourceLocation;
use s3drift::model::{DesiredSet, Snapshot};
use s3drift::report::{bucket_info, Report};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn s3drift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE")
        .output()
        .expect("the binary runs")
}

/// One matrix job on the demo: the buckets matching `buckets`, as JSON, into `path`.
fn demo_job(path: &Path, buckets: &[&str]) {
    let mut args = vec![
        "check",
        "--dir",
        "fixtures/demo/infra",
        "--state",
        "fixtures/demo/terraform.tfstate",
        "--snapshot",
        "fixtures/demo/live.json",
        "--format",
        "json",
        "-o",
        path.to_str().unwrap(),
    ];
    for b in buckets {
        args.extend(["--bucket", b]);
    }
    let out = s3drift(&args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The job of the other account, from the rich report fixture.
fn other_account_job(path: &Path) {
    let dir = repo().join("fixtures/report/rich");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let desired: DesiredSet = serde_json::from_str(&read("desired.json")).unwrap();
    let live: Snapshot = serde_json::from_str(&read("live.json")).unwrap();
    let mut report = Report::new(
        Some(live.captured_at),
        vec!["shared/terraform.tfstate".into()],
        desired.buckets.len(),
        compare(&desired, &live),
        vec![],
        vec![s3drift::warning::Warning::new(
            s3drift::warning::WarningCode::UnresolvedResource,
            "aws_s3_bucket_policy.p",
            "an unresolved resource",
        )],
    )
    .with_buckets(bucket_info(&desired, &live));
    report.anchor = Some(SourceLocation {
        file: "fixtures/report/rich/desired.json".into(),
        line: 1,
    });
    let mut out = Vec::new();
    s3drift::report::json::render(&report, &mut out).unwrap();
    std::fs::write(path, out).unwrap();
}

struct Matrix {
    _dir: tempfile::TempDir,
    reports: Vec<PathBuf>,
}

fn matrix() -> Matrix {
    let dir = tempfile::tempdir().unwrap();
    let prod = dir.path().join("prod.json");
    let analytics = dir.path().join("analytics.json");
    let shared = dir.path().join("shared.json");
    demo_job(&prod, &["acme-prod-*"]);
    demo_job(&analytics, &["acme-analytics-*", "acme-prod-logs"]);
    other_account_job(&shared);
    Matrix {
        reports: vec![prod, analytics, shared],
        _dir: dir,
    }
}

fn merge(m: &Matrix, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["merge".into()];
    args.extend(m.reports.iter().map(|p| p.display().to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    s3drift(&args)
}

/// Report names without the temporary folder, for snapshots.
fn portable(text: &str, m: &Matrix) -> String {
    let dir = m.reports[0].parent().unwrap().display().to_string();
    text.replace(&format!("{dir}/"), "")
}

#[test]
fn merged_json_counts_accounts_and_flags_the_duplicate() {
    let m = matrix();
    let out = merge(&m, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = merged["findings"].as_array().unwrap();
    let dups: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] == "duplicate-bucket")
        .collect();
    assert_eq!(dups.len(), 1, "one duplicated bucket");
    assert_eq!(dups[0]["bucket"], "acme-prod-logs");
    assert_eq!(dups[0]["kind"], "conflict");
    let names = dups[0]["actual"]["reports"].as_array().unwrap();
    assert!(names[0].as_str().unwrap().ends_with("prod.json"));
    assert!(names[1].as_str().unwrap().ends_with("analytics.json"));
    // 2 + 2 + 8 buckets compared (the ninth of the rich report is wholly unreadable), one
    // of them twice.
    assert_eq!(merged["summary"]["buckets"], 11);
    let accounts = merged["accounts"].as_array().unwrap();
    let by_account = |id: &str| {
        accounts
            .iter()
            .find(|a| a["account"] == id)
            .unwrap_or_else(|| panic!("no account {id}: {accounts:?}"))
    };
    assert_eq!(by_account("123456789012")["buckets"], 3);
    assert_eq!(by_account("111122223333")["buckets"], 8);
    let drift: u64 = accounts.iter().map(|a| a["drift"].as_u64().unwrap()).sum();
    assert_eq!(drift, merged["summary"]["drift"].as_u64().unwrap());
    // Warnings keep their report's name; sources are all there.
    assert!(merged["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["source"].as_str().unwrap().contains("shared.json")
            && w["message"] == "an unresolved resource"));
    assert_eq!(merged["sources"].as_array().unwrap().len(), 3);
    // The findings of each job are all in the merged report, with their locations.
    let total: usize = m
        .reports
        .iter()
        .map(|p| {
            let r: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            r["findings"].as_array().unwrap().len()
        })
        .sum();
    assert_eq!(findings.len(), total + 1);
    assert!(findings
        .iter()
        .any(|f| f["location"]["file"] == "fixtures/demo/infra/modules/storage/main.tf"));
}

#[test]
fn merged_text_and_sarif() {
    let m = matrix();
    let text = merge(&m, &["--format", "text", "--color", "never"]);
    assert_eq!(text.status.code(), Some(2));
    let text = portable(&String::from_utf8(text.stdout).unwrap(), &m);
    assert!(
        text.contains("Accounts:\n  111122223333: 8 buckets"),
        "{text}"
    );
    insta::assert_snapshot!(text);

    let out = merge(&m, &["--format", "sarif", "--sarif-category", "org"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["runs"].as_array().unwrap().len(), 1);
    assert_eq!(doc["runs"][0]["automationDetails"]["id"], "org/");
    // Each bucket's results point at its own job's code.
    for r in doc["runs"][0]["results"].as_array().unwrap() {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        let bucket = r["properties"]["bucket"].as_str().unwrap();
        if bucket.starts_with("acme-prod") || bucket.starts_with("acme-analytics") {
            assert!(uri.starts_with("fixtures/demo/infra/"), "{bucket}: {uri}");
        } else {
            assert_eq!(uri, "fixtures/report/rich/desired.json", "{bucket}");
        }
    }
}

#[test]
fn not_a_report_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let snapshot = repo().join("fixtures/demo/live.json");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"schema\": \"s3drift/report\",").unwrap();
    for bad in [
        snapshot.as_path(),
        broken.as_path(),
        Path::new("no/such/report.json"),
    ] {
        let out = s3drift(&["merge", bad.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", bad.display());
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("s3drift::"), "{err}");
    }
}
