//! `model::build`: how resources of state and plan files become one tree per bucket.

mod shared_corpus;

use s3drift::model::build::build;
use s3drift::model::{
    DesiredPart, DesiredSet, DesiredState, DesiredTree, Origin, Part, SchemaGeneration,
};
use s3drift::state::{Loaded, PlanInfo, ProviderRef, Resource, SourceKind, Step};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn res(address: &str, rtype: &str, attributes: Value) -> Resource {
    Resource {
        address: address.into(),
        rtype: rtype.into(),
        provider: ProviderRef {
            name: "aws".into(),
            alias: None,
        },
        attributes,
        sensitive: vec![],
        unknown: vec![],
        identity: None,
        tainted: false,
        schema_version: 0,
    }
}

fn state(resources: Vec<Resource>) -> Loaded {
    Loaded {
        source: "test.tfstate".into(),
        kind: SourceKind::State,
        terraform_version: Some("1.9.0".into()),
        resources,
        plan: None,
        written_at: None,
        warnings: vec![],
    }
}

/// A v4/v5 `aws_s3_bucket` as the provider writes it, with every mirror empty.
fn v4_bucket(address: &str, name: &str) -> Resource {
    res(
        address,
        "aws_s3_bucket",
        json!({"acl": null, "bucket": name, "id": name, "bucket_prefix": "", "cors_rule": [], "force_destroy": false,
            "grant": [], "lifecycle_rule": [], "logging": [], "object_lock_configuration": [], "object_lock_enabled": false,
            "policy": "", "region": "eu-west-1", "replication_configuration": [], "server_side_encryption_configuration": [],
            "tags": null, "tags_all": {}, "versioning": [], "website": []}),
    )
}

/// A provider v3 `aws_s3_bucket` with empty inline blocks.
fn v3_bucket(address: &str, name: &str) -> Resource {
    res(
        address,
        "aws_s3_bucket",
        json!({"acl": "private", "bucket": name, "id": name, "cors_rule": [], "force_destroy": false, "grant": [],
            "lifecycle_rule": [], "logging": [], "object_lock_configuration": [], "policy": null, "region": "eu-west-3",
            "replication_configuration": [], "server_side_encryption_configuration": [], "tags": {},
            "versioning": [{"enabled": false, "mfa_delete": false}], "website": []}),
    )
}

/// A state of the shared corpus, or `None` when the corpus is not there.
fn corpus(rel: &str) -> Option<Loaded> {
    let path = shared_corpus::dir()?.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    Some(s3drift::state::parse_state(rel, &text).unwrap())
}

/// A state of the repository's fixtures/shapes/state/.
fn shape(file: &str) -> Loaded {
    let rel = format!("fixtures/shapes/state/{file}");
    let text =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(&rel)).unwrap();
    s3drift::state::parse_state(&rel, &text).unwrap()
}

fn only(set: &DesiredSet, bucket: &str) -> DesiredTree {
    let trees: Vec<_> = set.buckets.iter().filter(|t| t.bucket == bucket).collect();
    assert_eq!(trees.len(), 1, "one tree for {bucket}: {set:#?}");
    trees[0].clone()
}

/// A desired part's value, parsed from the text it is kept as.
fn value(p: &DesiredPart) -> Option<Value> {
    p.value.as_ref().map(|v| v.to_value())
}

fn managed(tree: &DesiredTree, part: Part) -> DesiredPart {
    match tree.parts.get(&part) {
        Some(DesiredState::Managed(p)) => p.clone(),
        other => panic!("{part} not managed: {other:?}"),
    }
}

