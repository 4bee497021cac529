//! Plan JSON: the state side with drift put back, pending actions, planned values with
//! sensitive and unknown marks, and what `configuration` tells about buckets.

use s3drift::diag::ErrorCode;
use s3drift::state::{parse_plan, parse_state, ProviderRef, Step};
use serde_json::json;
use std::path::{Path, PathBuf};

mod shared_corpus;

/// A plan of the shared corpus, or `None` when the corpus is not there.
fn corpus_plan(file: &str) -> Option<s3drift::state::Loaded> {
    let path: PathBuf = shared_corpus::folder("plan")?.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    Some(parse_plan(file, &text).unwrap_or_else(|e| panic!("{file}: {e:?}")))
}

/// A plan of the repository's fixtures/shapes/plan/.
fn shape_plan(file: &str) -> s3drift::state::Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/shapes/plan")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    parse_plan(file, &text).unwrap_or_else(|e| panic!("{file}: {e:?}"))
}

fn set(items: &[&str]) -> std::collections::BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_corpus_plan_reads() {
    let Some(dir) = shared_corpus::folder("plan") else {
        return;
    };
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let loaded = corpus_plan(&name).unwrap();
        let plan = loaded.plan.as_ref().unwrap();
        assert!(!plan.planned.is_empty(), "{name}");
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
        n += 1;
    }
    assert_eq!(n, 6);
}

#[test]
fn drift_is_put_back_and_actions_are_sorted_out() {
    let Some(loaded) = corpus_plan("snyk__policy-engine__tfplan-resource-changes.json") else {
        return;
    };
    let plan = loaded.plan.as_ref().unwrap();
    assert_eq!(plan.creates, set(&["aws_s3_bucket.create_bucket"]));
    assert_eq!(plan.deletes, set(&["aws_s3_bucket.delete_bucket"]));
    assert_eq!(plan.updates, set(&["aws_s3_bucket.update_bucket"]));
    let addresses: Vec<&str> = loaded
        .resources
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    assert_eq!(
        addresses,
        vec![
            "aws_s3_bucket.delete_bucket",
            "aws_s3_bucket.noop_bucket",
            "aws_s3_bucket.update_bucket"
        ]
    );
    // The drift's `before` replaces the refreshed value.
    let text = std::fs::read_to_string(
        shared_corpus::folder("plan")
            .unwrap()
            .join("snyk__policy-engine__tfplan-resource-changes.json"),
    )
    .unwrap();
    let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
    let before = &raw["resource_drift"][0]["change"]["before"];
    let noop = loaded
        .resources
        .iter()
        .find(|r| r.address == "aws_s3_bucket.noop_bucket")
        .unwrap();
    assert_eq!(&noop.attributes, before);
    assert_ne!(
        before, &raw["resource_drift"][0]["change"]["after"],
        "fixture must have real drift"
    );
}

#[test]
fn fresh_plan_has_empty_state_side_and_creates() {
    let Some(loaded) = corpus_plan("snyk__policy-engine__tfplan-count-02.json") else {
        return;
    };
    assert!(loaded.resources.is_empty());
    let plan = loaded.plan.as_ref().unwrap();
    assert_eq!(
        plan.creates,
        set(&[
            "aws_s3_bucket.logbucket1",
            "aws_s3_bucket.validbucket1[0]",
            "aws_s3_bucket.validbucket2[0]",
            "aws_s3_bucket_acl.acl1",
            "aws_s3_bucket_logging.s3_bucket_log[0]",
            "aws_s3_bucket_ownership_controls.logbucket1-acl-controls",
        ])
    );
    assert_eq!(
        plan.bucket_refs
            .get("aws_s3_bucket_logging.s3_bucket_log")
            .map(String::as_str),
        Some("aws_s3_bucket.validbucket2")
    );
    assert_eq!(
        plan.bucket_refs
            .get("aws_s3_bucket_acl.acl1")
            .map(String::as_str),
        Some("aws_s3_bucket.logbucket1")
    );
    assert_eq!(
        plan.inline_blocks.get("aws_s3_bucket.validbucket1"),
        Some(&set(&["logging"]))
    );
    assert_eq!(
        plan.inline_blocks.get("aws_s3_bucket.logbucket1"),
        Some(&set(&[]))
    );
    // `id` and `arn` are unknown until apply.
    let bucket = &plan.planned["aws_s3_bucket.logbucket1"];
    assert!(bucket.unknown.contains(&vec![Step::Attr("arn".into())]));
    assert!(!bucket.unknown.contains(&vec![Step::Attr("bucket".into())]));
}

