//! GetBucketRequestPayment: every bucket answers with a payer (`BucketOwner` unless someone
//! turned on Requester Pays).

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_request_payment::GetBucketRequestPaymentOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_request_payment()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// The canonical value of an answer.
pub fn value(out: &GetBucketRequestPaymentOutput) -> Option<Value> {
    Some(super::canonical(
        out.payer().map_or("BucketOwner", |p| p.as_str()),
    ))
}
