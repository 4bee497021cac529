//! Event sources for attribution: CloudTrail, S3 server access logs, the window and the
//! denied-call burst signal.

use clap::Args;
use s3drift::app::TrailSettings;
use s3drift::diag::InputError;
use s3drift::trail::{EventSource, LogSource};

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

impl TrailArgs {
    pub(super) fn into_settings(self) -> Result<Option<TrailSettings>, InputError> {
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
pub(super) fn event_sources(given: &[String]) -> Result<Vec<EventSource>, InputError> {
    given.iter().map(|s| EventSource::parse(s)).collect()
}
