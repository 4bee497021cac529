//! Command-line arguments (clap) and their validation into the library's settings.
//!
//! Raw arguments become validated settings here, the way ripgrep separates `flags` from
//! `HiArgs`: everything past this file takes settings, never clap types.

use clap::{Args, Parser, Subcommand, ValueEnum};
use s3drift::app::github::{GithubCommand, GithubSettings};
use s3drift::app::merge::MergeSettings;
use s3drift::app::{
    BucketFilter, CheckSettings, DesiredInputs, DoctorFormat, DoctorSettings, EventsSettings,
    Format, PartSelection, SnapshotSettings, TrailSettings, TreeSettings,
};
use s3drift::aws::{AssumeRole, AwsSettings};
use s3drift::code::Severity;
use s3drift::diag::{ErrorCode, InputError};
use s3drift::github::comment::CommentMode;
use s3drift::trail::{EventSource, LogSource};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Finds Terraform/OpenTofu-managed S3 buckets that drifted from their code, says what
/// changed and who changed it.
#[derive(Debug, Parser)]
#[command(name = "s3drift", version, max_term_width = 100)]
#[command(after_help = "Exit codes: 0 no drift at or above --fail-on, 2 drift, 1 error.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The end of `check --help`: the commands people start from.
const CHECK_EXAMPLES: &str = "\
Examples:
  # The offline demo: a state, a recorded snapshot, CloudTrail files
  s3drift check --state fixtures/demo/terraform.tfstate --snapshot fixtures/demo/live.json \\
      --cloudtrail fixtures/demo/cloudtrail

  # A remote state against the live account, attributed through LookupEvents
  s3drift check --state s3://tf-state/prod/terraform.tfstate --cloudtrail lookup --profile prod

  # The root module's backend, SARIF for code scanning, fail only on high or worse
  s3drift check --dir infra --format sarif -o drift.sarif --fail-on high

Exit codes: 0 nothing at or above --fail-on, 2 drift (or a gap with --fail-on-unreadable), 1 error.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compare the buckets in state or plan with their live configuration.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(Box<CheckArgs>),
    /// Read the live configuration of the buckets in state and write it as a snapshot.
    Snapshot(SnapshotArgs),
    /// Print the desired attribute tree of every bucket as JSON.
    Tree(TreeArgs),
    /// List bucket-configuration events from CloudTrail: who did what to which bucket when.
    Events(EventsArgs),
    /// Check that s3drift can see every change: trails, CloudWatch alarms, access logging.
    Doctor(DoctorArgs),
    /// Print the least-privilege IAM policy s3drift needs.
    IamPolicy(IamPolicyArgs),
    /// Print the canonical attribute path table (Markdown).
    Paths,
    /// GitHub Actions steps over a saved JSON report: outputs, annotations, step summary,
    /// pull-request comment, drift issues.
    #[command(subcommand)]
    Github(GithubArgs),
    /// Merge JSON reports (one per account or state of a CI matrix) into one report.
    Merge(MergeArgs),
    /// Print a shell completion script (e.g. `s3drift completions bash > /etc/bash_completion.d/s3drift`).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `s3drift man > s3drift.1`, `s3drift man check > s3drift-check.1`.
    Man {
        /// The subcommand whose page to print (the root page lists them all).
        command: Option<String>,
    },
}

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

/// Where the desired side comes from.
#[derive(Debug, Args)]
#[command(next_help_heading = "Inputs")]
pub struct SourceArgs {
    /// Terraform/OpenTofu state: a file, a glob, or s3://bucket/key. Repeatable.
    #[arg(long = "state", value_name = "FILE|GLOB|S3URL")]
    pub state: Vec<String>,
    /// Plan JSON from `terraform show -json plan.out`. Repeatable.
    #[arg(long = "plan", value_name = "FILE")]
    pub plan: Vec<String>,
    /// The Terraform root module: its files give source locations, and its `backend "s3"`
    /// block (or local terraform.tfstate) gives the state unless --state or --plan does.
    #[arg(long = "dir", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Workspace of the --dir backend.
    #[arg(long = "workspace", value_name = "NAME", requires = "dir")]
    pub workspace: Option<String>,
    /// Partial backend configuration for --dir: KEY=VALUE or a file. Repeatable.
    #[arg(
        long = "backend-config",
        value_name = "KEY=VALUE|FILE",
        requires = "dir"
    )]
    pub backend_config: Vec<String>,
}