#[test]
fn split_versioning_wins_over_a_stale_mirror_without_conflict() {
    // Corpus pdw96__CheonSangYeon: inline versioning.enabled = false (a v4+ mirror) beside
    // aws_s3_bucket_versioning with status Enabled.
    let Some(state) = corpus("tfstate/pdw96__CheonSangYeon__global-s3.tfstate") else {
        return;
    };
    let set = build(&[state]);
    let t = only(&set, "terraform-s3-cheonsangyeon");
    assert_eq!(t.generation, Some(SchemaGeneration::V4));
    let v = managed(&t, Part::Versioning);
    assert_eq!(v.origin, Origin::Split);
    assert_eq!(v.address, "aws_s3_bucket_versioning.this");
    assert_eq!(
        value(&v),
        Some(json!({"status": "Enabled", "mfa_delete": false}))
    );
    assert!(t
        .parts
        .values()
        .all(|s| matches!(s, DesiredState::Managed(_))));
    assert!(t.config_conflicts.is_empty());
    assert_eq!(t.region.as_deref(), Some("ap-northeast-2"));
    // Empty mirrors manage nothing; the ACL mirror keeps the owner's id.
    for absent in [
        Part::LifecycleRule,
        Part::CorsRule,
        Part::Logging,
        Part::Website,
        Part::ObjectLockConfiguration,
    ] {
        assert!(!t.parts.contains_key(&absent), "{absent}");
    }
    let acl = managed(&t, Part::Acl);
    assert_eq!(acl.origin, Origin::Mirror);
    assert_eq!(
        value(&acl),
        Some(
            json!({"grant": ["FULL_CONTROL id:ffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000003"]})
        )
    );
    // tags_all {}: the code wants no tags.
    let tags = managed(&t, Part::Tags);
    assert_eq!((tags.origin, tags.value), (Origin::Tags, None));
}

#[test]
fn two_public_access_blocks_on_one_bucket_conflict() {
    // Corpus AstroKabutar__videoconduit: a root-module PAB (all false) and the module's PAB
    // (all true) on the same bucket.
    let Some(state) = corpus("tfstate/AstroKabutar__videoconduit__s3-backup.tfstate") else {
        return;
    };
    let set = build(&[state]);
    let t = only(&set, "777777777777-videoconduit-frontend");
    assert_eq!(t.account.as_deref(), Some("777777777777"));
    assert_eq!(t.region.as_deref(), Some("ap-south-1"));
    assert_eq!(t.generation, Some(SchemaGeneration::V6));
    assert_eq!(t.address, "module.s3_bucket.aws_s3_bucket.this[0]");
    let Some(DesiredState::Conflict { claims }) = t.parts.get(&Part::PublicAccessBlock) else {
        panic!(
            "expected a conflict: {:?}",
            t.parts.get(&Part::PublicAccessBlock)
        );
    };
    let addresses: Vec<&str> = claims.iter().map(|c| c.address.as_str()).collect();
    assert_eq!(
        addresses,
        [
            "aws_s3_bucket_public_access_block.public-access-settings",
            "module.s3_bucket.aws_s3_bucket_public_access_block.this[0]"
        ]
    );
    assert_eq!(
        value(&claims[0]).unwrap()["block_public_policy"],
        json!(false)
    );
    assert_eq!(
        value(&claims[1]).unwrap()["block_public_policy"],
        json!(true)
    );
}

#[test]
fn fixture_split_versioning_wins_over_a_stale_mirror_without_conflict() {
    // provider-v4-split-mirrors: inline versioning.enabled = false (a v4+ mirror) beside
    // aws_s3_bucket_versioning with status Enabled.
    let set = build(&[shape("provider-v4-split-mirrors.tfstate")]);
    let t = only(&set, "acme-v4-tfstate");
    assert_eq!(t.generation, Some(SchemaGeneration::V4));
    let v = managed(&t, Part::Versioning);
    assert_eq!(v.origin, Origin::Split);
    assert_eq!(v.address, "aws_s3_bucket_versioning.state");
    assert_eq!(
        value(&v),
        Some(json!({"status": "Enabled", "mfa_delete": false}))
    );
    assert!(t
        .parts
        .values()
        .all(|s| matches!(s, DesiredState::Managed(_))));
    assert!(t.config_conflicts.is_empty());
    assert_eq!(t.region.as_deref(), Some("eu-west-2"));
    for absent in [
        Part::LifecycleRule,
        Part::CorsRule,
        Part::Logging,
        Part::Website,
        Part::ObjectLockConfiguration,
    ] {
        assert!(!t.parts.contains_key(&absent), "{absent}");
    }
    let acl = managed(&t, Part::Acl);
    assert_eq!(acl.origin, Origin::Mirror);
    assert_eq!(
        value(&acl),
        Some(
            json!({"grant": ["FULL_CONTROL id:ffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000042"]})
        )
    );
    let tags = managed(&t, Part::Tags);
    assert_eq!((tags.origin, tags.value), (Origin::Tags, None));
}

