//! The `markdown` format: the demo through the binary and the rich case are snapshots;
//! GitHub's size limits, escaping of values and the one-bucket view are checked on built
//! reports.

use s3drift::code::{Code, Kind, Severity};
use s3drift::diff::compare;
use s3drift::diff::finding::Finding;
use s3drift::model::{DesiredSet, Snapshot};
use s3drift::report::markdown::{to_string, MarkdownOptions, COMMENT_CHARS};
use s3drift::report::{bucket_info, Report};
use s3drift::warning::{Warning, WarningCode};
use std::path::Path;
use std::process::Command;

fn rich() -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/report/rich");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let desired: DesiredSet = serde_json::from_str(&read("desired.json")).unwrap();
    let live: Snapshot = serde_json::from_str(&read("live.json")).unwrap();
    Report::new(
        Some(live.captured_at),
        vec!["terraform.tfstate".into()],
        desired.buckets.len(),
        compare(&desired, &live),
        vec!["aws_s3_object.readme".into()],
        vec![Warning::new(
            WarningCode::NoS3Resources,
            "plan.json",
            "no S3 resources",
        )],
    )
    .with_buckets(bucket_info(&desired, &live))
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

#[test]
fn demo_markdown() {
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
            "markdown",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("## s3drift: 7 drift findings in 3 buckets\n"),
        "{text}"
    );
    assert!(text.contains("| 3 | 2 | 0 | 2 | 0 | 4 | 1 attribute in 1 bucket |"));
    assert!(text.contains("<details><summary>Policy diff"));
    insta::assert_snapshot!(text);
}

#[test]
fn rich_markdown_redacts_secrets() {
    let text = to_string(&rich(), &MarkdownOptions::default());
    assert!(!text.contains("s3cr3t-PLANTED-7731"), "{text}");
    assert!(text.contains("(sensitive)"));
    insta::assert_snapshot!(text);
}

#[test]
fn a_comment_keeps_the_most_severe_findings_within_the_limit() {
    let mut findings = Vec::new();
    for i in 0..400 {
        findings.push(finding(
            &format!("low-{i:03}"),
            "tags.note",
            Severity::Low,
            "y".repeat(100).into(),
        ));
    }
    for i in 0..40 {
        findings.push(finding(
            &format!("zz-crit-{i:02}"),
            "tags.a",
            Severity::Critical,
            "x".into(),
        ));
    }
    let r = Report::new(None, vec![], 440, findings, vec![], vec![]);
    let opts = MarkdownOptions {
        max_bytes: COMMENT_CHARS,
        ..MarkdownOptions::default()
    };
    let text = to_string(&r, &opts);
    assert!(text.len() <= COMMENT_CHARS, "{}", text.len());
    assert!(
        text.len() > COMMENT_CHARS - 2_000,
        "the budget is used: {}",
        text.len()
    );
    // Every critical finding is kept, although its bucket sorts last.
    let rows = |sev: &str| {
        text.lines()
            .filter(|l| l.starts_with(&format!("| {sev} | `tags.")))
            .count()
    };
    assert_eq!(rows("critical"), 40);
    let kept_low = rows("low");
    assert!(kept_low > 0 && kept_low < 400);
    assert!(
        text.contains(&format!(
            "**{} findings not shown** ({} low)",
            400 - kept_low,
            400 - kept_low
        )),
        "{}",
        &text[text.len() - 600..]
    );
    // The headline still counts everything.
    assert!(text.starts_with("## s3drift: 440 drift findings in 440 buckets\n"));
}

#[test]
fn a_step_summary_fits_in_one_mebibyte() {
    let findings: Vec<Finding> = (0..20_000)
        .map(|i| {
            finding(
                &format!("b-{i:05}"),
                "tags.k",
                Severity::Medium,
                "v".repeat(60).into(),
            )
        })
        .collect();
    let r = Report::new(None, vec![], 20_000, findings, vec![], vec![]);
    let text = to_string(&r, &MarkdownOptions::default());
    assert!(text.len() <= 1024 * 1024);
    assert!(
        text.contains("findings not shown** ("),
        "truncated with a note"
    );
}

#[test]
fn values_cannot_add_markup_mentions_or_columns() {
    let mut f = finding(
        "acme",
        "tags.x|y",
        Severity::High,
        "<img src=x onerror=alert(1)> @octocat | `tick`".into(),
    );
    f.kind = Kind::Unreadable;
    f.message = "cc @octocat <b>bold</b> | [link](http://x)".into();
    let g = finding(
        "acme",
        "tags.z",
        Severity::High,
        "<b>@octocat</b> | a".into(),
    );
    let r = Report::new(None, vec![], 1, vec![f, g], vec![], vec![]);
    let text = to_string(&r, &MarkdownOptions::default());
    // Outside code spans, where GitHub would read them, there is no tag and no mention.
    let prose = outside_code_spans(&text);
    assert!(!prose.contains('<'), "{prose}");
    assert!(!prose.contains("@octocat"), "{prose}");
    assert!(text.contains(r#"`"<b>@octocat</b> \| a"`"#), "{text}");
    for row in text.lines().filter(|l| l.starts_with("| high")) {
        let unescaped = row.replace("\\|", "").matches('|').count();
        assert_eq!(unescaped, 7, "six cells: {row}");
    }
}

#[test]
fn one_bucket_for_an_issue() {
    let opts = MarkdownOptions {
        bucket: Some("acme-logs".into()),
        title: Some("prod".into()),
        ..MarkdownOptions::default()
    };
    let r = rich();
    assert!(r.findings.iter().any(|f| f.bucket == "acme-logs"));
    let text = to_string(&r, &opts);
    assert!(text.starts_with("## s3drift (prod): "), "{text}");
    assert!(text.contains("### `acme-logs`"));
    for other in r.findings.iter().filter(|f| f.bucket != "acme-logs") {
        assert!(!text.contains(&format!("### `{}`", other.bucket)), "{text}");
    }
    assert!(!text.contains("Not monitored"));
}

#[test]
fn no_drift_says_so() {
    let r = Report::new(None, vec![], 3, vec![], vec![], vec![]);
    insta::assert_snapshot!(to_string(&r, &MarkdownOptions::default()));
}

/// The text with every code span (a run of backticks to the next run of the same length)
/// taken out.
fn outside_code_spans(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let run = rest[start..].chars().take_while(|&c| c == '`').count();
        let fence = "`".repeat(run);
        let after = &rest[start + run..];
        match after.find(&fence) {
            Some(end) => rest = &after[end + run..],
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
