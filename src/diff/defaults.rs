//! What AWS has on a bucket nobody configured. A part the code does not manage (or wants
//! absent) is compared with these, so AWS's own defaults never show up as drift.

use super::leaves;
use crate::model::Part;
use serde_json::{json, Value};

/// The value S3 reports for a part nobody set, on a bucket created today, or `None` where
/// S3 reports the part as not configured.
pub fn baseline(part: Part) -> Option<Value> {
    match part {
        // GetBucketVersioning has no status until versioning is first enabled.
        Part::Versioning => Some(json!({"status": "Disabled", "mfa_delete": false})),
        // Since January 2023 every bucket has SSE-S3, and DeleteBucketEncryption reverts to
        // it (terraform-provider-aws issue #28701).
        Part::ServerSideEncryptionConfiguration => Some(sse_s3()),
        // New buckets since April 2023 have all four settings on (S3 User Guide, 2023 default settings).
        Part::PublicAccessBlock => Some(json!({
            "block_public_acls": true, "block_public_policy": true,
            "ignore_public_acls": true, "restrict_public_buckets": true
        })),
        // New buckets since April 2023 have ACLs disabled (S3 User Guide, 2023 default settings).
        Part::OwnershipControls => Some(json!({"object_ownership": "BucketOwnerEnforced"})),
        // A bucket's ACL grants its owner full control, nothing else.
        Part::Acl => Some(json!({"grant": ["FULL_CONTROL owner"]})),
        _ => None,
    }
}

/// SSE-S3 as `GetBucketEncryption` reports it on a bucket nobody configured.
fn sse_s3() -> Value {
    json!({"rule": {
        "apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"},
        "bucket_key_enabled": false
    }})
}

/// Whether a live value (`None`: not configured) is AWS's default for the part. Both an
/// absent part and the 2023 defaults count: buckets created before 2023 have no encryption
/// configuration, public access block or ownership controls, and later ones have the
/// defaults, and neither was anyone's choice.
pub fn is_default(part: Part, live: Option<&Value>) -> bool {
    let Some(live) = live else {
        return true;
    };
    match baseline(part) {
        Some(base) => leaves::values_equal(part, &base, live),
        None => leaves::diff(part, None, Some(live)).is_empty(),
    }
}

/// What an absent live part amounts to where the code sets the part: encryption reverts to
/// SSE-S3, versioning that was never enabled is `Disabled`, a deleted public access block
/// blocks nothing. Other parts are simply absent.
pub fn absent_live(part: Part) -> Option<Value> {
    match part {
        Part::Versioning | Part::ServerSideEncryptionConfiguration => baseline(part),
        Part::PublicAccessBlock => Some(json!({
            "block_public_acls": false, "block_public_policy": false,
            "ignore_public_acls": false, "restrict_public_buckets": false
        })),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_and_2023_defaults_are_default() {
        for part in Part::ALL {
            assert!(is_default(part, None), "{part}");
            if let Some(base) = baseline(part) {
                assert!(is_default(part, Some(&base)), "{part}");
            }
        }
        assert!(is_default(Part::Tags, Some(&json!({}))));
    }

    #[test]
    fn configured_values_are_not_default() {
        let kms = json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}, "bucket_key_enabled": true}});
        assert!(!is_default(
            Part::ServerSideEncryptionConfiguration,
            Some(&kms)
        ));
        let open = json!({"block_public_acls": false, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true});
        assert!(!is_default(Part::PublicAccessBlock, Some(&open)));
        assert!(!is_default(Part::Tags, Some(&json!({"a": "b"}))));
        assert!(!is_default(
            Part::Versioning,
            Some(&json!({"status": "Suspended", "mfa_delete": false}))
        ));
    }
}
