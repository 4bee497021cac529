//! GetBucketReplication. The answer is written the way the provider's split resource
//! records it after a read and handed to the same reader the state side uses.

use crate::aws::answer::{opt, tag_blocks, tag_map, Got};
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_replication::GetBucketReplicationOutput;
use aws_sdk_s3::Client;
use serde_json::{json, Value};

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_replication()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

fn status_block<S: AsRef<str>>(status: Option<S>) -> Value {
    match status {
        Some(s) => json!([{"status": s.as_ref()}]),
        None => json!([]),
    }
}

/// `replication_configuration`: the rules as `aws_s3_bucket_replication_configuration`
/// records them.
// As for lifecycle, the deprecated rule-level `Prefix` is still answered for V1 rules.
#[allow(deprecated)]
pub fn value(out: &GetBucketReplicationOutput) -> Option<Value> {
    let cfg = out.replication_configuration()?;
    let rules: Vec<Value> = cfg
        .rules()
        .iter()
        .map(|r| {
            let filter = r.filter().map(|f| {
                json!([{
                    "prefix": opt(f.prefix()),
                    "tag": f.tag().map(|t| tag_blocks(std::slice::from_ref(t))).unwrap_or(json!([])),
                    "and": f.and().map(|a| json!([{"prefix": opt(a.prefix()), "tags": tag_map(a.tags())}])).unwrap_or(json!([])),
                }])
            });
            let destination = r.destination().map(|d| {
                json!([{
                    "bucket": d.bucket(),
                    "account": opt(d.account()),
                    "storage_class": opt(d.storage_class().map(|s| s.as_str())),
                    "access_control_translation": d.access_control_translation()
                        .map(|a| json!([{"owner": a.owner().as_str()}])).unwrap_or(json!([])),
                    "encryption_configuration": d.encryption_configuration()
                        .map(|e| json!([{"replica_kms_key_id": opt(e.replica_kms_key_id())}])).unwrap_or(json!([])),
                    "replication_time": d.replication_time().map(|t| json!([{
                        "status": t.status().as_str(),
                        "time": t.time().map(|v| json!([{"minutes": opt(v.minutes())}])).unwrap_or(json!([])),
                    }])).unwrap_or(json!([])),
                    "metrics": d.metrics().map(|m| json!([{
                        "status": m.status().as_str(),
                        "event_threshold": m.event_threshold().map(|v| json!([{"minutes": opt(v.minutes())}])).unwrap_or(json!([])),
                    }])).unwrap_or(json!([])),
                }])
            });
            let ssc = r.source_selection_criteria().map(|s| {
                json!([{
                    "sse_kms_encrypted_objects": status_block(s.sse_kms_encrypted_objects().map(|x| x.status().as_str())),
                    "replica_modifications": status_block(s.replica_modifications().map(|x| x.status().as_str())),
                }])
            });
            json!({
                "id": opt(r.id()),
                "priority": opt(r.priority()),
                "status": r.status().as_str(),
                "prefix": opt(r.prefix()),
                "filter": filter.unwrap_or(json!([])),
                "delete_marker_replication": status_block(
                    r.delete_marker_replication().and_then(|d| d.status()).map(|s| s.as_str())),
                "existing_object_replication": status_block(
                    r.existing_object_replication().map(|e| e.status().as_str())),
                "destination": destination.unwrap_or(json!([])),
                "source_selection_criteria": ssc.unwrap_or(json!([])),
            })
        })
        .collect();
    super::from_split(&json!({"role": cfg.role(), "rule": rules}))
}
