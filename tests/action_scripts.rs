//! The GitHub Action's step scripts (`.github/action/*.sh`), run as the composite action
//! runs them: bash, with a workflow run's GITHUB_* and RUNNER_* variables, the action copied
//! to where the runner keeps actions (`_actions/OWNER/NAME/REF`), and github.com replaced by
//! a loopback stand-in that serves the release binary and the REST API.
//!
//! The "release binary" is a small script that runs the binary under test, so the install
//! step's download and checksum check are exercised on bytes the test controls.

#[path = "support/github.rs"]
mod fake;

use fake::{FakeGithub, TOKEN};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const REF: &str = "v9.9.9";
const ASSET: &str = "s3drift-v9.9.9-x86_64-unknown-linux-musl";
/// The pull request the event is for (issue number 1 of the stand-in).
const PR: u64 = 1;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bytes released as the Linux x86_64 binary.
fn release_binary() -> Vec<u8> {
    format!(
        "#!/bin/sh\nexec '{}' \"$@\"\n",
        env!("CARGO_BIN_EXE_s3drift")
    )
    .into_bytes()
}

fn sha256_hex(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f");
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new("sha256sum").arg(&file).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

/// A workflow run in a temporary folder.
struct Run {
    tmp: tempfile::TempDir,
    action_path: PathBuf,
    gh: FakeGithub,
    bin: Option<String>,
    steps: usize,
}

/// What one step did.
#[derive(Debug)]
struct Step {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    outputs: BTreeMap<String, String>,
    summary: String,
}

impl Run {
    /// A run at ref v9.9.9 whose checksums file lists the served binary.
    fn new() -> Run {
        let tmp = tempfile::tempdir().unwrap();
        let action_path = tmp.path().join("_actions/acme/s3drift").join(REF);
        let scripts = action_path.join(".github/action");
        std::fs::create_dir_all(&scripts).unwrap();
        for entry in std::fs::read_dir(repo_root().join(".github/action")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), scripts.join(entry.file_name())).unwrap();
        }
        std::fs::create_dir_all(tmp.path().join("runner-temp")).unwrap();
        let gh = FakeGithub::start();
        let binary = release_binary();
        let sum = sha256_hex(&binary);
        {
            let mut state = gh.state();
            state.assets.insert(
                format!("/acme/s3drift/releases/download/{REF}/{ASSET}"),
                binary,
            );
            // The pull request the run is for; labelled like a drift issue to check that
            // the issue list leaves pull requests out.
            let pr = state.add_issue("Add the logs bucket", "", "open", &["s3drift"], true);
            assert_eq!(pr, PR);
        }
        let run = Run {
            tmp,
            action_path,
            gh,
            bin: None,
            steps: 0,
        };
        run.set_checksums(&format!("{sum}  {ASSET}\n"));
        let event = json!({
            "action": "synchronize",
            "number": PR,
            "pull_request": {
                "number": PR,
                "head": {"repo": {"full_name": "acme/infra"}},
            },
        });
        std::fs::write(run.event_path(), event.to_string()).unwrap();
        run
    }

    fn set_checksums(&self, lines: &str) {
        std::fs::write(
            self.action_path.join(".github/action/checksums.txt"),
            format!("# test checksums\n{lines}"),
        )
        .unwrap();
    }

    fn event_path(&self) -> PathBuf {
        self.tmp.path().join("event.json")
    }

    fn runner_temp(&self) -> PathBuf {
        self.tmp.path().join("runner-temp")
    }

    /// Runs `.github/action/<script>` as a composite step, with a fresh outputs and
    /// summary file.
    fn step(&mut self, script: &str, env: &[(&str, &str)]) -> Step {
        self.steps += 1;
        let output = self.tmp.path().join(format!("output-{}", self.steps));
        let summary = self.tmp.path().join(format!("summary-{}", self.steps));
        std::fs::write(&output, "").unwrap();
        std::fs::write(&summary, "").unwrap();
        let mut cmd = Command::new("bash");
        cmd.arg(self.action_path.join(".github/action").join(script))
            .current_dir(repo_root())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap())
            .env("HOME", self.tmp.path())
            .env("NO_COLOR", "1")
            .env("GITHUB_ACTION_PATH", &self.action_path)
            .env("GITHUB_SERVER_URL", &self.gh.url)
            .env("GITHUB_API_URL", &self.gh.url)
            .env("GITHUB_REPOSITORY", "acme/infra")
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", self.event_path())
            .env("GITHUB_RUN_ID", "4242")
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", self.runner_temp());
        if let Some(bin) = &self.bin {
            cmd.env("S3DRIFT_BIN", bin);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        Step {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
            outputs: parse_outputs(&std::fs::read_to_string(&output).unwrap()),
            summary: std::fs::read_to_string(&summary).unwrap(),
        }
    }

    /// The install step, which must succeed; later steps get its binary.
    fn install(&mut self) -> Step {
        let step = self.step("install.sh", &[]);
        assert_eq!(step.code, Some(0), "{step:#?}");
        self.bin = Some(step.outputs["bin"].clone());
        step
    }

    /// The check step on the offline demo, plus `extra` lines of extra-args.
    fn check(&mut self, state: &str, extra: &str) -> Step {
        let extra_args = format!("--snapshot\nfixtures/demo/live.json\n{extra}");
        let step = self.step(
            "check.sh",
            &[
                ("S3DRIFT_STATE", state),
                ("S3DRIFT_CLOUDTRAIL", "fixtures/demo/cloudtrail"),
                ("S3DRIFT_FAIL_ON", "high"),
                ("S3DRIFT_EXTRA_ARGS", &extra_args),
            ],
        );
        assert_eq!(step.code, Some(0), "{step:#?}");
        step
    }
}

