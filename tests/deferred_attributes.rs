//! A run's loader defers each state's attributes (kept as text, parsed back one bucket at
//! a time while the trees are built). The trees must be exactly those built from the
//! attributes read whole: checked here on every state of the repository's fixtures, every
//! state of the shared corpus when it is there, and several states loaded together.

mod shared_corpus;

use s3drift::model::build::{build, build_deferred};
use s3drift::state::{parse_plan, parse_state, parse_state_deferred, Deferred, Loaded};
use std::path::{Path, PathBuf};

/// Every `.tfstate` and `.json` file under `dir`, sorted (plans and other JSON are left
/// out by [`both`]).
fn states(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "tfstate" || e == "json") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// The file read whole and deferred, or `None` when it is not a state this build reads.
fn both(path: &Path) -> Option<(Loaded, (Loaded, Deferred))> {
    let text = std::fs::read_to_string(path).ok()?;
    let name = path.display().to_string();
    let whole = parse_state(&name, &text).ok()?;
    let deferred = parse_state_deferred(&name, &text).expect("read whole, read deferred too");
    Some((whole, deferred))
}

/// Builds the trees of `paths` both ways and compares them; returns how many files had
/// deferred attributes.
fn same_trees(paths: &[PathBuf]) -> usize {
    let mut whole = Vec::new();
    let mut heads = Vec::new();
    let mut texts = Vec::new();
    let mut deferring = 0;
    for path in paths {
        let Some((w, (h, d))) = both(path) else {
            continue;
        };
        // A deferring reader leaves only the head on a resource whose attributes it kept.
        if h.resources != w.resources {
            deferring += 1;
        }
        whole.push(w);
        heads.push(h);
        texts.push(d);
    }
    assert_eq!(
        build_deferred(&heads, texts, 2),
        build(&whole),
        "{paths:?} builds other trees when its attributes are deferred"
    );
    deferring
}

#[test]
fn every_fixture_state_builds_the_same_trees_deferred() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let paths = states(&fixtures);
    let mut deferring = 0;
    for path in &paths {
        deferring += same_trees(std::slice::from_ref(path));
    }
    // The check must have had something to compare: most fixtures are read quickly.
    assert!(
        deferring > 10,
        "only {deferring} fixture states were deferred"
    );
}

#[test]
fn states_loaded_together_build_the_same_trees_deferred() {
    // Several files at once: resources of one bucket spread over files, and a bucket in
    // two states (the multi-state fixtures), index by file and by resource.
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let paths = states(&fixtures);
    assert!(same_trees(&paths) > 10);
}

#[test]
fn every_corpus_state_builds_the_same_trees_deferred() {
    let Some(dir) = shared_corpus::dir() else {
        return;
    };
    let mut deferring = 0;
    for path in states(&dir) {
        deferring += same_trees(std::slice::from_ref(&path));
    }
    assert!(
        deferring > 5,
        "only {deferring} corpus states were deferred"
    );
}

#[test]
fn the_head_holds_only_the_keys_that_place_a_resource() {
    let text = r#"{"version": 4, "terraform_version": "1.9.0", "resources": [
        {"mode": "managed", "type": "aws_s3_bucket_versioning", "name": "v",
         "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
         "instances": [{"schema_version": 0, "attributes": {"bucket": "b", "id": "b",
           "expected_bucket_owner": "111122223333",
           "versioning_configuration": [{"status": "Enabled", "mfa_delete": ""}]},
           "sensitive_attributes": []}]}]}"#;
    let (heads, mut deferred) = parse_state_deferred("s.tfstate", text).unwrap();
    let res = &heads.resources[0];
    assert_eq!(
        res.attributes,
        serde_json::json!({"bucket": "b", "id": "b", "expected_bucket_owner": "111122223333"})
    );
    let whole = deferred.take(0, res).unwrap();
    assert_eq!(
        whole.attributes["versioning_configuration"][0]["status"],
        "Enabled"
    );
    assert_eq!(whole, parse_state("s.tfstate", text).unwrap().resources[0]);
}

