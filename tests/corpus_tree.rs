//! Every tfstate and plan file becomes a desired tree: one insta snapshot per file,
//! reviewed by hand, so an empty or wrong tree cannot pass. A format-3 state must instead
//! fail with the upgrade error. The repository's own fixtures (fixtures/shapes/) always
//! run; the shared corpus of real files runs when it is there.

mod shared_corpus;

use s3drift::diag::ErrorCode;
use s3drift::model::build::build;
use s3drift::state::{parse_plan, parse_state};
use std::path::{Path, PathBuf};

fn shapes() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes")
}

/// The files of one folder, sorted.
fn files(root: &Path, folder: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
        .unwrap_or_else(|e| panic!("folder {folder}: {e}"))
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

/// The name a file is loaded under: relative to its root, so snapshots do not depend on
/// where the repository is checked out.
fn name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// Builds and snapshots every state under `root/folder` (snapshot names start with
/// `prefix`); returns how many were format 3.
fn states_build_their_trees(root: &Path, folder: &str, prefix: &str, at_least: usize) -> usize {
    let states = files(root, folder);
    assert!(states.len() >= at_least, "states missing: {states:?}");
    let mut format3 = 0;
    for path in states {
        let text = std::fs::read_to_string(&path).unwrap();
        let version = serde_json::from_str::<serde_json::Value>(&text).unwrap()["version"].clone();
        match parse_state(&name(root, &path), &text) {
            Ok(loaded) => {
                let set = build(&[loaded]);
                assert!(
                    !set.buckets.is_empty(),
                    "{}: no bucket trees",
                    path.display()
                );
                insta::assert_json_snapshot!(format!("{prefix}__{}", stem(&path)), set);
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
    format3
}

/// Builds and snapshots every plan under `root/folder`.
fn plans_build_their_trees(root: &Path, folder: &str, prefix: &str, at_least: usize) {
    let plans = files(root, folder);
    assert!(plans.len() >= at_least, "plans missing: {plans:?}");
    for path in plans {
        let text = std::fs::read_to_string(&path).unwrap();
        let loaded = parse_plan(&name(root, &path), &text)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let set = build(&[loaded]);
        assert!(
            !set.buckets.is_empty() || !set.unresolved.is_empty(),
            "{}: nothing built",
            path.display()
        );
        insta::assert_json_snapshot!(format!("{prefix}__{}", stem(&path)), set);
    }
}

#[test]
fn every_fixture_state_builds_its_tree() {
    let format3 = states_build_their_trees(&shapes(), "state", "shapes__state", 6);
    assert_eq!(format3, 1, "exactly one format-3 state among the fixtures");
}

#[test]
fn every_fixture_plan_builds_its_tree() {
    plans_build_their_trees(&shapes(), "plan", "shapes__plan", 4);
}

#[test]
fn every_corpus_state_builds_its_tree() {
    let Some(corpus) = shared_corpus::dir() else {
        return;
    };
    let format3 = states_build_their_trees(&corpus, "tfstate", "tfstate", 13);
    assert_eq!(format3, 1, "exactly one format-3 state in the corpus");
}

#[test]
fn every_corpus_plan_builds_its_tree() {
    let Some(corpus) = shared_corpus::dir() else {
        return;
    };
    plans_build_their_trees(&corpus, "plan", "plan", 6);
}
