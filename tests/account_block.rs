//! The account's public access block offline (`fixtures/account/`: a state managing one
//! bucket and the account block, a snapshot where someone turned two account settings
//! off, and the CloudTrail records of it). Its findings belong to the account in every
//! output format; one snapshot per renderer.

mod support;

use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/account");

fn run(args: &[&str]) -> (i32, String) {
    let out = support::s3drift()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run s3drift");
    assert!(
        out.stderr.is_empty() || out.status.code() != Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

fn check(format: &str) -> String {
    let (code, out) = run(&[
        "check",
        "--state",
        "fixtures/account/terraform.tfstate",
        "--snapshot",
        "fixtures/account/live.json",
        "--cloudtrail",
        "fixtures/account/cloudtrail",
        "--format",
        format,
    ]);
    assert_eq!(code, 2, "{out}");
    out
}

/// `check --format json` on a state and a snapshot, with `extra` flags: the exit code, the
/// report, and its text for messages.
fn check_json(state: &str, snapshot: &str, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec![
        "check",
        "--state",
        state,
        "--snapshot",
        snapshot,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let (code, out) = run(&args);
    let report = serde_json::from_str(&out).unwrap_or(Value::Null);
    (code, report, out)
}

#[test]
fn every_format_names_the_account() {
    for format in ["text", "json", "markdown", "github", "falco", "prometheus"] {
        let out = check(format);
        assert!(out.contains("123456789012"), "{format}: {out}");
        // Prometheus' run duration changes from run to run.
        let out: String = out
            .lines()
            .filter(|l| !l.starts_with("s3drift_run_duration_seconds "))
            .map(|l| format!("{l}\n"))
            .collect();
        insta::assert_snapshot!(format!("account_{format}"), out);
    }
}

#[test]
fn sarif_locates_the_account() {
    let sarif: Value = serde_json::from_str(&check("sarif")).expect("SARIF is JSON");
    let results = &sarif["runs"][0]["results"];
    insta::assert_json_snapshot!("account_sarif_results", results);
    for r in results.as_array().unwrap() {
        assert_eq!(r["properties"]["account"], "123456789012");
        assert!(r["properties"].get("bucket").is_none());
    }
}

#[test]
fn json_findings_have_an_account_and_no_bucket() {
    let report: Value = serde_json::from_str(&check("json")).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2);
    for f in findings {
        assert_eq!(f["account"], "123456789012");
        assert!(f.get("bucket").is_none());
        assert_eq!(f["attribution"]["status"], "confirmed");
        // The refused attempt by someone else is not the cause.
        assert_eq!(
            f["attribution"]["principal"],
            "role/sandbox-admin (mallory)"
        );
    }
    assert_eq!(report["summary"]["accounts"], 1);
    assert_eq!(report["summary"]["drifted_buckets"], 0);
    assert_eq!(report["summary"]["critical"], 2);
}

#[test]
fn tree_shows_the_account_block_as_a_compared_part() {
    let (code, out) = run(&["tree", "--state", "fixtures/account/terraform.tfstate"]);
    assert_eq!(code, 0);
    let tree: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(tree["accounts"][0]["account"], "123456789012");
    assert_eq!(
        tree["accounts"][0]["parts"]["account_public_access_block"]["state"],
        "managed"
    );
    assert!(tree.get("unresolved").is_none(), "{out}");
}

/// `--bucket` selects buckets; the account's block is no bucket's and guards every bucket of
/// the account, so a run narrowed to one of them still compares it (README, `--bucket`).
#[test]
fn a_bucket_filter_keeps_the_account_block() {
    let (code, report, out) = check_json(
        "fixtures/account/terraform.tfstate",
        "fixtures/account/live.json",
        &["--bucket", "acme-account-*"],
    );
    assert_eq!(code, 2, "{out}");
    let accounts: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["account"])
        .collect();
    assert_eq!(accounts.len(), 2, "{out}");
    assert!(accounts.iter().all(|a| *a == "123456789012"), "{out}");
}

#[test]
fn an_ignore_on_the_account_suppresses_its_findings() {
    let (code, report, out) = check_json(
        "fixtures/account/terraform.tfstate",
        "fixtures/account/live.json",
        &["--ignore", "*:account_public_access_block.*"],
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(report["summary"]["suppressed"], 2, "{out}");
}

#[test]
fn a_snapshot_without_the_account_is_not_a_green() {
    // The snapshot knows the bucket but was not asked for the account: the block is listed
    // as not read, never as matching.
    let live = std::fs::read_to_string(format!("{DIR}/live.json")).unwrap();
    let mut live: Value = serde_json::from_str(&live).unwrap();
    live.as_object_mut().unwrap().remove("accounts");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.json");
    std::fs::write(&path, live.to_string()).unwrap();
    let (code, report, out) = check_json(
        "fixtures/account/terraform.tfstate",
        &path.display().to_string(),
        &["--fail-on-unreadable"],
    );
    assert_eq!(code, 2, "{out}");
    assert_eq!(
        report["findings"][0]["code"], "attribute-unreadable",
        "{out}"
    );
    assert_eq!(report["findings"][0]["account"], "123456789012");
    assert!(report["summary"].get("accounts").is_none(), "{out}");
}

/// The bucket's own block turned off while the account block, read live, still blocks
/// everything: graded low, with the reason. Without the account block in the snapshot the
/// same change is graded as if it were off (critical), and the note says so.
#[test]
fn the_account_block_read_live_grades_bucket_exposure() {
    let live = std::fs::read_to_string(format!("{DIR}/live.json")).unwrap();
    let mut live: Value = serde_json::from_str(&live).unwrap();
    let flags = |on: bool| {
        serde_json::json!({"block_public_acls": on, "block_public_policy": on,
            "ignore_public_acls": on, "restrict_public_buckets": on})
    };
    live["accounts"]["123456789012"]["parts"]["account_public_access_block"]["value"] = flags(true);
    live["buckets"]["acme-account-assets"]["parts"]["public_access_block"] =
        serde_json::json!({"status": "present", "value": flags(false)});
    let dir = tempfile::tempdir().unwrap();
    let grade = |live: &Value| {
        let path = dir.path().join("live.json");
        std::fs::write(&path, live.to_string()).unwrap();
        let (_, out) = run(&[
            "check",
            "--state",
            "fixtures/account/terraform.tfstate",
            "--snapshot",
            &path.display().to_string(),
            "--format",
            "json",
        ]);
        let report: Value = serde_json::from_str(&out).unwrap();
        let f = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == "public_access_block.block_public_policy")
            .cloned()
            .unwrap_or_else(|| panic!("{out}"));
        (
            f["severity"].as_str().unwrap().to_string(),
            f["notes"].to_string(),
        )
    };
    let (severity, notes) = grade(&live);
    assert_eq!(severity, "low", "{notes}");
    assert!(
        notes.contains("the account public access block still blocks"),
        "{notes}"
    );
    live.as_object_mut().unwrap().remove("accounts");
    let (severity, notes) = grade(&live);
    assert_eq!(severity, "critical", "{notes}");
    assert!(
        notes.contains("account public access block unknown"),
        "{notes}"
    );
}

/// LookupEvents finds calls on a bucket by `ResourceName`, which an account-level call never
/// has: with an account block in the states, the lookup also asks by event name, and the
/// record it returns names who weakened the block (a loopback stand-in of the API).
#[test]
fn lookup_events_is_asked_for_the_account_events_by_name() {
    let record = std::fs::read_to_string(format!("{DIR}/cloudtrail/2026-11-12.json")).unwrap();
    let record: Value = serde_json::from_str(&record).unwrap();
    let events: Vec<Value> = record["Records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            serde_json::json!({"EventId": r["eventID"], "EventName": r["eventName"],
                "EventTime": 1.7e9, "EventSource": "s3.amazonaws.com",
                "CloudTrailEvent": r.to_string()})
        })
        .collect();
    let stand_in = support::lookup::StandIn::start(move |body| {
        let attribute = &body["LookupAttributes"][0];
        match (
            attribute["AttributeKey"].as_str(),
            attribute["AttributeValue"].as_str(),
        ) {
            (Some("EventName"), Some("PutAccountPublicAccessBlock")) => {
                support::lookup::Answer::ok(serde_json::json!({ "Events": events }))
            }
            _ => support::lookup::Answer::ok(serde_json::json!({"Events": []})),
        }
    });
    let out = support::s3drift()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("AWS_ENDPOINT_URL_CLOUDTRAIL", &stand_in.url)
        .args([
            "check",
            "--state",
            "fixtures/account/terraform.tfstate",
            "--snapshot",
            "fixtures/account/live.json",
            "--cloudtrail",
            "lookup",
            "--format",
            "json",
        ])
        .output()
        .expect("run s3drift");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    for f in report["findings"].as_array().unwrap() {
        assert_eq!(f["attribution"]["status"], "confirmed", "{f:#}");
        assert_eq!(
            f["attribution"]["principal"],
            "role/sandbox-admin (mallory)"
        );
    }
    let asked: Vec<String> = stand_in
        .calls()
        .iter()
        .map(|c| c.body["LookupAttributes"][0]["AttributeValue"].to_string())
        .collect();
    assert_eq!(
        asked,
        [
            "\"acme-account-assets\"",
            "\"PutAccountPublicAccessBlock\"",
            "\"DeleteAccountPublicAccessBlock\""
        ]
    );
}

