//! The live reader against a real S3 API (moto), through the recording proxy: canonical
//! values, one call per part, not-configured answers, missing buckets, AccessDenied,
//! SlowDown, owner changes, other regions and remote state.

mod support;

use s3drift::aws::AwsSettings;
use s3drift::live::{self, ReadOptions};
use s3drift::model::Target;
use s3drift::model::{LivePart, LiveStatus, Part, Snapshot};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use support::moto::Moto;
use support::proxy::{Proxy, Reply};

const FULL: &str = "full.bucket.example";
const LOCKED: &str = "full.bucket.example-locked";

fn target(bucket: &str) -> Target {
    Target {
        bucket: bucket.to_string(),
        account: None,
        region: None,
    }
}

fn settings(proxy: &Proxy) -> AwsSettings {
    support::init_process_env();
    AwsSettings {
        endpoint_url: Some(proxy.endpoint.clone()),
        region: Some("us-east-1".into()),
        ..Default::default()
    }
}

async fn read(proxy: &Proxy, targets: &[Target]) -> Snapshot {
    let opts = ReadOptions {
        concurrency: 8,
        progress: false,
        ..ReadOptions::default()
    };
    live::read(&settings(proxy), targets, &opts)
        .await
        .expect("live read")
}

fn full_bucket(moto: &Moto, bucket: &str) {
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/live/full_bucket.py"
    ))
    .expect("fixture script");
    moto.boto3(&format!("BUCKET = {bucket:?}\n{script}"));
}

fn value(snap: &Snapshot, bucket: &str, part: Part) -> Value {
    match snap.buckets[bucket].parts.get(&part) {
        Some(LivePart::Present { value }) => value.to_value(),
        other => panic!("{bucket} {part}: expected a value, got {other:?}"),
    }
}

fn status(snap: &Snapshot, bucket: &str, part: Part) -> &'static str {
    match snap.buckets[bucket].parts.get(&part) {
        Some(LivePart::Present { .. }) => "present",
        Some(LivePart::Absent) => "absent",
        Some(LivePart::Unreadable { .. }) => "unreadable",
        None => "not read",
    }
}

/// The sub-resources of the 13 monitored GETs, as they appear in the query string.
const SUBRESOURCES: [&str; 13] = [
    "acl",
    "cors",
    "encryption",
    "lifecycle",
    "logging",
    "object-lock",
    "ownershipControls",
    "policy",
    "publicAccessBlock",
    "replication",
    "tagging",
    "versioning",
    "website",
];

