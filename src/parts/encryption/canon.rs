//! `server_side_encryption_configuration`:
//! `{"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm", "kms_master_key_id"?}, "bucket_key_enabled": bool}}`.
//!
//! S3 applies the first rule of the configuration; the provider's `rule` is a set with one
//! element in practice, so the first rule is read. `bucket_key_enabled` is `null` in split
//! state when the configuration leaves it out; GetBucketEncryption then answers `false`, so
//! `null` reads as `false`. An empty `kms_master_key_id` means the AWS managed key and is
//! left out.

use crate::parts::attr::{block, flag, text, Obj};
use serde_json::Value;

/// The canonical value from its three fields: the live reader's and the CloudTrail
/// parser's entry point.
pub fn canonical(
    sse_algorithm: &str,
    kms_master_key_id: Option<&str>,
    bucket_key_enabled: bool,
) -> Value {
    let by_default = Obj::new()
        .text("sse_algorithm", Some(sse_algorithm))
        .text("kms_master_key_id", kms_master_key_id)
        .build();
    let rule = Obj::new()
        .value("apply_server_side_encryption_by_default", Some(by_default))
        .flag("bucket_key_enabled", bucket_key_enabled)
        .build();
    Obj::new().value("rule", Some(rule)).build()
}

/// A `rule` list (split resource, or the inner block of the inline one). `None` when there
/// is no rule with a default encryption.
fn from_rules(holder: &Value) -> Option<Value> {
    let rule = block(holder, "rule")?;
    let by_default = block(rule, "apply_server_side_encryption_by_default")?;
    let algorithm = text(by_default, "sse_algorithm")?;
    Some(canonical(
        algorithm,
        text(by_default, "kms_master_key_id"),
        flag(rule, "bucket_key_enabled").unwrap_or(false),
    ))
}

/// `aws_s3_bucket_server_side_encryption_configuration`.
pub fn from_split(attrs: &Value) -> Option<Value> {
    from_rules(attrs)
}

/// The inline `server_side_encryption_configuration[0].rule[0]` block of `aws_s3_bucket`.
pub fn from_inline(attrs: &Value) -> Option<Value> {
    from_rules(block(attrs, "server_side_encryption_configuration")?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn split_null_bucket_key_is_false_and_empty_key_dropped() {
        let a = json!({"bucket": "b", "expected_bucket_owner": "", "rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": "", "sse_algorithm": "AES256"}], "bucket_key_enabled": null}]});
        assert_eq!(
            from_split(&a),
            Some(
                json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}, "bucket_key_enabled": false}})
            )
        );
    }

    #[test]
    fn inline_kms_with_key() {
        let a = json!({"server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [{"kms_master_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k", "sse_algorithm": "aws:kms"}], "bucket_key_enabled": true}]}]});
        assert_eq!(
            from_inline(&a),
            Some(
                json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:eu-west-1:111122223333:key/k"}, "bucket_key_enabled": true}})
            )
        );
        assert_eq!(
            from_inline(&json!({"server_side_encryption_configuration": []})),
            None
        );
    }
}
