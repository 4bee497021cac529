//! ListBucketIntelligentTieringConfigurations, followed page by page to the end (S3 pages
//! it with `ContinuationToken`, up to 1,000 configurations a page). No configuration at all
//! is an absent part.

use super::canon::entry;
use crate::aws::answer::Got;
use crate::aws::CallError;
use crate::parts::list_pages::{all_configurations, Page};
use aws_sdk_s3::types::{IntelligentTieringConfiguration, Tag};
use aws_sdk_s3::Client;
use serde_json::Value;
use std::collections::BTreeMap;

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    let all = all_configurations(move |token| async move {
        let page = client
            .list_bucket_intelligent_tiering_configurations()
            .bucket(bucket)
            .set_expected_bucket_owner(owner.map(str::to_string))
            .set_continuation_token(token)
            .send()
            .await
            .map_err(|e| CallError::from_sdk(&e))?;
        Ok(Page {
            entries: page
                .intelligent_tiering_configuration_list()
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
pub fn value(c: &IntelligentTieringConfiguration) -> Value {
    let tags = |tags: &[Tag]| -> BTreeMap<String, String> {
        tags.iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect()
    };
    let (prefix, tag_map) = match c.filter() {
        Some(f) => match f.and() {
            Some(and) => (and.prefix(), tags(and.tags())),
            None => (f.prefix(), tags(f.tag().into_iter().cloned().collect::<Vec<_>>().as_slice())),
        },
        None => (None, BTreeMap::new()),
    };
    let tiering = c
        .tierings()
        .iter()
        .map(|t| (t.access_tier().as_str().to_string(), i64::from(t.days())))
        .collect();
    entry(Some(c.status().as_str()), prefix, tag_map, tiering)
}
