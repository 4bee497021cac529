//! Reading backend blocks from roots on disk and from single files.

use super::*;

fn root(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const FULL: &str = r#"
terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket               = "acme-tfstate"
    key                  = "platform/terraform.tfstate"
    region               = "eu-central-1"
    workspace_key_prefix = "ws"
    endpoints = {
      s3 = "http://127.0.0.1:9000"
    }
    use_path_style = true
    profile        = "ops"
    assume_role = {
      role_arn     = "arn:aws:iam::111122223333:role/state-reader"
      external_id  = "x-1"
      session_name = "ci"
    }
  }
}
"#;

fn s3(loc: Location) -> S3Backend {
    match loc {
        Location::S3(b) => b,
        other => panic!("expected an s3 backend, got {other:?}"),
    }
}

#[test]
fn full_block() {
    let dir = root(&[("main.tf", FULL)]);
    let b = s3(resolve(dir.path(), Some("default"), &[]).unwrap());
    assert_eq!(
        b,
        S3Backend {
            bucket: "acme-tfstate".into(),
            key: "platform/terraform.tfstate".into(),
            region: Some("eu-central-1".into()),
            endpoint: Some("http://127.0.0.1:9000".into()),
            use_path_style: true,
            assume_role: Some(AssumeRole {
                role_arn: "arn:aws:iam::111122223333:role/state-reader".into(),
                external_id: Some("x-1".into()),
                session_name: Some("ci".into()),
            }),
            profile: Some("ops".into()),
        }
    );
    let b = s3(resolve(dir.path(), Some("staging"), &[]).unwrap());
    assert_eq!(b.key, "ws/staging/platform/terraform.tfstate");
}

#[test]
fn partial_config_and_default_prefix() {
    let dir = root(&[
        ("backend.tf", "terraform {\n  backend \"s3\" {}\n}\n"),
        (
            "prod.s3.tfbackend",
            "bucket = \"acme-tfstate\"\nregion = \"us-west-2\"\nforce_path_style = true\n",
        ),
    ]);
    let file = dir.path().join("prod.s3.tfbackend").display().to_string();
    let b = s3(resolve(
        dir.path(),
        Some("blue"),
        &[
            file,
            "key=app/terraform.tfstate".into(),
            "endpoint=http://localhost:1".into(),
        ],
    )
    .unwrap());
    assert_eq!(b.bucket, "acme-tfstate");
    assert_eq!(b.key, "env:/blue/app/terraform.tfstate");
    assert_eq!(b.region.as_deref(), Some("us-west-2"));
    assert_eq!(b.endpoint.as_deref(), Some("http://localhost:1"));
    assert!(b.use_path_style);
}

#[test]
fn later_backend_config_wins_and_nested_values_parse() {
    let dir = root(&[("main.tf", FULL)]);
    let b = s3(resolve(
        dir.path(),
        Some("default"),
        &[
            "bucket=other".into(),
            r#"assume_role={role_arn="arn:aws:iam::444455556666:role/r"}"#.into(),
        ],
    )
    .unwrap());
    assert_eq!(b.bucket, "other");
    let role = b.assume_role.unwrap();
    assert_eq!(role.role_arn, "arn:aws:iam::444455556666:role/r");
    // Keys the override does not name stay as the block set them.
    assert_eq!(role.external_id.as_deref(), Some("x-1"));
}

#[test]
fn missing_keys_are_named_with_a_hint() {
    let dir = root(&[(
        "main.tf",
        "terraform {\n  backend \"s3\" {\n    region = \"eu-west-1\"\n  }\n}\n",
    )]);
    let e = resolve(dir.path(), None, &[]).unwrap_err();
    assert_eq!(e.code, ErrorCode::Config);
    assert!(e.message.contains("bucket and key"), "{}", e.message);
    assert!(e.help.unwrap().contains("--backend-config bucket="));
}

#[test]
fn variables_are_rejected() {
    let dir = root(&[(
        "main.tf",
        "terraform {\n  backend \"s3\" {\n    bucket = var.b\n    key = \"k\"\n  }\n}\n",
    )]);
    let e = resolve(dir.path(), None, &[]).unwrap_err();
    assert!(e.message.contains("`bucket`"), "{}", e.message);
}

#[test]
fn local_fallback_and_workspaces() {
    let dir = root(&[
        (
            "main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
        ),
        ("terraform.tfstate", "{}"),
        ("terraform.tfstate.d/blue/terraform.tfstate", "{}"),
    ]);
    assert_eq!(
        resolve(dir.path(), Some("default"), &[]).unwrap(),
        Location::Local(dir.path().join("terraform.tfstate"))
    );
    assert_eq!(
        resolve(dir.path(), Some("blue"), &[]).unwrap(),
        Location::Local(
            dir.path()
                .join("terraform.tfstate.d/blue/terraform.tfstate")
        )
    );
    let e = resolve(dir.path(), Some("green"), &[]).unwrap_err();
    assert_eq!(e.code, ErrorCode::Io);
}

