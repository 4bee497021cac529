//! Every desired tree built from the fixtures (fixtures/shapes/) and, when it is there,
//! the shared corpus compares clean against a live snapshot
//! that holds exactly its values: the comparison must not invent drift from the shapes real
//! states produce (policy strings, owner grants, mirrors, rule keys). And a live change to
//! each tree is seen.

use s3drift::code::Kind;
use s3drift::diff::compare;
use s3drift::model::build::build;
use s3drift::model::{DesiredSet, DesiredState, LiveBucket, LivePart, LiveStatus, Part, Snapshot};
use s3drift::state::{parse_plan, parse_state};
use serde_json::json;
use std::path::{Path, PathBuf};

mod shared_corpus;

/// The desired sets of every state and plan in the fixtures and (when it is there) the
/// corpus, and how many trees at least were built.
fn desired_sets() -> (Vec<(String, DesiredSet)>, usize) {
    let shapes = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes");
    let mut out = desired_sets_in(&shapes, "state", "plan");
    let mut at_least = 7;
    if let Some(corpus) = shared_corpus::dir() {
        out.extend(desired_sets_in(&corpus, "tfstate", "plan"));
        at_least += 18;
    }
    assert!(out.len() >= at_least, "files missing: {}", out.len());
    (out, at_least)
}

fn desired_sets_in(root: &Path, states: &str, plans: &str) -> Vec<(String, DesiredSet)> {
    let mut out = Vec::new();
    for (folder, plan) in [(states, false), (plans, true)] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let loaded = if plan {
                parse_plan(&name, &text)
            } else {
                parse_state(&name, &text)
            };
            // A format-3 state is rejected by design (see corpus_tree.rs).
            if let Ok(loaded) = loaded {
                out.push((name, build(&[loaded])));
            }
        }
    }
    out
}

/// A snapshot in which every managed part holds its desired value.
fn mirror(set: &DesiredSet) -> Snapshot {
    let mut snap = Snapshot::new("2026-11-20T09:00:00Z".parse().unwrap());
    for tree in &set.buckets {
        let mut parts = std::collections::BTreeMap::new();
        for (part, state) in &tree.parts {
            if let DesiredState::Managed(dp) = state {
                let live = match &dp.value {
                    Some(v) => LivePart::Present { value: v.clone() },
                    None => LivePart::Absent,
                };
                parts.insert(*part, live);
            }
        }
        snap.buckets.insert(
            tree.bucket.clone(),
            LiveBucket {
                status: LiveStatus::Present,
                account: tree.account.clone(),
                region: tree.region.clone(),
                owner_id: None,
                parts,
            },
        );
    }
    snap
}

#[test]
fn identical_live_values_are_not_drift() {
    for (name, set) in desired_sets().0 {
        let findings = compare(&set, &mirror(&set));
        let drift: Vec<_> = findings
            .iter()
            .filter(|f| f.kind.is_drift() && f.kind != Kind::Conflict)
            .collect();
        assert!(drift.is_empty(), "{name}: {drift:#?}");
    }
}

#[test]
fn a_live_change_to_every_tree_is_drift() {
    let mut checked = 0;
    let (sets, at_least) = desired_sets();
    for (name, set) in sets {
        let mut snap = mirror(&set);
        for tree in set.buckets.iter().filter(|t| !t.planned_create) {
            let Some(bucket) = snap.buckets.get_mut(&tree.bucket) else {
                continue;
            };
            // A tag nobody wrote, on every bucket.
            let mut tags = match bucket.parts.get(&Part::Tags) {
                Some(LivePart::Present { value }) => value.to_value(),
                _ => json!({}),
            };
            tags["s3drift-test"] = json!("added");
            bucket
                .parts
                .insert(Part::Tags, LivePart::Present { value: tags.into() });
            let findings = compare(&set, &snap);
            assert!(
                findings
                    .iter()
                    .any(|f| f.bucket == tree.bucket && f.path == "tags.s3drift-test"),
                "{name}: {}: the added tag was not seen",
                tree.bucket
            );
            checked += 1;
        }
    }
    assert!(checked >= at_least, "too few trees checked: {checked}");
}
