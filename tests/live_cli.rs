//! End-to-end through the binary: `s3drift check` and `s3drift snapshot` against a moto S3
//! server, with the tool's traffic going through the recording proxy (and only reads in
//! it), and out-of-band changes made by a second client (boto3), as an operator would.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use support::moto::Moto;
use support::proxy::{Proxy, Reply, Request};

const FULL: &str = "full.bucket.example";
const LOCKED: &str = "full.bucket.example-locked";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/live")
        .join(name)
}

fn state() -> String {
    fixture("full.tfstate").display().to_string()
}

/// The buckets of `fixtures/live/full.tfstate`, configured to match it.
fn setup(moto: &Moto) {
    let script = std::fs::read_to_string(fixture("full_bucket.py")).expect("fixture script");
    moto.boto3(&format!("BUCKET = {FULL:?}\n{script}"));
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}):\n{}\n--- stderr ---\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// `(bucket, path, kind, code)` of every finding.
    fn findings(&self) -> Vec<(String, String, String, String)> {
        let report = self.json();
        let mut out: Vec<_> = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
                (s("bucket"), s("path"), s("kind"), s("code"))
            })
            .collect();
        out.sort();
        out
    }
}

fn run(args: &[&str]) -> Run {
    let out = support::s3drift().args(args).output().expect("run s3drift");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `s3drift check --format json` against the proxy, with `extra` arguments.
fn check(proxy: &Proxy, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--region",
        "us-east-1",
        "--endpoint-url",
        &proxy.endpoint,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn matching_state_and_live_exit_0_with_no_findings() {
    let moto = Moto::start();
    setup(&moto);
    let proxy = Proxy::start(moto.addr);
    // The state's policy has another key order, whitespace, `{"AWS": "*"}` for `"*"` and
    // a one-element list for a string: the same policy, so no drift.
    let r = check(&proxy, &["--state", &state()]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.findings(), vec![]);
    assert_eq!(r.json()["summary"]["buckets"], 2);
    // 2 buckets × (HeadBucket + 13 GETs), nothing else.
    assert_eq!(proxy.requests().len(), 28);
    proxy.assert_read_only();
}

#[test]
fn a_typo_in_an_event_source_fails_before_any_live_request() {
    let moto = Moto::start();
    setup(&moto);
    let proxy = Proxy::start(moto.addr);
    for flag in ["--cloudtrail", "--access-logs"] {
        let r = check(
            &proxy,
            &["--state", &state(), flag, "./trail-exprot/no-such-folder"],
        );
        assert_eq!(r.code, 1, "{flag}: {}", r.stderr);
        assert!(
            r.stderr.contains("no such file or folder"),
            "{flag}: {}",
            r.stderr
        );
        assert!(
            proxy.requests().is_empty(),
            "{flag}: the live read started: {:?}",
            proxy.requests()
        );
    }
}

/// One out-of-band change per monitored part, each on a fresh copy of the buckets, and the
/// one finding it must give: `(bucket, path prefix, kind)`.
const CHANGES: &[(&str, &str, &str, &str)] = &[
    (
        "s3.put_bucket_versioning(Bucket=FULL, VersioningConfiguration={'Status': 'Suspended'})",
        FULL,
        "versioning.status",
        "changed",
    ),
    (
        "s3.put_bucket_encryption(Bucket=FULL, ServerSideEncryptionConfiguration={'Rules': [\
         {'ApplyServerSideEncryptionByDefault': {'SSEAlgorithm': 'AES256'}, 'BucketKeyEnabled': True}]})",
        FULL,
        "server_side_encryption_configuration.",
        "changed",
    ),
    (
        "s3.put_bucket_lifecycle_configuration(Bucket=FULL, LifecycleConfiguration={'Rules': [{\
         'ID': 'logs', 'Status': 'Enabled', 'Filter': {'Prefix': 'logs/'}, 'Expiration': {'Days': 30},\
         'Transitions': [{'Days': 30, 'StorageClass': 'STANDARD_IA'}],\
         'NoncurrentVersionExpiration': {'NoncurrentDays': 60},\
         'AbortIncompleteMultipartUpload': {'DaysAfterInitiation': 7}}]})",
        FULL,
        "lifecycle_rule[logs].expiration",
        "changed",
    ),
    (
        "s3.put_bucket_replication(Bucket=FULL, ReplicationConfiguration={\
         'Role': 'arn:aws:iam::123456789012:role/other', 'Rules': [{'ID': 'all', 'Status': 'Enabled',\
         'Priority': 1, 'Filter': {'Prefix': ''}, 'DeleteMarkerReplication': {'Status': 'Disabled'},\
         'Destination': {'Bucket': 'arn:aws:s3:::' + FULL + '-replica'}}]})",
        FULL,
        "replication_configuration.role",
        "changed",
    ),
    (
        "s3.put_bucket_logging(Bucket=FULL, BucketLoggingStatus={'LoggingEnabled': {\
         'TargetBucket': FULL + '-logs', 'TargetPrefix': 'elsewhere/'}})",
        FULL,
        "logging.target_prefix",
        "changed",
    ),
    (
        "s3.put_public_access_block(Bucket=FULL, PublicAccessBlockConfiguration={\
         'BlockPublicAcls': False, 'IgnorePublicAcls': True, 'BlockPublicPolicy': True,\
         'RestrictPublicBuckets': False})",
        FULL,
        "public_access_block.block_public_acls",
        "changed",
    ),
    (
        "s3.put_bucket_cors(Bucket=FULL, CORSConfiguration={'CORSRules': [{'ID': 'web',\
         'AllowedMethods': ['PUT', 'GET', 'DELETE'], 'AllowedOrigins': ['https://example.com'],\
         'AllowedHeaders': ['*'], 'MaxAgeSeconds': 300}]})",
        FULL,
        "cors_rule[web]",
        "changed",
    ),
    (
        "s3.put_bucket_website(Bucket=FULL, WebsiteConfiguration={'IndexDocument': {'Suffix': 'home.html'},\
         'ErrorDocument': {'Key': 'error.html'}, 'RoutingRules': [{'Condition': {'KeyPrefixEquals': 'docs/'},\
         'Redirect': {'ReplaceKeyPrefixWith': 'documents/'}}]})",
        FULL,
        "website.index_document",
        "changed",
    ),
    (
        "s3.put_object_lock_configuration(Bucket=LOCKED, ObjectLockConfiguration={\
         'ObjectLockEnabled': 'Enabled', 'Rule': {'DefaultRetention': {'Mode': 'GOVERNANCE', 'Days': 10}}})",
        LOCKED,
        "object_lock_configuration.rule.default_retention.days",
        "changed",
    ),
    (
        "p = json.loads(s3.get_bucket_policy(Bucket=FULL)['Policy'])\n\
         p['Statement'].append({'Sid': 'Partner', 'Effect': 'Allow',\
         'Principal': {'AWS': 'arn:aws:iam::999988887777:root'}, 'Action': 's3:GetObject',\
         'Resource': 'arn:aws:s3:::' + FULL + '/*'})\n\
         s3.put_bucket_policy(Bucket=FULL, Policy=json.dumps(p))",
        FULL,
        "policy",
        "changed",
    ),
    (
        "owner = s3.get_bucket_acl(Bucket=FULL)['Owner']\n\
         s3.put_bucket_acl(Bucket=FULL, AccessControlPolicy={'Owner': owner, 'Grants': [\
         {'Grantee': {'Type': 'CanonicalUser', 'ID': owner['ID']}, 'Permission': 'FULL_CONTROL'},\
         {'Grantee': {'Type': 'Group', 'URI': 'http://acs.amazonaws.com/groups/global/AllUsers'},\
         'Permission': 'READ'}]})",
        FULL,
        "acl",
        "",
    ),
    (
        "s3.put_bucket_ownership_controls(Bucket=FULL, OwnershipControls={'Rules': [{'ObjectOwnership': 'ObjectWriter'}]})",
        FULL,
        "ownership_controls.object_ownership",
        "changed",
    ),
    (
        "s3.put_bucket_tagging(Bucket=FULL, Tagging={'TagSet': [{'Key': 'team', 'Value': 'platform'},\
         {'Key': 'env', 'Value': 'prod'}, {'Key': 'cost-center', 'Value': '42'}]})",
        FULL,
        "tags.cost-center",
        "added_live",
    ),
];

#[test]
fn each_part_changed_out_of_band_gives_exactly_that_finding() {
    let moto = Moto::start();
    let proxy = Proxy::start(moto.addr);
    for (script, bucket, path, kind) in CHANGES {
        moto.reset();
        setup(&moto);
        moto.boto3(&format!("FULL = {FULL:?}\nLOCKED = {LOCKED:?}\n{script}"));
        let r = check(&proxy, &["--state", &state()]);
        let findings = r.findings();
        assert_eq!(
            findings.len(),
            1,
            "{path}: expected one finding, got {findings:#?}\n{}",
            r.stderr
        );
        let (b, p, k, _code) = &findings[0];
        assert_eq!(b, bucket, "{path}");
        assert!(p.starts_with(path), "{path}: finding at {p}");
        if !kind.is_empty() {
            assert_eq!(k, kind, "{path}");
        }
        assert_eq!(r.code, 2, "{path}: drift exits 2\n{}", r.stderr);
    }
    proxy.assert_read_only();
}

#[test]
fn deleted_bucket_added_policy_and_reformatted_policy() {
    let moto = Moto::start();
    setup(&moto);
    let proxy = Proxy::start(moto.addr);
    // The same policy written again with other formatting is still no drift.
    moto.boto3(&format!(
        "p = json.loads(s3.get_bucket_policy(Bucket={FULL:?})['Policy'])\n\
         s3.put_bucket_policy(Bucket={FULL:?}, Policy=json.dumps(p, indent=4, sort_keys=True))"
    ));
    let r = check(&proxy, &["--state", &state()]);
    assert_eq!(r.findings(), vec![], "{}", r.stderr);
    assert_eq!(r.code, 0);

    // A policy on a bucket whose state has none is added live.
    moto.boto3(&format!(
        "s3.put_bucket_policy(Bucket={LOCKED:?}, Policy=json.dumps({{'Version': '2012-10-17', 'Statement': [\
         {{'Effect': 'Allow', 'Principal': '*', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::{LOCKED}/*'}}]}}))"
    ));
    let r = check(&proxy, &["--state", &state()]);
    let findings = r.findings();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(
        (
            findings[0].0.as_str(),
            findings[0].1.as_str(),
            findings[0].2.as_str()
        ),
        (LOCKED, "policy", "added_live")
    );
    assert_eq!(r.code, 2);

    // The bucket deleted out of band is missing live.
    moto.boto3(&format!(
        "s3.delete_bucket_policy(Bucket={LOCKED:?})\ns3.delete_bucket(Bucket={LOCKED:?})"
    ));
    let r = check(&proxy, &["--state", &state()]);
    let findings = r.findings();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].0, LOCKED);
    assert_eq!(findings[0].2, "missing_live");
    assert_eq!(r.code, 2);
    proxy.assert_read_only();
}

