//! Local event sources: what reads, what warns (with file and position) and what fails the
//! run, through the library and through `s3drift events`.

use s3drift::aws::AwsSettings;
use s3drift::diag::ErrorCode;
use s3drift::model::Part;
use s3drift::trail::Via;
use s3drift::trail::{self, source_local, Action, TrailOptions};
use s3drift::trail::{EventSource, LogSource};
use std::process::Command;

fn fixture(name: &str) -> String {
    format!("{}/fixtures/trail/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn options(sources: &[String], access_logs: &[String]) -> TrailOptions {
    TrailOptions {
        account_events: false,
        sources: sources
            .iter()
            .map(|s| EventSource::parse(s).unwrap())
            .collect(),
        access_logs: access_logs
            .iter()
            .map(|s| LogSource::parse(s).unwrap())
            .collect(),
        since: "2026-01-01T00:00:00Z".parse().unwrap(),
        until: "2026-11-20T00:00:00Z".parse().unwrap(),
        burst_count: 5,
        burst_window: jiff::SignedDuration::from_mins(10),
    }
}

/// Event name, part, principal, error code and agent of one event.
type Row<'a> = (&'a str, Option<Part>, &'a str, Option<&'a str>, &'a Via);

#[test]
fn access_log_folder_gives_configuration_writes_only() {
    let parsed = source_local::read_access_logs(&fixture("access-logs")).unwrap();
    assert_eq!(parsed.records, 7);
    assert_eq!(parsed.malformed, 1);
    assert!(
        parsed.warnings[0].to_string().ends_with(
            "2026-11-10-10-15-42-5E1A9C0D3B7F2A61:7: malformed access-log line skipped: only 8 fields; expected at least 10"
        ),
        "{:?}",
        parsed.warnings
    );
    let got: Vec<Row> = parsed
        .events
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.part,
                e.actor.principal.as_str(),
                e.error_code.as_deref(),
                &e.via,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "PutBucketPolicy",
                Some(Part::Policy),
                "role/ops-admin (alice@example.com)",
                None,
                &Via::Cli
            ),
            (
                "DeleteBucketEncryption",
                Some(Part::ServerSideEncryptionConfiguration),
                "contractor-tmp",
                Some("AccessDenied"),
                &Via::Cli
            ),
            (
                "PutBucketVersioning",
                Some(Part::Versioning),
                "sso/PlatformEngineer (dana@acme.example)",
                None,
                &Via::Console
            ),
            (
                "PutBucketTagging",
                Some(Part::Tags),
                "role/terraform-ci (gha-run-42)",
                None,
                &Via::Terraform
            ),
        ],
        "reads and object-level ACLs are not configuration changes"
    );
    assert!(parsed.events.iter().all(|e| e.action == Action::Configure));
}

#[tokio::test]
async fn a_broken_file_beside_good_ones_is_a_counted_warning() {
    let set = trail::collect(
        &AwsSettings::default(),
        &options(&[fixture("broken")], &[]),
        &[],
    )
    .await
    .unwrap();
    // good.json's record, and the record truncated.json holds before it breaks.
    let names: Vec<&str> = set.events.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["PutBucketTagging", "PutBucketVersioning"]);
    assert_eq!(set.malformed, 1);
    assert_eq!(set.records, 3);
    assert!(
        set.warnings.iter().any(|w| w.to_string().contains(
            "truncated.json: line 1 column 1 (Records[1]): malformed record skipped: ends too early (truncated?)"
        ) && w.to_string().ends_with("cannot be read")),
        "{:?}",
        set.warnings
    );
    assert!(set
        .warnings
        .last()
        .unwrap()
        .to_string()
        .starts_with("1 malformed event record(s) skipped"));
}

#[tokio::test]
async fn a_broken_json_line_is_a_warning_on_its_line_and_the_rest_read() {
    let set = trail::collect(
        &AwsSettings::default(),
        &options(&[fixture("jsonl/events.jsonl")], &[]),
        &[],
    )
    .await
    .unwrap_or_else(|e| panic!("{e:?}"));
    let got: Vec<(&str, &str, &str)> = set
        .events
        .iter()
        .map(|e| {
            (
                e.name.as_str(),
                e.bucket.as_str(),
                e.actor.principal.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("PutBucketTagging", "acme-prod-data", "bob"),
            // Named by its Host header only.
            ("DeleteBucketPolicy", "acme-prod-data", "dave"),
        ]
    );
    assert_eq!(set.malformed, 1);
    assert_eq!(set.records, 3);
    let w = &set.warnings[0];
    assert!(
        w.to_string().ends_with("events.jsonl: line 2 column 1: malformed record skipped: ends before its record does (truncated line?): control character (\\u0000-\\u001F) found while parsing a string"),
        "{w}"
    );
}

#[test]
fn events_command_reads_past_a_broken_json_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args([
            "events",
            "--cloudtrail",
            &fixture("jsonl"),
            "--since",
            "2026-01-01T00:00:00Z",
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "two events and the count: {stdout}");
    assert!(
        lines[1].contains("dave") && lines[1].contains("DeleteBucketPolicy  acme-prod-data"),
        "{stdout}"
    );
    assert!(
        stderr.contains("events.jsonl: line 2 column 1: malformed record skipped"),
        "{stderr}"
    );
}

#[tokio::test]
async fn unreadable_sources_are_errors() {
    // A path that does not exist fails when the source is parsed, before anything is read.
    let missing = EventSource::parse(&fixture("no-such-folder")).unwrap_err();
    assert_eq!(missing.code, ErrorCode::Trail);
    assert!(
        missing.message.starts_with("--cloudtrail ")
            && missing.message.ends_with("no such file or folder"),
        "{}",
        missing.message
    );
    assert!(missing.help.is_some());

    let garbage = trail::collect(
        &AwsSettings::default(),
        &options(&[fixture("unreadable")], &[]),
        &[],
    )
    .await
    .unwrap_err();
    assert_eq!(garbage.code, ErrorCode::Trail);
    assert!(
        garbage
            .message
            .contains("not-json.json is not valid JSON at line 1 column"),
        "{}",
        garbage.message
    );

    // A folder with no log files in it is a mistake, not "no events".
    let empty = tempfile::tempdir().unwrap();
    let none = trail::collect(
        &AwsSettings::default(),
        &options(&[empty.path().display().to_string()], &[]),
        &[],
    )
    .await
    .unwrap_err();
    assert!(
        none.message.contains("the folder holds no log files"),
        "{}",
        none.message
    );
}

#[test]
fn events_command_fails_with_exit_1_on_a_missing_source() {
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(["events", "--cloudtrail", "does/not/exist"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--cloudtrail does/not/exist: no such file or folder"),
        "{stderr}"
    );
    assert!(stderr.contains("s3drift::trail"), "{stderr}");
}

#[test]
fn events_json_is_one_object_per_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args([
            "events",
            "--cloudtrail",
            &format!("{}/fixtures/demo/cloudtrail", env!("CARGO_MANIFEST_DIR")),
            "--since",
            "2026-01-01T00:00:00Z",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(lines[0]["name"], "PutBucketLifecycle");
    assert_eq!(
        lines[0]["actor"]["principal"],
        "role/terraform-ci (gha-deploy-infra-8841)"
    );
    assert_eq!(lines[0]["value"]["kind"], "set");
    assert_eq!(
        lines[0]["value"]["value"]["expire-access-logs"]["expiration"]["days"],
        90
    );
}
