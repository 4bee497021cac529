//! GetBucketOwnershipControls: the first rule (S3 allows one).

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_ownership_controls::GetBucketOwnershipControlsOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_ownership_controls()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `ownership_controls`: the first rule (S3 allows one).
pub fn value(out: &GetBucketOwnershipControlsOutput) -> Option<Value> {
    let rule = out.ownership_controls()?.rules().first()?;
    Some(super::canonical(rule.object_ownership().as_str()))
}
