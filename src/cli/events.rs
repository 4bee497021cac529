//! `s3drift events`: its arguments and their validation into [`EventsSettings`].

use super::aws::AwsArgs;
use super::trail::event_sources;
use clap::{Args, ValueEnum};
use s3drift::app::EventsSettings;
use s3drift::diag::InputError;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EventsFormatArg {
    Text,
    Json,
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
