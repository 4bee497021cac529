//! Wrong attribute types are errors, not silent "unset" values: each case below once read as
//! "not configured" and so compared equal to a real drift (a public access block turned
//! off, versioning gone, tags lost). Each must now be a located `s3drift::shape` error with
//! exit code 1, naming the resource, the attribute and the expected type, with sensitive
//! values masked in the snippet.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use s3drift::diag::{ErrorCode, InputError};
use s3drift::state::{parse_plan, parse_state};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

/// A state with one managed instance of `rtype` named `name`.
fn state(rtype: &str, attributes: Value, sensitive: Value) -> String {
    serde_json::to_string_pretty(&json!({
        "version": 4,
        "terraform_version": "1.9.5",
        "serial": 3,
        "lineage": "5c1e0a36-3c2f-4f21-9a47-2a7c1b0c9f11",
        "outputs": {},
        "resources": [{
            "mode": "managed",
            "type": rtype,
            "name": "this",
            "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "instances": [{
                "schema_version": 0,
                "attributes": attributes,
                "sensitive_attributes": sensitive,
                "private": "bnVsbA=="
            }]
        }]
    }))
    .unwrap()
}

/// The labelled text of the error's snippet.
fn labelled(err: &InputError) -> String {
    let label = err.labels().expect("a label").next().unwrap();
    let source = err.source_code().expect("a snippet");
    let contents = source.read_span(label.inner(), 0, 0).unwrap();
    String::from_utf8(contents.data().to_vec()).unwrap()
}

fn render(err: &InputError) -> String {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_context_lines(1000)
        .with_width(200)
        .render_report(&mut out, err as &dyn Diagnostic)
        .unwrap();
    out
}

