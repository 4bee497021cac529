//! `s3drift github …`: the steps of the GitHub Action, each reading a saved JSON report and
//! the run's environment. Files and the REST API are touched here; what to write and what
//! to change on GitHub is decided by the pure `crate::github` and `crate::report` modules.

use super::{write_error, Outcome};
use crate::diag::{ErrorCode, InputError};
use crate::github::api::{Client, IssueUpdate};
use crate::github::comment::{self, CommentMode, CommentPlan};
use crate::github::env::{self, GithubEnv};
use crate::github::issues::{self, IssueAction};
use crate::github::outputs;
use crate::report::markdown::{self, MarkdownOptions, COMMENT_CHARS, STEP_SUMMARY_BYTES};
use crate::report::{self, Report, REPORT_SCHEMA, REPORT_VERSION};
use std::io::Write;
use std::path::{Path, PathBuf};

/// `s3drift github`.
#[derive(Clone, Debug)]
pub struct GithubSettings {
    pub env: GithubEnv,
    /// The API token, from `GITHUB_TOKEN` or the variable `--token-env` names.
    pub token: Option<String>,
    /// The variable the token was looked for in, for messages.
    pub token_env: String,
    pub command: GithubCommand,
}

/// One `s3drift github` command.
#[derive(Clone, Debug)]
pub enum GithubCommand {
    /// Write the step outputs to `$GITHUB_OUTPUT`.
    Outputs {
        report: Option<PathBuf>,
        sarif_file: Option<PathBuf>,
        exit_code: Option<i32>,
    },
    /// Print annotations (workflow commands) on stdout.
    Annotate { report: PathBuf },
    /// Append the Markdown report to `$GITHUB_STEP_SUMMARY` (stdout when unset).
    Summary {
        report: PathBuf,
        title: Option<String>,
    },
    /// Create or update the pull request's comment.
    Comment {
        report: PathBuf,
        category: String,
        mode: CommentMode,
    },
    /// Open, update and close drift issues.
    Issues {
        report: PathBuf,
        max_issues: usize,
        label: String,
    },
}

/// Runs one command. Progress lines go to `stdout`, which a workflow shows in the log.
pub fn run(settings: &GithubSettings, stdout: &mut impl Write) -> Result<Outcome, InputError> {
    match &settings.command {
        GithubCommand::Outputs {
            report,
            sarif_file,
            exit_code,
        } => {
            let loaded = report.as_deref().map(load_report).transpose()?;
            let lines = outputs::format(&outputs::outputs(
                loaded.as_ref(),
                report.as_deref().map(path_text).as_deref(),
                sarif_file.as_deref().map(path_text).as_deref(),
                *exit_code,
            ));
            match &settings.env.output {
                Some(path) => append(path, &lines)?,
                None => stdout.write_all(lines.as_bytes()).map_err(write_error)?,
            }
        }
        GithubCommand::Annotate { report } => {
            let loaded = load_report(report)?;
            let mut buf = Vec::new();
            report::github::render(&loaded, &mut buf).map_err(write_error)?;
            stdout.write_all(&buf).map_err(write_error)?;
        }
        GithubCommand::Summary { report, title } => {
            let loaded = load_report(report)?;
            summary(&settings.env, &loaded, title.clone(), stdout)?;
        }
        GithubCommand::Comment {
            report,
            category,
            mode,
        } => {
            let loaded = load_report(report)?;
            pr_comment(settings, &loaded, category, *mode, stdout)?;
        }
        GithubCommand::Issues {
            report,
            max_issues,
            label,
        } => {
            let loaded = load_report(report)?;
            drift_issues(settings, &loaded, *max_issues, label, stdout)?;
        }
    }
    Ok(Outcome::Clean)
}

