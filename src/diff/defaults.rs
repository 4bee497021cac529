//! What AWS has on a bucket nobody configured (each part's [`default`](crate::parts::PartSpec::default)).
//! A part the code does not manage (or wants absent) is compared with it, so AWS's own
//! defaults never show up as drift.

use super::leaves;
use crate::model::Part;
use serde_json::Value;

/// Whether a live value (`None`: not configured) is AWS's default for the part. Both an
/// absent part and the 2023 defaults count: buckets created before 2023 have no encryption
/// configuration, public access block or ownership controls, and later ones have the
/// defaults, and neither was anyone's choice.
pub fn is_default(part: Part, live: Option<&Value>) -> bool {
    let Some(live) = live else {
        return true;
    };
    match (part.spec().default)() {
        Some(base) => leaves::values_equal(part, &base, live),
        None => leaves::diff(part, None, Some(live)).is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_and_2023_defaults_are_default() {
        for &part in Part::ALL {
            assert!(is_default(part, None), "{part}");
            if let Some(base) = (part.spec().default)() {
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