/// An account baseline's state holds the account block and no bucket: it is compared, not
/// "nothing compared".
#[test]
fn a_state_with_only_the_account_block_is_compared() {
    let state = std::fs::read_to_string(format!("{DIR}/terraform.tfstate")).unwrap();
    let mut state: Value = serde_json::from_str(&state).unwrap();
    state["resources"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["type"] == "aws_s3_account_public_access_block");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("account-baseline.tfstate");
    std::fs::write(&path, state.to_string()).unwrap();
    let (code, report, out) = check_json(
        &path.display().to_string(),
        "fixtures/account/live.json",
        &[],
    );
    assert_eq!(code, 2, "{out}");
    assert_eq!(report["summary"]["accounts"], 1, "{out}");
    assert_eq!(report["summary"]["buckets"], 0, "{out}");
    assert_eq!(report["summary"]["drift"], 2, "{out}");
}

/// The "no drift" line names what was compared: the account, with or without buckets.
#[test]
fn no_drift_names_the_account() {
    let live = std::fs::read_to_string(format!("{DIR}/live.json")).unwrap();
    let mut live: Value = serde_json::from_str(&live).unwrap();
    live["accounts"]["123456789012"]["parts"]["account_public_access_block"]["value"] = serde_json::json!({
        "block_public_acls": true, "block_public_policy": true,
        "ignore_public_acls": true, "restrict_public_buckets": true});
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("live.json");
    std::fs::write(&snapshot, live.to_string()).unwrap();
    let mut state: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/terraform.tfstate")).unwrap())
            .unwrap();
    state["resources"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["type"] == "aws_s3_account_public_access_block");
    let baseline = dir.path().join("account-baseline.tfstate");
    std::fs::write(&baseline, state.to_string()).unwrap();
    let snapshot = snapshot.display().to_string();
    for (state, line) in [
        (
            "fixtures/account/terraform.tfstate".to_string(),
            "No drift: 1 bucket and 1 account match their code.",
        ),
        (
            baseline.display().to_string(),
            "No drift: 1 account matches its code.",
        ),
    ] {
        let (code, out) = run(&[
            "check",
            "--state",
            &state,
            "--snapshot",
            &snapshot,
            "--format",
            "text",
        ]);
        assert_eq!(code, 0, "{out}");
        assert_eq!(out.trim_end(), line);
    }
}
