//! Picks the [`Code`] of a differing leaf and writes its one-sentence message.
//!
//! Severity follows the usual S3 drift rules: removing or weakening encryption and opening a bucket to the
//! public are critical, policy changes high, lifecycle and tags low. Every code's default
//! severity is in `code.rs`; the generic code of a part is `paths::info(part).code`.
//! Messages never contain values, so redaction only has to replace `expected`/`actual`.

use super::leaves::LeafDiff;
use crate::code::{Code, Kind};
use crate::model::{paths, Part};
use serde_json::Value;

/// The path of the encryption algorithm leaf, where a downgrade is reported.
pub const SSE_ALGORITHM: &str =
    "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm";

/// How strong an encryption configuration is: SSE-S3 < SSE-KMS < DSSE-KMS. `None` when it
/// names no algorithm this build knows.
pub fn sse_rank(value: Option<&Value>) -> Option<u8> {
    let algorithm = value?
        .pointer("/rule/apply_server_side_encryption_by_default/sse_algorithm")?
        .as_str()?;
    match algorithm {
        "AES256" => Some(1),
        "aws:kms" => Some(2),
        "aws:kms:dsse" => Some(3),
        _ => None,
    }
}

/// The kind of a leaf difference from which sides have a value.
pub fn kind_of(leaf: &LeafDiff) -> Kind {
    match (&leaf.expected, &leaf.actual) {
        (Some(_), None) => Kind::RemovedLive,
        (None, Some(_)) => Kind::AddedLive,
        _ => Kind::Changed,
    }
}

/// ACL grantees that open a bucket to everyone: S3's predefined groups AllUsers (anyone,
/// signed or not) and AuthenticatedUsers (any AWS account), per the S3 ACL overview. Public
/// exposure is critical.
const PUBLIC_GRANTEES: [&str; 2] = ["group:AllUsers", "group:AuthenticatedUsers"];

fn public_grants(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|g| {
            PUBLIC_GRANTEES
                .iter()
                .any(|p| g.ends_with(&format!(" {p}")))
        })
        .map(str::to_string)
        .collect()
}

/// The code for one differing leaf of `part` (policy is classified in `compare`).
pub fn code_for(part: Part, leaf: &LeafDiff) -> Code {
    let path = leaf.path.as_str();
    let (e, a) = (leaf.expected.as_ref(), leaf.actual.as_ref());
    match part {
        Part::Versioning if path.ends_with(".mfa_delete") => Code::MfaDeleteChanged,
        // Versioning the code wants on that is off live (suspended, or never enabled): objects
        // overwritten or deleted from now on cannot be recovered.
        Part::Versioning
            if path == "versioning"
                || (e.and_then(Value::as_str) == Some("Enabled")
                    && a.and_then(Value::as_str) != Some("Enabled")) =>
        {
            Code::VersioningSuspended
        }
        // GetBucketLogging answers without `LoggingEnabled` once logging is off: the whole
        // part is gone live.
        Part::Logging if path == "logging" && a.is_none() => Code::LoggingDisabled,
        Part::PublicAccessBlock if path == "public_access_block" && a.is_none() => {
            Code::PublicAccessBlockRemoved
        }
        // A setting that blocked public access and no longer does: the common
        // `s3_public_access_enabled` drift rule (block_public_acls turned false) is critical.
        Part::PublicAccessBlock
            if e == Some(&Value::Bool(true)) && a != Some(&Value::Bool(true)) =>
        {
            Code::PublicAccessBlockWeakened
        }
        Part::Acl => {
            let before = public_grants(e);
            if public_grants(a).iter().any(|g| !before.contains(g)) {
                Code::AclPublic
            } else {
                Code::AclChanged
            }
        }
        _ => paths::info(part).code,
    }
}