#[test]
fn bad_hcl_points_at_the_line() {
    let dir = root(&[(
        "main.tf",
        "terraform {\n  backend \"s3\" {\n    bucket = \n",
    )]);
    let e = resolve(dir.path(), None, &[]).unwrap_err();
    assert_eq!(e.code, ErrorCode::Config);
    assert!(e.label.is_some());
}

#[test]
fn one_file_read_alone() {
    let hcl = "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n    key = \"k\"\n  }\n}\n";
    let found = s3_backend_in("main.tf", hcl, "dev").unwrap().unwrap();
    assert_eq!(
        (found.bucket.as_str(), found.key.as_str()),
        ("b", "env:/dev/k")
    );
    let json = r#"{"terraform": {"backend": {"s3": {"bucket": "b", "key": "k"}}}}"#;
    let found = s3_backend_in("main.tf.json", json, "default")
        .unwrap()
        .unwrap();
    assert_eq!(found.key, "k");
    assert_eq!(
        s3_backend_in("main.tf", "locals {}\n", "default").unwrap(),
        None
    );
    let e = s3_backend_in(
        "main.tf.json",
        json.replace("\"key\"", "\"kei\"").as_str(),
        "default",
    )
    .unwrap_err();
    assert!(e.message.contains("has no key"), "{}", e.message);
}

#[test]
fn snippets_of_bad_configuration_mask_credentials() {
    for (file, text) in [
        (
            "main.tf",
            "terraform {\n  backend \"s3\" {\n    secret_key = \"planted-key\"\n    bucket = \n",
        ),
        (
            "main.tf.json",
            "{\"terraform\": {\"backend\": {\"s3\": {\"secret_key\": \"planted-key\",,}}}}",
        ),
    ] {
        let dir = root(&[(file, text)]);
        let e = resolve(dir.path(), None, &[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        let shown = crate::diag::render_plain(&e);
        assert!(shown.contains("secret_key"), "{shown}");
        assert!(!shown.contains("planted-key"), "{shown}");
    }
}

#[test]
fn json_configuration_and_override_files() {
    let dir = root(&[(
        "main.tf.json",
        r#"{"terraform": [{"backend": {"s3": {"bucket": "json-bucket", "key": "j/terraform.tfstate"}}}]}"#,
    )]);
    let b = s3(resolve(dir.path(), Some("default"), &[]).unwrap());
    assert_eq!(
        (b.bucket.as_str(), b.key.as_str()),
        ("json-bucket", "j/terraform.tfstate")
    );

    let dir = root(&[
        ("main.tf", FULL),
        (
            "backend_override.tf",
            "terraform {\n  backend \"s3\" {\n    bucket = \"o\"\n    key = \"o.tfstate\"\n  }\n}\n",
        ),
    ]);
    let b = s3(resolve(dir.path(), Some("default"), &[]).unwrap());
    assert_eq!((b.bucket.as_str(), b.key.as_str()), ("o", "o.tfstate"));
    assert_eq!(b.region, None, "the override replaces the whole block");
}

#[test]
fn two_backends_are_an_error() {
    let block = "terraform {\n  backend \"s3\" {}\n}\n";
    let dir = root(&[("a.tf", block), ("b.tf", block)]);
    let e = resolve(dir.path(), None, &[]).unwrap_err();
    assert!(
        e.message.contains("both configure a backend"),
        "{}",
        e.message
    );
}

#[test]
fn other_backends_are_named() {
    let dir = root(&[(
        "main.tf",
        "terraform {\n  backend \"gcs\" {\n    bucket = \"b\"\n  }\n}\n",
    )]);
    let e = resolve(dir.path(), None, &[]).unwrap_err();
    assert!(e.message.contains("\"gcs\""));
}

#[test]
fn init_cache_completes_a_partial_block() {
    let dir = root(&[
        ("main.tf", "terraform {\n  backend \"s3\" {}\n}\n"),
        (
            ".terraform/terraform.tfstate",
            r#"{"version":3,"backend":{"type":"s3","config":{"bucket":"cached","key":"c/terraform.tfstate","region":null,"endpoints":null}}}"#,
        ),
        (".terraform/environment", "blue\n"),
    ]);
    let b = s3(resolve(dir.path(), None, &[]).unwrap());
    assert_eq!(b.bucket, "cached");
    assert_eq!(b.key, "env:/blue/c/terraform.tfstate");
    assert_eq!(b.region, None);
}
