//! GetPublicAccessBlock: an unset flag is `false` (the API's default).

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_public_access_block::GetPublicAccessBlockOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_public_access_block()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `public_access_block`: an unset flag is `false` (the API's default).
pub fn value(out: &GetPublicAccessBlockOutput) -> Option<Value> {
    let c = out.public_access_block_configuration()?;
    Some(super::canonical([
        c.block_public_acls().unwrap_or(false),
        c.block_public_policy().unwrap_or(false),
        c.ignore_public_acls().unwrap_or(false),
        c.restrict_public_buckets().unwrap_or(false),
    ]))
}