#[test]
fn access_denied_is_unreadable_not_drift() {
    let moto = Moto::start();
    setup(&moto);
    let proxy = Proxy::start(moto.addr);
    proxy.inject(
        |r: &Request| r.method == "GET" && matches!(r.subresource(), "tagging" | "encryption"),
        Reply::Error {
            status: 403,
            code: "AccessDenied".into(),
        },
        None,
    );
    let r = check(&proxy, &["--state", &state()]);
    let findings = r.findings();
    assert!(!findings.is_empty());
    for (_, path, kind, _) in &findings {
        assert_eq!(kind, "unreadable", "{path}");
    }
    assert!(findings
        .iter()
        .any(|f| f.0 == FULL && f.1.starts_with("tags")));
    assert!(findings
        .iter()
        .any(|f| f.0 == FULL && f.1.starts_with("server_side_encryption_configuration")));
    assert_eq!(r.code, 0, "unreadable is not drift\n{}", r.stderr);
    proxy.assert_read_only();

    // A bucket whose every read is denied is called out as a whole.
    let proxy = Proxy::start(moto.addr);
    proxy.inject(
        |r: &Request| r.bucket() == Some(LOCKED),
        Reply::Error {
            status: 403,
            code: "AccessDenied".into(),
        },
        None,
    );
    let r = check(&proxy, &["--state", &state()]);
    let findings = r.findings();
    assert!(
        findings
            .iter()
            .any(|f| f.0 == LOCKED && f.3 == "bucket-unreadable"),
        "{findings:#?}"
    );
    assert!(
        findings.iter().all(|f| f.2 == "unreadable"),
        "{findings:#?}"
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    proxy.assert_read_only();
}

#[test]
fn slowdown_gives_the_same_report_as_a_clean_run() {
    let moto = Moto::start();
    setup(&moto);
    moto.boto3(&format!(
        "s3.put_bucket_versioning(Bucket={FULL:?}, VersioningConfiguration={{'Status': 'Suspended'}})"
    ));
    let clean_proxy = Proxy::start(moto.addr);
    let clean = check(&clean_proxy, &["--state", &state()]);
    assert_eq!(clean.code, 2);

    let proxy = Proxy::start(moto.addr);
    proxy.inject(
        |r: &Request| matches!(r.subresource(), "versioning" | "policy" | "tagging" | ""),
        Reply::Error {
            status: 503,
            code: "SlowDown".into(),
        },
        Some(6),
    );
    let slow = check(&proxy, &["--state", &state()]);
    assert_eq!(proxy.injected().len(), 6);
    assert_eq!(slow.code, clean.code, "{}", slow.stderr);
    let mut a = clean.json();
    let mut b = slow.json();
    a["captured_at"] = Value::Null;
    b["captured_at"] = Value::Null;
    // The report says how much was throttled: each of the six answers retried once.
    let warnings = b["warnings"].take();
    let throttled: Vec<&Value> = warnings
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "throttled")
        .collect();
    assert_eq!(throttled.len(), 1, "{warnings}");
    assert!(
        throttled[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("AWS throttled 6 requests; 6 retries were sent and 0 calls given up"),
        "{warnings}"
    );
    let rest: Vec<Value> = warnings
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] != "throttled")
        .cloned()
        .collect();
    if rest.is_empty() {
        // An empty list is left out of the report.
        b.as_object_mut().unwrap().remove("warnings");
    } else {
        b["warnings"] = Value::Array(rest);
    }
    // Otherwise byte for byte the clean report.
    assert_eq!(a, b);
    proxy.assert_read_only();
}

