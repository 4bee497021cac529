//! GetBucketCors: rules keyed by `id` or content.

use crate::aws::answer::Got;
use crate::aws::CallError;
use crate::parts::keys::keyed_rules;
use aws_sdk_s3::operation::get_bucket_cors::GetBucketCorsOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_cors()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `cors_rule`: rules keyed by `id` or content.
pub fn value(out: &GetBucketCorsOutput) -> Option<Value> {
    keyed_rules(out.cors_rules().iter().map(|r| {
        let rule = super::canonical_rule(
            r.allowed_headers().to_vec(),
            r.allowed_methods().to_vec(),
            r.allowed_origins().to_vec(),
            r.expose_headers().to_vec(),
            r.max_age_seconds().map(i64::from),
        );
        (r.id(), rule)
    }))
}