/// `$GITHUB_OUTPUT` syntax: `name=value` and `name<<DELIM` … `DELIM`.
fn parse_outputs(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((name, delim)) = line.split_once("<<") {
            let mut value = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                value.push(l);
            }
            out.insert(name.to_string(), value.join("\n"));
        } else if let Some((name, value)) = line.split_once('=') {
            out.insert(name.to_string(), value.to_string());
        }
    }
    out
}

const DEMO_STATE: &str = "fixtures/demo/terraform.tfstate";

#[test]
fn install_downloads_the_release_and_checks_it() {
    let mut run = Run::new();
    let step = run.install();
    let bin = PathBuf::from(&step.outputs["bin"]);
    assert!(bin.starts_with(run.runner_temp()), "{bin:?}");
    assert_eq!(std::fs::read(&bin).unwrap(), release_binary());
    assert!(
        step.stdout.contains(&format!("Installed {ASSET}")),
        "{step:#?}"
    );
    // It ran the installed binary, which is the one under test.
    assert!(step.stdout.contains("s3drift "), "{step:#?}");
    // The ref and repository came from where the runner keeps the action.
    let requests = run.gh.state().requests.clone();
    assert_eq!(
        requests,
        vec![(
            "GET".to_string(),
            format!("/acme/s3drift/releases/download/{REF}/{ASSET}")
        )]
    );
}

#[test]
fn a_tampered_binary_fails_the_install() {
    let mut run = Run::new();
    run.gh.state().assets.insert(
        format!("/acme/s3drift/releases/download/{REF}/{ASSET}"),
        b"#!/bin/sh\necho pwned\n".to_vec(),
    );
    let step = run.step("install.sh", &[]);
    assert_eq!(step.code, Some(1), "{step:#?}");
    assert!(
        step.stdout
            .contains("::error title=s3drift::checksum mismatch"),
        "{step:#?}"
    );
    assert!(!step.outputs.contains_key("bin"), "{step:#?}");
    let installed = run.runner_temp().join("s3drift-bin/s3drift");
    assert!(!installed.exists(), "nothing is installed");
    assert!(
        std::fs::read_dir(run.runner_temp().join("s3drift-bin"))
            .unwrap()
            .next()
            .is_none(),
        "no download is left behind"
    );
}