#[test]
fn bucket_refs_across_modules() {
    let Some(loaded) = corpus_plan("terraform-compliance__cli__multi-module-referencing.json")
    else {
        return;
    };
    let plan = loaded.plan.as_ref().unwrap();
    assert_eq!(plan.bucket_refs.len(), 7);
    assert_eq!(
        plan.bucket_refs
            .get("module.root_layer.module.second_layer.module.third_layer.aws_s3_bucket_public_access_block.test")
            .map(String::as_str),
        Some("module.root_layer.module.second_layer.module.third_layer.aws_s3_bucket.test")
    );
    assert_eq!(
        plan.bucket_refs
            .get("aws_s3_bucket_public_access_block.no_module_boundary")
            .map(String::as_str),
        Some("aws_s3_bucket.no_module_boundary")
    );
    assert_eq!(plan.planned.len(), 14);
    assert_eq!(plan.creates.len(), 14);
}

#[test]
fn provider_alias_from_configuration() {
    let Some(loaded) = corpus_plan("snyk__policy-engine__tfplan-provider-version.json") else {
        return;
    };
    let plan = loaded.plan.as_ref().unwrap();
    assert_eq!(
        plan.planned["aws_s3_bucket.bucket2"].provider,
        ProviderRef {
            name: "aws".into(),
            alias: Some("west".into())
        }
    );
    assert_eq!(
        plan.planned["aws_s3_bucket.bucket1"].provider,
        ProviderRef {
            name: "aws".into(),
            alias: None
        }
    );
    // Non-S3 resources (aws_kms_key) are out of scope.
    assert!(plan.planned.keys().all(|k| k.contains("aws_s3_")));
    assert!(!plan.creates.contains("aws_kms_key.key"));
}

#[test]
fn inline_blocks_of_old_plans() {
    let Some(loaded) = corpus_plan("terraform-compliance__cli__s3_encryption_success.json") else {
        return;
    };
    let plan = loaded.plan.as_ref().unwrap();
    assert_eq!(
        plan.inline_blocks.get("aws_s3_bucket.fail"),
        Some(&set(&["acl", "server_side_encryption_configuration"]))
    );
}

#[test]
fn every_fixture_plan_reads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes/plan");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let loaded = shape_plan(&name);
        let plan = loaded.plan.as_ref().unwrap();
        assert!(!plan.planned.is_empty(), "{name}");
        assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
        n += 1;
    }
    assert!(n >= 4);
}

#[test]
fn fixture_drift_is_put_back_and_actions_are_sorted_out() {
    let loaded = shape_plan("sensitive-drift.json");
    let plan = loaded.plan.as_ref().unwrap();
    assert!(plan.creates.is_empty() && plan.deletes.is_empty());
    assert_eq!(plan.updates, set(&["aws_s3_bucket_versioning.data"]));
    let versioning = loaded
        .resources
        .iter()
        .find(|r| r.address == "aws_s3_bucket_versioning.data")
        .unwrap();
    // prior_state (refreshed) says Suspended; the drift's `before`, the last-applied
    // value, says Enabled and is what the state side holds.
    assert_eq!(
        versioning.attributes["versioning_configuration"][0]["status"],
        "Enabled"
    );
    let policy = loaded
        .resources
        .iter()
        .find(|r| r.address == "aws_s3_bucket_policy.data")
        .unwrap();
    assert!(policy
        .sensitive
        .contains(&vec![Step::Attr("policy".into())]));
}

