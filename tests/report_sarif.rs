//! `--format sarif` on the demo (with its Terraform code in `fixtures/demo/infra`) and on the
//! rich report fixture: snapshots, validation against the official SARIF 2.1.0 schema, and
//! the rules code scanning enforces (every result has a physical location in the checkout,
//! at most 25,000 results, one run per category).

use s3drift::code::{Code, Kind, Severity};
use s3drift::diff::compare;
use s3drift::diff::finding::{Finding, SourceLocation};
use s3drift::model::{DesiredSet, Snapshot};
use s3drift::report::sarif::{render, Anchors, SarifOptions, MAX_RESULTS};
use s3drift::report::{bucket_info, Report};
use serde_json::Value;
use std::path::Path;
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

const DEMO: &[&str] = &[
    "check",
    "--dir",
    "fixtures/demo/infra",
    "--state",
    "fixtures/demo/terraform.tfstate",
    "--snapshot",
    "fixtures/demo/live.json",
    "--cloudtrail",
    "fixtures/demo/cloudtrail",
];

fn demo(extra: &[&str]) -> Output {
    let mut args = DEMO.to_vec();
    args.extend_from_slice(extra);
    s3drift(&args)
}

fn validate(doc: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the official schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid SARIF 2.1.0:\n{}",
        errors.join("\n")
    );
}

