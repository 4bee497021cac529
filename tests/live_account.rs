//! The account's public access block end to end on the moto server: read once per account
//! through S3 Control (one request, with `--endpoint-url` pointing at loopback), a change
//! made with a second client is found on the account rather than a bucket, and a
//! `PutAccountPublicAccessBlock` record names who made it.

mod support;

use serde_json::{json, Value};
use support::moto::Moto;
use support::proxy::Proxy;

const ACCOUNT: &str = "123456789012";

fn state() -> String {
    format!(
        "{}/fixtures/account/terraform.tfstate",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A boto3 S3 Control client that reaches the loopback server: botocore, like every SDK,
/// puts the account id in front of the endpoint's host, which loopback cannot resolve, so
/// the prefix is taken off before the request is sent.
fn set_block(moto: &Moto, flags: [bool; 4]) {
    let py = |b: bool| if b { "True" } else { "False" };
    moto.boto3(&format!(
        r#"
c = aws("s3control")
c.meta.events.register("before-send.s3-control.*",
    lambda request, **_: setattr(request, "url", request.url.replace("//{ACCOUNT}.", "//", 1)))
c.put_public_access_block(AccountId="{ACCOUNT}", PublicAccessBlockConfiguration={{
    "BlockPublicAcls": {}, "BlockPublicPolicy": {}, "IgnorePublicAcls": {}, "RestrictPublicBuckets": {}}})
"#,
        py(flags[0]),
        py(flags[1]),
        py(flags[2]),
        py(flags[3])
    ));
}

fn check(proxy: &Proxy, extra: &[&str]) -> (i32, Value, String) {
    let state = state();
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--region",
        "us-east-1",
        "--endpoint-url",
        &proxy.endpoint,
        "--state",
        &state,
    ];
    args.extend_from_slice(extra);
    let out = support::s3drift()
        .args(&args)
        .output()
        .expect("run s3drift");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let report =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"));
    (out.status.code().unwrap_or(-1), report, stderr)
}

#[test]
fn the_account_block_is_read_once_compared_and_attributed() {
    let moto = Moto::start();
    moto.boto3("s3.create_bucket(Bucket='acme-account-assets')");
    set_block(&moto, [true; 4]);
    let proxy = Proxy::start(moto.addr);

    // As the code says: no finding, and exactly one S3 Control request, to the endpoint as
    // given (path-style, the account in the header).
    let (code, report, stderr) = check(&proxy, &[]);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(report["findings"], json!([]), "{report:#}");
    assert_eq!(report["summary"]["accounts"], 1, "{report:#}");
    let control: Vec<_> = proxy
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/v20180820/"))
        .collect();
    assert_eq!(control.len(), 1, "{control:#?}");
    assert_eq!(
        control[0].path,
        "/v20180820/configuration/publicAccessBlock"
    );
    assert_eq!(
        control[0]
            .headers
            .get("x-amz-account-id")
            .map(String::as_str),
        Some(ACCOUNT)
    );
    proxy.assert_read_only();

    // Weakened with another client, and recorded by CloudTrail: a refused attempt by
    // someone else first, then the call that did it.
    set_block(&moto, [true, false, true, false]);
    let trail = tempfile::tempdir().unwrap();
    let file = trail.path().join("account.json");
    let now = jiff::Timestamp::now();
    let record = |who: &str, minutes: i64, error: Option<&str>| {
        let mut r = json!({
            "eventVersion": "1.11",
            "userIdentity": {"type": "AssumedRole", "principalId": format!("AROAEXAMPLE:{who}"),
                "arn": format!("arn:aws:sts::{ACCOUNT}:assumed-role/sandbox-admin/{who}"),
                "accountId": ACCOUNT},
            "eventTime": (now - jiff::SignedDuration::from_mins(minutes)).strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            "eventSource": "s3.amazonaws.com",
            "eventName": "PutAccountPublicAccessBlock",
            "awsRegion": "us-east-1",
            "sourceIPAddress": "203.0.113.44",
            "userAgent": "aws-cli/2.17.0",
            "requestParameters": {"PublicAccessBlockConfiguration": {
                "xmlns": "http://awss3control.amazonaws.com/doc/2018-08-20/",
                "BlockPublicAcls": true, "IgnorePublicAcls": true,
                "BlockPublicPolicy": false, "RestrictPublicBuckets": false},
                "Host": format!("{ACCOUNT}.s3-control.us-east-1.amazonaws.com")},
            "eventID": format!("00000000-0000-4000-8000-{minutes:012}"),
            "eventType": "AwsApiCall",
            "recipientAccountId": ACCOUNT
        });
        if let Some(e) = error {
            r["errorCode"] = json!(e);
        }
        r
    };
    let records =
        json!({"Records": [record("dave", 9, Some("AccessDenied")), record("mallory", 5, None)]});
    std::fs::write(&file, records.to_string()).unwrap();
    let (code, report, stderr) = check(&proxy, &["--cloudtrail", &file.display().to_string()]);
    assert_eq!(code, 2, "{stderr}");
    let found: Vec<(&str, &str, &str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["account"], ACCOUNT, "{f:#}");
            assert!(f.get("bucket").is_none(), "{f:#}");
            (
                f["path"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["attribution"]["principal"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "account_public_access_block.block_public_policy",
                "account-public-access-block-weakened",
                "critical",
                "role/sandbox-admin (mallory)"
            ),
            (
                "account_public_access_block.restrict_public_buckets",
                "account-public-access-block-weakened",
                "critical",
                "role/sandbox-admin (mallory)"
            ),
        ],
        "{report:#}"
    );
    assert_eq!(report["summary"]["drifted_buckets"], 0);
    proxy.assert_read_only();
}

/// A state without the account resource pays no S3 Control request.
#[test]
fn a_state_without_the_account_block_sends_no_s3_control_request() {
    let moto = Moto::start();
    moto.boto3("s3.create_bucket(Bucket='acme-extra')");
    let proxy = Proxy::start(moto.addr);
    let state = format!("{}/fixtures/live/parts.tfstate", env!("CARGO_MANIFEST_DIR"));
    let out = support::s3drift()
        .args([
            "check",
            "--format",
            "json",
            "--region",
            "us-east-1",
            "--endpoint-url",
            &proxy.endpoint,
            "--state",
            &state,
        ])
        .output()
        .expect("run s3drift");
    assert_ne!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        proxy
            .requests()
            .iter()
            .all(|r| !r.path.starts_with("/v20180820/")),
        "{:#?}",
        proxy.requests()
    );
}