/// AWS access.
#[derive(Debug, Args)]
#[command(next_help_heading = "AWS")]
pub struct AwsArgs {
    /// AWS profile (SSO profiles work). Default: the standard credential chain.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Region for calls that need one before the bucket's own region is known.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Assume this role first (scanning another account).
    #[arg(long, value_name = "ARN")]
    pub assume_role: Option<String>,
    /// External id for --assume-role.
    #[arg(long, value_name = "ID", requires = "assume_role")]
    pub external_id: Option<String>,
    /// Session name for --assume-role [default: s3drift].
    #[arg(long, value_name = "NAME", requires = "assume_role")]
    pub role_session_name: Option<String>,
    /// S3 endpoint (S3-compatible stores, local test servers); path-style addressing is used.
    /// AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL are honoured too.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

/// Which parts are read live.
#[derive(Debug, Args)]
#[command(next_help_heading = "Live reads")]
pub struct PartsArgs {
    /// Parts to read live: `all`, or a comma-separated list (versioning,policy). Default:
    /// the core parts plus every part a loaded state manages.
    #[arg(long = "parts", value_name = "all|LIST")]
    pub parts: Option<String>,
}

impl PartsArgs {
    fn into_selection(self) -> Result<PartSelection, InputError> {
        self.parts
            .as_deref()
            .map_or(Ok(PartSelection::Default), PartSelection::parse)
    }
}

/// Which buckets.
#[derive(Debug, Args)]
#[command(next_help_heading = "Inputs")]
pub struct FilterArgs {
    /// Only buckets whose name matches this glob. Repeatable.
    #[arg(long = "bucket", value_name = "GLOB")]
    pub bucket: Vec<String>,
    /// Skip buckets whose name matches this glob. Repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub exclude: Vec<String>,
}

/// Event sources for attribution.
#[derive(Debug, Args)]
#[command(next_help_heading = "Attribution")]
pub struct TrailArgs {
    /// CloudTrail source: `lookup` (LookupEvents API), s3://bucket/prefix (a trail's log
    /// bucket), or a local .json/.json.gz file or folder. Repeatable.
    #[arg(long = "cloudtrail", value_name = "SRC")]
    pub cloudtrail: Vec<String>,
    /// S3 server access logs: a local file or folder, or s3://bucket/prefix. Repeatable.
    #[arg(long = "access-logs", value_name = "SRC")]
    pub access_logs: Vec<String>,
    /// Start of the event window: a duration before the live read (90d, 12h) or an RFC 3339 time.
    #[arg(long, value_name = "DURATION|TIME", default_value = "90d")]
    pub since: String,
    /// Denied bucket-configuration calls by one principal that make a burst signal (0: off).
    #[arg(long, value_name = "N", default_value_t = s3drift::trail::DEFAULT_BURST_COUNT)]
    pub denied_burst: usize,
    /// The window for --denied-burst.
    #[arg(long, value_name = "DURATION", default_value = "10m")]
    pub denied_window: String,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Falco,
    // GitHub Actions annotations (workflow commands). Plain comments: doc comments on
    // variants would turn `--help` into the long form.
    Github,
    // GitHub-flavoured Markdown (step summary, PR comment).
    Markdown,
    Sarif,
    Prometheus,
}

/// More report files from the same run, and the settings of their formats.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct ReportArgs {
    /// Also write the report in FORMAT to PATH (atomically), e.g. sarif=drift.sarif.
    /// Repeatable.
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    pub report: Vec<String>,
    /// SARIF analysis category (written as automationDetails.id), one per matrix job.
    #[arg(long, value_name = "NAME")]
    pub sarif_category: Option<String>,
}