#[tokio::test(flavor = "multi_thread")]
async fn clean_read_gives_canonical_values_with_one_call_per_part() {
    let moto = Moto::start();
    full_bucket(&moto, FULL);
    let proxy = Proxy::start(moto.addr);
    let before = jiff::Timestamp::now();
    let snap = read(&proxy, &[target(FULL), target(LOCKED)]).await;
    assert!(snap.captured_at >= before);

    let b = &snap.buckets[FULL];
    assert_eq!(b.status, LiveStatus::Present);
    assert_eq!(b.region.as_deref(), Some("us-east-1"));
    assert!(b.owner_id.as_deref().is_some_and(|id| id.len() == 64));
    assert_eq!(b.parts.len(), 13, "every part is read");

    assert_eq!(
        value(&snap, FULL, Part::Versioning),
        json!({"status": "Enabled", "mfa_delete": false})
    );
    assert_eq!(
        value(&snap, FULL, Part::ServerSideEncryptionConfiguration),
        json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms",
            "kms_master_key_id": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
            "bucket_key_enabled": true}})
    );
    assert_eq!(
        value(&snap, FULL, Part::LifecycleRule),
        json!({"logs": {"status": "Enabled", "filter": {"prefix": "logs/"}, "expiration": {"days": 90},
            "transition": {"STANDARD_IA": {"days": 30}}, "noncurrent_version_expiration": {"noncurrent_days": 60},
            "abort_incomplete_multipart_upload": {"days_after_initiation": 7}}})
    );
    // moto hard-codes parts of replication rules (a moto limitation): only the stable fields are checked.
    let replication = value(&snap, FULL, Part::ReplicationConfiguration);
    assert_eq!(
        replication["role"],
        json!("arn:aws:iam::123456789012:role/replication")
    );
    assert_eq!(replication["rules"]["all"]["status"], json!("Enabled"));
    assert_eq!(replication["rules"]["all"]["priority"], json!(1));
    assert_eq!(
        replication["rules"]["all"]["destination"]["bucket"],
        json!(format!("arn:aws:s3:::{FULL}-replica"))
    );
    assert_eq!(
        value(&snap, FULL, Part::Logging),
        json!({"target_bucket": format!("{FULL}-logs"), "target_prefix": "access/"})
    );
    assert_eq!(
        value(&snap, FULL, Part::PublicAccessBlock),
        json!({"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true,
            "restrict_public_buckets": false})
    );
    assert_eq!(
        value(&snap, FULL, Part::CorsRule),
        json!({"web": {"allowed_headers": ["*"], "allowed_methods": ["GET", "PUT"],
            "allowed_origins": ["https://example.com"], "max_age_seconds": 300}})
    );
    assert_eq!(
        value(&snap, FULL, Part::Website),
        json!({"index_document": "index.html", "error_document": "error.html",
            "routing_rules": [{"Condition": {"KeyPrefixEquals": "docs/"},
                "Redirect": {"ReplaceKeyPrefixWith": "documents/"}}]})
    );
    assert_eq!(
        value(&snap, FULL, Part::Policy)["Statement"][0]["Sid"],
        json!("DenyInsecure")
    );
    assert_eq!(
        value(&snap, FULL, Part::Acl),
        json!({"grant": ["FULL_CONTROL owner"]})
    );
    assert_eq!(
        value(&snap, FULL, Part::OwnershipControls),
        json!({"object_ownership": "BucketOwnerPreferred"})
    );
    assert_eq!(
        value(&snap, FULL, Part::Tags),
        json!({"env": "prod", "team": "platform"})
    );
    assert_eq!(status(&snap, FULL, Part::ObjectLockConfiguration), "absent");

    // The bare bucket: every "not configured" code is an absent part, not an error.
    for part in [
        Part::ServerSideEncryptionConfiguration,
        Part::LifecycleRule,
        Part::ReplicationConfiguration,
        Part::Logging,
        Part::PublicAccessBlock,
        Part::CorsRule,
        Part::Website,
        Part::Policy,
        Part::OwnershipControls,
        Part::Tags,
    ] {
        assert_eq!(status(&snap, LOCKED, part), "absent", "{part}");
    }
    assert_eq!(
        value(&snap, LOCKED, Part::ObjectLockConfiguration),
        json!({"object_lock_enabled": "Enabled", "rule": {"default_retention": {"mode": "GOVERNANCE", "days": 5}}})
    );

    // Exactly one call per part per bucket, plus the one HeadBucket, and nothing else.
    let mut want = BTreeMap::new();
    for bucket in [FULL, LOCKED] {
        want.insert((bucket.to_string(), "HEAD".to_string(), String::new()), 1);
        for sub in SUBRESOURCES {
            want.insert((bucket.to_string(), "GET".to_string(), sub.to_string()), 1);
        }
    }
    assert_eq!(proxy.counts(), want);
    proxy.assert_read_only();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_bucket_is_missing_after_one_call() {
    let moto = Moto::start();
    moto.boto3("s3.create_bucket(Bucket='doomed')\ns3.delete_bucket(Bucket='doomed')");
    let proxy = Proxy::start(moto.addr);
    let snap = read(&proxy, &[target("doomed")]).await;
    let b = &snap.buckets["doomed"];
    assert_eq!(b.status, LiveStatus::Missing);
    assert!(b.parts.is_empty());
    assert_eq!(proxy.requests().len(), 1);
    proxy.assert_read_only();
}

#[tokio::test(flavor = "multi_thread")]
async fn access_denied_parts_are_unreadable_and_the_rest_is_read() {
    let moto = Moto::start();
    full_bucket(&moto, FULL);
    let clean = read(&Proxy::start(moto.addr), &[target(FULL)]).await;

    let proxy = Proxy::start(moto.addr);
    let denied = |r: &support::proxy::Request| {
        r.method == "GET" && matches!(r.subresource(), "tagging" | "policy")
    };
    proxy.inject(
        denied,
        Reply::Error {
            status: 403,
            code: "AccessDenied".into(),
        },
        None,
    );
    let snap = read(&proxy, &[target(FULL)]).await;
    let b = &snap.buckets[FULL];
    assert_eq!(b.status, LiveStatus::Present);
    for part in [Part::Tags, Part::Policy] {
        match &b.parts[&part] {
            LivePart::Unreadable { reason } => {
                assert!(reason.starts_with("AccessDenied"), "{reason}")
            }
            other => panic!("{part}: {other:?}"),
        }
    }
    for (part, live) in &b.parts {
        if ![Part::Tags, Part::Policy].contains(part) {
            assert_eq!(Some(live), clean.buckets[FULL].parts.get(part), "{part}");
        }
    }
    // A denied call is not retried.
    assert_eq!(proxy.injected().len(), 2);
    proxy.assert_read_only();
}