/// Runs `s3drift tree --state` on `text`; returns the exit code and stderr.
fn cli(name: &str, text: &str) -> (Option<i32>, String) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("state_schema");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(["tree", "--state"])
        .arg(&path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts the probe is a shape error with `message`, labelled at `label`, and that the
/// command line exits 1 with the message.
fn probe(name: &str, text: &str, message: &str, label: &str) -> InputError {
    let err = parse_state(name, text).expect_err(name);
    assert_eq!(err.code, ErrorCode::Shape, "{name}: {}", err.message);
    assert_eq!(err.message, format!("{name}: {message}"));
    assert_eq!(labelled(&err), label, "{name}");
    let help = err.help.as_deref().unwrap_or("");
    assert!(help.contains("terraform state pull"), "{name}: {help}");
    let (code, stderr) = cli(name, text);
    assert_eq!(code, Some(1), "{name}: {stderr}");
    assert!(stderr.contains("s3drift::shape"), "{name}: {stderr}");
    // The terminal renderer wraps long lines; compare the words.
    let words = |s: &str| {
        s.replace('│', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(words(&stderr).contains(&words(message)), "{name}: {stderr}");
    err
}

fn pab(flags: Value) -> Value {
    let mut a = json!({
        "block_public_acls": true,
        "block_public_policy": true,
        "bucket": "acme-data",
        "expected_bucket_owner": "",
        "id": "acme-data",
        "ignore_public_acls": true,
        "restrict_public_buckets": true
    });
    for (k, v) in flags.as_object().unwrap() {
        a[k] = v.clone();
    }
    a
}

#[test]
fn public_access_block_flags_must_be_booleans() {
    let text = state(
        "aws_s3_bucket_public_access_block",
        pab(json!({"block_public_acls": "yes"})),
        json!([]),
    );
    let err = probe(
        "pab-yes.tfstate",
        &text,
        "aws_s3_bucket_public_access_block.this: `block_public_acls` must be true or false, found a string",
        "\"yes\"",
    );
    // Line and column of the offending value.
    assert!(
        render(&err).contains("pab-yes.tfstate:17:34"),
        "{}",
        render(&err)
    );

    let text = state(
        "aws_s3_bucket_public_access_block",
        pab(json!({"block_public_policy": 1})),
        json!([]),
    );
    probe(
        "pab-one.tfstate",
        &text,
        "aws_s3_bucket_public_access_block.this: `block_public_policy` must be true or false, found a number",
        "1",
    );

    // What the provider writes still reads: booleans, and null for an unset flag.
    let ok = state(
        "aws_s3_bucket_public_access_block",
        pab(json!({"restrict_public_buckets": null, "skip_destroy": null})),
        json!([]),
    );
    assert!(parse_state("ok.tfstate", &ok).is_ok());
}

#[test]
fn versioning_configuration_must_be_a_block() {
    let text = state(
        "aws_s3_bucket_versioning",
        json!({"bucket": "acme-data", "expected_bucket_owner": "", "id": "acme-data", "mfa": null,
               "versioning_configuration": "Enabled"}),
        json!([]),
    );
    probe(
        "versioning-string.tfstate",
        &text,
        "aws_s3_bucket_versioning.this: `versioning_configuration` must be a list of blocks (objects), found a string",
        "\"Enabled\"",
    );
    let text = state(
        "aws_s3_bucket_versioning",
        json!({"bucket": "acme-data", "versioning_configuration": [{"mfa_delete": "", "status": true}]}),
        json!([]),
    );
    probe(
        "versioning-status.tfstate",
        &text,
        "aws_s3_bucket_versioning.this: `versioning_configuration[0].status` must be a string, found a boolean",
        "true",
    );
}

fn v3_bucket(extra: Value) -> Value {
    let mut a = json!({
        "acl": "private",
        "arn": "arn:aws:s3:::acme-data",
        "bucket": "acme-data",
        "id": "acme-data",
        "policy": null,
        "tags": {},
        "versioning": [{"enabled": true, "mfa_delete": false}]
    });
    for (k, v) in extra.as_object().unwrap() {
        a[k] = v.clone();
    }
    a
}

#[test]
fn inline_versioning_must_be_a_block() {
    let text = state(
        "aws_s3_bucket",
        v3_bucket(json!({"versioning": "oops"})),
        json!([]),
    );
    probe(
        "inline-versioning.tfstate",
        &text,
        "aws_s3_bucket.this: `versioning` must be a list of blocks (objects), found a string",
        "\"oops\"",
    );
    let text = state(
        "aws_s3_bucket",
        v3_bucket(json!({"versioning": [{"enabled": "true", "mfa_delete": false}]})),
        json!([]),
    );
    probe(
        "inline-versioning-enabled.tfstate",
        &text,
        "aws_s3_bucket.this: `versioning[0].enabled` must be true or false, found a string",
        "\"true\"",
    );
}

#[test]
fn tag_values_must_be_strings_and_sensitive_ones_stay_masked() {
    let text = state(
        "aws_s3_bucket",
        v3_bucket(json!({"tags_all": {"Owner": "planted-secret-7", "Secret": 12345}})),
        json!([[{"type": "get_attr", "value": "tags_all"}]]),
    );
    let err = probe(
        "tags-number.tfstate",
        &text,
        "aws_s3_bucket.this: `tags_all[\"Secret\"]` must be a string, found a number",
        "*****",
    );
    let shown = render(&err);
    assert!(!shown.contains("12345"), "{shown}");
    assert!(!shown.contains("planted-secret-7"), "{shown}");
    let (_, stderr) = cli("tags-number.tfstate", &text);
    assert!(
        !stderr.contains("12345") && !stderr.contains("planted-secret-7"),
        "{stderr}"
    );
}

#[test]
fn bucket_must_be_a_string() {
    let text = state(
        "aws_s3_bucket",
        v3_bucket(json!({"bucket": 123})),
        json!([]),
    );
    probe(
        "bucket-number.tfstate",
        &text,
        "aws_s3_bucket.this: `bucket` must be a string, found a number",
        "123",
    );
    let text = state(
        "aws_s3_bucket_policy",
        json!({"bucket": "acme-data", "id": "acme-data", "policy": {"Version": "2012-10-17"}}),
        json!([]),
    );
    probe(
        "policy-object.tfstate",
        &text,
        "aws_s3_bucket_policy.this: `policy` must be a string, found an object",
        "{\n              \"Version\": \"2012-10-17\"\n            }",
    );
}

#[test]
fn nested_rule_attributes_are_checked_with_their_positions() {
    let text = state(
        "aws_s3_bucket_lifecycle_configuration",
        json!({"bucket": "acme-data", "rule": [
            {"id": "a", "status": "Enabled", "expiration": [{"days": 30}]},
            {"id": "b", "status": "Enabled", "expiration": [{"days": "thirty"}]}
        ]}),
        json!([]),
    );
    probe(
        "lifecycle-days.tfstate",
        &text,
        "aws_s3_bucket_lifecycle_configuration.this: `rule[1].expiration[0].days` must be a whole number, found a string",
        "\"thirty\"",
    );
    let text = state(
        "aws_s3_bucket",
        v3_bucket(json!({"object_lock_enabled": "true"})),
        json!([]),
    );
    probe(
        "object-lock-enabled.tfstate",
        &text,
        "aws_s3_bucket.this: `object_lock_enabled` must be true or false, found a string",
        "\"true\"",
    );
    let text = state(
        "aws_s3_bucket",
        v3_bucket(
            json!({"grant": [{"id": "abc", "permissions": ["READ", 7], "type": "CanonicalUser", "uri": ""}]}),
        ),
        json!([]),
    );
    probe(
        "grant-permission.tfstate",
        &text,
        "aws_s3_bucket.this: `grant[0].permissions[1]` must be a string, found a number",
        "7",
    );
}

#[test]
fn provider_variations_still_read() {
    // Lifecycle schema v0 (SDKv2) writes sizes and counts as strings, "" when unset; schema
    // v1 (framework, provider v5.86+) writes numbers and nulls.
    for rule in [
        json!({"id": "v0", "status": "Enabled", "prefix": "",
               "filter": [{"and": [], "object_size_greater_than": "", "object_size_less_than": "",
                           "prefix": "logs/", "tag": []}],
               "noncurrent_version_expiration": [{"newer_noncurrent_versions": "", "noncurrent_days": 30}],
               "expiration": [{"date": "", "days": 0, "expired_object_delete_marker": false}]}),
        json!({"id": "v1", "status": "Enabled", "prefix": null,
               "filter": [{"and": [{"object_size_greater_than": 128, "object_size_less_than": null,
                                    "prefix": "a/", "tags": {"k": "v"}}],
                           "object_size_greater_than": null, "object_size_less_than": null,
                           "prefix": null, "tag": []}],
               "transition": [{"date": null, "days": 30, "storage_class": "GLACIER"}],
               "noncurrent_version_expiration": [{"newer_noncurrent_versions": "3", "noncurrent_days": 30}]}),
    ] {
        let text = state(
            "aws_s3_bucket_lifecycle_configuration",
            json!({"bucket": "acme-data", "expected_bucket_owner": "", "rule": [rule],
                   "transition_default_minimum_object_size": "all_storage_classes_128K"}),
            json!([]),
        );
        parse_state("lifecycle.tfstate", &text).unwrap();
    }
    // v6: region and bucket_region on the bucket, region on split resources.
    let text = state(
        "aws_s3_bucket",
        json!({"bucket": "acme-data", "bucket_region": "eu-west-1", "region": "eu-west-1",
               "acl": null, "object_lock_enabled": false, "tags": null, "tags_all": {},
               "versioning": [{"enabled": false, "mfa_delete": false}]}),
        json!([]),
    );
    parse_state("v6.tfstate", &text).unwrap();
    // Unmonitored types are listed, never checked.
    let text = state(
        "aws_s3_object",
        json!({"bucket": 1, "key": ["x"]}),
        json!([]),
    );
    parse_state("object.tfstate", &text).unwrap();
}

fn plan(before: Value, planned: Value) -> String {
    json!({
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": [{
            "address": "aws_s3_bucket_public_access_block.p", "mode": "managed",
            "type": "aws_s3_bucket_public_access_block", "name": "p",
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
            "values": pab(json!({})), "sensitive_values": {}
        }]}}},
        "resource_drift": [{
            "address": "aws_s3_bucket_public_access_block.p", "mode": "managed",
            "type": "aws_s3_bucket_public_access_block", "name": "p",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["update"], "before": before, "after": pab(json!({}))}
        }],
        "resource_changes": [{
            "address": "aws_s3_bucket_public_access_block.p", "mode": "managed",
            "type": "aws_s3_bucket_public_access_block", "name": "p",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["update"], "before": pab(json!({})), "after": planned,
                       "after_unknown": {}}
        }],
        "planned_values": {"root_module": {"resources": [{
            "address": "aws_s3_bucket_public_access_block.p", "mode": "managed",
            "type": "aws_s3_bucket_public_access_block", "name": "p",
            "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
            "values": planned, "sensitive_values": {}
        }]}}
    })
    .to_string()
}