#[test]
fn fixture_two_public_access_blocks_on_one_bucket_conflict() {
    // provider-v6-module-count: a root-module PAB (all false) and the module's PAB (all
    // true) on the same bucket.
    let set = build(&[shape("provider-v6-module-count.tfstate")]);
    let t = only(&set, "123456789012-acme-v6-frontend");
    assert_eq!(t.account.as_deref(), Some("123456789012"));
    assert_eq!(t.region.as_deref(), Some("ap-south-1"));
    assert_eq!(t.generation, Some(SchemaGeneration::V6));
    assert_eq!(t.address, "module.s3_bucket.aws_s3_bucket.this[0]");
    let Some(DesiredState::Conflict { claims }) = t.parts.get(&Part::PublicAccessBlock) else {
        panic!(
            "expected a conflict: {:?}",
            t.parts.get(&Part::PublicAccessBlock)
        );
    };
    let addresses: Vec<&str> = claims.iter().map(|c| c.address.as_str()).collect();
    assert_eq!(
        addresses,
        [
            "aws_s3_bucket_public_access_block.site",
            "module.s3_bucket.aws_s3_bucket_public_access_block.this[0]"
        ]
    );
    assert_eq!(
        value(&claims[0]).unwrap()["block_public_policy"],
        json!(false)
    );
    assert_eq!(
        value(&claims[1]).unwrap()["block_public_policy"],
        json!(true)
    );
}

#[test]
fn module_and_for_each_addresses_are_carried() {
    let addr = r#"module.storage["eu"].aws_s3_bucket_versioning.this["logs"]"#;
    let set = build(&[state(vec![
        v4_bucket(
            r#"module.storage["eu"].aws_s3_bucket.this["logs"]"#,
            "acme-logs",
        ),
        res(
            addr,
            "aws_s3_bucket_versioning",
            json!({"bucket": "acme-logs", "versioning_configuration": [{"status": "Suspended", "mfa_delete": "Disabled"}]}),
        ),
    ])]);
    let t = only(&set, "acme-logs");
    assert_eq!(managed(&t, Part::Versioning).address, addr);
    assert_eq!(
        t.address,
        r#"module.storage["eu"].aws_s3_bucket.this["logs"]"#
    );
    assert_eq!(t.resources.len(), 2);
}

#[test]
fn sensitive_paths_mark_the_parts_they_feed() {
    let mut bucket = v4_bucket("aws_s3_bucket.b", "b");
    bucket.attributes["tags_all"] = json!({"owner": "x"});
    bucket.sensitive = vec![vec![
        Step::Attr("tags_all".into()),
        Step::Attr("owner".into()),
    ]];
    let mut policy = res(
        "aws_s3_bucket_policy.p",
        "aws_s3_bucket_policy",
        json!({"bucket": "b", "policy": "{\"Statement\":[]}"}),
    );
    policy.sensitive = vec![vec![Step::Attr("policy".into())]];
    let mut pab = res(
        "aws_s3_bucket_public_access_block.p",
        "aws_s3_bucket_public_access_block",
        json!({"bucket": "b", "block_public_acls": true}),
    );
    pab.sensitive = vec![vec![Step::Attr("bucket".into())]];
    let t = only(&build(&[state(vec![bucket, policy, pab])]), "b");
    assert!(managed(&t, Part::Tags).sensitive);
    assert!(managed(&t, Part::Policy).sensitive);
    assert!(
        !managed(&t, Part::PublicAccessBlock).sensitive,
        "a sensitive bucket name does not feed the part"
    );
}

fn plan(
    state_side: Vec<Resource>,
    planned: Vec<Resource>,
    info: impl FnOnce(&mut PlanInfo),
) -> Loaded {
    let mut p = PlanInfo {
        planned: planned
            .into_iter()
            .map(|r| (r.address.clone(), r))
            .collect(),
        ..PlanInfo::default()
    };
    info(&mut p);
    Loaded {
        source: "plan.json".into(),
        kind: SourceKind::Plan,
        terraform_version: Some("1.3.7".into()),
        resources: state_side,
        plan: Some(p),
        written_at: None,
        warnings: vec![],
    }
}

