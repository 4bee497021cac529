//! `--format prometheus` on the demo: a snapshot, and a parse with the Prometheus Python
//! client's exposition-format parser (`.ci/install-prometheus-client` puts it in
//! `target/prom-venv`), which must read every family and sample back.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn demo_metrics() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args([
            "check",
            "--dir",
            "fixtures/demo/infra",
            "--state",
            "fixtures/demo/terraform.tfstate",
            "--snapshot",
            "fixtures/demo/live.json",
            "--cloudtrail",
            "fixtures/demo/cloudtrail",
            "--format",
            "prometheus",
        ])
        .current_dir(repo())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The run's duration varies: it is the one value the snapshot does not keep.
fn without_duration(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("s3drift_run_duration_seconds ") {
            Some(v) => {
                assert!(v.parse::<f64>().unwrap() >= 0.0);
                "s3drift_run_duration_seconds <duration>".to_string()
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn demo_prometheus() {
    insta::assert_snapshot!(without_duration(&demo_metrics()));
}

fn python() -> PathBuf {
    let python = repo().join("target/prom-venv/bin/python");
    if !python.is_file() {
        let status = Command::new("bash")
            .arg(repo().join(".ci/install-prometheus-client"))
            .current_dir(repo())
            .status();
        assert!(
            matches!(status, Ok(s) if s.success()),
            "the Prometheus parser is needed: run .ci/install-prometheus-client ({status:?})"
        );
    }
    python
}

/// Parses exposition text with `prometheus_client.parser` and returns the families as
/// JSON: `[{name, type, help, samples: [{name, labels, value}]}]`.
fn parse(text: &str) -> Value {
    const SCRIPT: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for f in text_string_to_metric_families(sys.stdin.read()):
    out.append({"name": f.name, "type": f.type, "help": f.documentation,
                "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
print(json.dumps(out))
"#;
    let mut child = Command::new(python())
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the parser rejected the output: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn family<'a>(families: &'a Value, name: &str) -> &'a Value {
    families
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no family {name}"))
}

#[test]
fn a_real_parser_reads_every_metric() {
    let text = demo_metrics();
    let families = parse(&text);
    let samples_in_text = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .count();
    let parsed: usize = families
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["samples"].as_array().unwrap().len())
        .sum();
    assert_eq!(parsed, samples_in_text, "every sample parsed");
    for f in families.as_array().unwrap() {
        assert_eq!(f["type"], "gauge", "{f}");
        assert!(!f["help"].as_str().unwrap().is_empty(), "{f}");
    }
    // The Grafana panels of the seed: encryption changes by bucket, public access
    // modifications, policy updates, lifecycle changes.
    let findings = family(&families, "s3drift_findings")["samples"]
        .as_array()
        .unwrap();
    let sum = |group: &str| -> f64 {
        findings
            .iter()
            .filter(|s| s["labels"]["group"] == group)
            .map(|s| s["value"].as_f64().unwrap())
            .sum()
    };
    assert_eq!(sum("encryption"), 1.0);
    assert_eq!(sum("public_access"), 2.0);
    assert_eq!(sum("policy"), 1.0);
    assert_eq!(sum("lifecycle"), 1.0);
    let by_bucket: Vec<&Value> = findings
        .iter()
        .filter(|s| s["labels"]["group"] == "encryption")
        .map(|s| &s["labels"]["bucket"])
        .collect();
    assert_eq!(by_bucket, vec!["acme-prod-data"]);
    for s in findings {
        for label in ["bucket", "severity", "code", "group"] {
            assert!(s["labels"][label].is_string(), "{s}");
        }
    }
    let states: Vec<(String, f64)> = family(&families, "s3drift_buckets")["samples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["labels"]["state"].as_str().unwrap().to_string(),
                s["value"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        vec![
            ("in_sync".into(), 0.0),
            ("drifted".into(), 3.0),
            ("unreadable".into(), 1.0),
            ("unmanaged".into(), 1.0)
        ]
    );
    assert_eq!(
        family(&families, "s3drift_unreadable_parts")["samples"][0]["value"],
        1.0
    );
    assert_eq!(
        family(&families, "s3drift_last_run_timestamp_seconds")["samples"][0]["value"],
        1795165200.0
    );
    family(&families, "s3drift_run_duration_seconds");
}

#[test]
fn label_values_are_escaped_for_the_parser() {
    use s3drift::code::{Code, Kind, Severity};
    use s3drift::diff::finding::Finding;
    use s3drift::report::prometheus::{render, PrometheusOptions};
    use s3drift::report::Report;
    // Bucket names cannot hold these characters, but a merged or hand-edited report can:
    // the output must still parse, with the value intact.
    let odd = "a\"b\\c\nd";
    let finding = Finding {
        bucket: odd.into(),
        account: None,
        address: String::new(),
        path: "policy".into(),
        kind: Kind::Changed,
        code: Code::PolicyChanged,
        severity: Severity::High,
        expected: None,
        actual: None,
        message: String::new(),
        notes: vec![],
        sensitive: false,
        attribution: None,
        location: None,
        suppression: None,
        expected_actor: None,
        status: None,
        plan: None,
    };
    let report = Report::new(None, vec![], 1, vec![finding], vec![], vec![]);
    let mut out = Vec::new();
    render(&report, &PrometheusOptions::default(), &mut out).unwrap();
    let families = parse(std::str::from_utf8(&out).unwrap());
    assert_eq!(
        family(&families, "s3drift_findings")["samples"][0]["labels"]["bucket"],
        odd
    );
}