#[test]
fn fixture_fresh_plan_has_empty_state_side_and_creates() {
    let loaded = shape_plan("format-1.1-module-count.json");
    assert!(loaded.resources.is_empty());
    let plan = loaded.plan.as_ref().unwrap();
    assert_eq!(
        plan.creates,
        set(&[
            "aws_s3_bucket.audit",
            "aws_s3_bucket_versioning.audit",
            "module.logs[0].aws_s3_bucket.this",
            "module.logs[0].aws_s3_bucket_acl.this",
            "module.logs[0].aws_s3_bucket_ownership_controls.this",
            "module.logs[1].aws_s3_bucket.this",
            "module.logs[1].aws_s3_bucket_acl.this",
            "module.logs[1].aws_s3_bucket_ownership_controls.this",
        ])
    );
    assert_eq!(
        plan.bucket_refs
            .get("aws_s3_bucket_versioning.audit")
            .map(String::as_str),
        Some("aws_s3_bucket.audit")
    );
    assert_eq!(
        plan.bucket_refs
            .get("module.logs.aws_s3_bucket_acl.this")
            .map(String::as_str),
        Some("module.logs.aws_s3_bucket.this")
    );
    let bucket = &plan.planned["aws_s3_bucket.audit"];
    assert!(bucket.unknown.contains(&vec![Step::Attr("arn".into())]));
    assert!(!bucket.unknown.contains(&vec![Step::Attr("bucket".into())]));
    let generated = &plan.planned["module.logs[1].aws_s3_bucket.this"];
    assert!(generated
        .unknown
        .contains(&vec![Step::Attr("bucket".into())]));
}

#[test]
fn fixture_provider_alias_from_configuration() {
    let loaded = shape_plan("format-1.0-provider-aliases.json");
    let plan = loaded.plan.as_ref().unwrap();
    assert_eq!(
        plan.planned["aws_s3_bucket.west"].provider,
        ProviderRef {
            name: "aws".into(),
            alias: Some("west".into())
        }
    );
    assert_eq!(
        plan.planned["aws_s3_bucket.east"].provider,
        ProviderRef {
            name: "aws".into(),
            alias: None
        }
    );
    assert!(plan.planned.keys().all(|k| k.contains("aws_s3_")));
    assert!(!plan.creates.contains("aws_kms_key.west"));
}

#[test]
fn fixture_inline_blocks_of_old_plans() {
    let loaded = shape_plan("format-0.1-create.json");
    let plan = loaded.plan.as_ref().unwrap();
    assert_eq!(
        plan.inline_blocks.get("aws_s3_bucket.data"),
        Some(&set(&["acl", "server_side_encryption_configuration"]))
    );
}