#[test]
fn a_release_missing_from_the_host_fails_closed() {
    let mut run = Run::new();
    run.gh.state().assets.clear();
    let step = run.step("install.sh", &[]);
    assert_eq!(step.code, Some(1), "{step:#?}");
    assert!(step.stdout.contains("cannot download"), "{step:#?}");
}

#[test]
fn a_ref_without_a_release_builds_from_the_action_source() {
    let mut run = Run::new();
    // A stand-in `cargo` that records its arguments and installs the binary under test.
    let fake_bin = run.tmp.path().join("fake-bin");
    std::fs::create_dir_all(&fake_bin).unwrap();
    let log = run.tmp.path().join("cargo.log");
    std::fs::write(
        fake_bin.join("cargo"),
        format!(
            "#!/bin/sh\necho \"$@\" > '{}'\nwhile [ \"$1\" != --root ]; do shift; done\nmkdir -p \"$2/bin\"\nln -s '{}' \"$2/bin/s3drift\"\n",
            log.display(),
            env!("CARGO_BIN_EXE_s3drift")
        ),
    )
    .unwrap();
    Command::new("chmod")
        .args(["+x", fake_bin.join("cargo").to_str().unwrap()])
        .status()
        .unwrap();
    let path = format!("{}:{}", fake_bin.display(), std::env::var("PATH").unwrap());
    let step = run.step(
        "install.sh",
        &[("S3DRIFT_ACTION_REF", "main"), ("PATH", &path)],
    );
    assert_eq!(step.code, Some(0), "{step:#?}");
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(
        args.starts_with(&format!(
            "install --locked --path {} --root ",
            run.action_path.display()
        )),
        "{args}"
    );
    assert!(step.outputs["bin"].ends_with("/cargo/bin/s3drift"));
    assert!(run.gh.state().requests.is_empty(), "nothing downloaded");
}

#[test]
fn a_version_the_pinned_ref_has_no_checksum_for_fails() {
    let mut run = Run::new();
    let step = run.step("install.sh", &[("S3DRIFT_VERSION", "v1.0.0")]);
    assert_eq!(step.code, Some(1), "{step:#?}");
    assert!(step.stdout.contains("has no checksum"), "{step:#?}");
    assert!(run.gh.state().requests.is_empty());
}

#[test]
fn check_writes_the_outputs_and_report_writes_summary_and_annotations() {
    let mut run = Run::new();
    run.install();
    let check = run.check(DEMO_STATE, "");
    let o = &check.outputs;
    assert_eq!(o["drift-count"], "7", "{check:#?}");
    assert_eq!(o["critical-count"], "3");
    assert_eq!(o["unreadable-count"], "1");
    assert_eq!(o["exit-code"], "2");
    assert_eq!(o["sarif-file"], "");
    let report = PathBuf::from(&o["report-json"]);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json["schema"], "s3drift/report");

    let step = run.step(
        "report.sh",
        &[
            ("S3DRIFT_REPORT", &o["report-json"]),
            ("S3DRIFT_CATEGORY", "prod"),
        ],
    );
    assert_eq!(step.code, Some(0), "{step:#?}");
    let annotations: Vec<&str> = step.stdout.lines().collect();
    assert_eq!(annotations.len(), 10, "{}", step.stdout);
    assert!(annotations[0]
        .starts_with("::error title=encryption-downgraded::[critical] acme-prod-data "));
    assert_eq!(
        annotations
            .iter()
            .filter(|l| l.starts_with("::error "))
            .count(),
        6
    );
    assert!(
        step.summary
            .starts_with("## s3drift (prod): 7 drift findings in 3 buckets\n"),
        "{}",
        step.summary
    );
    assert!(step
        .summary
        .contains("| 3 | 2 | 0 | 2 | 0 | 4 | 1 attribute in 1 bucket |"));

    // fail-on high: drift at or above it fails the job with exit code 2.
    let finish = run.step(
        "finish.sh",
        &[("S3DRIFT_EXIT_CODE", "2"), ("S3DRIFT_FAIL_ON", "high")],
    );
    assert_eq!(finish.code, Some(2));
    assert!(finish
        .stdout
        .contains("::error title=s3drift::drift at or above fail-on (high)"));
    let clean = run.step("finish.sh", &[("S3DRIFT_EXIT_CODE", "0")]);
    assert_eq!(clean.code, Some(0));
}