impl ReportArgs {
    /// Validates `--report` values.
    pub fn reports(&self) -> Result<Vec<(Format, PathBuf)>, InputError> {
        self.report
            .iter()
            .map(|given| {
                let bad = || {
                    InputError::new(
                        ErrorCode::Usage,
                        format!("--report {given:?} is not FORMAT=PATH"),
                    )
                    .help("FORMAT is text, json, falco, sarif or prometheus, e.g. --report sarif=drift.sarif")
                };
                let (name, path) = given.split_once('=').ok_or_else(bad)?;
                let format = Format::from_name(name).ok_or_else(bad)?;
                if path.is_empty() {
                    return Err(bad());
                }
                Ok((format, PathBuf::from(path)))
            })
            .collect()
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EventsFormatArg {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DoctorFormatArg {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOnArg {
    Critical,
    High,
    Medium,
    Low,
    Any,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Compare with this recorded snapshot instead of reading AWS.
    #[arg(help_heading = "Inputs", long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Output format [default: text on a terminal, json otherwise].
    #[arg(help_heading = "Output", long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(help_heading = "Output", long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Exit 2 when drift at or above this severity is found [default: the policy file's
    /// fail_on, else any].
    #[arg(help_heading = "Output", long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOnArg>,
    /// Also exit 2 when a part could not be read or a bucket was not compared.
    #[arg(help_heading = "Output", long)]
    pub fail_on_unreadable: bool,
    /// The policy file [default: .s3drift.hcl in --dir, when present].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Suppress findings on BUCKET:PATH (both globs) without a policy file. Repeatable.
    #[arg(long, value_name = "BUCKET:PATH")]
    pub ignore: Vec<String>,
    /// Text output lists suppressed findings too.
    #[arg(long)]
    pub show_suppressed: bool,
    /// An earlier JSON report: findings get a status (new, existing, changed), gone ones are
    /// listed as resolved, and --fail-on counts only new and changed findings.
    #[arg(long, value_name = "REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// With --plan: exit 2 when the apply would revert an out-of-band change.
    #[arg(help_heading = "Output", long)]
    pub fail_on_revert: bool,
    /// Colours in text output. NO_COLOR turns `auto` off.
    #[arg(
        help_heading = "Output",
        long,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: ColorArg,
    /// Also report buckets that no loaded state manages (ListBuckets).
    #[arg(help_heading = "Live reads", long)]
    pub unmanaged: bool,
    /// Live reads in flight at most.
    #[arg(help_heading = "Live reads", long, value_name = "N", default_value_t = s3drift::app::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    /// Stop the live read after DURATION (such as 60s, 10m, 1h; 0: never); what is not read
    /// by then is unreadable (deadline), and event-source reads left are named in warnings.
    #[arg(
        help_heading = "Live reads",
        long,
        value_name = "DURATION",
        default_value = "30m"
    )]
    pub timeout: String,
    #[command(flatten)]
    pub parts: PartsArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub trail: TrailArgs,
    /// A saved `s3drift doctor --format json` report: unattributed findings name its known gap.
    #[arg(help_heading = "Attribution", long, value_name = "FILE")]
    pub coverage: Option<PathBuf>,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// JSON reports written by `s3drift check --format json`.
    #[arg(value_name = "REPORT.json", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    /// Write the merged report to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub reports: ReportArgs,
    /// Exit 2 when drift at or above this severity is in any report.
    #[arg(long, value_enum, default_value = "any", value_name = "SEVERITY")]
    pub fail_on: FailOnArg,
    /// Also exit 2 when a part could not be read or a bucket was not compared.
    #[arg(long)]
    pub fail_on_unreadable: bool,
    /// Colours in text output. NO_COLOR turns `auto` off.
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorArg,
}

impl MergeArgs {
    /// Validates the arguments into settings.
    pub fn into_settings(self) -> Result<MergeSettings, InputError> {
        Ok(MergeSettings {
            inputs: self.inputs,
            format: format(self.format),
            color: color(self.color, self.output.is_some()),
            width: width(self.output.is_some()),
            output: self.output,
            reports: self.reports.reports()?,
            sarif_category: self.reports.sarif_category,
            fail_on: fail_on(self.fail_on),
            fail_on_unreadable: self.fail_on_unreadable,
        })
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 attribution has what it needs, 2 a gap would leave findings unattributable, 1 error."
)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<DoctorFormatArg>,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Live reads in flight at most.
    #[arg(long, value_name = "N", default_value_t = s3drift::app::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct IamPolicyArgs {
    /// Add the read-only actions `s3drift doctor` needs.
    #[arg(long)]
    pub doctor: bool,
}

#[derive(Debug, Args)]
pub struct SnapshotArgs {
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Write the snapshot to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also list buckets that no loaded state manages.
    #[arg(long)]
    pub unmanaged: bool,
    /// Live reads in flight at most.
    #[arg(long, value_name = "N", default_value_t = s3drift::app::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
    /// Stop the live read after DURATION (such as 60s, 10m, 1h; 0: never); what is not read
    /// by then is unreadable (deadline).
    #[arg(
        help_heading = "Live reads",
        long,
        value_name = "DURATION",
        default_value = "30m"
    )]
    pub timeout: String,
    #[command(flatten)]
    pub parts: PartsArgs,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct TreeArgs {
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Write the trees to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// CloudTrail source: `lookup`, s3://bucket/prefix, or a local file or folder. Repeatable.
    #[arg(long = "cloudtrail", value_name = "SRC", required = true)]
    pub cloudtrail: Vec<String>,
    /// Only events on buckets whose name matches this glob (a name, or e.g. `acme-prod-*`).
    #[arg(long, value_name = "GLOB")]
    pub bucket: Option<String>,
    /// Start of the window: a duration before now (90d, 12h) or an RFC 3339 time.
    #[arg(long, value_name = "DURATION|TIME", default_value = "90d")]
    pub since: String,
    /// Output format.
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAT")]
    pub format: EventsFormatArg,
    #[command(flatten)]
    pub aws: AwsArgs,
}

impl SourceArgs {
    /// Files and globs are expanded and URLs parsed here, before anything is read.
    fn into_inputs(self) -> Result<DesiredInputs, InputError> {
        Ok(DesiredInputs {
            states: s3drift::state::parse_states(&self.state)?,
            plans: s3drift::state::parse_plans(&self.plan)?,
            dir: self.dir,
            workspace: self.workspace,
            backend_config: self.backend_config,
        })
    }
}

impl AwsArgs {
    fn into_settings(self) -> AwsSettings {
        AwsSettings {
            profile: self.profile,
            region: self.region,
            assume_role: self.assume_role.map(|role_arn| AssumeRole {
                role_arn,
                external_id: self.external_id,
                session_name: self.role_session_name,
            }),
            endpoint_url: self.endpoint_url,
        }
    }
}

impl FilterArgs {
    fn into_filter(self) -> Result<BucketFilter, InputError> {
        BucketFilter::new(&self.bucket, &self.exclude)
    }
}

impl TrailArgs {
    fn into_settings(self) -> Result<Option<TrailSettings>, InputError> {
        if self.cloudtrail.is_empty() && self.access_logs.is_empty() {
            return Ok(None);
        }
        Ok(Some(TrailSettings {
            cloudtrail: event_sources(&self.cloudtrail)?,
            access_logs: self
                .access_logs
                .iter()
                .map(|s| LogSource::parse(s))
                .collect::<Result<_, _>>()?,
            since: s3drift::app::window::parse_since(&self.since)?,
            burst_count: self.denied_burst,
            burst_window: s3drift::app::window::parse_duration(
                "--denied-window",
                &self.denied_window,
            )?,
        }))
    }
}

/// Parses and checks `--cloudtrail` values before anything is read.
fn event_sources(given: &[String]) -> Result<Vec<EventSource>, InputError> {
    given.iter().map(|s| EventSource::parse(s)).collect()
}

fn format(arg: Option<FormatArg>) -> Format {
    match arg {
        Some(FormatArg::Text) => Format::Text,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Falco) => Format::Falco,
        Some(FormatArg::Github) => Format::Github,
        Some(FormatArg::Markdown) => Format::Markdown,
        Some(FormatArg::Sarif) => Format::Sarif,
        Some(FormatArg::Prometheus) => Format::Prometheus,
        // The default follows the reader: people get text, pipes get JSON.
        None if std::io::stdout().is_terminal() => Format::Text,
        None => Format::Json,
    }
}

