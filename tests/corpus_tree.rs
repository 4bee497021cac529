//! Every tfstate and plan file of the shared corpus becomes a desired tree: one insta
//! snapshot per file, reviewed by hand, so an empty or wrong tree cannot pass. The one
//! format-3 state must instead fail with the upgrade error.

use s3drift::diag::ErrorCode;
use s3drift::model::build::build;
use s3drift::state::{parse_plan, parse_state};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The files of one corpus folder, sorted.
fn files(folder: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(corpus().join(folder))
        .unwrap_or_else(|e| panic!("corpus folder {folder}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn stem(path: &Path) -> String {
    path.file_name()
        .unwrap()
        .to_string_lossy()
        .replace('.', "_")
}

/// The name a file is loaded under: relative to the corpus, so snapshots do not depend on
/// where the repository is checked out.
fn name(path: &Path) -> String {
    path.strip_prefix(corpus())
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_corpus_state_builds_its_tree() {
    let states = files("tfstate");
    assert!(states.len() >= 13, "corpus states missing: {states:?}");
    let mut format3 = 0;
    for path in states {
        let text = std::fs::read_to_string(&path).unwrap();
        let version = serde_json::from_str::<serde_json::Value>(&text).unwrap()["version"].clone();
        match parse_state(&name(&path), &text) {
            Ok(loaded) => {
                let set = build(&[loaded]);
                assert!(
                    !set.buckets.is_empty(),
                    "{}: no bucket trees",
                    path.display()
                );
                insta::assert_json_snapshot!(format!("tfstate__{}", stem(&path)), set);
            }
            Err(e) if version == 3 => {
                format3 += 1;
                assert_eq!(e.code, ErrorCode::StateVersion, "{}", path.display());
                let help = e.help.clone().unwrap_or_default();
                assert!(
                    format!("{} {help}", e.message).contains("0.12"),
                    "the error says how to upgrade: {} / {help}",
                    e.message
                );
            }
            Err(e) => panic!("{}: {e:?}", path.display()),
        }
    }
    assert_eq!(format3, 1, "exactly one format-3 state in the corpus");
}

#[test]
fn every_corpus_plan_builds_its_tree() {
    let plans = files("plan");
    assert!(plans.len() >= 6, "corpus plans missing: {plans:?}");
    for path in plans {
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded =
            parse_plan(&name(&path), &text).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let set = build(&[loaded]);
        assert!(
            !set.buckets.is_empty() || !set.unresolved.is_empty(),
            "{}: nothing built",
            path.display()
        );
        insta::assert_json_snapshot!(format!("plan__{}", stem(&path)), set);
    }
}
