//! GetBucketLifecycleConfiguration. The answer is written the way the provider's split
//! resource records it after a read and handed to the same reader the state side uses, so
//! both sides go through one code path and cannot disagree on a shape.

use crate::aws::answer::{date, opt, tag_blocks, tag_map, Got};
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_lifecycle_configuration::GetBucketLifecycleConfigurationOutput;
use aws_sdk_s3::Client;
use serde_json::{json, Value};

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_lifecycle_configuration()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// The rules written as `aws_s3_bucket_lifecycle_configuration` records them, then read by
/// the same `from_split` the state side uses.
// The rule-level `Prefix` is deprecated in the API but still answered for rules written
// with it (provider v3 and old split configurations), so it must be read.
#[allow(deprecated)]
pub fn value(out: &GetBucketLifecycleConfigurationOutput) -> Option<Value> {
    let rules: Vec<Value> = out
        .rules()
        .iter()
        .map(|r| {
            let filter = r.filter().map(|f| {
                json!({
                    "prefix": opt(f.prefix()),
                    "tag": f.tag().map(|t| tag_blocks(std::slice::from_ref(t))).unwrap_or(json!([])),
                    "object_size_greater_than": opt(f.object_size_greater_than()),
                    "object_size_less_than": opt(f.object_size_less_than()),
                    "and": f.and().map(|a| json!([{
                        "prefix": opt(a.prefix()),
                        "tags": tag_map(a.tags()),
                        "object_size_greater_than": opt(a.object_size_greater_than()),
                        "object_size_less_than": opt(a.object_size_less_than()),
                    }])).unwrap_or(json!([])),
                })
            });
            let expiration = r.expiration().map(|e| {
                json!({
                    "days": opt(e.days()),
                    "date": date(e.date()),
                    "expired_object_delete_marker": opt(e.expired_object_delete_marker()),
                })
            });
            let transitions: Vec<Value> = r
                .transitions()
                .iter()
                .map(|t| {
                    json!({
                        "storage_class": opt(t.storage_class().map(|s| s.as_str())),
                        "days": opt(t.days()),
                        "date": date(t.date()),
                    })
                })
                .collect();
            let nc_transitions: Vec<Value> = r
                .noncurrent_version_transitions()
                .iter()
                .map(|t| {
                    json!({
                        "storage_class": opt(t.storage_class().map(|s| s.as_str())),
                        "noncurrent_days": opt(t.noncurrent_days()),
                        "newer_noncurrent_versions": opt(t.newer_noncurrent_versions()),
                    })
                })
                .collect();
            let nc_expiration = r.noncurrent_version_expiration().map(|e| {
                json!({
                    "noncurrent_days": opt(e.noncurrent_days()),
                    "newer_noncurrent_versions": opt(e.newer_noncurrent_versions()),
                })
            });
            let abort = r.abort_incomplete_multipart_upload().map(|a| {
                json!({"days_after_initiation": opt(a.days_after_initiation())})
            });
            json!({
                "id": opt(r.id()),
                "status": r.status().as_str(),
                "prefix": opt(r.prefix()),
                "filter": filter.map(|f| json!([f])).unwrap_or(json!([])),
                "expiration": expiration.map(|e| json!([e])).unwrap_or(json!([])),
                "transition": transitions,
                "noncurrent_version_expiration": nc_expiration.map(|e| json!([e])).unwrap_or(json!([])),
                "noncurrent_version_transition": nc_transitions,
                "abort_incomplete_multipart_upload": abort.map(|a| json!([a])).unwrap_or(json!([])),
            })
        })
        .collect();
    super::from_split(&json!({ "rule": rules }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_s3::types::{
        LifecycleExpiration, LifecycleRule, LifecycleRuleFilter, Transition, TransitionStorageClass,
    };

    #[test]
    fn lifecycle_matches_the_state_side() {
        let rule = LifecycleRule::builder()
            .id("logs")
            .status(aws_sdk_s3::types::ExpirationStatus::Enabled)
            .filter(LifecycleRuleFilter::builder().prefix("logs/").build())
            .expiration(LifecycleExpiration::builder().days(30).build())
            .transitions(
                Transition::builder()
                    .days(7)
                    .storage_class(TransitionStorageClass::StandardIa)
                    .build(),
            )
            .build()
            .unwrap();
        let out = GetBucketLifecycleConfigurationOutput::builder()
            .rules(rule)
            .build();
        let state = json!({"rule": [{"id": "logs", "status": "Enabled", "prefix": "",
            "filter": [{"prefix": "logs/", "and": [], "tag": [], "object_size_greater_than": "", "object_size_less_than": ""}],
            "expiration": [{"days": 30, "date": "", "expired_object_delete_marker": false}],
            "transition": [{"days": 7, "date": "", "storage_class": "STANDARD_IA"}],
            "noncurrent_version_expiration": [], "noncurrent_version_transition": [],
            "abort_incomplete_multipart_upload": []}]});
        assert_eq!(
            value(&out),
            super::super::from_split(&state),
            "live and state shapes differ"
        );
        assert!(value(&out).is_some());
    }
}
