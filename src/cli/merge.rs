//! `s3drift merge`: its arguments and their validation into [`MergeSettings`].

use super::output::{color, fail_on, format, width, ColorArg, FailOnArg, FormatArg, ReportArgs};
use clap::Args;
use s3drift::app::merge::MergeSettings;
use s3drift::diag::InputError;
use std::path::PathBuf;

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
