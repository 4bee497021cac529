//! `s3drift doctor`: its arguments and their validation into [`DoctorSettings`].

use super::aws::AwsArgs;
use super::inputs::{FilterArgs, SourceArgs};
use super::live_reads::concurrency;
use clap::{Args, ValueEnum};
use s3drift::app::{DoctorFormat, DoctorSettings};
use s3drift::diag::InputError;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DoctorFormatArg {
    Text,
    Json,
    Markdown,
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
