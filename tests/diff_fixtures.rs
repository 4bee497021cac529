//! Fixture cases for the semantic comparison: one folder per case under `fixtures/diff/`,
//! with `desired.json` (a serialized `DesiredSet`), `live.json` (a snapshot) and
//! `expected.json` (the findings `compare` must return).
//!
//! Cases come in pairs named `<rule>--equal` and `<rule>--drift`: the first must produce no
//! drift finding, the second at least one, so every normalisation rule is shown both to hold
//! and not to hide real changes. Set `S3DRIFT_BLESS=1` to rewrite `expected.json` after a
//! deliberate change (and review the diff).

use s3drift::code::Kind;
use s3drift::diff::compare;
use s3drift::diff::finding::Finding;
use s3drift::model::{DesiredSet, Snapshot};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("fixtures/diff exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn run(dir: &Path) -> Vec<Finding> {
    let read = |name: &str| {
        fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("{}/{name}: {e}", dir.display()))
    };
    let desired: DesiredSet = serde_json::from_str(&read("desired.json"))
        .unwrap_or_else(|e| panic!("{}/desired.json: {e}", dir.display()));
    let live: Snapshot = serde_json::from_str(&read("live.json"))
        .unwrap_or_else(|e| panic!("{}/live.json: {e}", dir.display()));
    compare(&desired, &live)
}

#[test]
fn every_case_matches_its_expected_findings() {
    let bless = std::env::var_os("S3DRIFT_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in cases() {
        let findings = run(&dir);
        let actual = serde_json::to_string_pretty(&findings).unwrap() + "\n";
        let expected_path = dir.join("expected.json");
        if bless {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!(
                "{}: findings differ from expected.json\n--- actual ---\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn equal_cases_have_no_drift_and_drift_cases_do() {
    let mut failures = Vec::new();
    for dir in cases() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let findings = run(&dir);
        let drift = findings.iter().filter(|f| f.kind.is_drift()).count();
        // Conflicts are desired-side facts, listed whatever live says: an `--equal` case of a
        // conflict rule keeps them, and must have no other drift.
        let live_drift = findings
            .iter()
            .filter(|f| f.kind.is_drift() && f.kind != Kind::Conflict)
            .count();
        if name.ends_with("--equal") && live_drift != 0 {
            failures.push(format!("{name}: expected no drift, got {live_drift}"));
        } else if name.ends_with("--drift") && drift == 0 {
            failures.push(format!("{name}: expected drift, got none"));
        } else if !name.ends_with("--equal") && !name.ends_with("--drift") {
            failures.push(format!("{name}: name must end in --equal or --drift"));
        }
        for f in &findings {
            if f.attribution.is_some() {
                failures.push(format!("{name}: compare must leave attribution empty"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_both_cases() {
    let names: BTreeSet<String> = cases()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in &names {
        let (rule, _) = name.rsplit_once("--").expect("case names have a suffix");
        for suffix in ["equal", "drift"] {
            assert!(
                names.contains(&format!("{rule}--{suffix}")),
                "{rule} lacks its --{suffix} case"
            );
        }
    }
    assert!(names.len() >= 60, "the fixture set shrank: {}", names.len());
}