/// One sentence about a finding. Values are never part of it.
pub fn message(code: Code, kind: Kind, path: &str) -> String {
    let generic = |what: &str| match kind {
        Kind::AddedLive => format!("{what} `{path}` is set live but not in the code."),
        Kind::RemovedLive => format!("{what} `{path}` is in the code but no longer set live."),
        _ => format!("{what} `{path}` differs from the code."),
    };
    match code {
        Code::EncryptionDowngraded => "Default encryption is weaker live than in the code (deleting the configuration reverts a bucket to SSE-S3).".into(),
        Code::EncryptionChanged => generic("Encryption setting"),
        Code::PublicAccessBlockRemoved => "The bucket's public access block was deleted, so nothing at bucket level blocks public access.".into(),
        Code::PublicAccessBlockWeakened => format!("Public access block setting `{path}` was turned off."),
        Code::PublicAccessBlockChanged => generic("Public access block setting"),
        Code::PolicyPublic => "The live bucket policy allows everyone (`*`) without a condition that restricts the caller.".into(),
        Code::PolicyChanged => "The live bucket policy differs from the code.".into(),
        Code::PolicyAdded => "A bucket policy is set live that the code does not have.".into(),
        Code::PolicyRemoved => "The bucket policy in the code was deleted live.".into(),
        Code::PolicyOrphanedPrincipal => "The live bucket policy names a deleted IAM role or user (S3 shows its unique ID).".into(),
        Code::AclPublic => "The bucket ACL grants access to AllUsers or AuthenticatedUsers.".into(),
        Code::AclChanged => "The bucket ACL grants differ from the code.".into(),
        Code::OwnershipChanged => generic("Object ownership"),
        Code::VersioningSuspended => "Versioning is on in the code but suspended or off live.".into(),
        Code::VersioningChanged => generic("Versioning setting"),
        Code::MfaDeleteChanged => generic("MFA delete"),
        Code::LifecycleChanged => generic("Lifecycle rule setting"),
        Code::ReplicationChanged => generic("Replication setting"),
        Code::LoggingDisabled => "Server access logging is on in the code but off live.".into(),
        Code::LoggingChanged => generic("Server access logging setting"),
        Code::CorsChanged => generic("CORS rule"),
        Code::WebsiteChanged => generic("Website setting"),
        Code::ObjectLockChanged => generic("Object lock setting"),
        Code::TagsChanged => generic("Tag"),
        other => format!("{}.", other.summary()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn leaf(path: &str, e: Option<Value>, a: Option<Value>) -> LeafDiff {
        LeafDiff {
            path: path.into(),
            expected: e,
            actual: a,
        }
    }

    #[test]
    fn pab_off_is_weakened_on_is_changed() {
        let p = "public_access_block.block_public_acls";
        let off = leaf(p, Some(json!(true)), Some(json!(false)));
        let on = leaf(p, Some(json!(false)), Some(json!(true)));
        assert_eq!(
            code_for(Part::PublicAccessBlock, &off),
            Code::PublicAccessBlockWeakened
        );
        assert_eq!(
            code_for(Part::PublicAccessBlock, &on),
            Code::PublicAccessBlockChanged
        );
    }

    #[test]
    fn acl_public_only_when_a_public_grant_appears() {
        let open = leaf(
            "acl.grant",
            Some(json!(["FULL_CONTROL owner"])),
            Some(json!(["FULL_CONTROL owner", "READ group:AllUsers"])),
        );
        let other = leaf(
            "acl.grant",
            Some(json!(["FULL_CONTROL owner"])),
            Some(json!(["FULL_CONTROL owner", "READ id:abc"])),
        );
        assert_eq!(code_for(Part::Acl, &open), Code::AclPublic);
        assert_eq!(code_for(Part::Acl, &other), Code::AclChanged);
    }

    #[test]
    fn versioning_enabled_to_suspended_is_suspended() {
        let s = leaf(
            "versioning.status",
            Some(json!("Enabled")),
            Some(json!("Suspended")),
        );
        let e = leaf(
            "versioning.status",
            Some(json!("Disabled")),
            Some(json!("Enabled")),
        );
        assert_eq!(code_for(Part::Versioning, &s), Code::VersioningSuspended);
        assert_eq!(code_for(Part::Versioning, &e), Code::VersioningChanged);
    }

    #[test]
    fn sse_ranks() {
        let kms = json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}}});
        assert_eq!(sse_rank(Some(&kms)), Some(2));
        assert_eq!(sse_rank(None), None);
    }
}
