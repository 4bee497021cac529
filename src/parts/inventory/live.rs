//! ListBucketInventoryConfigurations, followed page by page to the end (S3 pages it with
//! `ContinuationToken`, up to 100 configurations a page). No configuration at all is an
//! absent part.

use super::canon::{encryption, entry, Destination};
use crate::aws::answer::Got;
use crate::aws::CallError;
use crate::parts::list_pages::{all_configurations, Page};
use aws_sdk_s3::types::InventoryConfiguration;
use aws_sdk_s3::Client;
use serde_json::Value;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    let all = all_configurations(move |token| async move {
        let page = client
            .list_bucket_inventory_configurations()
            .bucket(bucket)
            .set_expected_bucket_owner(owner.map(str::to_string))
            .set_continuation_token(token)
            .send()
            .await
            .map_err(|e| CallError::from_sdk(&e))?;
        Ok(Page {
            entries: page
                .inventory_configuration_list()
                .iter()
                .map(|c| (c.id().to_string(), value(c)))
                .collect(),
            next_token: page.next_continuation_token().map(str::to_string),
            is_truncated: page.is_truncated(),
        })
    })
    .await?;
    Ok(Got::value(all))
}

/// The canonical value of one configuration.
pub fn value(c: &InventoryConfiguration) -> Value {
    let dest = c.destination().and_then(|d| d.s3_bucket_destination());
    let enc = dest.and_then(|d| d.encryption());
    let destination = Destination {
        bucket_arn: dest.map(|d| d.bucket()),
        account_id: dest.and_then(|d| d.account_id()),
        format: dest.map(|d| d.format().as_str()),
        prefix: dest.and_then(|d| d.prefix()),
        encryption: encryption(
            enc.is_some_and(|e| e.sses3().is_some()),
            enc.and_then(|e| e.ssekms()).map(|k| k.key_id()),
        ),
    };
    entry(
        c.is_enabled(),
        Some(c.included_object_versions().as_str()),
        c.schedule().map(|s| s.frequency().as_str()),
        c.filter().map(|f| f.prefix()),
        c.optional_fields()
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
        destination,
    )
}