#[test]
fn snapshot_records_the_live_read_and_replays_to_the_same_findings() {
    let moto = Moto::start();
    setup(&moto);
    moto.boto3(&format!(
        "s3.put_public_access_block(Bucket={FULL:?}, PublicAccessBlockConfiguration={{\
         'BlockPublicAcls': False, 'IgnorePublicAcls': False, 'BlockPublicPolicy': False,\
         'RestrictPublicBuckets': False}})"
    ));
    let proxy = Proxy::start(moto.addr);
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("live.json");
    let r = run(&[
        "snapshot",
        "--state",
        &state(),
        "--region",
        "us-east-1",
        "--endpoint-url",
        &proxy.endpoint,
        "--output",
        snap.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let recorded = s3drift::live::snapshot_file::load(&snap).expect("a valid snapshot");
    assert_eq!(recorded.buckets.len(), 2);

    let live = check(&proxy, &["--state", &state()]);
    let replay = run(&[
        "check",
        "--format",
        "json",
        "--state",
        &state(),
        "--snapshot",
        snap.to_str().unwrap(),
    ]);
    assert_eq!(live.code, 2);
    assert_eq!(replay.code, live.code);
    assert_eq!(replay.findings(), live.findings());
    assert!(!live.findings().is_empty());
    proxy.assert_read_only();
}

#[test]
fn state_in_s3_and_a_dir_with_an_s3_backend() {
    let moto = Moto::start();
    setup(&moto);
    let state_text = std::fs::read_to_string(fixture("full.tfstate")).unwrap();
    moto.boto3(&format!(
        "c = s3_in('eu-west-2')\n\
         c.create_bucket(Bucket='acme.tfstate', CreateBucketConfiguration={{'LocationConstraint': 'eu-west-2'}})\n\
         c.put_object(Bucket='acme.tfstate', Key='live/terraform.tfstate', Body={state_text:?}.encode())\n\
         c.put_object(Bucket='acme.tfstate', Key='env:/blue/live/terraform.tfstate', Body={state_text:?}.encode())"
    ));
    let proxy = Proxy::start(moto.addr);
    // As S3 does, requests signed for another region than the bucket's are redirected.
    proxy.inject(
        |r: &Request| r.bucket() == Some("acme.tfstate") && r.signing_region() != Some("eu-west-2"),
        Reply::Redirect {
            region: "eu-west-2".into(),
        },
        None,
    );
    let r = check(
        &proxy,
        &["--state", "s3://acme.tfstate/live/terraform.tfstate"],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.json()["summary"]["buckets"], 2);

    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("backend.tf"),
        "terraform {\n  backend \"s3\" {\n    key = \"live/terraform.tfstate\"\n  }\n}\n",
    )
    .unwrap();
    let dir = root.path().to_str().unwrap();
    let r = check(
        &proxy,
        &[
            "--dir",
            dir,
            "--workspace",
            "blue",
            "--backend-config",
            "bucket=acme.tfstate",
            "--backend-config",
            "region=eu-west-2",
        ],
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(r.json()["summary"]["buckets"], 2);
    let got: Vec<_> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.bucket() == Some("acme.tfstate") && r.method == "GET")
        .map(|r| r.key().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        got,
        vec![
            "live/terraform.tfstate",
            "env%3A/blue/live/terraform.tfstate"
        ]
    );
    proxy.assert_read_only();
}

#[test]
fn another_region_a_foreign_owner_and_expected_bucket_owner() {
    let moto = Moto::start();
    moto.boto3(
        "c = s3_in('ap-southeast-2')\n\
         c.create_bucket(Bucket='far.away.example', CreateBucketConfiguration={'LocationConstraint': 'ap-southeast-2'})\n\
         c.put_bucket_versioning(Bucket='far.away.example', VersioningConfiguration={'Status': 'Enabled'})\n\
         s3.create_bucket(Bucket='recreated-by-someone-else')",
    );
    let proxy = Proxy::start(moto.addr);
    proxy.inject(
        |r: &Request| {
            r.bucket() == Some("far.away.example") && r.signing_region() != Some("ap-southeast-2")
        },
        Reply::Redirect {
            region: "ap-southeast-2".into(),
        },
        None,
    );
    // moto has one owner; answer as S3 does for a bucket of another account.
    proxy.inject(
        |r: &Request| {
            r.bucket() == Some("recreated-by-someone-else") && r.expected_owner().is_some()
        },
        Reply::Error {
            status: 403,
            code: "AccessDenied".into(),
        },
        None,
    );
    let r = check(
        &proxy,
        &["--state", fixture("owners.tfstate").to_str().unwrap()],
    );
    let findings = r.findings();
    assert_eq!(findings.len(), 1, "{findings:#?}\n{}", r.stderr);
    assert_eq!(findings[0].0, "recreated-by-someone-else");
    assert_eq!(findings[0].3, "bucket-owner-changed");
    assert_eq!(r.code, 2);
    // Every call for the far bucket after the first carried the expected owner and went
    // to its region.
    let far: Vec<_> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.bucket() == Some("far.away.example"))
        .collect();
    assert_eq!(far.len(), 15, "one redirected HeadBucket, then 14 calls");
    assert!(far
        .iter()
        .all(|r| r.expected_owner() == Some("123456789012")));
    assert!(far[1..]
        .iter()
        .all(|r| r.signing_region() == Some("ap-southeast-2")));
    proxy.assert_read_only();
}

