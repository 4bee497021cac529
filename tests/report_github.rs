//! The `github` format: workflow-command annotations. The demo through the binary is a
//! snapshot; GitHub's per-level and per-job caps, escaping and the location seam are checked
//! on built reports.

use s3drift::code::{Code, Kind, Severity};
use s3drift::diff::compare;
use s3drift::diff::finding::Finding;
use s3drift::model::{DesiredSet, Snapshot};
use s3drift::report::github::{render, render_located, Limits, Location};
use s3drift::report::{bucket_info, Report};
use std::path::Path;
use std::process::Command;

fn demo(format: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args([
            "check",
            "--state",
            "fixtures/demo/terraform.tfstate",
            "--snapshot",
            "fixtures/demo/live.json",
            "--cloudtrail",
            "fixtures/demo/cloudtrail",
            "--format",
            format,
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// A finding built from JSON, as a report holds it, so fields added later take their
/// defaults.
fn finding(bucket: &str, path: &str, severity: Severity, actual: serde_json::Value) -> Finding {
    serde_json::from_value(serde_json::json!({
        "bucket": bucket,
        "address": format!("aws_s3_bucket.{bucket}"),
        "path": path,
        "kind": Kind::Changed,
        "code": Code::TagsChanged,
        "severity": severity,
        "expected": null,
        "actual": actual,
        "message": "Tag changed.",
        "attribution": null,
    }))
    .unwrap()
}

fn report(findings: Vec<Finding>) -> Report {
    Report::new(None, vec![], 1, findings, vec![], vec![])
}

fn annotate(r: &Report) -> String {
    let mut out = Vec::new();
    render(r, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn levels(text: &str) -> (usize, usize, usize) {
    let n = |p: &str| text.lines().filter(|l| l.starts_with(p)).count();
    (n("::error "), n("::warning "), n("::notice "))
}

#[test]
fn demo_annotations() {
    let (code, text) = demo("github");
    assert_eq!(code, Some(2));
    for line in text.lines() {
        assert!(
            ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line}"
        );
    }
    // Most severe first: every error before every warning before every notice.
    let ranks: Vec<u8> = text
        .lines()
        .map(|l| match l.split(' ').next().unwrap() {
            "::error" => 0,
            "::warning" => 1,
            _ => 2,
        })
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{text}");
    assert_eq!(levels(&text), (6, 1, 3));
    insta::assert_snapshot!(text);
}

#[test]
fn caps_per_level_keep_the_most_severe_and_count_the_rest() {
    let mut findings = Vec::new();
    for i in 0..30 {
        findings.push(finding(
            &format!("crit-{i:02}"),
            "tags.a",
            Severity::Critical,
            "x".into(),
        ));
    }
    for i in 0..15 {
        findings.push(finding(
            &format!("low-{i:02}"),
            "tags.a",
            Severity::Low,
            "x".into(),
        ));
    }
    findings.push(finding("mid", "tags.a", Severity::Medium, "x".into()));
    let text = annotate(&report(findings));
    let (errors, warnings, notices) = levels(&text);
    assert_eq!((errors, warnings), (10, 1));
    // Nine low findings and the closing notice: ten notices, GitHub's cap.
    assert_eq!(notices, 10, "{text}");
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("::notice title=s3drift::26 more findings are not shown"),
        "{last}"
    );
    // The first ten critical findings in report order were kept.
    assert!(text.contains("crit-09") && !text.contains("crit-10"));
}

#[test]
fn the_job_cap_counts_the_closing_notice() {
    let findings: Vec<Finding> = (0..8)
        .map(|i| finding(&format!("b{i}"), "tags.a", Severity::High, "x".into()))
        .collect();
    let mut out = Vec::new();
    let limits = Limits {
        per_level: 10,
        total: 5,
    };
    render_located(&report(findings), &|_| None, limits, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(levels(&text), (4, 0, 1), "{text}");
    assert!(text.contains("::4 more findings are not shown"), "{text}");
}

#[test]
fn nothing_left_out_means_no_closing_notice() {
    let findings: Vec<Finding> = (0..10)
        .map(|i| finding(&format!("b{i}"), "tags.a", Severity::Low, "x".into()))
        .collect();
    let text = annotate(&report(findings));
    assert_eq!(levels(&text), (0, 0, 10));
    assert!(!text.contains("not shown"));
}

#[test]
fn values_cannot_start_another_workflow_command() {
    let evil = "x\n::error::injected\r\n%0A::warning::more";
    let mut f = finding("acme", "tags.evil,key:x", Severity::High, evil.into());
    f.message = "100% changed\nsecond line".into();
    let text = annotate(&report(vec![f]));
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains(r#""x\n::error::injected\r\n%250A::warning::more""#),
        "{text}"
    );
    // A line break inside a message is shown escaped, as in text output.
    assert!(text.contains(r"100%25 changed\u{a}second line"), "{text}");
}

#[test]
fn locations_fill_file_and_line_with_escaped_properties() {
    let findings = vec![
        finding("a", "tags.a", Severity::High, "x".into()),
        finding("b", "tags.a", Severity::High, "x".into()),
        finding("c", "tags.a", Severity::High, "x".into()),
    ];
    let locate = |f: &Finding| match f.bucket.as_str() {
        "a" => Some(Location {
            file: "infra/main,v2:x.tf".into(),
            line: Some(12),
        }),
        "b" => Some(Location {
            file: "infra/main.tf".into(),
            line: None,
        }),
        _ => None,
    };
    let mut out = Vec::new();
    render_located(&report(findings), &locate, Limits::default(), &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("::error file=infra/main%2Cv2%3Ax.tf,line=12,title=tags-changed::"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("::error file=infra/main.tf,title=tags-changed::"));
    assert!(lines[2].starts_with("::error title=tags-changed::"));
}

#[test]
fn sensitive_values_stay_redacted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/report/rich");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let desired: DesiredSet = serde_json::from_str(&read("desired.json")).unwrap();
    let live: Snapshot = serde_json::from_str(&read("live.json")).unwrap();
    assert!(read("live.json").contains("s3cr3t-PLANTED-7731"));
    let r = Report::new(
        Some(live.captured_at),
        vec![],
        desired.buckets.len(),
        compare(&desired, &live),
        vec![],
        vec![],
    )
    .with_buckets(bucket_info(&desired, &live));
    let text = annotate(&r);
    assert!(!text.contains("s3cr3t-PLANTED-7731"), "{text}");
    insta::assert_snapshot!(text);
}