#[test]
fn a_bucket_named_only_by_its_id_is_placed_deferred() {
    // `aws_s3_bucket` without `bucket` (hand-trimmed or an old provider) is named by `id`,
    // so the head must keep `id` too.
    let text = r#"{"version": 4, "terraform_version": "1.9.0", "resources": [
        {"mode": "managed", "type": "aws_s3_bucket", "name": "b",
         "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
         "instances": [{"schema_version": 0, "attributes": {"id": "only-id", "acl": "private"},
           "sensitive_attributes": []}]}]}"#;
    let (heads, deferred) = parse_state_deferred("s.tfstate", text).unwrap();
    let whole = parse_state("s.tfstate", text).unwrap();
    let set = build_deferred(&[heads], vec![deferred], 1);
    assert_eq!(set, build(&[whole]));
    assert_eq!(set.buckets.len(), 1);
    assert_eq!(set.buckets[0].bucket, "only-id");
}

#[test]
fn a_state_and_a_plan_together_build_the_same_trees_deferred() {
    // A plan is never deferred: its place in the list holds an empty `Deferred`, and its
    // planned-only instances have no index in the state side.
    let shapes = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes");
    let plan_path = shapes.join("plan/format-1.1-module-count.json");
    let plan_text = std::fs::read_to_string(&plan_path).unwrap();
    let plan = || parse_plan("plan.json", &plan_text).unwrap();
    let mut mixed = 0;
    for state in states(&shapes.join("state")) {
        let Some((whole, (head, deferred))) = both(&state) else {
            continue;
        };
        let set = build_deferred(&[head, plan()], vec![deferred, Deferred::default()], 1);
        assert_eq!(set, build(&[whole, plan()]), "{}", state.display());
        mixed += 1;
    }
    assert!(mixed >= 5, "only {mixed} states were mixed with the plan");
}

#[test]
fn many_buckets_build_the_same_trees_on_several_threads() {
    // Enough buckets for several threads, every fifth one named by two `aws_s3_bucket`
    // resources: its warning must come out in the order one thread gives.
    let entry = |rtype: &str, name: &str, attributes: String| {
        format!(
            r#"{{"mode": "managed", "type": "{rtype}", "name": "{name}",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{{"schema_version": 0, "attributes": {attributes},
            "sensitive_attributes": []}}]}}"#
        )
    };
    let mut entries = Vec::new();
    for i in 0..900 {
        let bucket = format!(r#"{{"bucket": "bucket-{i:04}", "id": "bucket-{i:04}"}}"#);
        entries.push(entry("aws_s3_bucket", &format!("b{i}"), bucket.clone()));
        if i % 5 == 0 {
            entries.push(entry("aws_s3_bucket", &format!("again{i}"), bucket));
        }
        let versioning = format!(
            r#"{{"bucket": "bucket-{i:04}", "id": "bucket-{i:04}", "expected_bucket_owner": "",
            "versioning_configuration": [{{"mfa_delete": "", "status": "Enabled"}}]}}"#
        );
        entries.push(entry(
            "aws_s3_bucket_versioning",
            &format!("v{i}"),
            versioning,
        ));
    }
    let text = format!(
        r#"{{"version": 4, "terraform_version": "1.9.0", "resources": [{}]}}"#,
        entries.join(", ")
    );
    let one = build(&[parse_state("s.tfstate", &text).unwrap()]);
    assert_eq!(one.buckets.len(), 900);
    assert_eq!(one.warnings.len(), 180, "{:?}", one.warnings.first());
    for workers in [1, 2, 3, 8] {
        let (heads, deferred) = parse_state_deferred("s.tfstate", &text).unwrap();
        let set = build_deferred(&[heads], vec![deferred], workers);
        assert_eq!(set, one, "{workers} workers");
    }
}