/// Every result points at a file in the checkout: a relative URI to a file that exists,
/// and a line inside it.
fn assert_located(doc: &Value) {
    let results = doc["runs"][0]["results"].as_array().unwrap();
    for r in results {
        let physical = &r["locations"][0]["physicalLocation"];
        let uri = physical["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_else(|| panic!("a result without a URI: {r}"));
        assert!(
            !uri.starts_with('/') && !uri.contains("..") && !uri.contains(':'),
            "not relative to the checkout: {uri}"
        );
        let text = std::fs::read_to_string(repo().join(uri))
            .unwrap_or_else(|e| panic!("{uri} is not a file in the checkout: {e}"));
        let line = physical["region"]["startLine"].as_u64().unwrap();
        assert!(
            line >= 1 && line as usize <= text.lines().count(),
            "{uri}:{line} is past the end"
        );
        assert!(r["partialFingerprints"]["s3drift/v1"].is_string(), "{r}");
    }
}

#[test]
fn demo_sarif() {
    let out = demo(&["--format", "sarif", "--sarif-category", "prod/eu-west-1"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    validate(&doc);
    assert_located(&doc);
    let run = &doc["runs"][0];
    assert_eq!(
        doc["runs"].as_array().unwrap().len(),
        1,
        "one run per category"
    );
    assert_eq!(run["automationDetails"]["id"], "prod/eu-west-1/");
    // Most severe first.
    let levels: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["properties"]["severity"].as_str().unwrap())
        .collect();
    let rank = |s: &str| {
        ["info", "low", "medium", "high", "critical"]
            .iter()
            .position(|x| *x == s)
    };
    assert!(
        levels.windows(2).all(|w| rank(w[0]) >= rank(w[1])),
        "{levels:?}"
    );
    // The drifted attribute's own line where the code writes it literally.
    let located: Vec<(String, u64)> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let p = &r["locations"][0]["physicalLocation"];
            (
                p["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                p["region"]["startLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(located.contains(&(
        "fixtures/demo/infra/modules/storage/lifecycle.tf".into(),
        13
    )));
    assert!(located.contains(&("fixtures/demo/infra/modules/storage/main.tf".into(), 15)));
    // Findings the code does not hold (an unmanaged bucket, a denied burst) anchor at the
    // backend file.
    assert!(located.contains(&("fixtures/demo/infra/main.tf".into(), 1)));
    insta::assert_snapshot!(text);
}

#[test]
fn rules_are_the_finding_codes() {
    let out = demo(&["--format", "sarif"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &doc["runs"][0];
    assert!(run.get("automationDetails").is_none(), "no category given");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), Code::ALL.len());
    for (rule, code) in rules.iter().zip(Code::ALL) {
        assert_eq!(rule["id"], code.as_str());
        assert!(rule["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## Fix"));
        let tags = rule["properties"]["tags"].as_array().unwrap();
        assert!(tags.contains(&Value::from("security")), "{rule}");
        let band = rule["properties"]["security-severity"].as_str();
        match code.default_severity() {
            Severity::Info => assert_eq!(band, None),
            s => {
                let v: f64 = band.unwrap().parse().unwrap();
                let (lo, hi) = match s {
                    Severity::Critical => (9.0, 10.0),
                    Severity::High => (7.0, 8.9),
                    Severity::Medium => (4.0, 6.9),
                    _ => (0.1, 3.9),
                };
                assert!((lo..=hi).contains(&v), "{code}: {v}");
            }
        }
    }
    for r in run["results"].as_array().unwrap() {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
}

#[test]
fn fingerprints_follow_account_bucket_and_path() {
    let doc: Value = serde_json::from_slice(&demo(&["--format", "sarif"]).stdout).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for r in results {
        let key = (
            r["ruleId"].as_str().unwrap(),
            r["partialFingerprints"]["s3drift/v1"].as_str().unwrap(),
        );
        assert!(seen.insert(key), "two results share {key:?}");
    }
    // The same drift in another run (here: without attribution, so other messages) keeps
    // its fingerprint.
    let plain = s3drift(&[
        "check",
        "--dir",
        "fixtures/demo/infra",
        "--state",
        "fixtures/demo/terraform.tfstate",
        "--snapshot",
        "fixtures/demo/live.json",
        "--format",
        "sarif",
    ]);
    let other: Value = serde_json::from_slice(&plain.stdout).unwrap();
    let prints = |d: &Value, rule: &str| -> Vec<String> {
        d["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ruleId"] == rule)
            .map(|r| {
                r["partialFingerprints"]["s3drift/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        prints(&doc, "public-access-block-weakened"),
        prints(&other, "public-access-block-weakened")
    );
}

#[test]
fn without_a_dir_a_checked_in_state_file_anchors_every_result() {
    let out = s3drift(&[
        "check",
        "--state",
        "fixtures/demo/terraform.tfstate",
        "--snapshot",
        "fixtures/demo/live.json",
        "--format",
        "sarif",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    validate(&doc);
    assert_located(&doc);
    for r in doc["runs"][0]["results"].as_array().unwrap() {
        let p = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            p["artifactLocation"]["uri"],
            "fixtures/demo/terraform.tfstate"
        );
        assert_eq!(p["region"]["startLine"], 1);
    }
}

#[test]
fn no_file_in_the_checkout_is_an_error_asking_for_dir() {
    let outside = tempfile::tempdir().unwrap();
    let state = outside.path().join("terraform.tfstate");
    std::fs::copy(repo().join("fixtures/demo/terraform.tfstate"), &state).unwrap();
    let report = outside.path().join("drift.sarif");
    let out = s3drift(&[
        "check",
        "--state",
        state.to_str().unwrap(),
        "--snapshot",
        "fixtures/demo/live.json",
        "--format",
        "json",
        "--report",
        &format!("sarif={}", report.display()),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--dir"), "{err}");
    assert!(out.stdout.is_empty(), "no partial output");
    assert!(!report.exists(), "no SARIF file written");
}

#[test]
fn report_flags_write_more_formats_from_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("drift.sarif");
    let prom = dir.path().join("s3drift.prom");
    let json = dir.path().join("report.json");
    let out = demo(&[
        "--format",
        "text",
        "--color",
        "never",
        "--report",
        &format!("sarif={}", sarif.display()),
        "--report",
        &format!("prometheus={}", prom.display()),
        "-o",
        json.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    validate(&doc);
    assert!(std::fs::read_to_string(&prom)
        .unwrap()
        .contains("s3drift_findings{"));
    assert!(
        std::fs::read_to_string(&json).unwrap().starts_with("# "),
        "-o has the text"
    );
    // Only the reports: no temporary file is left in the folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);

    let bad = demo(&["--report", "yaml=x.yaml"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("FORMAT=PATH"));
}

fn rich() -> Report {
    let dir = repo().join("fixtures/report/rich");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let desired: DesiredSet = serde_json::from_str(&read("desired.json")).unwrap();
    let live: Snapshot = serde_json::from_str(&read("live.json")).unwrap();
    let mut report = Report::new(
        Some(live.captured_at),
        vec!["terraform.tfstate".into()],
        desired.buckets.len(),
        compare(&desired, &live),
        vec![],
        vec![s3drift::warning::Warning::new(
            s3drift::warning::WarningCode::SourceLimit,
            "",
            "a warning",
        )],
    )
    .with_buckets(bucket_info(&desired, &live));
    report.anchor = Some(SourceLocation {
        file: "fixtures/report/rich/desired.json".into(),
        line: 1,
    });
    report
}

fn sarif(report: &Report, options: &SarifOptions) -> Value {
    let mut out = Vec::new();
    render(report, options, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn rich_report_is_valid_and_never_leaks_secrets() {
    let report = rich();
    let options = SarifOptions {
        category: Some("rich".into()),
        anchors: Anchors::of(&report),
    };
    let doc = sarif(&report, &options);
    validate(&doc);
    assert_located(&doc);
    assert!(!doc.to_string().contains("s3cr3t-PLANTED-7731"));
    let notes = &doc["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes[0]["message"]["text"], "a warning");
}

#[test]
fn at_most_25000_results_the_most_severe_first() {
    let mut report = rich();
    let template = report.findings[0].clone();
    let many: Vec<Finding> = (0..MAX_RESULTS + 3)
        .map(|i| Finding {
            path: format!("tags.k{i}"),
            severity: if i % 1000 == 7 {
                Severity::Critical
            } else {
                Severity::Low
            },
            kind: Kind::Changed,
            code: Code::TagsChanged,
            ..template.clone()
        })
        .collect();
    report.findings = many;
    let doc = sarif(
        &report,
        &SarifOptions {
            category: None,
            anchors: Anchors::of(&report),
        },
    );
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), MAX_RESULTS);
    let criticals = (0..MAX_RESULTS + 3).filter(|i| i % 1000 == 7).count();
    assert_eq!(results[criticals]["properties"]["severity"], "low");
    assert!(results[..criticals]
        .iter()
        .all(|r| r["properties"]["severity"] == "critical"));
    let notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let last = notes.last().unwrap()["message"]["text"].as_str().unwrap();
    assert!(
        last.starts_with("3 findings were left out (3 low)"),
        "{last}"
    );
    validate(&doc);
}

#[test]
fn a_result_without_any_location_is_refused() {
    let mut report = rich();
    report.anchor = None;
    let mut out = Vec::new();
    let err = render(&report, &SarifOptions::default(), &mut out).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
}
