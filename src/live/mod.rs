//! Reading live bucket configuration: from AWS through aws-sdk-s3, or from a recorded
//! snapshot file.

pub mod aws;
pub mod snapshot_file;

use crate::diag::{ErrorCode, InputError};
use crate::model::snapshot::ListedBucket;
use crate::model::Snapshot;

/// One bucket to read, with what the state knows about it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub bucket: String,
    /// The expected owner account (sent as `ExpectedBucketOwner`).
    pub account: Option<String>,
    /// The region the state records, a hint; the reader asks S3 for the real one.
    pub region: Option<String>,
}

/// How to read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Calls in flight at most.
    pub concurrency: usize,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

/// Reads every monitored part of every target bucket.
pub async fn read(
    _aws: &aws::AwsSettings,
    _targets: &[Target],
    _opts: &ReadOptions,
) -> Result<Snapshot, InputError> {
    Err(InputError::new(ErrorCode::Aws, "live reads are not available in this build"))
}

/// Lists every bucket of the account (for unmanaged-bucket findings).
pub async fn list_buckets(_aws: &aws::AwsSettings) -> Result<Vec<ListedBucket>, InputError> {
    Err(InputError::new(ErrorCode::Aws, "listing buckets is not available in this build"))
}
