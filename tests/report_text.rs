//! Snapshot tests of the text report over a hand-built multi-bucket case
//! (`fixtures/report/rich`): every finding kind, a policy diff, a redacted value.

use s3drift::diff::compare;
use s3drift::model::{DesiredSet, Snapshot};
use s3drift::report::text::{render, TextOptions};
use s3drift::report::{bucket_info, Report};
use s3drift::warning::{Warning, WarningCode};
use std::path::Path;

/// The secret planted in the sensitive bucket policy of the rich case.
const SECRET: &str = "s3cr3t-PLANTED-7731";

fn load(case: &str) -> (DesiredSet, Snapshot) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/report")
        .join(case);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    (
        serde_json::from_str(&read("desired.json")).unwrap(),
        serde_json::from_str(&read("live.json")).unwrap(),
    )
}

fn report(desired: &DesiredSet, live: &Snapshot) -> Report {
    Report::new(
        Some(live.captured_at),
        vec!["terraform.tfstate".into()],
        desired.buckets.len(),
        compare(desired, live),
        vec!["aws_s3_object.readme".into()],
        vec![Warning::new(
            WarningCode::NoS3Resources,
            "plan.json",
            "no S3 resources",
        )],
    )
    .with_buckets(bucket_info(desired, live))
}

fn text(report: &Report, color: bool) -> String {
    let mut out = Vec::new();
    render(
        report,
        &TextOptions {
            color,
            ..TextOptions::default()
        },
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn rich_plain() {
    let (d, l) = load("rich");
    insta::assert_snapshot!(text(&report(&d, &l), false));
}

#[test]
fn rich_color() {
    let (d, l) = load("rich");
    let out = text(&report(&d, &l), true);
    assert!(out.contains("\u{1b}["), "colour was asked for");
    insta::assert_snapshot!(out);
}

#[test]
fn plain_has_no_escape_codes() {
    let (d, l) = load("rich");
    assert!(!text(&report(&d, &l), false).contains('\u{1b}'));
}

#[test]
fn planted_secret_never_printed() {
    let (d, l) = load("rich");
    let json = serde_json::to_string(&l).unwrap();
    assert!(json.contains(SECRET), "the fixture must carry the secret");
    for color in [false, true] {
        let out = text(&report(&d, &l), color);
        assert!(!out.contains(SECRET), "secret leaked:\n{out}");
        assert!(out.contains("(sensitive)"));
    }
}

#[test]
fn no_drift_says_so() {
    let (mut d, mut l) = load("rich");
    d.buckets.retain(|t| t.bucket == "acme-clean");
    l.buckets.retain(|name, _| name == "acme-clean");
    let r = Report::new(None, vec![], 1, compare(&d, &l), vec![], vec![]);
    assert!(r.findings.is_empty());
    insta::assert_snapshot!(text(&r, false), @"No drift: 1 bucket matches its code.");
}

#[test]
fn output_is_byte_identical_across_runs() {
    let (d, l) = load("rich");
    assert_eq!(text(&report(&d, &l), true), text(&report(&d, &l), true));
}

#[test]
fn control_characters_from_live_values_are_escaped() {
    let (mut d, mut l) = load("rich");
    d.buckets.retain(|t| t.bucket == "acme-clean");
    let bucket = l.buckets.get_mut("acme-clean").unwrap();
    bucket.parts.insert(
        s3drift::model::Part::Tags,
        s3drift::model::LivePart::Present {
            value: serde_json::json!({"evil\u{1b}[2Jkey": "v\u{1b}[31m"}).into(),
        },
    );
    let r = Report::new(None, vec![], 1, compare(&d, &l), vec![], vec![]);
    let out = text(&r, false);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("evil\\u{1b}[2Jkey"), "{out}");
}