#[tokio::test(flavor = "multi_thread")]
async fn slowdown_is_retried_to_the_same_result() {
    let moto = Moto::start();
    full_bucket(&moto, FULL);
    let clean = read(&Proxy::start(moto.addr), &[target(FULL), target(LOCKED)]).await;

    let proxy = Proxy::start(moto.addr);
    // The first few calls of several kinds answer 503 SlowDown, as S3 does under load.
    for sub in ["versioning", "policy", "tagging", "acl", ""] {
        proxy.inject(
            move |r| r.subresource() == sub,
            Reply::Error {
                status: 503,
                code: "SlowDown".into(),
            },
            Some(2),
        );
    }
    let snap = read(&proxy, &[target(FULL), target(LOCKED)]).await;
    assert_eq!(snap.buckets, clean.buckets);
    assert_eq!(proxy.injected().len(), 10);
    proxy.assert_read_only();
}

#[tokio::test(flavor = "multi_thread")]
async fn expected_owner_is_sent_and_a_foreign_owner_is_detected() {
    let moto = Moto::start();
    moto.boto3("s3.create_bucket(Bucket='ours')\ns3.create_bucket(Bucket='recreated')");
    let proxy = Proxy::start(moto.addr);
    // moto ignores ExpectedBucketOwner; answer for S3: the re-created bucket belongs to
    // another account, so any request that expects ours is refused.
    proxy.inject(
        |r| r.bucket() == Some("recreated") && r.expected_owner().is_some(),
        Reply::Error {
            status: 403,
            code: "AccessDenied".into(),
        },
        None,
    );
    let account = Some("123456789012".to_string());
    let targets = [
        Target {
            account: account.clone(),
            ..target("ours")
        },
        Target {
            account: account.clone(),
            ..target("recreated")
        },
    ];
    let snap = read(&proxy, &targets).await;
    assert_eq!(snap.buckets["ours"].status, LiveStatus::Present);
    assert_eq!(snap.buckets["ours"].account, account);
    let re = &snap.buckets["recreated"];
    assert_eq!(re.status, LiveStatus::OwnerChanged);
    assert!(re.parts.is_empty(), "another owner's bucket is not read");

    for r in proxy.requests() {
        if r.bucket() == Some("ours") {
            assert_eq!(r.expected_owner(), Some("123456789012"), "{r:?}");
        }
    }
    // The proof costs one extra HeadBucket, without the header, and nothing else.
    let recreated: Vec<_> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.bucket() == Some("recreated"))
        .collect();
    assert_eq!(recreated.len(), 2);
    assert!(recreated.iter().all(|r| r.method == "HEAD"));
    assert_eq!(recreated[1].expected_owner(), None);
    proxy.assert_read_only();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bucket_in_another_region_is_read_there() {
    let moto = Moto::start();
    moto.boto3(
        "s3_in('eu-west-1').create_bucket(Bucket='west.example.com', \
         CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})\n\
         s3_in('eu-west-1').put_bucket_tagging(Bucket='west.example.com', \
         Tagging={'TagSet': [{'Key': 'k', 'Value': 'v'}]})",
    );
    let proxy = Proxy::start(moto.addr);
    // As S3 does: a request signed for another region is redirected to the bucket's.
    proxy.inject(
        |r| r.bucket() == Some("west.example.com") && r.signing_region() != Some("eu-west-1"),
        Reply::Redirect {
            region: "eu-west-1".into(),
        },
        None,
    );
    let snap = read(&proxy, &[target("west.example.com")]).await;
    let b = &snap.buckets["west.example.com"];
    assert_eq!(b.status, LiveStatus::Present);
    assert_eq!(b.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        value(&snap, "west.example.com", Part::Tags),
        json!({"k": "v"})
    );
    // One redirected HeadBucket, then everything in eu-west-1.
    assert_eq!(proxy.injected().len(), 1);
    assert_eq!(proxy.requests().len(), 15);

    // With the region known from state, there is no redirect at all.
    proxy.clear();
    let hinted = Target {
        region: Some("eu-west-1".into()),
        ..target("west.example.com")
    };
    let again = read(&proxy, &[hinted]).await;
    assert_eq!(again.buckets, snap.buckets);
    assert!(proxy.injected().is_empty());
    assert_eq!(proxy.requests().len(), 14);
    proxy.assert_read_only();
}