/// Reads a JSON report written by `s3drift check --format json`.
pub fn load_report(path: &Path) -> Result<Report, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::new(
            ErrorCode::Io,
            format!("cannot read the report {}: {e}", path.display()),
        )
        .help("pass the file `s3drift check --format json --output FILE` wrote")
    })?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        InputError::new(
            ErrorCode::NotJson,
            format!("the report {} is not JSON: {e}", path.display()),
        )
    })?;
    if value.get("schema").and_then(|s| s.as_str()) != Some(REPORT_SCHEMA)
        || value.get("version").and_then(|v| v.as_u64()) != Some(u64::from(REPORT_VERSION))
    {
        return Err(InputError::new(
            ErrorCode::Shape,
            format!(
                "{} is not an s3drift report (schema `{REPORT_SCHEMA}`, version {REPORT_VERSION})",
                path.display()
            ),
        )
        .help("write it with `s3drift check --format json` of this version"));
    }
    serde_json::from_value(value).map_err(|e| {
        InputError::new(
            ErrorCode::Shape,
            format!("the report {} has an unexpected shape: {e}", path.display()),
        )
    })
}

fn path_text(p: &Path) -> String {
    p.display().to_string()
}

/// Appends `text` to a file GitHub gave the step (outputs, summary). One write, so a
/// failure never leaves half an entry.
fn append(path: &Path, text: &str) -> Result<(), InputError> {
    let fail = |e: std::io::Error| {
        InputError::new(
            ErrorCode::Output,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)
}

/// Room left in the step summary: GitHub refuses a summary over 1 MiB.
fn summary_room(env: &GithubEnv) -> usize {
    let used = env
        .step_summary
        .as_deref()
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len() as usize);
    STEP_SUMMARY_BYTES.saturating_sub(used)
}

fn summary(
    env: &GithubEnv,
    report: &Report,
    title: Option<String>,
    stdout: &mut impl Write,
) -> Result<(), InputError> {
    let opts = MarkdownOptions {
        max_bytes: summary_room(env),
        title,
        bucket: None,
    };
    let text = markdown::to_string(report, &opts);
    match &env.step_summary {
        Some(path) => append(path, &text),
        None => stdout.write_all(text.as_bytes()).map_err(write_error),
    }
}

fn client(settings: &GithubSettings) -> Result<Client, InputError> {
    let repo = settings.env.repo()?;
    let Some(token) = settings.token.clone() else {
        return Err(env::missing(
            &settings.token_env,
            "a token for the GitHub API",
        )
        .help("pass `github-token` to the action, or set GITHUB_TOKEN: ${{ github.token }} in the step's env"));
    };
    Ok(Client::new(&settings.env.api_url, token, repo))
}

fn say(stdout: &mut impl Write, line: String) -> Result<(), InputError> {
    writeln!(stdout, "{line}").map_err(write_error)
}

fn pr_comment(
    settings: &GithubSettings,
    report: &Report,
    category: &str,
    mode: CommentMode,
    stdout: &mut impl Write,
) -> Result<(), InputError> {
    if mode == CommentMode::Off {
        return say(stdout, "s3drift: pull-request comments are off".into());
    }
    let Some(event_path) = &settings.env.event_path else {
        return say(
            stdout,
            "s3drift: no GITHUB_EVENT_PATH; not a workflow run, no comment".into(),
        );
    };
    let event: serde_json::Value = std::fs::read_to_string(event_path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| {
            InputError::new(
                ErrorCode::Github,
                format!("cannot read the event payload {}", event_path.display()),
            )
        })?;
    let Some(number) = env::pull_request_number(&event) else {
        return say(
            stdout,
            "s3drift: not a pull request event; no comment".into(),
        );
    };
    let client = client(settings)?;
    let body = comment::body(report, category);
    let existing = client.list_comments(number)?;
    let worth_posting = !report.findings.is_empty();
    match comment::plan(mode, &existing, category, &body, worth_posting) {
        CommentPlan::Nothing(why) => say(stdout, format!("s3drift: no comment change: {why}")),
        CommentPlan::Create => {
            let c = client.create_comment(number, &body)?;
            say(
                stdout,
                format!("s3drift: commented on #{number} (comment {})", c.id),
            )
        }
        CommentPlan::Update { id, extra } => {
            client.update_comment(id, &body)?;
            for old in extra {
                client.delete_comment(old)?;
            }
            say(
                stdout,
                format!("s3drift: updated comment {id} on #{number}"),
            )
        }
        CommentPlan::Replace { delete } => {
            // The new comment first: if a delete fails, the pull request still has one.
            let c = client.create_comment(number, &body)?;
            for old in delete {
                client.delete_comment(old)?;
            }
            say(
                stdout,
                format!("s3drift: posted comment {} on #{number}", c.id),
            )
        }
    }
}