fn fail_on(arg: FailOnArg) -> Option<Severity> {
    match arg {
        FailOnArg::Critical => Some(Severity::Critical),
        FailOnArg::High => Some(Severity::High),
        FailOnArg::Medium => Some(Severity::Medium),
        FailOnArg::Low => Some(Severity::Low),
        FailOnArg::Any => Some(Severity::Info),
        FailOnArg::Never => None,
    }
}

/// Whether to colour text output: `always`, or `auto` on a terminal without NO_COLOR and
/// without --output.
fn color(arg: ColorArg, to_file: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            !to_file
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// The text report's width: the terminal's when stdout is one, else 80 (files, pipes, CI
/// logs), so the same run writes the same bytes wherever it is captured.
fn width(to_file: bool) -> usize {
    if to_file || !std::io::stdout().is_terminal() {
        return s3drift::report::text::DEFAULT_WIDTH;
    }
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .unwrap_or(s3drift::report::text::DEFAULT_WIDTH)
}

/// `--timeout`: a duration, `0` for none.
fn timeout(text: &str) -> Result<Option<std::time::Duration>, InputError> {
    if text.trim() == "0" {
        return Ok(None);
    }
    let d = s3drift::app::window::parse_duration("--timeout", text)?;
    Ok((!d.is_zero()).then(|| d.unsigned_abs()))
}

fn concurrency(n: usize) -> Result<usize, InputError> {
    if n == 0 {
        return Err(InputError::new(
            ErrorCode::Usage,
            "--concurrency must be at least 1",
        ));
    }
    Ok(n)
}

impl CheckArgs {
    /// Validates the arguments into settings.
    pub fn into_settings(self) -> Result<CheckSettings, InputError> {
        let color = color(self.color, self.output.is_some());
        let width = width(self.output.is_some());
        Ok(CheckSettings {
            inputs: self.sources.into_inputs()?,
            snapshot: self.snapshot,
            format: format(self.format),
            output: self.output,
            reports: self.reports.reports()?,
            sarif_category: self.reports.sarif_category,
            fail_on: self.fail_on.map(fail_on),
            fail_on_unreadable: self.fail_on_unreadable,
            config: self.config,
            ignores: self.ignore,
            show_suppressed: self.show_suppressed,
            baseline: self.baseline,
            fail_on_revert: self.fail_on_revert,
            color,
            width,
            unmanaged: self.unmanaged,
            concurrency: concurrency(self.concurrency)?,
            timeout: timeout(&self.timeout)?,
            progress: std::io::stderr().is_terminal(),
            parts: self.parts.into_selection()?,
            filter: self.filter.into_filter()?,
            trail: self.trail.into_settings()?,
            coverage: self.coverage,
            aws: self.aws.into_settings(),
        })
    }
}

impl DoctorArgs {
    /// Validates the arguments into settings.
    pub fn into_settings(self) -> Result<DoctorSettings, InputError> {
        let format = match self.format {
            Some(DoctorFormatArg::Text) => DoctorFormat::Text,
            Some(DoctorFormatArg::Json) => DoctorFormat::Json,
            Some(DoctorFormatArg::Markdown) => DoctorFormat::Markdown,
            None if std::io::stdout().is_terminal() => DoctorFormat::Text,
            None => DoctorFormat::Json,
        };
        Ok(DoctorSettings {
            inputs: self.sources.into_inputs()?,
            format,
            output: self.output,
            concurrency: concurrency(self.concurrency)?,
            progress: std::io::stderr().is_terminal(),
            filter: self.filter.into_filter()?,
            aws: self.aws.into_settings(),
        })
    }
}

impl SnapshotArgs {
    /// Validates the arguments into settings.
    pub fn into_settings(self) -> Result<SnapshotSettings, InputError> {
        Ok(SnapshotSettings {
            inputs: self.sources.into_inputs()?,
            output: self.output,
            unmanaged: self.unmanaged,
            concurrency: concurrency(self.concurrency)?,
            timeout: timeout(&self.timeout)?,
            progress: std::io::stderr().is_terminal(),
            parts: self.parts.into_selection()?,
            filter: self.filter.into_filter()?,
            aws: self.aws.into_settings(),
        })
    }
}

impl TreeArgs {
    /// Validates the arguments into settings.
    pub fn into_settings(self) -> Result<TreeSettings, InputError> {
        Ok(TreeSettings {
            inputs: self.sources.into_inputs()?,
            output: self.output,
            filter: self.filter.into_filter()?,
            aws: self.aws.into_settings(),
        })
    }
}

impl EventsArgs {
    /// Validates the arguments into settings.
    pub fn into_settings(self) -> Result<EventsSettings, InputError> {
        Ok(EventsSettings {
            cloudtrail: event_sources(&self.cloudtrail)?,
            bucket: self.bucket,
            since: s3drift::app::window::parse_since(&self.since)?,
            json: matches!(self.format, EventsFormatArg::Json),
            aws: self.aws.into_settings(),
        })
    }
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
