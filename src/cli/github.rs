//! `s3drift github …`: the steps over a saved JSON report, their arguments and their
//! validation into [`GithubSettings`].

use clap::{Args, Subcommand, ValueEnum};
use s3drift::app::github::{GithubCommand, GithubSettings};
use s3drift::diag::{ErrorCode, InputError};
use s3drift::github::comment::CommentMode;
use std::path::PathBuf;

/// `s3drift github …`. Each reads the report `s3drift check --format json` wrote and the
/// run's standard GITHUB_* variables.
#[derive(Debug, Subcommand)]
pub enum GithubArgs {
    /// Write drift-count, critical-count, unreadable-count, report-json, sarif-file and
    /// exit-code to $GITHUB_OUTPUT (stdout when unset).
    Outputs(GithubOutputsArgs),
    /// Print the findings as annotations (workflow commands), most severe first.
    Annotate(GithubReportArg),
    /// Append the report as Markdown to $GITHUB_STEP_SUMMARY (stdout when unset).
    Summary(GithubSummaryArgs),
    /// Create or update this category's comment on the pull request the run is for.
    Comment(GithubCommentArgs),
    /// Open, update and close one issue per drifted bucket.
    Issues(GithubIssuesArgs),
}

#[derive(Debug, Args)]
pub struct GithubReportArg {
    /// The JSON report.
    #[arg(long, value_name = "FILE")]
    pub report: PathBuf,
}

#[derive(Debug, Args)]
pub struct GithubOutputsArgs {
    /// The JSON report (counts are empty without one: the check failed).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The SARIF file written, if any.
    #[arg(long, value_name = "FILE")]
    pub sarif_file: Option<PathBuf>,
    /// The exit code of `s3drift check`.
    #[arg(long, value_name = "N")]
    pub exit_code: Option<i32>,
}

#[derive(Debug, Args)]
pub struct GithubSummaryArgs {
    #[command(flatten)]
    pub report: GithubReportArg,
    /// A name for the headline (an account, a matrix category).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct GithubTokenArg {
    /// The environment variable that holds the API token.
    #[arg(long, value_name = "NAME", default_value = "GITHUB_TOKEN")]
    pub token_env: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum CommentModeArg {
    Update,
    New,
    Off,
}

#[derive(Debug, Args)]
pub struct GithubCommentArgs {
    #[command(flatten)]
    pub report: GithubReportArg,
    /// The comment's category: one comment per category (matrix jobs use one each).
    #[arg(long, value_name = "NAME", default_value = s3drift::github::comment::DEFAULT_CATEGORY)]
    pub category: String,
    /// update: edit the comment in place; new: post a fresh one and delete the old; off.
    #[arg(long, value_enum, default_value = "update", value_name = "MODE")]
    pub mode: CommentModeArg,
    #[command(flatten)]
    pub token: GithubTokenArg,
}

#[derive(Debug, Args)]
pub struct GithubIssuesArgs {
    #[command(flatten)]
    pub report: GithubReportArg,
    /// Issues opened (or reopened) per run at most; the rest wait for later runs.
    #[arg(long, value_name = "N", default_value_t = s3drift::github::issues::DEFAULT_MAX_ISSUES)]
    pub max_issues: usize,
    /// The label drift issues carry and are found by.
    #[arg(long, value_name = "NAME", default_value = s3drift::github::ISSUE_LABEL)]
    pub label: String,
    #[command(flatten)]
    pub token: GithubTokenArg,
}

impl GithubArgs {
    /// Validates the arguments into settings; the run's GITHUB_* variables and the token
    /// come from the process environment.
    pub fn into_settings(self) -> Result<GithubSettings, InputError> {
        let env = s3drift::github::env::GithubEnv::from_vars(std::env::vars());
        let mut token_env = "GITHUB_TOKEN".to_string();
        let command = match self {
            GithubArgs::Outputs(a) => GithubCommand::Outputs {
                report: a.report,
                sarif_file: a.sarif_file,
                exit_code: a.exit_code,
            },
            GithubArgs::Annotate(a) => GithubCommand::Annotate { report: a.report },
            GithubArgs::Summary(a) => GithubCommand::Summary {
                report: a.report.report,
                title: a.title,
            },
            GithubArgs::Comment(a) => {
                s3drift::github::comment::check_category(&a.category)?;
                token_env = a.token.token_env;
                GithubCommand::Comment {
                    report: a.report.report,
                    category: a.category,
                    mode: match a.mode {
                        CommentModeArg::Update => CommentMode::Update,
                        CommentModeArg::New => CommentMode::New,
                        CommentModeArg::Off => CommentMode::Off,
                    },
                }
            }
            GithubArgs::Issues(a) => {
                if a.label.trim().is_empty() {
                    return Err(InputError::new(
                        ErrorCode::Usage,
                        "--label must not be empty",
                    ));
                }
                token_env = a.token.token_env;
                GithubCommand::Issues {
                    report: a.report.report,
                    max_issues: a.max_issues,
                    label: a.label,
                }
            }
        };
        let token = std::env::var(&token_env).ok().filter(|t| !t.is_empty());
        Ok(GithubSettings {
            env,
            token,
            token_env,
            command,
        })
    }
}
