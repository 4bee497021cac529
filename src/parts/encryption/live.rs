//! GetBucketEncryption: S3 applies the first rule.

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_encryption::GetBucketEncryptionOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_encryption()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// The canonical value of an answer.
pub fn value(out: &GetBucketEncryptionOutput) -> Option<Value> {
    let rule = out
        .server_side_encryption_configuration()?
        .rules()
        .first()?;
    let by_default = rule.apply_server_side_encryption_by_default()?;
    Some(super::canonical(
        by_default.sse_algorithm().as_str(),
        by_default.kms_master_key_id(),
        rule.bucket_key_enabled().unwrap_or(false),
    ))
}
