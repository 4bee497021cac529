//! Every state and plan in the shared corpus is read, with the resources it really holds.
//! Skipped without the corpus; `shapes.rs` covers the same layouts with fixtures.

mod shared_corpus;

use s3drift::diag::ErrorCode;
use s3drift::state::{parse_state, ProviderRef};
use std::path::{Path, PathBuf};

fn corpus(kind: &str) -> Option<Vec<PathBuf>> {
    let dir = shared_corpus::folder(kind)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    Some(files)
}

fn read(path: &Path) -> (String, String) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (name, std::fs::read_to_string(path).unwrap())
}

fn addresses(file: &str) -> Vec<String> {
    let path = corpus("tfstate")
        .unwrap()
        .into_iter()
        .find(|p| p.ends_with(file))
        .unwrap();
    let (name, text) = read(&path);
    let loaded = parse_state(&name, &text).unwrap();
    loaded.resources.iter().map(|r| r.address.clone()).collect()
}

#[test]
fn every_corpus_state_reads_except_format_3() {
    let Some(files) = corpus("tfstate") else {
        return;
    };
    assert_eq!(files.len(), 13);
    for path in files {
        let (name, text) = read(&path);
        let got = parse_state(&name, &text);
        if name.contains("-v3") {
            let err = got.unwrap_err();
            assert_eq!(err.code, ErrorCode::StateVersion, "{name}");
            assert!(err.message.contains("format version 3"), "{}", err.message);
            assert!(err.help.as_deref().unwrap().contains("0.12"));
        } else {
            let loaded = got.unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(!loaded.resources.is_empty(), "{name}");
            assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
            assert!(loaded.terraform_version.is_some());
            for r in &loaded.resources {
                assert!(r.rtype.starts_with("aws_s3_"), "{}", r.address);
                assert!(r.attributes.is_object());
                assert_eq!(r.provider.name, "aws");
            }
        }
    }
}

#[test]
fn module_count_and_for_each_addresses() {
    if shared_corpus::dir().is_none() {
        return;
    }
    assert_eq!(
        addresses("AstroKabutar__videoconduit__s3-backup.tfstate"),
        vec![
            "aws_s3_bucket_policy.s3_static_website_public_read",
            "aws_s3_bucket_public_access_block.public-access-settings",
            "module.s3_bucket.aws_s3_bucket.this[0]",
            "module.s3_bucket.aws_s3_bucket_public_access_block.this[0]",
            "module.s3_bucket.aws_s3_bucket_versioning.this[0]",
            "module.s3_bucket.aws_s3_bucket_website_configuration.this[0]",
        ]
    );
    let objects = addresses("TheGaneshkumawat__ganesh-online-profile__s3-backup.tfstate");
    assert!(objects.contains(&r#"aws_s3_object.file["../assets/html/index.html"]"#.to_string()));
    assert_eq!(objects.len(), 6);
}

#[test]
fn legacy_provider_and_unmonitored_types() {
    let Some(files) = corpus("tfstate") else {
        return;
    };
    let path = files
        .into_iter()
        .find(|p| p.ends_with("snyk__driftctl__aws_s3_full.tfstate"))
        .unwrap();
    let (name, text) = read(&path);
    let loaded = parse_state(&name, &text).unwrap();
    assert_eq!(loaded.resources.len(), 26);
    assert!(loaded.resources.iter().all(|r| r.provider
        == ProviderRef {
            name: "aws".into(),
            alias: None
        }));
    assert!(loaded
        .resources
        .iter()
        .any(|r| r.rtype == "aws_s3_bucket_notification"));
    assert_eq!(loaded.terraform_version.as_deref(), Some("0.12.26"));
}

#[test]
fn identity_and_non_s3_skipped() {
    let Some(files) = corpus("tfstate") else {
        return;
    };
    let path = files
        .into_iter()
        .find(|p| p.ends_with("AstroKabutar__videoconduit__s3-backup.tfstate"))
        .unwrap();
    let (name, text) = read(&path);
    let loaded = parse_state(&name, &text).unwrap();
    let bucket = loaded
        .resources
        .iter()
        .find(|r| r.rtype == "aws_s3_bucket")
        .unwrap();
    let identity = bucket.identity.as_ref().unwrap();
    assert!(identity.get("bucket").is_some());
    // Data sources (aws_caller_identity, aws_iam_policy_document…) are not resources here.
    assert!(loaded
        .resources
        .iter()
        .all(|r| r.rtype.starts_with("aws_s3_")));
    // Six managed aws_s3_* resources, none of the four data sources.
    assert_eq!(loaded.resources.len(), 6);
}

/// A state of the repository's own fixtures (fixtures/shapes/state/), read under its file name.
fn shape(file: &str) -> s3drift::state::Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/shapes/state")
        .join(file);
    let (name, text) = read(&path);
    parse_state(&name, &text).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

#[test]
fn every_fixture_state_reads_except_format_3() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes/state");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    for path in files {
        let (name, text) = read(&path);
        let got = parse_state(&name, &text);
        if name.starts_with("format-3") {
            let err = got.unwrap_err();
            assert_eq!(err.code, ErrorCode::StateVersion, "{name}");
            assert!(err.message.contains("format version 3"), "{}", err.message);
            assert!(err.help.as_deref().unwrap().contains("0.12"));
        } else {
            let loaded = got.unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(!loaded.resources.is_empty(), "{name}");
            assert!(loaded.warnings.is_empty(), "{name}: {:?}", loaded.warnings);
            assert!(loaded.terraform_version.is_some());
            for r in &loaded.resources {
                assert!(r.rtype.starts_with("aws_s3_"), "{}", r.address);
                assert!(r.attributes.is_object());
                assert_eq!(r.provider.name, "aws");
            }
        }
    }
}

