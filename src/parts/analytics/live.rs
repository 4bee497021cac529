//! ListBucketAnalyticsConfigurations, followed page by page to the end (S3 pages it with
//! `ContinuationToken`, up to 100 configurations a page). No configuration at all is an
//! absent part.

use super::canon::{entry, Export};
use crate::aws::answer::Got;
use crate::aws::CallError;
use crate::parts::list_pages::{all_configurations, Page};
use aws_sdk_s3::types::{AnalyticsConfiguration, AnalyticsFilter, Tag};
use aws_sdk_s3::Client;
use serde_json::Value;
use std::collections::BTreeMap;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    let all = all_configurations(move |token| async move {
        let page = client
            .list_bucket_analytics_configurations()
            .bucket(bucket)
            .set_expected_bucket_owner(owner.map(str::to_string))
            .set_continuation_token(token)
            .send()
            .await
            .map_err(|e| CallError::from_sdk(&e))?;
        Ok(Page {
            entries: page
                .analytics_configuration_list()
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

fn tag_map(tags: &[Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

/// The canonical value of one configuration.
pub fn value(c: &AnalyticsConfiguration) -> Value {
    let (prefix, tags) = match c.filter() {
        Some(AnalyticsFilter::Prefix(p)) => (Some(p.as_str()), BTreeMap::new()),
        Some(AnalyticsFilter::Tag(t)) => (None, tag_map(std::slice::from_ref(t))),
        Some(AnalyticsFilter::And(and)) => (and.prefix(), tag_map(and.tags())),
        // A filter kind this SDK does not know: kept visible rather than read as "none".
        Some(_) => (Some("(unknown filter)"), BTreeMap::new()),
        None => (None, BTreeMap::new()),
    };
    let export = c
        .storage_class_analysis()
        .and_then(|s| s.data_export())
        .map(|d| {
            let dest = d.destination().and_then(|x| x.s3_bucket_destination());
            Export {
                schema: Some(d.output_schema_version().as_str()),
                bucket_arn: dest.map(|x| x.bucket()),
                account_id: dest.and_then(|x| x.bucket_account_id()),
                format: dest.map(|x| x.format().as_str()),
                prefix: dest.and_then(|x| x.prefix()),
            }
        });
    entry(c.id(), prefix, tags, export)
}
