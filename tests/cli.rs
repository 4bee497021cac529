//! The binary as users run it: exit codes, help text, the demo, and bad input.

mod shared_corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn s3drift(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

const DEMO_STATE: &str = "fixtures/demo/terraform.tfstate";
const DEMO_LIVE: &str = "fixtures/demo/live.json";

fn demo(extra: &[&str]) -> Output {
    let mut args = vec!["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE];
    args.extend_from_slice(extra);
    s3drift(&args)
}

#[test]
fn help_texts_are_stable() {
    for sub in ["", "check", "snapshot", "tree", "events", "doctor"] {
        let mut args: Vec<&str> = sub.split_whitespace().collect();
        args.push("--help");
        let out = s3drift(&args);
        assert_eq!(out.status.code(), Some(0), "{sub} --help");
        let name = if sub.is_empty() {
            "help".to_string()
        } else {
            format!("help_{sub}")
        };
        insta::assert_snapshot!(name, stdout(&out));
    }
}

#[test]
fn iam_policy_doctor_adds_the_read_actions_of_doctor() {
    let base: serde_json::Value = serde_json::from_slice(&s3drift(&["iam-policy"]).stdout).unwrap();
    let out = s3drift(&["iam-policy", "--doctor"]);
    assert_eq!(out.status.code(), Some(0));
    let with: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let statements = with["Statement"].as_array().unwrap();
    // The base statements are untouched; one statement is added, generated from doctor's table.
    assert_eq!(
        &statements[..statements.len() - 1],
        base["Statement"].as_array().unwrap().as_slice()
    );
    assert_eq!(
        statements.last().unwrap(),
        &s3drift::doctor::ops::statement()
    );
    assert_eq!(
        statements.last().unwrap()["Action"],
        serde_json::json!([
            "cloudtrail:DescribeTrails",
            "cloudtrail:GetEventSelectors",
            "cloudtrail:GetTrailStatus",
            "cloudwatch:DescribeAlarms",
            "logs:DescribeMetricFilters"
        ])
    );
}

#[test]
fn usage_errors_exit_1_not_2() {
    // clap's own usage-error code is 2, which s3drift reserves for drift.
    let out = s3drift(&["check", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(1));
    let out = s3drift(&["check", "--state", DEMO_STATE, "--fail-on", "sometimes"]);
    assert_eq!(out.status.code(), Some(1));
    let out = s3drift(&["check", "--state", DEMO_STATE, "--timeout", "soon"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("\"soon\" is not a duration"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn demo_text_report() {
    let out = demo(&["--format", "text"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    insta::assert_snapshot!("demo_text", stdout(&out));
}

#[test]
fn demo_json_report() {
    let out = demo(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["schema"], "s3drift/report");
    insta::assert_snapshot!("demo_json", stdout(&out));
}

#[test]
fn demo_output_is_byte_identical_across_runs() {
    let a = demo(&["--format", "json"]);
    let b = demo(&["--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
    let a = demo(&["--format", "text"]);
    let b = demo(&["--format", "text"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn demo_finds_every_planted_drift() {
    let out = demo(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    let has = |bucket: &str, code: &str| {
        findings
            .iter()
            .any(|f| f["bucket"] == bucket && f["code"] == code)
    };
    assert!(has("acme-prod-data", "encryption-downgraded"));
    assert!(has("acme-prod-data", "policy-changed"));
    assert!(has("acme-prod-logs", "versioning-suspended"));
    assert!(has("acme-prod-logs", "public-access-block-weakened"));
    assert!(has("acme-prod-logs", "lifecycle-changed"));
    assert!(has("acme-analytics-scratch", "tags-changed"));
    assert!(has("acme-static-site", "attribute-unreadable"));
    // The static site's policy differs only in formatting and single-element lists.
    assert!(!findings
        .iter()
        .any(|f| f["bucket"] == "acme-static-site" && f["path"] == "policy"));
}

#[test]
fn fail_on_thresholds_decide_the_exit_code() {
    assert_eq!(
        demo(&["--format", "json", "--fail-on", "critical"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        demo(&["--format", "json", "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
    // Only the unreadable attribute and nothing else: a bucket filter that keeps the site.
    let site = demo(&["--format", "json", "--bucket", "acme-static-*"]);
    assert_eq!(site.status.code(), Some(0), "unreadable is not drift");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    let out = demo(&["--format", "json", "--output", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(written["schema"], "s3drift/report");
}

#[test]
fn tree_prints_the_desired_side() {
    let out = s3drift(&["tree", "--state", DEMO_STATE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!("demo_tree", stdout(&out));
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn bad_inputs_get_a_diagnostic_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(String, &str)> = vec![
        (write(dir.path(), "empty.tfstate", ""), "empty"),
        (
            write(dir.path(), "garbage.tfstate", "this is not json"),
            "not_json",
        ),
        (
            write(
                dir.path(),
                "cut.tfstate",
                "{\"version\": 4, \"resources\": [",
            ),
            "not_json",
        ),
        (
            write(
                dir.path(),
                "v9.tfstate",
                "{\"version\": 9, \"resources\": []}",
            ),
            "state_version",
        ),
        (
            write(
                dir.path(),
                "plan.json",
                "{\"format_version\": \"1.2\", \"planned_values\": {}, \"resource_changes\": []}",
            ),
            "wrong_flag",
        ),
        (
            write(
                dir.path(),
                "types.tfstate",
                "{\"version\": 4, \"resources\": {\"a\": 1}}",
            ),
            "shape",
        ),
        (
            dir.path()
                .join("missing.tfstate")
                .to_str()
                .unwrap()
                .to_string(),
            "",
        ),
    ];
    for (path, code) in cases {
        let out = s3drift(&["check", "--state", &path, "--snapshot", DEMO_LIVE]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{path}: {err}");
        assert!(
            err.contains("s3drift::"),
            "{path}: no diagnostic code in {err}"
        );
        assert!(err.contains(code), "{path}: expected {code} in {err}");
        assert!(!err.contains("panicked"), "{path}: {err}");
        assert!(out.stdout.is_empty(), "{path}: no partial report");
    }
}

#[test]
fn paths_table_in_readme_matches_the_code() {
    let out = s3drift(&["paths"]);
    assert_eq!(out.status.code(), Some(0));
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&stdout(&out)),
        "README's path table is out of date: paste the output of `s3drift paths`"
    );
}

#[test]
fn sensitive_values_never_reach_any_output() {
    // A planted secret in a tag the state marks sensitive: no report, tree or diagnostic may
    // print it.
    let secret = "hunter2-planted-secret";
    let dir = tempfile::tempdir().unwrap();
    let state = format!(
        r#"{{"version":4,"terraform_version":"1.9.0","serial":1,"lineage":"x","outputs":{{}},"resources":[
  {{"mode":"managed","type":"aws_s3_bucket","name":"b","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
    "instances":[{{"schema_version":0,"attributes":{{"bucket":"acme-analytics-scratch","id":"acme-analytics-scratch","acl":null,"object_lock_enabled":false,
      "tags":{{"token":"{secret}"}},"tags_all":{{"token":"{secret}"}}}},
      "sensitive_attributes":[[{{"type":"get_attr","value":"tags_all"}}],[{{"type":"get_attr","value":"tags"}}]]}}]}}]}}"#
    );
    let path = write(dir.path(), "secret.tfstate", &state);
    for format in ["text", "json", "falco"] {
        let out = s3drift(&[
            "check",
            "--state",
            &path,
            "--snapshot",
            DEMO_LIVE,
            "--format",
            format,
        ]);
        assert_eq!(out.status.code(), Some(2), "{format}: {}", stderr(&out));
        assert!(!stdout(&out).contains(secret), "{format} leaks the secret");
        assert!(
            !stderr(&out).contains(secret),
            "{format} leaks the secret on stderr"
        );
        assert!(
            stdout(&out).contains("(sensitive)"),
            "{format} shows the redaction"
        );
    }
    let out = s3drift(&["tree", "--state", &path]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!stdout(&out).contains(secret), "tree leaks the secret");
    // A broken copy of the same state: the diagnostic quotes the file but masks the secret.
    let broken = write(
        dir.path(),
        "broken.tfstate",
        &state.replace("\"outputs\":{}", "\"outputs\":{"),
    );
    let out = s3drift(&["check", "--state", &broken, "--snapshot", DEMO_LIVE]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !stderr(&out).contains(secret),
        "diagnostic leaks the secret: {}",
        stderr(&out)
    );
}

#[test]
fn events_lists_every_record_shape_and_warns_about_malformed_records_on_stderr() {
    let out = s3drift(&[
        "events",
        "--cloudtrail",
        "fixtures/shapes/cloudtrail",
        "--cloudtrail",
        "fixtures/trail/broken",
        "--since",
        "2010-01-01T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("PutBucketPublicAccessBlock"), "{text}");
    assert!(text.contains("sso/Admin (bob@example.com)"), "{text}");
    let err = stderr(&out);
    assert!(
        err.contains("warning:") && err.contains("malformed"),
        "{err}"
    );
    assert!(!text.contains("warning:"), "warnings stay off stdout");
}

#[test]
fn events_lists_the_corpus_and_warns_about_malformed_records_on_stderr() {
    let Some(corpus) = shared_corpus::folder("cloudtrail") else {
        return;
    };
    let out = s3drift(&[
        "events",
        "--cloudtrail",
        corpus.to_str().unwrap(),
        "--since",
        "2010-01-01T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("PutBucketPublicAccessBlock"), "{text}");
    assert!(
        text.contains("role/PantherDevAustinAdministrator (austin_byers)"),
        "{text}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("warning:") && err.contains("malformed"),
        "{err}"
    );
    assert!(!text.contains("warning:"), "warnings stay off stdout");
}

#[test]
fn denied_burst_zero_turns_the_signal_off() {
    let with = demo(&[
        "--format",
        "json",
        "--cloudtrail",
        "fixtures/demo/cloudtrail",
    ]);
    let without = demo(&[
        "--format",
        "json",
        "--cloudtrail",
        "fixtures/demo/cloudtrail",
        "--denied-burst",
        "0",
    ]);
    let codes = |o: &Output| -> Vec<String> {
        let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(codes(&with).iter().any(|c| c == "denied-burst"));
    assert!(!codes(&without).iter().any(|c| c == "denied-burst"));
}

#[test]
fn falco_output_keeps_warnings_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.json",
        "{\"Records\": [{\"eventName\": \"PutBucketPolicy\", \"eventTime\": \"...\"}]}",
    );
    let out = demo(&[
        "--format",
        "falco",
        "--cloudtrail",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        assert_eq!(v["service"], "s3");
    }
    assert!(stderr(&out).contains("warning:"), "{}", stderr(&out));
}

#[test]
fn events_rejects_formats_it_cannot_write() {
    let out = s3drift(&[
        "events",
        "--cloudtrail",
        "fixtures/demo/cloudtrail",
        "--format",
        "falco",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn readme_lists_every_finding_code() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for code in s3drift::code::Code::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            code.as_str(),
            code.default_severity(),
            code.summary()
        );
        assert!(readme.contains(&row), "README's code table lacks {row}");
    }
}

#[test]
fn completions_and_man_pages() {
    let out = s3drift(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("completions_bash", stdout(&out));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = s3drift(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(stdout(&out).contains("fail-on-unreadable"), "{shell}");
    }
    let root = stdout(&s3drift(&["man"]));
    assert!(root.contains(".TH s3drift 1"), "{root}");
    assert!(
        root.contains("s3drift\\-check(1)"),
        "the root page lists the commands"
    );
    let check = s3drift(&["man", "check"]);
    assert_eq!(check.status.code(), Some(0));
    let check = stdout(&check);
    assert!(check.contains(".TH s3drift-check 1"), "{check}");
    assert!(check.contains("\\-\\-fail\\-on\\-unreadable"), "{check}");
    let bad = s3drift(&["man", "nope"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("no command named \"nope\""));
}

#[test]
fn text_wraps_at_80_columns_with_a_hanging_indent_and_the_worst_first() {
    let out = demo(&["--format", "text", "--color", "never"]);
    let text = stdout(&out);
    // Message, note and attribution lines fit 80 columns unless one word is longer. Headers
    // and "address [severity code]" lines are never broken: they are what people grep for.
    let address = |l: &str| {
        let first = l.trim_start();
        first.starts_with("aws_") || first.starts_with("module.")
    };
    for line in text
        .lines()
        .filter(|l| l.starts_with("      ") && l.contains(' ') && !address(l))
    {
        let longest_word = line
            .split(' ')
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        assert!(
            line.chars().count() <= 80 || longest_word > 60,
            "too wide: {line:?}"
        );
    }
    assert!(
        text.contains("\n          "),
        "continuation lines hang four deeper"
    );
    // The bucket with critical findings comes before the one with only a low tag change.
    let data = text.find("bucket \"acme-prod-data\"").unwrap();
    let scratch = text.find("bucket \"acme-analytics-scratch\"").unwrap();
    assert!(data < scratch, "{text}");
}

#[test]
fn text_names_where_the_code_sets_each_finding_with_dir() {
    let out = demo(&["--dir", "fixtures/demo/infra", "--format", "text"]);
    let text = stdout(&out);
    assert!(
        text.contains(
            "[critical encryption-downgraded] at fixtures/demo/infra/modules/storage/main.tf:24\n"
        ),
        "{text}"
    );
    // Without --dir there is no location to give, and none is made up.
    assert!(!stdout(&demo(&["--format", "text"])).contains(".tf:"));
}