#[test]
fn list_inputs_keep_spaces_inside_one_item() {
    let mut run = Run::new();
    run.install();
    let dir = run.tmp.path().join("my states");
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("prod state.tfstate");
    std::fs::copy(repo_root().join(DEMO_STATE), &state).unwrap();
    // Blank lines and surrounding blanks are ignored; the space inside the path is kept.
    let input = format!("\n  {}  \n\n", state.display());
    let check = run.check(&input, "--exclude\nacme-analytics-*\n");
    assert_eq!(check.outputs["exit-code"], "2", "{check:#?}");
    assert_eq!(check.outputs["drift-count"], "6", "{check:#?}");
}

#[test]
fn a_failed_check_still_writes_the_exit_code() {
    let mut run = Run::new();
    run.install();
    let step = run.step(
        "check.sh",
        &[("S3DRIFT_STATE", "no/such/terraform.tfstate")],
    );
    assert_eq!(step.code, Some(0), "{step:#?}");
    assert_eq!(step.outputs["exit-code"], "1");
    assert_eq!(step.outputs["report-json"], "", "no report");
    assert_eq!(step.outputs["drift-count"], "");
    assert!(step
        .stdout
        .contains("::error title=s3drift::s3drift check failed (exit 1)"));
    assert!(
        step.stderr.contains("s3drift::"),
        "the diagnostic: {step:#?}"
    );
    let finish = run.step("finish.sh", &[("S3DRIFT_EXIT_CODE", "1")]);
    assert_eq!(finish.code, Some(1));
}

#[test]
fn extra_args_cannot_set_what_the_action_sets() {
    let mut run = Run::new();
    run.install();
    for bad in ["--format\ntext", "--fail-on=never", "-o\nx.json"] {
        let step = run.step(
            "check.sh",
            &[("S3DRIFT_STATE", DEMO_STATE), ("S3DRIFT_EXTRA_ARGS", bad)],
        );
        assert_eq!(step.code, Some(1), "{bad}: {step:#?}");
        assert!(step.stdout.contains("extra-args must not set"), "{step:#?}");
    }
}

#[test]
fn boolean_inputs_are_checked() {
    let mut run = Run::new();
    run.install();
    let step = run.step(
        "check.sh",
        &[
            ("S3DRIFT_STATE", DEMO_STATE),
            ("S3DRIFT_FAIL_ON_UNREADABLE", "yes"),
        ],
    );
    assert_eq!(step.code, Some(1), "{step:#?}");
    assert!(step
        .stdout
        .contains("--fail-on-unreadable takes true or false"));
}

fn comment_step(run: &mut Run, report: &str, category: &str, mode: &str) -> Step {
    let step = run.step(
        "comment.sh",
        &[
            ("S3DRIFT_REPORT", report),
            ("S3DRIFT_CATEGORY", category),
            ("S3DRIFT_COMMENT_MODE", mode),
            ("GITHUB_TOKEN", TOKEN),
        ],
    );
    assert_eq!(step.code, Some(0), "{step:#?}");
    step
}