/// A drift issue's body: the marker, the bucket's findings, and where they came from.
fn issue_body(report: &Report, bucket: &str, run_url: Option<&str>) -> String {
    let marker = issues::marker(bucket);
    let footer = format!(
        "\n---\nUpdated by s3drift on every run{}; closed when the bucket matches its code \
         again and every setting could be read.\n",
        run_url.map(|u| format!(" (last: {u})")).unwrap_or_default()
    );
    let opts = MarkdownOptions {
        max_bytes: COMMENT_CHARS - marker.len() - footer.len() - 1,
        title: None,
        bucket: Some(bucket.to_string()),
    };
    format!("{marker}\n{}{footer}", markdown::to_string(report, &opts))
}

fn drift_issues(
    settings: &GithubSettings,
    report: &Report,
    max_issues: usize,
    label: &str,
    stdout: &mut impl Write,
) -> Result<(), InputError> {
    let client = client(settings)?;
    let run_url = settings.env.run_url();
    let body = |bucket: &str| issue_body(report, bucket, run_url.as_deref());
    let existing = client.list_issues(label)?;
    let plan = issues::plan(report, &existing, max_issues, &body);
    for action in &plan.actions {
        match action {
            IssueAction::Create { bucket } => {
                let issue = client.create_issue(&issues::title(bucket), &body(bucket), &[label])?;
                say(
                    stdout,
                    format!("s3drift: opened #{} for {bucket}", issue.number),
                )?;
            }
            IssueAction::Update { number, bucket } => {
                client.update_issue(
                    *number,
                    &IssueUpdate {
                        title: Some(issues::title(bucket)),
                        body: Some(body(bucket)),
                        ..IssueUpdate::default()
                    },
                )?;
                say(stdout, format!("s3drift: updated #{number} for {bucket}"))?;
            }
            IssueAction::Reopen { number, bucket } => {
                client.update_issue(
                    *number,
                    &IssueUpdate {
                        title: Some(issues::title(bucket)),
                        body: Some(body(bucket)),
                        state: Some("open".into()),
                        ..IssueUpdate::default()
                    },
                )?;
                client.create_comment(
                    *number,
                    &format!(
                        "Drift on `{bucket}` is back; reopening.{}",
                        run_suffix(&run_url)
                    ),
                )?;
                say(stdout, format!("s3drift: reopened #{number} for {bucket}"))?;
            }
            IssueAction::Close { number, bucket } => {
                client.create_comment(
                    *number,
                    &format!(
                        "No drift on `{bucket}`: every setting was read and matches the code. \
                         Closing.{}",
                        run_suffix(&run_url)
                    ),
                )?;
                client.update_issue(
                    *number,
                    &IssueUpdate {
                        state: Some("closed".into()),
                        state_reason: Some("completed".into()),
                        ..IssueUpdate::default()
                    },
                )?;
                say(stdout, format!("s3drift: closed #{number} for {bucket}"))?;
            }
        }
    }
    for (number, bucket) in &plan.not_closed {
        say(
            stdout,
            format!("s3drift: left #{number} open: {bucket} shows no drift but was not fully read"),
        )?;
    }
    if !plan.held_back.is_empty() {
        let names: Vec<String> = plan
            .held_back
            .iter()
            .map(|b| markdown::code(b, false))
            .collect();
        let note = format!(
            "> **s3drift:** {} drifted {} no issue this run: at most {max_issues} issues are \
             opened per run (`max-issues`). They are opened on later runs: {}.\n\n",
            plan.held_back.len(),
            if plan.held_back.len() == 1 {
                "bucket got"
            } else {
                "buckets got"
            },
            names.join(", ")
        );
        say(
            stdout,
            format!(
                "s3drift: {} drifted buckets held back by --max-issues {max_issues}",
                plan.held_back.len()
            ),
        )?;
        if let Some(path) = &settings.env.step_summary {
            append(path, &note)?;
        }
    }
    Ok(())
}

fn run_suffix(run_url: &Option<String>) -> String {
    run_url
        .as_deref()
        .map(|u| format!(" ([run]({u}))"))
        .unwrap_or_default()
}
