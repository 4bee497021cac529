//! GetBucketTagging: `None` (absent) for an empty tag set.

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_tagging::GetBucketTaggingOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_tagging()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `tags`: `None` (absent) for an empty tag set.
pub fn value(out: &GetBucketTaggingOutput) -> Option<Value> {
    super::canonical(
        out.tag_set()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect(),
    )
}
