//! `s3drift tree`: its arguments and their validation into [`TreeSettings`].

use super::aws::AwsArgs;
use super::inputs::{FilterArgs, SourceArgs};
use clap::Args;
use s3drift::app::TreeSettings;
use s3drift::diag::InputError;
use std::path::PathBuf;

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
