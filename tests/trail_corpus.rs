//! Every record of the shared CloudTrail corpus parses, and every bucket-configuration event
//! in it maps to the right part, value, principal and agent. The corpus tests are skipped
//! without the corpus; the repository's fixtures (fixtures/shapes/cloudtrail/ and
//! access-logs/) cover the same record shapes and always run.

mod shared_corpus;

use s3drift::model::Part;
use s3drift::trail::Via;
use s3drift::trail::{reader, Action, NewValue};
use serde_json::json;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    shared_corpus::folder("cloudtrail").expect("callers check shared_corpus::dir() first")
}

fn shapes(folder: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/shapes")
        .join(folder)
}

/// What each corpus file must give.
struct Expect {
    file: &'static str,
    /// `None`: skipped (not a configuration event) or malformed.
    event: Option<(&'static str, Option<Part>)>,
    malformed: bool,
    bucket: &'static str,
    principal: String,
    via: Via,
    error: Option<&'static str>,
    value: Want,
}

enum Want {
    Skip,
    Unknown,
    Absent,
    Set(serde_json::Value),
    Merge(serde_json::Value),
}

fn table() -> Vec<Expect> {
    use Want::{Absent, Merge, Set, Skip, Unknown};
    let cli = || Via::Cli;
    let sample_session = "sample-role-brave-yalow-role-intelligent-brahmagupta-role-beautiful-keldysh-role-happy-easley-role-bold-buck";
    vec![
        Expect {
            file: "CreateBucket__cloud-custodian__1.json",
            event: Some(("CreateBucket", None)),
            malformed: false,
            bucket: "custodian-create-bucket-v4",
            principal: "root".into(),
            via: Via::Console,
            error: None,
            value: Unknown,
        },
        Expect {
            file: "CreateBucket__mia-platform__1.json",
            event: Some(("CreateBucket", None)),
            malformed: false,
            bucket: "the-bucket-name",
            principal: "sso/TheAssumedRole (user@example.com)".into(),
            via: Via::Console,
            error: None,
            value: Unknown,
        },
        Expect {
            file: "DeleteBucket__mia-platform__1.json",
            event: Some(("DeleteBucket", None)),
            malformed: false,
            bucket: "the-bucket-name",
            principal: "sso/TheAssumedRole (user@example.com)".into(),
            via: Via::Console,
            error: None,
            value: Unknown,
        },
        Expect {
            file: "DeleteBucketEncryption__panther-analysis__1.json",
            event: Some((
                "DeleteBucketEncryption",
                Some(Part::ServerSideEncryptionConfiguration),
            )),
            malformed: false,
            bucket: "important-files-bucket",
            principal: format!("role/sample-role-dreamy-yonath ({sample_session})"),
            via: cli(),
            error: None,
            value: Absent,
        },
        Expect {
            file: "DeleteBucketEncryption__panther-analysis__2.json",
            event: Some((
                "DeleteBucketEncryption",
                Some(Part::ServerSideEncryptionConfiguration),
            )),
            malformed: false,
            bucket: "sensitive-data-bucket",
            principal: "testuser".into(),
            via: cli(),
            error: Some("AccessDenied"),
            value: Absent,
        },
        Expect {
            file: "DeleteBucketPublicAccessBlock__panther-analysis__1.json",
            event: Some((
                "DeleteBucketPublicAccessBlock",
                Some(Part::PublicAccessBlock),
            )),
            malformed: false,
            bucket: "corporate-documents",
            principal: format!("role/AdminRole ({sample_session})"),
            via: cli(),
            error: None,
            value: Absent,
        },
        Expect {
            file: "DeleteBucketReplication__panther-analysis__1.json",
            event: Some((
                "DeleteBucketReplication",
                Some(Part::ReplicationConfiguration),
            )),
            malformed: false,
            bucket: "production-backup-bucket",
            principal: "testuser".into(),
            via: cli(),
            error: Some("AccessDenied"),
            value: Absent,
        },
        Expect {
            file: "GetBucketPolicy__panther-analysis__1.json",
            event: None,
            malformed: false,
            bucket: "",
            principal: "".into(),
            via: Via::Unknown,
            error: None,
            value: Skip,
        },
        Expect {
            file: "PutBucketAcl__panther-analysis__1.json",
            event: Some(("PutBucketAcl", Some(Part::Acl))),
            malformed: false,
            bucket: "bucket",
            principal: "role/tester".into(),
            via: Via::Other("Mozilla".into()),
            error: None,
            value: Set(json!({"grant": ["FULL_CONTROL owner"]})),
        },
        Expect {
            file: "PutBucketAcl__panther-analysis__2.json",
            event: Some(("PutBucketAcl", Some(Part::Acl))),
            malformed: false,
            bucket: "bucket",
            principal: "role/tester".into(),
            via: Via::Other("Mozilla".into()),
            error: Some("AccessDenied"),
            value: Set(json!({"grant": ["FULL_CONTROL owner"]})),
        },
        // Test data with "..." placeholders for the time, ids and identity.
        Expect {
            file: "PutBucketAcl__streamalert__1.json",
            event: None,
            malformed: true,
            bucket: "",
            principal: "".into(),
            via: Via::Unknown,
            error: None,
            value: Skip,
        },
        Expect {
            file: "PutBucketEncryption__panther-analysis__1.json",
            event: Some((
                "PutBucketEncryption",
                Some(Part::ServerSideEncryptionConfiguration),
            )),
            malformed: false,
            bucket: "sensitive-data-bucket",
            principal: format!("role/sample-role-dreamy-yonath ({sample_session})"),
            via: cli(),
            error: None,
            value: Unknown,
        },
        Expect {
            file: "PutBucketLifecycle__panther-analysis__1.json",
            event: Some(("PutBucketLifecycle", Some(Part::LifecycleRule))),
            malformed: false,
            bucket: "sample-cloudtrail-bucket-name",
            principal: "sso/SampleRole (leroy.jenkins)".into(),
            via: Via::Other("sample-user-agent".into()),
            error: None,
            value: Set(
                json!({"nuke-cloudtrail-logs-after-1-day": {"status": "Enabled", "filter": {"prefix": "*"}, "expiration": {"days": 1}}}),
            ),
        },
        Expect {
            file: "PutBucketLifecycle__panther-analysis__2.json",
            event: Some(("PutBucketLifecycle", Some(Part::LifecycleRule))),
            malformed: false,
            bucket: "sample-cloudtrail-bucket-name",
            principal: "sso/SampleRole (leroy.jenkins)".into(),
            via: Via::Other("sample-user-agent".into()),
            error: None,
            value: Set(
                json!({"nuke-cloudtrail-logs-after-1-day": {"status": "Disabled", "filter": {"prefix": "*"}, "expiration": {"days": 1}}}),
            ),
        },
        Expect {
            file: "PutBucketLogging__panther-analysis__1.json",
            event: Some(("PutBucketLogging", Some(Part::Logging))),
            malformed: false,
            bucket: "critical-data-bucket",
            principal: format!("role/AdminRole ({sample_session})"),
            via: Via::Console,
            error: None,
            value: Absent,
        },
        Expect {
            file: "PutBucketLogging__panther-analysis__2.json",
            event: Some(("PutBucketLogging", Some(Part::Logging))),
            malformed: false,
            bucket: "critical-data-bucket",
            principal: "testuser".into(),
            via: Via::Console,
            error: Some("AccessDenied"),
            value: Absent,
        },
        Expect {
            file: "PutBucketLogging__panther-analysis__3.json",
            event: Some(("PutBucketLogging", Some(Part::Logging))),
            malformed: false,
            bucket: "critical-data-bucket",
            principal: "role/AdminRole (user_name)".into(),
            via: cli(),
            error: None,
            value: Unknown,
        },
        Expect {
            file: "PutBucketOwnershipControls__mia-platform__1.json",
            event: Some(("PutBucketOwnershipControls", Some(Part::OwnershipControls))),
            malformed: false,
            bucket: "the-bucket-name",
            principal: "sso/TheAssumedRole (user@example.com)".into(),
            via: Via::Console,
            error: None,
            value: Set(json!({"object_ownership": "BucketOwnerPreferred"})),
        },
        Expect {
            file: "PutBucketPolicy__panther-analysis__1.json",
            event: Some(("PutBucketPolicy", Some(Part::Policy))),
            malformed: false,
            bucket: "example-bucket",
            principal: "role/example-role (example-user)".into(),
            via: Via::Other("Mozilla".into()),
            error: None,
            value: Set(
                json!({"Version": "2012-10-17", "Statement": [{"Action": "s3:GetBucketAcl", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Resource": "arn:aws:s3:::example-bucket", "Sid": "Public Access"}]}),
            ),
        },
        // requestParameters: null: the call is known, not its bucket nor its value.
        Expect {
            file: "PutBucketPolicy__panther-analysis__2.json",
            event: Some(("PutBucketPolicy", Some(Part::Policy))),
            malformed: false,
            bucket: "",
            principal: "role/example-role (example-user)".into(),
            via: Via::Other("Mozilla".into()),
            error: None,
            value: Unknown,
        },
        Expect {
            file: "PutBucketPolicy__panther-analysis__3.json",
            event: Some(("PutBucketPolicy", Some(Part::Policy))),
            malformed: false,
            bucket: "example-bucket",
            principal: "role/example-role (example-user)".into(),
            via: Via::Other("Mozilla".into()),
            error: Some("AccessDenied"),
            value: Set(
                json!({"Version": "2012-10-17", "Statement": [{"Action": "s3:GetBucketAcl", "Effect": "Allow", "Principal": {"AWS": "*"}, "Resource": "arn:aws:s3:::example-bucket", "Sid": "Public Access"}]}),
            ),
        },
        // A pipeline time ("2024-01-01 00:00:00.000") and a policy string that is not JSON.
        Expect {
            file: "PutBucketPolicy__panther-analysis__4.json",
            event: Some(("PutBucketPolicy", Some(Part::Policy))),
            malformed: false,
            bucket: "",
            principal: "role/TestRole".into(),
            via: Via::Unknown,
            error: None,
            value: Unknown,
        },
        Expect {
            file: "PutBucketPolicy__streamalert__1.json",
            event: None,
            malformed: true,
            bucket: "",
            principal: "".into(),
            via: Via::Unknown,
            error: None,
            value: Skip,
        },
        Expect {
            file: "PutBucketPublicAccessBlock__panther__1.json",
            event: Some(("PutBucketPublicAccessBlock", Some(Part::PublicAccessBlock))),
            malformed: false,
            bucket: "austin-panther",
            principal: "role/PantherDevAustinAdministrator (austin_byers)".into(),
            via: Via::Console,
            error: None,
            value: Set(
                json!({"block_public_acls": false, "block_public_policy": false, "ignore_public_acls": true, "restrict_public_buckets": true}),
            ),
        },
        Expect {
            file: "PutBucketReplication__panther-analysis__1.json",
            event: Some(("PutBucketReplication", Some(Part::ReplicationConfiguration))),
            malformed: false,
            bucket: "production-backup-bucket",
            principal: format!("role/sample-role-dreamy-yonath ({sample_session})"),
            via: cli(),
            error: None,
            value: Unknown,
        },
        Expect {
            file: "PutBucketVersioning__panther-analysis__1.json",
            event: Some(("PutBucketVersioning", Some(Part::Versioning))),
            malformed: false,
            bucket: "important-files-bucket",
            principal: format!("role/AdminRole ({sample_session})"),
            via: cli(),
            error: None,
            value: Merge(json!({"status": "Suspended"})),
        },
        Expect {
            file: "PutBucketVersioning__panther-analysis__2.json",
            event: Some(("PutBucketVersioning", Some(Part::Versioning))),
            malformed: false,
            bucket: "important-files-bucket",
            principal: "testuser".into(),
            via: cli(),
            error: Some("AccessDenied"),
            value: Merge(json!({"status": "Suspended"})),
        },
    ]
}

#[test]
fn every_corpus_record_parses_and_maps() {
    if shared_corpus::dir().is_none() {
        return;
    }
    let table = table();
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .expect("the shared corpus is beside the repository")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut listed: Vec<&str> = table.iter().map(|e| e.file).collect();
    listed.sort();
    assert_eq!(files, listed, "the table lists every corpus file");
    for expect in &table {
        let path = corpus().join(expect.file);
        let parsed = reader::read(expect.file, std::fs::File::open(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", expect.file));
        assert_eq!(parsed.records, 1, "{}", expect.file);
        assert_eq!(
            parsed.malformed,
            usize::from(expect.malformed),
            "{}: {:?}",
            expect.file,
            parsed.warnings
        );
        let Some((name, part)) = expect.event else {
            assert!(parsed.events.is_empty(), "{}", expect.file);
            if expect.malformed {
                assert!(
                    parsed.warnings[0]
                        .message
                        .contains("malformed record skipped"),
                    "{:?}",
                    parsed.warnings
                );
            }
            continue;
        };
        assert_eq!(parsed.events.len(), 1, "{}", expect.file);
        let e = &parsed.events[0];
        assert_eq!(e.name, name, "{}", expect.file);
        assert_eq!(e.part, part, "{}", expect.file);
        let action = match name {
            "CreateBucket" => Action::CreateBucket,
            "DeleteBucket" => Action::DeleteBucket,
            _ => Action::Configure,
        };
        assert_eq!(e.action, action, "{}", expect.file);
        assert_eq!(e.bucket, expect.bucket, "{}", expect.file);
        assert_eq!(e.actor.principal, expect.principal, "{}", expect.file);
        assert_eq!(e.via, expect.via, "{}", expect.file);
        assert_eq!(e.error_code.as_deref(), expect.error, "{}", expect.file);
        match &expect.value {
            Want::Skip => unreachable!(),
            Want::Unknown => assert_eq!(e.value, NewValue::Unknown, "{}", expect.file),
            Want::Absent => assert_eq!(e.value, NewValue::Absent, "{}", expect.file),
            Want::Set(v) => assert_eq!(e.value, NewValue::set(v.clone()), "{}", expect.file),
            Want::Merge(v) => assert_eq!(e.value, NewValue::merge(v.clone()), "{}", expect.file),
        }
    }
}

#[test]
fn corpus_details_hold() {
    if shared_corpus::dir().is_none() {
        return;
    }
    let read = |f: &str| {
        reader::read(f, std::fs::File::open(corpus().join(f)).unwrap())
            .unwrap()
            .events
            .remove(0)
    };
    let root = read("CreateBucket__cloud-custodian__1.json");
    assert!(root.actor.root);
    assert_eq!(root.time.to_string(), "2016-06-04T12:19:03Z");
    assert_eq!(root.region.as_deref(), Some("us-west-2"));
    let lifecycle = read("PutBucketLifecycle__panther-analysis__1.json");
    assert_eq!(lifecycle.time.to_string(), "2024-11-25T22:00:58Z");
    let pab = read("PutBucketPublicAccessBlock__panther__1.json");
    assert_eq!(pab.vpc_endpoint_id.as_deref(), Some("vpce-a0d039c9"));
    assert_eq!(
        pab.event_id.as_deref(),
        Some("43258a7e-eef1-44ef-9aff-1e5b4cfd825d")
    );
    assert_eq!(pab.source_ip.as_deref(), Some("203.0.113.1"));
    let policy = read("PutBucketPolicy__panther-analysis__1.json");
    assert_eq!(policy.vpc_endpoint_id.as_deref(), Some("vpce-1111"));
    assert_eq!(policy.account.as_deref(), Some("123456789012"));
}

#[test]
fn the_whole_folder_reads_as_one_source() {
    if shared_corpus::dir().is_none() {
        return;
    }
    let parsed = s3drift::trail::source_local::read_cloudtrail(corpus().to_str().unwrap()).unwrap();
    assert_eq!(parsed.records, 27);
    assert_eq!(parsed.malformed, 2);
    assert_eq!(parsed.events.len(), 24);
}

/// One fixture file: records read, malformed ones, and the events it gives as
/// (name, part, bucket, principal, via, error code).
type FixtureEvent = (
    &'static str,
    Option<Part>,
    &'static str,
    &'static str,
    Via,
    Option<&'static str>,
);

fn fixture_table() -> Vec<(&'static str, usize, usize, Vec<FixtureEvent>)> {
    let boto = || Via::Sdk("boto3 (python)".into());
    vec![
        (
            "policy-object-1.05.json",
            1,
            0,
            vec![(
                "PutBucketPolicy",
                Some(Part::Policy),
                "acme-shapes-logs",
                "role/platform-admin (alice)",
                Via::Console,
                None,
            )],
        ),
        (
            "policy-string.json",
            1,
            0,
            vec![(
                "PutBucketPolicy",
                Some(Part::Policy),
                "acme-shapes-logs",
                "role/deployer (ci-run-4411)",
                boto(),
                None,
            )],
        ),
        (
            "null-parameters.json",
            1,
            0,
            vec![(
                "PutBucketPolicy",
                Some(Part::Policy),
                "",
                "role/platform-admin (alice)",
                Via::Console,
                None,
            )],
        ),
        (
            "envelope-1.11-ownership.json",
            1,
            0,
            vec![(
                "PutBucketOwnershipControls",
                Some(Part::OwnershipControls),
                "acme-shapes-data",
                "sso/Admin (bob@example.com)",
                Via::Console,
                None,
            )],
        ),
        (
            "versioning-denied.json",
            1,
            0,
            vec![(
                "PutBucketVersioning",
                Some(Part::Versioning),
                "acme-shapes-data",
                "mallory",
                Via::Cli,
                Some("AccessDenied"),
            )],
        ),
        ("read-only-get.json", 1, 0, vec![]),
        (
            "root-create-bucket-1.03.json",
            1,
            0,
            vec![(
                "CreateBucket",
                None,
                "acme-shapes-new",
                "root",
                Via::Console,
                None,
            )],
        ),
        (
            "delivered-file.json",
            3,
            0,
            vec![
                (
                    "PutBucketLifecycle",
                    Some(Part::LifecycleRule),
                    "acme-shapes-logs",
                    "role/terraform (terraform-apply)",
                    Via::Terraform,
                    None,
                ),
                (
                    "PutBucketTagging",
                    Some(Part::Tags),
                    "acme-shapes-logs",
                    "role/terraform (terraform-apply)",
                    Via::Terraform,
                    None,
                ),
                (
                    "DeleteBucketEncryption",
                    Some(Part::ServerSideEncryptionConfiguration),
                    "acme-shapes-logs",
                    "ops",
                    Via::Cli,
                    None,
                ),
            ],
        ),
        (
            "json-lines.jsonl",
            3,
            0,
            vec![
                (
                    "PutBucketTagging",
                    Some(Part::Tags),
                    "acme-shapes-logs",
                    "role/terraform (terraform-apply)",
                    Via::Terraform,
                    None,
                ),
                (
                    "PutBucketPublicAccessBlock",
                    Some(Part::PublicAccessBlock),
                    "acme-shapes-data",
                    "role/platform-admin (alice)",
                    Via::Console,
                    None,
                ),
            ],
        ),
        (
            "lookup-events.json",
            1,
            0,
            vec![(
                "DeleteBucketPolicy",
                Some(Part::Policy),
                "acme-shapes-logs",
                "role/deployer (ci-run-4412)",
                boto(),
                None,
            )],
        ),
    ]
}

#[test]
fn every_fixture_record_shape_parses_and_maps() {
    let table = fixture_table();
    let mut files: Vec<String> = std::fs::read_dir(shapes("cloudtrail"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut listed: Vec<&str> = table.iter().map(|e| e.0).collect();
    listed.sort();
    assert_eq!(files, listed, "the table lists every fixture");
    for (file, records, malformed, events) in table {
        let path = shapes("cloudtrail").join(file);
        let parsed = reader::read(file, std::fs::File::open(&path).unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(parsed.records, records, "{file}");
        assert_eq!(parsed.malformed, malformed, "{file}: {:?}", parsed.warnings);
        type Owned = (String, Option<Part>, String, String, Via, Option<String>);
        let got: Vec<Owned> = parsed
            .events
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.part,
                    e.bucket.clone(),
                    e.actor.principal.clone(),
                    e.via.clone(),
                    e.error_code.clone(),
                )
            })
            .collect();
        let events: Vec<Owned> = events
            .into_iter()
            .map(|(n, p, b, who, via, err)| {
                (n.into(), p, b.into(), who.into(), via, err.map(Into::into))
            })
            .collect();
        assert_eq!(got, events, "{file}");
    }
}

#[test]
fn fixture_values_and_details_hold() {
    let read = |f: &str| {
        reader::read(
            f,
            std::fs::File::open(shapes("cloudtrail").join(f)).unwrap(),
        )
        .unwrap()
        .events
    };
    // bucketPolicy as an object and as a string give the same policy.
    let object = read("policy-object-1.05.json").remove(0);
    let string = read("policy-string.json").remove(0);
    assert_eq!(object.value, string.value);
    assert!(
        matches!(object.value, NewValue::Set(_)),
        "{:?}",
        object.value
    );
    assert_eq!(object.vpc_endpoint_id.as_deref(), Some("vpce-0a1b2c3d"));
    // No requestParameters: the change is known, its value is not.
    assert_eq!(read("null-parameters.json")[0].value, NewValue::Unknown);
    // xmlns is not part of a value.
    assert_eq!(
        read("envelope-1.11-ownership.json")[0].value,
        NewValue::set(json!({"object_ownership": "BucketOwnerEnforced"}))
    );
    let denied = read("versioning-denied.json").remove(0);
    assert!(!denied.succeeded());
    assert_eq!(
        denied.value,
        NewValue::merge(json!({"status": "Suspended"}))
    );
    let root = read("root-create-bucket-1.03.json").remove(0);
    assert!(root.actor.root);
    assert_eq!(root.action, Action::CreateBucket);
    assert_eq!(root.region.as_deref(), Some("us-west-2"));
    let file = read("delivered-file.json");
    assert_eq!(
        file[1].value,
        NewValue::set(json!({"cost-centre": "42", "team": "platform"}))
    );
    assert_eq!(file[2].value, NewValue::Absent);
    assert_eq!(file[0].time.to_string(), "2026-10-09T14:00:00Z");
}

#[test]
fn the_fixture_folder_reads_as_one_source() {
    let parsed =
        s3drift::trail::source_local::read_cloudtrail(shapes("cloudtrail").to_str().unwrap())
            .unwrap();
    assert_eq!(parsed.records, 14);
    assert_eq!(parsed.malformed, 0);
    assert_eq!(parsed.events.len(), 12);
}

#[test]
fn access_log_of_object_operations_has_no_config_events() {
    let dir = shapes("access-logs");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(file).unwrap();
    let parsed = s3drift::trail::access_log::read("fixture.log", &text);
    assert_eq!(parsed.records, 10);
    assert_eq!(parsed.malformed, 0, "{:?}", parsed.warnings);
    assert!(parsed.events.is_empty());
}

#[test]
fn corpus_access_log_reads_without_config_events() {
    let Some(dir) = shared_corpus::folder("s3-access-logs") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("elastic-integrations__test-s3-server-access.log"))
        .unwrap();
    let parsed = s3drift::trail::access_log::read("corpus.log", &text);
    assert_eq!(parsed.records, 10);
    assert_eq!(parsed.malformed, 0, "{:?}", parsed.warnings);
    assert!(parsed.events.is_empty());
}
