//! Reading a hand-made state that exercises modules, count, for_each keys that need
//! quoting, provider forms and aliases, tainted/deposed/data instances and sensitive marks.

use s3drift::state::{load_local, parse_state, ProviderRef, Resource, SourceKind, Step};
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/state")
        .join(name)
}

fn mixed() -> Vec<Resource> {
    load_local(&fixture("mixed.tfstate"), SourceKind::State)
        .unwrap()
        .resources
}

fn find<'a>(rs: &'a [Resource], address: &str) -> &'a Resource {
    rs.iter().find(|r| r.address == address).unwrap_or_else(|| {
        panic!(
            "{address} not in {:?}",
            rs.iter().map(|r| &r.address).collect::<Vec<_>>()
        )
    })
}

#[test]
fn addresses_follow_terraform() {
    let addresses: Vec<String> = mixed().into_iter().map(|r| r.address).collect();
    assert_eq!(
        addresses,
        vec![
            "aws_s3_bucket.logs",
            r#"module.storage["eu"].module.inner.aws_s3_bucket_versioning.this["logs \"primary\""]"#,
            r#"module.storage["eu"].module.inner.aws_s3_bucket_versioning.this["archive"]"#,
            "module.replicas.aws_s3_bucket_policy.this[0]",
            "module.replicas.aws_s3_bucket_policy.this[1]",
            "aws_s3_bucket_lifecycle_configuration.logs",
        ]
    );
}

#[test]
fn data_sources_deposed_and_other_types_are_left_out() {
    let rs = mixed();
    // The data source `aws_s3_bucket.existing` and the IAM role are not there.
    assert!(rs.iter().all(|r| !r.address.contains("existing")));
    assert!(rs.iter().all(|r| r.rtype != "aws_iam_role"));
    // Only the current "archive" object is kept, not the deposed one (status Enabled).
    let archive: Vec<&Resource> = rs
        .iter()
        .filter(|r| r.address.ends_with("[\"archive\"]"))
        .collect();
    assert_eq!(archive.len(), 1);
    assert_eq!(
        archive[0].attributes["versioning_configuration"][0]["status"],
        "Suspended"
    );
}

#[test]
fn tainted_is_kept_and_marked() {
    let rs = mixed();
    let archive = find(
        &rs,
        r#"module.storage["eu"].module.inner.aws_s3_bucket_versioning.this["archive"]"#,
    );
    assert!(archive.tainted);
    let primary = find(
        &rs,
        r#"module.storage["eu"].module.inner.aws_s3_bucket_versioning.this["logs \"primary\""]"#,
    );
    assert!(!primary.tainted);
}

#[test]
fn providers_and_aliases() {
    let rs = mixed();
    let p = |name: &str, alias: Option<&str>| ProviderRef {
        name: name.into(),
        alias: alias.map(str::to_string),
    };
    assert_eq!(
        find(&rs, "aws_s3_bucket.logs").provider,
        p("aws", Some("west"))
    );
    assert_eq!(
        find(&rs, "module.replicas.aws_s3_bucket_policy.this[0]").provider,
        p("aws", Some("east"))
    );
    assert_eq!(
        find(&rs, "aws_s3_bucket_lifecycle_configuration.logs").provider,
        p("aws", None)
    );
}

#[test]
fn sensitive_identity_and_schema_version() {
    let rs = mixed();
    let logs = find(&rs, "aws_s3_bucket.logs");
    assert_eq!(
        logs.sensitive,
        vec![vec![
            Step::Attr("tags_all".into()),
            Step::Attr("api_token".into())
        ]]
    );
    assert_eq!(logs.identity.as_ref().unwrap()["region"], "us-west-2");
    let lc = find(&rs, "aws_s3_bucket_lifecycle_configuration.logs");
    assert_eq!(lc.schema_version, 1);
    assert_eq!(
        lc.sensitive,
        vec![vec![
            Step::Attr("rule".into()),
            Step::Index(0),
            Step::Attr("filter".into())
        ]]
    );
    // An instance without `sensitive_attributes` (Terraform 0.12–0.14) has none.
    assert!(find(&rs, "module.replicas.aws_s3_bucket_policy.this[1]")
        .sensitive
        .is_empty());
}

#[test]
fn state_without_s3_resources_warns() {
    let loaded = load_local(&fixture("bad/no-s3.tfstate"), SourceKind::State).unwrap();
    assert!(loaded.resources.is_empty());
    assert_eq!(loaded.warnings.len(), 1);
    assert!(loaded.warnings[0]
        .message
        .contains("no managed aws_s3_* resources"));
}

#[test]
fn show_json_of_a_state_is_read_too() {
    let text = r#"{"format_version":"1.0","terraform_version":"1.9.0","values":{"root_module":{
        "child_modules":[{"address":"module.m","resources":[{"address":"module.m.aws_s3_bucket.b","mode":"managed",
        "type":"aws_s3_bucket","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,
        "values":{"bucket":"x","policy":"p"},"sensitive_values":{"policy":true}}]}]}}}"#;
    let loaded = parse_state("show.json", text).unwrap();
    assert_eq!(loaded.resources.len(), 1);
    assert_eq!(loaded.resources[0].address, "module.m.aws_s3_bucket.b");
    assert_eq!(
        loaded.resources[0].sensitive,
        vec![vec![Step::Attr("policy".into())]]
    );
}

#[test]
fn unreadable_sensitive_marks_hide_the_whole_instance() {
    let text = r#"{"version":4,"resources":[{"mode":"managed","type":"aws_s3_bucket","name":"b",
        "provider":"provider.aws","instances":[{"attributes":{"bucket":"x"},"sensitive_attributes":[[{"type":"splat"}]]}]}]}"#;
    let loaded = parse_state("s.tfstate", text).unwrap();
    assert_eq!(loaded.resources[0].sensitive, vec![Vec::<Step>::new()]);
    assert_eq!(loaded.warnings.len(), 1);
}

#[test]
fn byte_order_mark_is_accepted() {
    let text = format!(
        "\u{feff}{}",
        std::fs::read_to_string(fixture("mixed.tfstate")).unwrap()
    );
    assert_eq!(
        parse_state("bom.tfstate", &text).unwrap().resources.len(),
        6
    );
}

// Named pipes (`mkfifo`) are Unix's; the other tests here run everywhere.
#[cfg(unix)]
#[test]
fn a_state_from_a_pipe_is_read_once() {
    // `--state /dev/stdin` or `<(…)`: a pipe gives its bytes once. A state the quick reader
    // gives up on (here: a byte order mark) must still be read, not opened a second time,
    // where the next writer gives nothing.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("state.pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let state = format!(
        "\u{feff}{}",
        std::fs::read_to_string(fixture("mixed.tfstate")).unwrap()
    );
    let writer = fifo.clone();
    // Not joined: when the state is read once, the second writer waits for a reader that
    // never comes, and goes with the test process.
    std::thread::spawn(move || {
        for text in [state.as_str(), ""] {
            use std::io::Write;
            let mut pipe = std::fs::OpenOptions::new()
                .write(true)
                .open(&writer)
                .unwrap();
            pipe.write_all(text.as_bytes()).unwrap();
        }
    });
    let loaded = load_local(&fifo, SourceKind::State).unwrap();
    assert_eq!(loaded.resources.len(), 6);
    assert_eq!(loaded.warnings, vec![]);
}