#[test]
fn planned_split_with_unknown_bucket_resolves_through_the_reference() {
    // Corpus snyk tfplan-count-02: aws_s3_bucket_logging.s3_bucket_log[0] references
    // aws_s3_bucket.validbucket2[0]; its bucket and target_bucket are unknown until apply.
    let unknown = |names: &[&str]| {
        names
            .iter()
            .map(|n| vec![Step::Attr(n.to_string())])
            .collect::<Vec<_>>()
    };
    let mut b1 = res(
        "aws_s3_bucket.validbucket2[0]",
        "aws_s3_bucket",
        json!({"bucket": "validbucket2-x", "force_destroy": true, "tags": null}),
    );
    b1.unknown = unknown(&[
        "acl",
        "id",
        "tags_all",
        "versioning",
        "object_lock_enabled",
        "logging",
    ]);
    let mut b0 = res(
        "aws_s3_bucket.validbucket2[1]",
        "aws_s3_bucket",
        json!({"bucket": "validbucket2-y", "force_destroy": true, "tags": null}),
    );
    b0.unknown = b1.unknown.clone();
    let mut log = res(
        "aws_s3_bucket_logging.s3_bucket_log[0]",
        "aws_s3_bucket_logging",
        json!({"expected_bucket_owner": null, "target_grant": [], "target_prefix": "log/"}),
    );
    log.unknown = unknown(&["bucket", "id", "target_bucket"]);
    let l = plan(vec![], vec![b1, b0, log], |p| {
        for a in [
            "aws_s3_bucket.validbucket2[0]",
            "aws_s3_bucket.validbucket2[1]",
            "aws_s3_bucket_logging.s3_bucket_log[0]",
        ] {
            p.creates.insert(a.into());
        }
        p.bucket_refs.insert(
            "aws_s3_bucket_logging.s3_bucket_log".into(),
            "aws_s3_bucket.validbucket2".into(),
        );
        p.inline_blocks
            .insert("aws_s3_bucket.validbucket2".into(), BTreeSet::new());
    });
    let set = build(&[l]);
    assert!(set.unresolved.is_empty(), "{:?}", set.unresolved);
    let t = only(&set, "validbucket2-x");
    assert!(t.planned_create);
    let logging = managed(&t, Part::Logging);
    assert_eq!(value(&logging), Some(json!({"target_prefix": "log/"})));
    assert_eq!(logging.pending, ["target_bucket"]);
    assert!(logging.planned_create);
    // Computed inline blocks not set in the configuration are not claims; tags_all is pending.
    assert!(!t.parts.contains_key(&Part::Versioning));
    assert_eq!(managed(&t, Part::Tags).pending, ["*"]);
    assert!(!only(&set, "validbucket2-y")
        .parts
        .contains_key(&Part::Logging));
}

#[test]
fn a_bucket_name_unknown_until_apply_is_unresolved() {
    let mut b = res(
        "aws_s3_bucket.create_bucket",
        "aws_s3_bucket",
        json!({"acl": "private", "bucket_prefix": "create", "force_destroy": false}),
    );
    b.unknown = vec![
        vec![Step::Attr("bucket".into())],
        vec![Step::Attr("id".into())],
    ];
    let set = build(&[plan(vec![], vec![b], |p| {
        p.creates.insert("aws_s3_bucket.create_bucket".into());
    })]);
    assert!(set.buckets.is_empty());
    assert_eq!(set.unresolved.len(), 1);
    assert!(
        set.unresolved[0].reason.contains("name chosen at apply"),
        "{:?}",
        set.unresolved
    );
}