#[test]
fn assume_role_reads_with_the_role_credentials() {
    let moto = Moto::start();
    setup(&moto);
    let proxy = Proxy::start(moto.addr);
    // moto answers STS too; the role's session credentials then sign every S3 call.
    let out = support::s3drift()
        .env("AWS_ENDPOINT_URL_STS", &moto.endpoint)
        .args([
            "check",
            "--format",
            "json",
            "--state",
            &state(),
            "--region",
            "us-east-1",
            "--endpoint-url",
            &proxy.endpoint,
            "--assume-role",
            "arn:aws:iam::123456789012:role/s3drift-read",
            "--external-id",
            "acme-drift",
            "--role-session-name",
            "drift-test",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = proxy.requests();
    assert_eq!(requests.len(), 28);
    for r in &requests {
        let auth = r.headers.get("authorization").expect("signed");
        assert!(
            !auth.contains("Credential=testing/"),
            "signed with the base credentials, not the role's: {auth}"
        );
    }
    proxy.assert_read_only();
}

#[test]
fn a_web_identity_token_works_as_github_oidc_delivers_it() {
    let moto = Moto::start();
    setup(&moto);
    let proxy = Proxy::start(moto.addr);
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(
        &token,
        "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvaW5mcmEifQ.c2ln",
    )
    .unwrap();
    // What aws-actions/configure-aws-credentials exports for OIDC: a role and a token file.
    let out = support::s3drift()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/s3drift-ci")
        .env("AWS_WEB_IDENTITY_TOKEN_FILE", &token)
        .env("AWS_ENDPOINT_URL_STS", &moto.endpoint)
        .args([
            "check",
            "--format",
            "json",
            "--state",
            &state(),
            "--endpoint-url",
            &proxy.endpoint,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(proxy.requests().len(), 28);
    proxy.assert_read_only();
}

#[test]
fn no_credentials_is_a_clear_error() {
    let out = support::s3drift()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .args([
            "check",
            "--state",
            &state(),
            "--endpoint-url",
            "http://127.0.0.1:9",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no AWS credentials"), "{stderr}");
    assert!(stderr.contains("sso login"), "{stderr}");
}

#[test]
fn expired_credentials_are_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    // A credential process that hands out credentials which expired long ago.
    std::fs::write(
        &config,
        "[profile expired]\nregion = us-east-1\ncredential_process = printf '{\"Version\":1,\
         \"AccessKeyId\":\"AKIDEXPIRED\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\
         \"Expiration\":\"2020-01-01T00:00:00Z\"}'\n",
    )
    .unwrap();
    let out = support::s3drift()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env("AWS_CONFIG_FILE", &config)
        .args([
            "check",
            "--profile",
            "expired",
            "--state",
            &state(),
            "--endpoint-url",
            "http://127.0.0.1:9",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("have expired"), "{stderr}");
    assert!(
        stderr.contains("aws sso login --profile expired"),
        "{stderr}"
    );
}

#[test]
fn an_encrypted_state_in_s3_gets_the_encrypted_state_error() {
    let moto = Moto::start();
    moto.boto3(
        "s3.create_bucket(Bucket='enc-state')\n\
         s3.put_object(Bucket='enc-state', Key='terraform.tfstate', Body=json.dumps({\
         'encrypted_data': 'c2VjcmV0', 'encryption_version': 'v0',\
         'meta': {'key_provider.pbkdf2.main': 'e30='}}).encode())",
    );
    let proxy = Proxy::start(moto.addr);
    let r = check(&proxy, &["--state", "s3://enc-state/terraform.tfstate"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("encrypted_state"), "{}", r.stderr);
    proxy.assert_read_only();
}

#[test]
fn iam_policy_is_printed() {
    let r = run(&["iam-policy"]);
    assert_eq!(r.code, 0);
    let policy = r.json();
    assert_eq!(policy, s3drift::live::iam_policy());
}
