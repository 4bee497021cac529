//! S3 Control `GetPublicAccessBlock` for one account: an unset flag is `false` (the API's
//! default), as on the bucket block.

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3control::operation::get_public_access_block::GetPublicAccessBlockOutput;
use aws_sdk_s3control::Client;
use serde_json::Value;

/// Reads the account's block.
pub async fn read(client: &Client, account: &str) -> Result<Got, CallError> {
    client
        .get_public_access_block()
        .account_id(account)
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `account_public_access_block`, in the bucket block's canonical shape.
pub fn value(out: &GetPublicAccessBlockOutput) -> Option<Value> {
    let c = out.public_access_block_configuration()?;
    Some(super::super::public_access_block::canonical([
        c.block_public_acls().unwrap_or(false),
        c.block_public_policy().unwrap_or(false),
        c.ignore_public_acls().unwrap_or(false),
        c.restrict_public_buckets().unwrap_or(false),
    ]))
}