#[test]
fn configuration_setting_inline_and_split_is_a_config_conflict() {
    let mut bucket = v4_bucket("aws_s3_bucket.b", "b");
    bucket.attributes["versioning"] = json!([{"enabled": true, "mfa_delete": false}]);
    let split = res(
        "aws_s3_bucket_versioning.v",
        "aws_s3_bucket_versioning",
        json!({"bucket": "b", "versioning_configuration": [{"status": "Suspended", "mfa_delete": ""}]}),
    );
    let l = plan(vec![bucket, split], vec![], |p| {
        p.inline_blocks.insert(
            "aws_s3_bucket.b".into(),
            ["versioning".to_string(), "object_lock_enabled".to_string()].into(),
        );
    });
    let t = only(&build(&[l]), "b");
    assert_eq!(t.config_conflicts.len(), 1);
    assert_eq!(t.config_conflicts[0].part, Part::Versioning);
    assert_eq!(
        t.config_conflicts[0].split_address,
        "aws_s3_bucket_versioning.v"
    );
    // The split value still wins.
    assert_eq!(
        value(&managed(&t, Part::Versioning)).unwrap()["status"],
        "Suspended"
    );
}

#[test]
fn v3_empty_inline_blocks_mean_absent_v4_empty_mirrors_mean_unmanaged() {
    let set = build(&[state(vec![
        v3_bucket("aws_s3_bucket.old", "old"),
        v4_bucket("aws_s3_bucket.new", "new"),
    ])]);
    let old = only(&set, "old");
    assert_eq!(old.generation, Some(SchemaGeneration::V3));
    for p in [
        Part::ServerSideEncryptionConfiguration,
        Part::LifecycleRule,
        Part::CorsRule,
        Part::Logging,
        Part::Website,
        Part::ReplicationConfiguration,
        Part::ObjectLockConfiguration,
    ] {
        let d = managed(&old, p);
        assert_eq!((d.value, d.origin), (None, Origin::Inline), "{p}");
    }
    assert!(
        !old.parts.contains_key(&Part::Policy),
        "v3 reads policy back only when the config sets it"
    );
    assert_eq!(
        value(&managed(&old, Part::Versioning)),
        Some(json!({"status": "Disabled", "mfa_delete": false}))
    );
    assert_eq!(
        value(&managed(&old, Part::Acl)),
        Some(json!({"grant": ["FULL_CONTROL owner"]}))
    );
    let new = only(&set, "new");
    assert_eq!(new.generation, Some(SchemaGeneration::V4));
    assert_eq!(new.parts.keys().copied().collect::<Vec<_>>(), [Part::Tags]);
}

#[test]
fn expected_bucket_owner_separates_same_named_buckets() {
    let mut a = res(
        "aws_s3_bucket_versioning.a",
        "aws_s3_bucket_versioning",
        json!({"bucket": "shared", "expected_bucket_owner": "111111111111", "versioning_configuration": [{"status": "Enabled"}]}),
    );
    let b = res(
        "aws_s3_bucket_versioning.b",
        "aws_s3_bucket_versioning",
        json!({"bucket": "shared", "expected_bucket_owner": "222222222222", "versioning_configuration": [{"status": "Enabled"}]}),
    );
    let c = res(
        "aws_s3_bucket_policy.c",
        "aws_s3_bucket_policy",
        json!({"bucket": "shared", "policy": ""}),
    );
    let set = build(&[state(vec![a.clone(), b, c.clone()])]);
    let accounts: Vec<_> = set
        .buckets
        .iter()
        .map(|t| t.account.clone().unwrap())
        .collect();
    assert_eq!(accounts, ["111111111111", "222222222222"]);
    assert_eq!(set.unresolved.len(), 1);
    assert_eq!(set.unresolved[0].address, "aws_s3_bucket_policy.c");
    // With one stated owner, a resource without one joins that bucket.
    a.address = "aws_s3_bucket_versioning.a2".into();
    let set = build(&[state(vec![a, c])]);
    let t = only(&set, "shared");
    assert_eq!(t.account.as_deref(), Some("111111111111"));
    assert_eq!(
        t.resources,
        ["aws_s3_bucket_policy.c", "aws_s3_bucket_versioning.a2"]
    );
    assert!(!t.bucket_managed);
    // An empty policy on the split resource means "no policy".
    assert_eq!(managed(&t, Part::Policy).value, None);
}