fn plan_doc() -> serde_json::Value {
    json!({
        "format_version": "1.2",
        "terraform_version": "1.9.0",
        "prior_state": {"format_version": "1.0", "values": {"root_module": {
            "resources": [],
            "child_modules": [{"address": "module.m", "resources": [{
                "address": "module.m.aws_s3_bucket.b[\"x\"]", "mode": "managed", "type": "aws_s3_bucket",
                "name": "b", "index": "x", "provider_name": "registry.terraform.io/hashicorp/aws",
                "schema_version": 0, "values": {"bucket": "bx", "tags_all": {"k": "refreshed"}},
                "sensitive_values": {"tags_all": {}}
            }]}]
        }}},
        "resource_drift": [
            {"address": "module.m.aws_s3_bucket.b[\"x\"]", "mode": "managed", "type": "aws_s3_bucket",
             "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["update"], "before": {"bucket": "bx", "tags_all": {"k": "applied"}},
                        "after": {"bucket": "bx", "tags_all": {"k": "refreshed"}},
                        "before_sensitive": {"tags_all": {"k": true}}}},
            {"address": "aws_s3_bucket.gone", "mode": "managed", "type": "aws_s3_bucket",
             "provider_name": "registry.terraform.io/hashicorp/aws",
             "change": {"actions": ["delete"], "before": {"bucket": "gone"}, "after": null}},
            {"address": "aws_instance.i", "mode": "managed", "type": "aws_instance",
             "change": {"actions": ["update"], "before": {"x": 1}}}
        ],
        "resource_changes": [
            {"address": "aws_s3_bucket.r", "mode": "managed", "type": "aws_s3_bucket",
             "change": {"actions": ["delete", "create"], "after_unknown": {"id": true, "tags": {"a": true}},
                        "after_sensitive": {"policy": true}}},
            {"address": "aws_s3_bucket.d", "mode": "managed", "type": "aws_s3_bucket", "deposed": "00000001",
             "change": {"actions": ["delete"]}},
            {"address": "data.aws_s3_bucket.q", "mode": "data", "type": "aws_s3_bucket",
             "change": {"actions": ["read"]}},
            {"address": "aws_s3_bucket.n", "mode": "managed", "type": "aws_s3_bucket",
             "change": {"actions": ["no-op"]}}
        ],
        "planned_values": {"root_module": {"resources": [
            {"address": "aws_s3_bucket.r", "mode": "managed", "type": "aws_s3_bucket", "name": "r",
             "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"bucket": "r", "policy": "{}"},
             "sensitive_values": {}}
        ]}}
    })
}

#[test]
fn drift_put_back_restores_deleted_and_keeps_marks() {
    let text = plan_doc().to_string();
    let loaded = parse_plan("plan.json", &text).unwrap();
    let addrs: Vec<&str> = loaded
        .resources
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    assert_eq!(
        addrs,
        vec!["aws_s3_bucket.gone", "module.m.aws_s3_bucket.b[\"x\"]"]
    );
    let b = &loaded.resources[1];
    assert_eq!(b.attributes["tags_all"]["k"], "applied");
    assert_eq!(
        b.sensitive,
        vec![vec![Step::Attr("tags_all".into()), Step::Attr("k".into())]]
    );
    assert_eq!(loaded.resources[0].attributes["bucket"], "gone");

    let plan = loaded.plan.unwrap();
    assert_eq!(plan.creates, set(&["aws_s3_bucket.r"]));
    assert_eq!(plan.deletes, set(&["aws_s3_bucket.r"]));
    assert_eq!(plan.updates, set(&["aws_s3_bucket.r"]));
    let r = &plan.planned["aws_s3_bucket.r"];
    assert_eq!(r.sensitive, vec![vec![Step::Attr("policy".into())]]);
    assert_eq!(
        r.unknown,
        vec![
            vec![Step::Attr("id".into())],
            vec![Step::Attr("tags".into()), Step::Attr("a".into())]
        ]
    );
}

#[test]
fn wrong_flag_both_ways() {
    let err = parse_state("plan.json", &plan_doc().to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongFlag);
    assert!(err.help.as_deref().unwrap().contains("--plan"));

    let state = json!({"version": 4, "terraform_version": "1.9.0", "resources": []}).to_string();
    let err = parse_plan("terraform.tfstate", &state).unwrap_err();
    assert_eq!(err.code, ErrorCode::WrongFlag);
    assert!(err.message.contains("is a state"));
    assert!(err.help.as_deref().unwrap().contains("--state"));
}

#[test]
fn plan_errors() {
    let mut doc = plan_doc();
    doc["format_version"] = json!("2.0");
    let err = parse_plan("p.json", &doc.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::StateVersion);

    let mut doc = plan_doc();
    doc["resource_changes"] = json!({"not": "a list"});
    let err = parse_plan("p.json", &doc.to_string()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(
        err.message.contains("`resource_changes` must be a list"),
        "{}",
        err.message
    );

    let empty = json!({"format_version": "1.2", "planned_values": {"root_module": {}}}).to_string();
    let loaded = parse_plan("p.json", &empty).unwrap();
    assert_eq!(loaded.warnings.len(), 1);
}
