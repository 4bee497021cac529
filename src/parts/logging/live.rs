//! GetBucketLogging: `None` (absent) when the answer has no `LoggingEnabled`.

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_logging::GetBucketLoggingOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_logging()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `logging`: `None` (absent) when the answer has no `LoggingEnabled`.
pub fn value(out: &GetBucketLoggingOutput) -> Option<Value> {
    let l = out.logging_enabled()?;
    super::canonical(Some(l.target_bucket()), Some(l.target_prefix()))
}