#[test]
fn unmonitored_types_are_listed_or_unresolved() {
    let set = build(&[state(vec![
        v4_bucket("aws_s3_bucket.b", "b"),
        res(
            "aws_s3_object.o",
            "aws_s3_object",
            json!({"bucket": "b", "key": "k"}),
        ),
        res(
            "aws_s3_bucket_object.legacy",
            "aws_s3_bucket_object",
            json!({"bucket": "b", "key": "old"}),
        ),
        res(
            "aws_s3_object.elsewhere",
            "aws_s3_object",
            json!({"bucket": "not-here", "key": "k"}),
        ),
        res(
            "aws_s3_account_public_access_block.a",
            "aws_s3_account_public_access_block",
            json!({"block_public_acls": true}),
        ),
    ])]);
    let t = only(&set, "b");
    assert_eq!(
        t.unmonitored,
        ["aws_s3_bucket_object.legacy", "aws_s3_object.o"]
    );
    assert_eq!(t.resources, ["aws_s3_bucket.b"]);
    let unresolved: Vec<_> = set.unresolved.iter().map(|u| u.address.as_str()).collect();
    assert_eq!(
        unresolved,
        [
            "aws_s3_account_public_access_block.a",
            "aws_s3_object.elsewhere"
        ]
    );
}

#[test]
fn the_same_instance_in_two_files_is_not_a_conflict_and_output_is_sorted() {
    let mut one = state(vec![
        v4_bucket("aws_s3_bucket.z", "zeta"),
        v4_bucket("aws_s3_bucket.a", "alpha"),
    ]);
    one.source = "one.tfstate".into();
    let mut two = state(vec![v4_bucket("aws_s3_bucket.a", "alpha")]);
    two.source = "two.tfstate".into();
    let files = [one, two];
    let set = build(&files);
    let warnings: Vec<String> = set.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["aws_s3_bucket.a: the same instance is in several loaded files (one.tfstate, two.tfstate)"]
    );
    let names: Vec<_> = set.buckets.iter().map(|t| t.bucket.as_str()).collect();
    assert_eq!(names, ["alpha", "zeta"]);
    assert!(only(&set, "alpha")
        .parts
        .values()
        .all(|s| matches!(s, DesiredState::Managed(_))));
    assert_eq!(
        serde_json::to_string(&set).unwrap(),
        serde_json::to_string(&build(&files)).unwrap()
    );
}

#[test]
fn two_bucket_resources_for_one_name_conflict_on_every_part_they_set() {
    // Corpus terraform-compliance multi-module-referencing: two modules create the same name.
    let set = build(&[state(vec![
        v3_bucket("module.a.aws_s3_bucket.x", "dup"),
        v3_bucket("module.b.aws_s3_bucket.x", "dup"),
    ])]);
    let t = only(&set, "dup");
    assert!(
        matches!(t.parts.get(&Part::Acl), Some(DesiredState::Conflict { claims }) if claims.len() == 2)
    );
    assert!(
        set.warnings
            .iter()
            .any(|w| w.message.contains("several aws_s3_bucket")),
        "{:?}",
        set.warnings
    );
}