#[test]
fn a_second_run_updates_the_same_comment() {
    let mut run = Run::new();
    run.install();
    let first = run.check(DEMO_STATE, "");
    comment_step(&mut run, &first.outputs["report-json"], "prod", "update");
    let (id, body) = {
        let state = run.gh.state();
        let comments = state.comments_on(PR);
        assert_eq!(comments.len(), 1);
        let body = comments[0]["body"].as_str().unwrap().to_string();
        assert!(
            body.starts_with("<!-- s3drift:prod -->\n## s3drift (prod): 7 drift findings"),
            "{body}"
        );
        (comments[0]["id"].clone(), body)
    };

    // The next push: drift on one bucket was fixed.
    let second = run.check(DEMO_STATE, "--exclude\nacme-analytics-scratch\n");
    let step = comment_step(&mut run, &second.outputs["report-json"], "prod", "update");
    assert!(step.stdout.contains("updated comment"), "{step:#?}");
    {
        let state = run.gh.state();
        let comments = state.comments_on(PR);
        assert_eq!(
            comments.len(),
            1,
            "one comment per category, never one per push"
        );
        assert_eq!(comments[0]["id"], id);
        assert_ne!(comments[0]["body"].as_str().unwrap(), body);
        assert!(comments[0]["body"]
            .as_str()
            .unwrap()
            .contains("6 drift findings"));
    }

    // The same report again: nothing to change, nothing sent.
    let before = run.gh.state().requests.len();
    comment_step(&mut run, &second.outputs["report-json"], "prod", "update");
    let requests = run.gh.state().requests[before..].to_vec();
    assert!(requests.iter().all(|(m, _)| m == "GET"), "{requests:?}");

    // Another matrix job's category gets its own comment; prod's is untouched.
    comment_step(&mut run, &first.outputs["report-json"], "stage", "update");
    {
        let state = run.gh.state();
        let comments = state.comments_on(PR);
        assert_eq!(comments.len(), 2);
        assert_eq!(comments[0]["id"], id);
        assert!(comments[1]["body"]
            .as_str()
            .unwrap()
            .starts_with("<!-- s3drift:stage -->"));
    }

    // `new` posts a fresh comment and deletes the old one: still one for the category.
    comment_step(&mut run, &second.outputs["report-json"], "prod", "new");
    let state = run.gh.state();
    let prod: Vec<&Value> = state
        .comments_on(PR)
        .into_iter()
        .filter(|c| {
            c["body"]
                .as_str()
                .unwrap()
                .starts_with("<!-- s3drift:prod -->")
        })
        .collect();
    assert_eq!(prod.len(), 1);
    assert_ne!(prod[0]["id"], id);
}

