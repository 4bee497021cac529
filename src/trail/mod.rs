//! Event sources for attribution: CloudTrail (LookupEvents, a trail's log bucket, local
//! files) and S3 server access logs.

use crate::diag::{ErrorCode, InputError};
use crate::live::aws::AwsSettings;
use crate::live::Target;

/// What to read and over which window.
#[derive(Clone, Debug)]
pub struct TrailOptions {
    /// `--cloudtrail` sources: `lookup`, `s3://bucket/prefix`, or local files/folders.
    pub sources: Vec<String>,
    /// `--access-logs` sources: local files/folders or `s3://bucket/prefix`.
    pub access_logs: Vec<String>,
    /// Start of the window.
    pub since: jiff::Timestamp,
    /// End of the window (the live read or the snapshot's `captured_at`).
    pub until: jiff::Timestamp,
    /// Denied calls by one principal within `burst_window` that make a burst signal.
    pub burst_count: usize,
    pub burst_window: jiff::SignedDuration,
}

/// Bucket-configuration events found in the sources.
#[derive(Clone, Debug, Default)]
pub struct EventSet {
    /// Non-fatal notes: malformed records (file and position), limits that cut the search short.
    pub warnings: Vec<String>,
}

/// Reads every source for events on `buckets` in the window.
pub async fn collect(
    _aws: &AwsSettings,
    _opts: &TrailOptions,
    _buckets: &[Target],
) -> Result<EventSet, InputError> {
    Err(InputError::new(ErrorCode::Trail, "attribution is not available in this build"))
}
