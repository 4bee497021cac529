//! Command-line arguments (clap) and their validation into the library's settings.
//!
//! Raw arguments become validated settings here, the way ripgrep separates `flags` from
//! `HiArgs`: everything past this folder takes settings, never clap types.
//!
//! One file per subcommand (its arguments and their conversion: `check`, `snapshot`,
//! `tree`, `events`, `doctor`, `github`, `merge`), and the argument groups they share:
//! `inputs` (state, plan, root and bucket filters), `aws`, `live_reads` (parts,
//! concurrency, timeout), `trail` (event sources) and `output` (formats, reports, exit
//! policy, colour and width).

mod aws;
mod check;
mod doctor;
mod events;
mod github;
mod inputs;
mod live_reads;
mod merge;
mod output;
mod snapshot;
mod trail;
mod tree;

use check::{CheckArgs, CHECK_EXAMPLES};
use clap::{Args, Parser, Subcommand};
use doctor::DoctorArgs;
use events::EventsArgs;
use github::GithubArgs;
use merge::MergeArgs;
use snapshot::SnapshotArgs;
use tree::TreeArgs;

/// Finds Terraform/OpenTofu-managed S3 buckets that drifted from their code, says what
/// changed and who changed it.
#[derive(Debug, Parser)]
#[command(name = "s3drift", version, max_term_width = 100)]
#[command(after_help = "Exit codes: 0 no drift at or above --fail-on, 2 drift, 1 error.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

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

#[derive(Debug, Args)]
pub struct IamPolicyArgs {
    /// Add the read-only actions `s3drift doctor` needs.
    #[arg(long)]
    pub doctor: bool,
}
