//! `s3drift check`: its arguments and their validation into [`CheckSettings`].

use super::aws::AwsArgs;
use super::inputs::{FilterArgs, SourceArgs};
use super::live_reads::{concurrency, timeout, PartsArgs};
use super::output::{color, fail_on, format, width, ColorArg, FailOnArg, FormatArg, ReportArgs};
use super::trail::TrailArgs;
use clap::Args;
use s3drift::app::CheckSettings;
use s3drift::diag::InputError;
use std::io::IsTerminal;
use std::path::PathBuf;

/// The end of `check --help`: the commands people start from.
pub(super) const CHECK_EXAMPLES: &str = "\
Examples:
  # The offline demo: a state, a recorded snapshot, CloudTrail files
  s3drift check --state fixtures/demo/terraform.tfstate --snapshot fixtures/demo/live.json \\
      --cloudtrail fixtures/demo/cloudtrail

  # A remote state against the live account, attributed through LookupEvents
  s3drift check --state s3://tf-state/prod/terraform.tfstate --cloudtrail lookup --profile prod

  # The root module's backend, SARIF for code scanning, fail only on high or worse
  s3drift check --dir infra --format sarif -o drift.sarif --fail-on high

Exit codes: 0 nothing at or above --fail-on, 2 drift (or a gap with --fail-on-unreadable), 1 error.";

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