#[test]
fn fixture_module_count_and_for_each_addresses() {
    let addresses = |file: &str| -> Vec<String> {
        shape(file)
            .resources
            .iter()
            .map(|r| r.address.clone())
            .collect()
    };
    assert_eq!(
        addresses("provider-v6-module-count.tfstate"),
        vec![
            "aws_s3_bucket_public_access_block.site",
            "module.s3_bucket.aws_s3_bucket.this[0]",
            "module.s3_bucket.aws_s3_bucket_public_access_block.this[0]",
            "module.s3_bucket.aws_s3_bucket_versioning.this[0]",
        ]
    );
    let for_each = addresses("provider-v5-module-for-each.tfstate");
    assert!(for_each.contains(&r#"aws_s3_object.page["../site/index.html"]"#.to_string()));
    assert!(for_each.contains(&r#"module.sites.aws_s3_bucket.this["docs"]"#.to_string()));
    assert_eq!(for_each.len(), 9, "{for_each:?}");
}

#[test]
fn fixture_legacy_provider_and_unmonitored_types() {
    let loaded = shape("provider-v3-inline.tfstate");
    assert_eq!(loaded.resources.len(), 3);
    assert!(loaded.resources.iter().all(|r| r.provider
        == ProviderRef {
            name: "aws".into(),
            alias: None
        }));
    assert!(loaded
        .resources
        .iter()
        .any(|r| r.rtype == "aws_s3_bucket_notification"));
    assert_eq!(loaded.terraform_version.as_deref(), Some("0.12.31"));
}

#[test]
fn fixture_identity_and_non_s3_skipped() {
    let loaded = shape("provider-v6-module-count.tfstate");
    let bucket = loaded
        .resources
        .iter()
        .find(|r| r.rtype == "aws_s3_bucket")
        .unwrap();
    let identity = bucket.identity.as_ref().unwrap();
    assert_eq!(identity["bucket"], "123456789012-acme-v6-frontend");
    // Data sources (aws_region, aws_iam_policy_document) are not resources here.
    assert!(loaded
        .resources
        .iter()
        .all(|r| r.rtype.starts_with("aws_s3_")));
    assert_eq!(loaded.resources.len(), 4);
    // Neither are data sources or other providers' types in the v4 fixture.
    let v4 = shape("provider-v4-split-mirrors.tfstate");
    assert_eq!(v4.resources.len(), 4);
}
