//! GetObjectLockConfiguration: only a value when Object Lock is enabled.

use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_object_lock_configuration::GetObjectLockConfigurationOutput;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_object_lock_configuration()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `object_lock_configuration`: only a value when Object Lock is enabled.
pub fn value(out: &GetObjectLockConfigurationOutput) -> Option<Value> {
    let c = out.object_lock_configuration()?;
    let enabled = c.object_lock_enabled().map(|e| e.as_str()) == Some("Enabled");
    let retention = c.rule().and_then(|r| r.default_retention());
    super::canonical(
        enabled,
        retention.and_then(|d| d.mode()).map(|m| m.as_str()),
        retention.and_then(|d| d.days()).map(i64::from),
        retention.and_then(|d| d.years()).map(i64::from),
    )
}
