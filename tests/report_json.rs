//! Snapshot tests of the JSON report (`s3drift/report` v1) over `fixtures/report/rich`.

use s3drift::diff::compare;
use s3drift::model::{DesiredSet, Snapshot};
use s3drift::report::json::render;
use s3drift::report::{bucket_info, Report};
use serde_json::Value;
use std::path::Path;

/// The secret planted in the sensitive bucket policy of the rich case.
const SECRET: &str = "s3cr3t-PLANTED-7731";

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
        vec![],
    )
    .with_buckets(bucket_info(&desired, &live))
}

fn json(report: &Report) -> String {
    let mut out = Vec::new();
    render(report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn rich_json() {
    insta::assert_snapshot!(json(&rich()));
}

#[test]
fn schema_fields_and_trailing_newline() {
    let text = json(&rich());
    assert!(text.ends_with("}\n"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["schema"], "s3drift/report");
    assert_eq!(v["version"], 2);
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for key in [
            "bucket",
            "address",
            "path",
            "kind",
            "code",
            "severity",
            "expected",
            "actual",
            "message",
            "attribution",
        ] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        assert!(f["attribution"].is_null());
    }
}

#[test]
fn planted_secret_never_written() {
    let text = json(&rich());
    assert!(!text.contains(SECRET), "secret leaked");
    let v: Value = serde_json::from_str(&text).unwrap();
    let secret_findings: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["bucket"] == "acme-secrets")
        .collect();
    assert!(!secret_findings.is_empty());
    for f in secret_findings {
        assert_eq!(f["sensitive"], true);
        assert_eq!(f["expected"], "(sensitive)");
        assert_eq!(f["actual"], "(sensitive)");
    }
}
