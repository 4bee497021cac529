//! The same bucket configuration written two ways, provider v3 inline blocks
//! (`fixtures/model/v3-inline`) and v5 split resources in a `for_each` module
//! (`fixtures/model/v5-split`), must give the same canonical values. Each tree is also
//! snapshotted.

use s3drift::model::build::build;
use s3drift::model::{DesiredSet, DesiredState, Origin, Part, SchemaGeneration};
use s3drift::state::parse_state;
use serde_json::json;
use std::path::PathBuf;

fn load(dir: &str) -> DesiredSet {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/model")
        .join(dir)
        .join("terraform.tfstate");
    let text = std::fs::read_to_string(&path).unwrap();
    let name = format!("fixtures/model/{dir}/terraform.tfstate");
    build(&[parse_state(&name, &text).unwrap_or_else(|e| panic!("{name}: {e:?}"))])
}

fn managed(set: &DesiredSet, part: Part) -> s3drift::model::DesiredPart {
    assert_eq!(set.buckets.len(), 1, "{set:#?}");
    match set.buckets[0].parts.get(&part) {
        Some(DesiredState::Managed(p)) => p.clone(),
        other => panic!("{part}: {other:?}"),
    }
}

#[test]
fn inline_v3_and_split_v5_normalise_to_the_same_values() {
    let v3 = load("v3-inline");
    let v5 = load("v5-split");
    assert_eq!(v3.buckets[0].generation, Some(SchemaGeneration::V3));
    assert_eq!(v5.buckets[0].generation, Some(SchemaGeneration::V4));
    for part in [
        Part::Versioning,
        Part::ServerSideEncryptionConfiguration,
        Part::LifecycleRule,
        Part::ReplicationConfiguration,
        Part::Logging,
        Part::CorsRule,
        Part::Website,
        Part::ObjectLockConfiguration,
        Part::Tags,
    ] {
        let (a, b) = (managed(&v3, part), managed(&v5, part));
        assert!(a.value.is_some(), "{part} is set");
        assert_eq!(a.value, b.value, "{part}");
        assert_eq!(
            a.origin,
            if part == Part::Tags {
                Origin::Tags
            } else {
                Origin::Inline
            },
            "{part}"
        );
        assert_eq!(
            b.origin,
            if part == Part::Tags {
                Origin::Tags
            } else {
                Origin::Split
            },
            "{part}"
        );
    }
    // The owner's grant: an id in v3's `grant`, `owner` through the split ACL's owner.
    assert_eq!(
        managed(&v3, Part::Acl).value.map(|v| v.to_value()),
        Some(json!({"grant": [
            "FULL_CONTROL id:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "READ_ACP group:LogDelivery", "WRITE group:LogDelivery"]}))
    );
    assert_eq!(
        managed(&v5, Part::Acl).value.map(|v| v.to_value()),
        Some(
            json!({"grant": ["FULL_CONTROL owner", "READ_ACP group:LogDelivery", "WRITE group:LogDelivery"]})
        )
    );
    // Both policies deny insecure transport; only the bucket name differs.
    let p3 = managed(&v3, Part::Policy)
        .value
        .unwrap()
        .to_value()
        .to_string()
        .replace("acme-data-v3", "B");
    let p5 = managed(&v5, Part::Policy)
        .value
        .unwrap()
        .to_value()
        .to_string()
        .replace("acme-data-v5", "B");
    assert_eq!(p3, p5);
    assert!(managed(&v5, Part::Policy).sensitive);
    assert!(!managed(&v3, Part::Policy).sensitive);
    assert_eq!(
        managed(&v5, Part::Versioning).address,
        r#"module.data["prod"].aws_s3_bucket_versioning.this["prod"]"#
    );
    assert!(!v3.buckets[0].parts.contains_key(&Part::OwnershipControls));
}

#[test]
fn fixture_trees() {
    insta::assert_json_snapshot!("model_fixture_v3_inline", load("v3-inline"));
    insta::assert_json_snapshot!("model_fixture_v5_split", load("v5-split"));
}

/// Comparison cases under `fixtures/diff/` that keep the state their `desired.json` came
/// from (`terraform.tfstate`) must stay what the model builds from it (`s3drift tree` run
/// in the case folder), so the case tests the normalisation from real state attributes.
#[test]
fn diff_cases_built_from_state_match_their_state() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let mut checked = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("terraform.tfstate").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let text = std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap();
        let built = build(&[parse_state("terraform.tfstate", &text).unwrap()]);
        let desired: DesiredSet =
            serde_json::from_str(&std::fs::read_to_string(dir.join("desired.json")).unwrap())
                .unwrap();
        assert_eq!(built, desired, "{}", dir.display());
        checked.push(dir.file_name().unwrap().to_string_lossy().into_owned());
    }
    for case in [
        "lifecycle-prefix--equal",
        "lifecycle-prefix--drift",
        "policy-effect--equal",
        "policy-effect--drift",
    ] {
        assert!(checked.iter().any(|c| c == case), "{case}: {checked:?}");
    }
}
