//! GetBucketPolicy: the parsed document.

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_policy::GetBucketPolicyOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_policy()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `policy`: the parsed document (kept as text if S3 ever answers something that is not
/// JSON, so the difference still shows).
pub fn value(out: &GetBucketPolicyOutput) -> Option<Value> {
    match super::parse(out.policy()) {
        super::Policy::Absent => None,
        super::Policy::Document(v) => Some(v),
        super::Policy::Unparsable(text, _) => Some(Value::String(text)),
    }
}