#[test]
fn plans_check_the_state_side_and_the_planned_values() {
    assert!(parse_plan("ok.json", &plan(pab(json!({})), pab(json!({})))).is_ok());
    // Values unknown until apply are left out of planned values: nothing is required.
    assert!(parse_plan(
        "ok.json",
        &plan(pab(json!({})), json!({"bucket": "acme-data"}))
    )
    .is_ok());

    let err = parse_plan(
        "drift.json",
        &plan(pab(json!({"ignore_public_acls": "no"})), pab(json!({}))),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert_eq!(
        err.message,
        "drift.json: aws_s3_bucket_public_access_block.p: `ignore_public_acls` must be true or false, found a string"
    );
    // Plans mask every string value in their snippets.
    assert_eq!(labelled(&err), "\"**\"");

    let err = parse_plan(
        "planned.json",
        &plan(pab(json!({})), pab(json!({"restrict_public_buckets": 0}))),
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert!(
        err.message
            .contains("`restrict_public_buckets` must be true or false, found a number"),
        "{}",
        err.message
    );
    assert_eq!(labelled(&err), "0");
}

#[test]
fn a_diagnostic_next_to_the_sensitive_policy_masks_it() {
    let name = "fixtures/state/bad/wrong-attribute-type.tfstate";
    let text =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap();
    assert!(text.contains("planted-secret-5"));
    let err = parse_state(name, &text).unwrap_err();
    assert_eq!(err.code, ErrorCode::Shape);
    assert_eq!(labelled(&err), "\"yes\"");
    assert!(!render(&err).contains("planted-secret-5"));

    // The same file with the policy's `bucket` of the wrong type, on the line before it:
    // the policy is in the snippet, masked; the `id` next to it is not.
    let from = "\"bucket\": \"acme-data\",\n            \"id\": \"acme-data\",";
    assert!(text.contains(from));
    let text = text.replacen(
        from,
        "\"id\": \"acme-data\",\n            \"bucket\": 7,",
        1,
    );
    let err = parse_state(name, &text).unwrap_err();
    assert_eq!(labelled(&err), "7");
    let shown = render(&err);
    assert!(shown.contains("\"policy\": \"*"), "{shown}");
    assert!(shown.contains("\"id\": \"acme-data\""), "{shown}");
    assert!(!shown.contains("planted-secret-5"), "{shown}");
}