#[tokio::test(flavor = "multi_thread")]
async fn remote_state_is_read_in_its_own_region() {
    let moto = Moto::start();
    moto.boto3(
        "s3_in('eu-central-1').create_bucket(Bucket='acme.tfstate', \
         CreateBucketConfiguration={'LocationConstraint': 'eu-central-1'})\n\
         c = s3_in('eu-central-1')\n\
         c.put_object(Bucket='acme.tfstate', Key='prod/terraform.tfstate', Body=b'{\"version\": 4}')\n\
         c.put_object(Bucket='acme.tfstate', Key='ws/blue/prod/terraform.tfstate', Body=b'{\"version\": 4, \"serial\": 2}')",
    );
    let proxy = Proxy::start(moto.addr);
    proxy.inject(
        |r| r.signing_region() != Some("eu-central-1"),
        Reply::Redirect {
            region: "eu-central-1".into(),
        },
        None,
    );
    let aws = settings(&proxy);
    let state = s3drift::state::remote::fetch(&aws, "s3://acme.tfstate/prod/terraform.tfstate")
        .await
        .expect("remote state");
    assert_eq!(state.text, "{\"version\": 4}");
    assert_eq!(state.name, "s3://acme.tfstate/prod/terraform.tfstate");
    assert!(state.last_modified.is_some());

    let missing = s3drift::state::remote::fetch(&aws, "s3://acme.tfstate/nope.tfstate")
        .await
        .unwrap_err();
    assert!(
        missing.message.contains("no such object"),
        "{}",
        missing.message
    );

    // The same object through a backend "s3" block with a workspace.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("backend.tf"),
        format!(
            "terraform {{\n  backend \"s3\" {{\n    bucket = \"acme.tfstate\"\n    key = \"prod/terraform.tfstate\"\n    \
             region = \"eu-central-1\"\n    workspace_key_prefix = \"ws\"\n    use_path_style = true\n    \
             endpoints = {{ s3 = \"{}\" }}\n  }}\n}}\n",
            proxy.endpoint
        ),
    )
    .unwrap();
    let location = s3drift::state::backend::resolve(dir.path(), Some("blue"), &[]).unwrap();
    let s3drift::state::backend::Location::S3(backend) = location else {
        panic!("expected an s3 backend");
    };
    let no_endpoint = AwsSettings {
        endpoint_url: None,
        ..aws.clone()
    };
    let state = s3drift::state::backend::fetch_backend(&no_endpoint, &backend)
        .await
        .expect("backend state");
    assert_eq!(state.text, "{\"version\": 4, \"serial\": 2}");
    assert_eq!(
        state.name,
        "s3://acme.tfstate/ws/blue/prod/terraform.tfstate"
    );
    proxy.assert_read_only();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreachable_endpoint_makes_every_part_unreadable_quickly() {
    support::init_process_env();
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let aws = AwsSettings {
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
        region: Some("us-east-1".into()),
        ..Default::default()
    };
    let start = std::time::Instant::now();
    let snap = live::read(&aws, &[target("a"), target("b")], &ReadOptions::default())
        .await
        .expect("a read with unreadable parts, not an error");
    assert!(start.elapsed().as_secs() < 60);
    for bucket in ["a", "b"] {
        let b = &snap.buckets[bucket];
        assert_eq!(b.status, LiveStatus::Present);
        assert_eq!(b.parts.len(), 13);
        for part in b.parts.values() {
            match part {
                LivePart::Unreadable { reason } => {
                    assert!(reason.starts_with("HeadBucket failed"), "{reason}")
                }
                other => panic!("{other:?}"),
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn list_buckets_lists_the_account() {
    let moto = Moto::start();
    moto.boto3(
        "s3.create_bucket(Bucket='b-two')\ns3.create_bucket(Bucket='a.one')\n\
         s3_in('eu-west-1').create_bucket(Bucket='c-three', CreateBucketConfiguration={'LocationConstraint': 'eu-west-1'})",
    );
    let proxy = Proxy::start(moto.addr);
    let listed = live::list_buckets(&settings(&proxy)).await.expect("list");
    let names: Vec<_> = listed.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["a.one", "b-two", "c-three"]);
    assert!(listed.iter().all(|b| b.created.is_some()));
    // moto does not send `BucketRegion`; AWS does when the request has a page size.
    proxy.assert_read_only();
}

#[tokio::test]
async fn no_targets_need_no_credentials() {
    let aws = AwsSettings {
        profile: Some("s3drift-test-no-such-profile".into()),
        endpoint_url: Some("http://127.0.0.1:9".into()),
        ..Default::default()
    };
    let snap = live::read(&aws, &[], &ReadOptions::default())
        .await
        .unwrap();
    assert!(snap.buckets.is_empty());
}