#[test]
fn plan_references_stay_inside_their_module_instance() {
    let unknown_bucket = vec![
        vec![Step::Attr("bucket".into())],
        vec![Step::Attr("id".into())],
    ];
    let mut planned = Vec::new();
    for key in ["a", "b"] {
        planned.push(res(
            &format!(r#"module.m["{key}"].aws_s3_bucket.b"#),
            "aws_s3_bucket",
            json!({"bucket": format!("acme-{key}"), "force_destroy": false}),
        ));
        let mut p = res(
            &format!(r#"module.m["{key}"].aws_s3_bucket_public_access_block.p"#),
            "aws_s3_bucket_public_access_block",
            json!({"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": key == "a"}),
        );
        p.unknown = unknown_bucket.clone();
        planned.push(p);
    }
    let l = plan(vec![], planned, |p| {
        p.bucket_refs.insert(
            "module.m.aws_s3_bucket_public_access_block.p".into(),
            "module.m.aws_s3_bucket.b".into(),
        );
    });
    let set = build(&[l]);
    assert!(set.unresolved.is_empty(), "{:?}", set.unresolved);
    for (bucket, restrict) in [("acme-a", true), ("acme-b", false)] {
        let pab = managed(&only(&set, bucket), Part::PublicAccessBlock);
        assert_eq!(
            value(&pab).unwrap()["restrict_public_buckets"],
            json!(restrict),
            "{bucket}"
        );
    }
}

/// A plan that updates a resource says which of its values stay unknown until apply
/// (`after_unknown`). The state side keeps the last-applied values, but those are pending:
/// comparing them with live would report a change the plan is about to make.
#[test]
fn updates_carry_after_unknown_onto_the_state_side_as_pending() {
    let policy = |who: &str| {
        json!({"bucket": "acme-data", "id": "acme-data",
               "policy": format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":{{\"AWS\":\"{who}\"}},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::acme-data/*\"}}]}}")})
    };
    let state_side = res(
        "aws_s3_bucket_policy.p",
        "aws_s3_bucket_policy",
        policy("111122223333"),
    );
    let mut planned = res(
        "aws_s3_bucket_policy.p",
        "aws_s3_bucket_policy",
        json!({"bucket": "acme-data", "id": "acme-data"}),
    );
    planned.unknown = vec![vec![Step::Attr("policy".into())]];
    let mut bucket = v4_bucket("aws_s3_bucket.b", "acme-data");
    bucket.attributes["tags_all"] = json!({"team": "data"});
    // A replacement whose new name is unknown: the state side still names the live bucket.
    let mut planned_bucket = bucket.clone();
    planned_bucket.attributes["bucket"] = Value::Null;
    planned_bucket.unknown = vec![
        vec![Step::Attr("bucket".into())],
        vec![Step::Attr("tags_all".into())],
    ];

    let updated = |addresses: &[&str]| {
        let set = build(&[plan(
            vec![bucket.clone(), state_side.clone()],
            vec![planned_bucket.clone(), planned.clone()],
            |p| {
                for a in addresses {
                    p.updates.insert(a.to_string());
                }
            },
        )]);
        assert!(set.unresolved.is_empty(), "{:?}", set.unresolved);
        only(&set, "acme-data")
    };

    let t = updated(&["aws_s3_bucket_policy.p", "aws_s3_bucket.b"]);
    let p = managed(&t, Part::Policy);
    assert_eq!(p.pending, ["policy"]);
    // The last-applied value stays, for the report; it is just not compared.
    assert_eq!(
        value(&p).unwrap()["Statement"][0]["Principal"]["AWS"],
        "111122223333"
    );
    let tags = managed(&t, Part::Tags);
    assert_eq!(tags.pending, ["*"]);
    assert_eq!(value(&tags), Some(json!({"team": "data"})));

    // Without an update (no-op, or only planned values), the marks of planned values do
    // not touch the state side.
    let t = updated(&[]);
    assert!(managed(&t, Part::Policy).pending.is_empty());
    assert!(managed(&t, Part::Tags).pending.is_empty());
}

/// The same through a real plan file and the comparison: the policy, versioning status and
/// tags the plan leaves unknown are not findings, and a drift on a part the plan does not
/// touch still is.
#[test]
fn unknown_values_of_an_update_are_never_compared() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/model/plan-update-unknown");
    let text = std::fs::read_to_string(dir.join("plan.json")).unwrap();
    let loaded = s3drift::state::parse_plan("plan.json", &text).unwrap();
    let set = build(&[loaded]);
    let t = only(&set, "acme-data");
    assert_eq!(managed(&t, Part::Policy).pending, ["policy"]);
    assert_eq!(
        managed(&t, Part::Versioning).pending,
        ["versioning_configuration.status"]
    );
    assert_eq!(managed(&t, Part::Tags).pending, ["*"]);
    assert!(managed(&t, Part::PublicAccessBlock).pending.is_empty());

    let live: s3drift::model::Snapshot =
        serde_json::from_str(&std::fs::read_to_string(dir.join("live.json")).unwrap()).unwrap();
    let findings = s3drift::diff::compare(&set, &live);
    let paths: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.path.as_str(), f.address.as_str()))
        .collect();
    assert_eq!(
        paths,
        [(
            "public_access_block",
            "aws_s3_bucket_public_access_block.data"
        )],
        "{findings:#?}"
    );
}
