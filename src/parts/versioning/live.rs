//! GetBucketVersioning: always a value; no `Status` means never enabled (`Disabled`).

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_versioning()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// The canonical value of an answer.
pub fn value(out: &GetBucketVersioningOutput) -> Option<Value> {
    Some(super::canonical(
        out.status().map(|s| s.as_str()),
        out.mfa_delete().map(|m| m.as_str()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versioning_never_enabled_is_disabled() {
        let out = GetBucketVersioningOutput::builder().build();
        assert_eq!(
            value(&out),
            Some(json!({"status": "Disabled", "mfa_delete": false}))
        );
    }
}
