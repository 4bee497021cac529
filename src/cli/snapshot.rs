//! `s3drift snapshot`: its arguments and their validation into [`SnapshotSettings`].

use super::aws::AwsArgs;
use super::inputs::{FilterArgs, SourceArgs};
use super::live_reads::{concurrency, timeout, PartsArgs};
use clap::Args;
use s3drift::app::SnapshotSettings;
use s3drift::diag::InputError;
use std::io::IsTerminal;
use std::path::PathBuf;

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