#[test]
fn comments_follow_pagination_and_skip_other_events() {
    let mut run = Run::new();
    run.install();
    let report = run.check(DEMO_STATE, "").outputs["report-json"].clone();
    {
        let mut state = run.gh.state();
        state.page_size = 2;
        for i in 0..5 {
            state
                .comments
                .push((PR, json!({"id": i, "body": format!("review {i}")})));
        }
        state
            .comments
            .push((PR, json!({"id": 77, "body": "<!-- s3drift:prod -->\nold"})));
    }
    comment_step(&mut run, &report, "prod", "update");
    {
        let state = run.gh.state();
        assert_eq!(
            state.comments_on(PR).len(),
            6,
            "the comment on page 3 was found"
        );
        let ours = state.comments_on(PR)[5];
        assert_eq!(ours["id"], 77);
        assert!(ours["body"].as_str().unwrap().contains("7 drift findings"));
        let pages = state
            .requests
            .iter()
            .filter(|(m, u)| m == "GET" && u.contains("/comments"))
            .count();
        assert_eq!(pages, 3);
    }
    // A push event: no pull request, no comment, no call.
    std::fs::write(run.event_path(), r#"{"ref":"refs/heads/main"}"#).unwrap();
    let before = run.gh.state().requests.len();
    let step = comment_step(&mut run, &report, "prod", "update");
    assert!(
        step.stdout.contains("not a pull request event"),
        "{step:#?}"
    );
    assert_eq!(run.gh.state().requests.len(), before);
}

#[test]
fn a_bad_token_is_a_clear_error() {
    let mut run = Run::new();
    run.install();
    let report = run.check(DEMO_STATE, "").outputs["report-json"].clone();
    let step = run.step(
        "comment.sh",
        &[
            ("S3DRIFT_REPORT", &report),
            ("GITHUB_TOKEN", "ghs_wrongTokenValue42"),
        ],
    );
    assert_eq!(step.code, Some(1), "{step:#?}");
    assert!(step.stderr.contains("s3drift::github"), "{step:#?}");
    assert!(step.stderr.contains("401"), "{step:#?}");
    assert!(
        !step.stderr.contains("ghs_wrongTokenValue42"),
        "the token is never printed"
    );
}

fn issues_step(run: &mut Run, report: &str, max: &str) -> Step {
    let step = run.step(
        "issues.sh",
        &[
            ("S3DRIFT_REPORT", report),
            ("S3DRIFT_MAX_ISSUES", max),
            ("GITHUB_TOKEN", TOKEN),
        ],
    );
    assert_eq!(step.code, Some(0), "{step:#?}");
    step
}

/// Drift issues by bucket: (number, state).
fn drift_issues(run: &Run) -> BTreeMap<String, (u64, String)> {
    run.gh
        .state()
        .issues
        .values()
        .filter(|i| i.get("pull_request").is_none())
        .map(|i| {
            let body = i["body"].as_str().unwrap();
            let bucket = s3drift::github::issues::bucket_of(body)
                .unwrap()
                .to_string();
            (
                bucket,
                (
                    i["number"].as_u64().unwrap(),
                    i["state"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

/// The report with `bucket`'s drift gone (it is still among the compared buckets).
fn resolved(report: &str, bucket: &str, into: &Path) -> String {
    let mut json: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    json["findings"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["bucket"] != bucket);
    std::fs::write(into, json.to_string()).unwrap();
    into.display().to_string()
}

#[test]
fn drift_issues_open_update_and_close_only_what_was_fully_compared() {
    let mut run = Run::new();
    run.install();
    // An issue from an earlier run for the bucket whose replication cannot be read now.
    let site = run.gh.state().add_issue(
        "S3 drift: acme-static-site",
        "<!-- s3drift:issue bucket=acme-static-site -->\nold",
        "open",
        &["s3drift"],
        false,
    );
    let report = run.check(DEMO_STATE, "").outputs["report-json"].clone();
    let step = issues_step(&mut run, &report, "20");
    let issues = drift_issues(&run);
    for bucket in [
        "acme-analytics-scratch",
        "acme-prod-data",
        "acme-prod-logs",
        "acme-tmp-export",
    ] {
        assert_eq!(issues[bucket].1, "open", "{bucket}: {step:#?}");
    }
    // Its drift is gone, but a setting could not be read: an unreadable run closes nothing.
    assert_eq!(issues["acme-static-site"], (site, "open".to_string()));
    assert!(step.stdout.contains("left #2 open"), "{step:#?}");
    let data = issues["acme-prod-data"].0;
    {
        let state = run.gh.state();
        let issue = &state.issues[&data];
        assert_eq!(issue["title"], "S3 drift: acme-prod-data");
        assert_eq!(issue["labels"][0]["name"], "s3drift");
        let body = issue["body"].as_str().unwrap();
        assert!(body.contains("### `acme-prod-data`"), "{body}");
        assert!(
            !body.contains("### `acme-prod-logs`"),
            "one bucket per issue"
        );
        assert!(
            body.contains("/acme/infra/actions/runs/4242"),
            "links the run"
        );
    }

    // A second run with the same drift updates nothing and opens nothing.
    let count = run.gh.state().issues.len();
    issues_step(&mut run, &report, "20");
    assert_eq!(run.gh.state().issues.len(), count);

    // The scratch bucket's drift is resolved: its issue is closed, with a comment.
    let fixed = resolved(
        &report,
        "acme-analytics-scratch",
        &run.tmp.path().join("fixed.json"),
    );
    let step = issues_step(&mut run, &fixed, "20");
    let scratch = issues["acme-analytics-scratch"].0;
    {
        let state = run.gh.state();
        assert_eq!(state.issues[&scratch]["state"], "closed", "{step:#?}");
        assert_eq!(state.issues[&scratch]["state_reason"], "completed");
        let comments = state.comments_on(scratch);
        assert_eq!(comments.len(), 1);
        assert!(comments[0]["body"]
            .as_str()
            .unwrap()
            .starts_with("No drift on `acme-analytics-scratch`"));
        assert_eq!(state.issues[&data]["state"], "open");
        assert_eq!(state.issues[&site]["state"], "open");
    }

    // A run that did not compare the bucket (filtered out, or another matrix job's) closes
    // nothing either.
    let other = run.check(DEMO_STATE, "--exclude\nacme-prod-*\n");
    issues_step(&mut run, &other.outputs["report-json"], "20");
    assert_eq!(run.gh.state().issues[&data]["state"], "open");

    // The drift comes back: the closed issue is reopened, not duplicated.
    issues_step(&mut run, &report, "20");
    let state = run.gh.state();
    assert_eq!(state.issues[&scratch]["state"], "open");
    assert_eq!(state.issues.len(), count);
}

#[test]
fn max_issues_holds_back_the_rest_and_says_so() {
    let mut run = Run::new();
    run.install();
    run.gh.state().page_size = 1;
    let report = run.check(DEMO_STATE, "").outputs["report-json"].clone();
    let step = issues_step(&mut run, &report, "2");
    let issues = drift_issues(&run);
    // The most severe first: both buckets with critical drift.
    assert_eq!(
        issues.keys().collect::<Vec<_>>(),
        vec!["acme-prod-data", "acme-prod-logs"],
        "{step:#?}"
    );
    assert!(
        step.summary
            .contains("2 drifted buckets got no issue this run: at most 2 issues"),
        "{}",
        step.summary
    );
    assert!(
        step.summary.contains("`acme-tmp-export`")
            && step.summary.contains("`acme-analytics-scratch`")
    );
    // The next run opens the rest (the list is read across pages of one).
    let step = issues_step(&mut run, &report, "2");
    assert_eq!(drift_issues(&run).len(), 4, "{step:#?}");
    assert!(step.summary.is_empty());
}

#[test]
fn action_yml_passes_inputs_only_through_env_and_pins_actions() {
    let text = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    let declared: Vec<&str> = text
        .split("\ninputs:\n")
        .nth(1)
        .unwrap()
        .split("\noutputs:\n")
        .next()
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   ") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    for input in [
        "state",
        "plan",
        "dir",
        "cloudtrail",
        "since",
        "fail-on",
        "fail-on-unreadable",
        "fail-on-revert",
        "config",
        "baseline",
        "version",
        "extra-args",
        "comment-on-pr",
        "create-issues",
        "max-issues",
        "upload-sarif",
        "sarif-category",
        "github-token",
    ] {
        assert!(
            declared.contains(&input),
            "input {input} is declared: {declared:?}"
        );
    }
    for line in text.lines() {
        let t = line.trim();
        if let Some(run) = t.strip_prefix("run:") {
            assert!(!run.contains("${{"), "no expression inside run: {line}");
            let script = run
                .trim()
                .trim_start_matches("bash \"$GITHUB_ACTION_PATH/")
                .trim_end_matches('"');
            assert!(repo_root().join(script).is_file(), "{script} exists");
        }
        if let Some(uses) = t.strip_prefix("uses:") {
            let target = uses.trim().split(' ').next().unwrap();
            let sha = target.split('@').nth(1).unwrap();
            assert!(
                sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
                "pinned by full commit: {line}"
            );
        }
        for name in t.match_indices("inputs.").map(|(i, _)| {
            t[i + 7..]
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .next()
                .unwrap()
        }) {
            assert!(
                declared.contains(&name),
                "inputs.{name} is declared: {line}"
            );
        }
    }
    for output in [
        "drift-count",
        "critical-count",
        "unreadable-count",
        "report-json",
        "sarif-file",
        "exit-code",
    ] {
        assert!(text.contains(&format!("  {output}:\n")), "output {output}");
    }
}
