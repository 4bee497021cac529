//! `server_side_encryption_configuration`: default encryption. Since January 2023 every
//! bucket has SSE-S3, and DeleteBucketEncryption reverts to it (terraform-provider-aws
//! issue #28701), so "encryption removed" is a downgrade, never an unencrypted bucket.

mod canon;
mod events;
pub mod live;

pub use canon::{canonical, from_inline, from_split};

use super::locate::{nested_in, Place, Step};
use super::spec::*;
use crate::code::{Code, Kind, Message, Severity};
use serde_json::{json, Value};

/// The path of the algorithm leaf, where a downgrade is reported.
pub const SSE_ALGORITHM: &str =
    "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm";

pub const SPEC: PartSpec = PartSpec {
    key: "server_side_encryption_configuration",
    group: "encryption",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_server_side_encryption_configuration",
        per_entry: false,
        schema: &[
            ("rule", AttrType::Blocks),
            ("rule.bucket_key_enabled", AttrType::Flag),
            ("rule.apply_server_side_encryption_by_default", AttrType::Blocks),
            ("rule.apply_server_side_encryption_by_default.sse_algorithm", AttrType::Str),
            ("rule.apply_server_side_encryption_by_default.kms_master_key_id", AttrType::Str),
        ],
        attributes: &["rule"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: Inline {
        form: InlineForm::Block {
            attribute: "server_side_encryption_configuration",
            v3_empty_is_none: true,
            read: |a, _| from_inline(a),
        },
        schema: &[
            ("server_side_encryption_configuration", AttrType::Blocks),
            ("server_side_encryption_configuration.rule", AttrType::Blocks),
            ("server_side_encryption_configuration.rule.bucket_key_enabled", AttrType::Flag),
            ("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default", AttrType::Blocks),
            ("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm", AttrType::Str),
            ("server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id", AttrType::Str),
        ],
        config_blocks: &["server_side_encryption_configuration"],
    },
    default: sse_s3,
    absent_live: sse_s3,
    live: Live {
        operation: "GetBucketEncryption",
        iam_action: "s3:GetEncryptionConfiguration",
        not_configured: &["ServerSideEncryptionConfigurationNotFoundError"],
        scope: Scope::Bucket,
    },
    events: &["PutBucketEncryption", "DeleteBucketEncryption"],
    event_value: events::new_value,
    access_log: &["ENCRYPTION", "BUCKETENCRYPTION"],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[],
    },
    code: Code::EncryptionChanged,
    codes: &[
        CodeInfo {
            code: Code::EncryptionDowngraded,
            severity: Severity::Critical,
            summary: "Default encryption was downgraded or removed",
            description: "The bucket's default encryption is weaker than the code says: a KMS key was replaced by SSE-S3, or the configuration was deleted (which, since January 2023, reverts a bucket to SSE-S3). New objects are no longer protected by the key policy the code intended.",
            fix: "Check who changed the encryption (the alert names the event). Unless the change was approved, run `terraform apply` to restore the configured key. Objects written meanwhile keep the encryption they were written with: re-encrypt them (copy in place) if they must be under the key.",
            message: Message::Fixed("Default encryption is weaker live than in the code (deleting the configuration reverts a bucket to SSE-S3)."),
        },
        CodeInfo {
            code: Code::EncryptionChanged,
            severity: Severity::High,
            summary: "Default encryption settings changed",
            description: "The bucket's default encryption differs from the code without getting weaker: another KMS key, or the S3 Bucket Key turned on or off. Objects written now use settings the code does not know about.",
            fix: "Check who changed the encryption (the alert names the event). Unless the change was approved, run `terraform apply` to restore the configured key. Objects written meanwhile keep the encryption they were written with: re-encrypt them (copy in place) if they must be under the key.",
            message: Message::Generic("Encryption setting"),
        },
    ],
    classify: |_| Code::EncryptionChanged,
    compare: Compare {
        normalise: Some(|v, _| sse_s3_without_bucket_key(v)),
        summarise: Some(downgrade),
        ..Compare::PLAIN
    },
    locate,
    paths: &[
        PathRow {
            path: SSE_ALGORITHM,
            inline: "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm",
            split: "aws_s3_bucket_server_side_encryption_configuration: rule.apply_server_side_encryption_by_default.sse_algorithm",
            s3_api: "ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.SSEAlgorithm",
            cloudtrail: "ServerSideEncryptionConfiguration.Rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm",
        },
        PathRow {
            path: "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id",
            inline: "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id",
            split: "aws_s3_bucket_server_side_encryption_configuration: rule.apply_server_side_encryption_by_default.kms_master_key_id",
            s3_api: "ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.KMSMasterKeyID",
            cloudtrail: "ServerSideEncryptionConfiguration.Rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID",
        },
        PathRow {
            path: "server_side_encryption_configuration.rule.bucket_key_enabled",
            inline: "server_side_encryption_configuration.rule.bucket_key_enabled",
            split: "aws_s3_bucket_server_side_encryption_configuration: rule.bucket_key_enabled",
            s3_api: "ServerSideEncryptionConfiguration.Rules[].BucketKeyEnabled",
            cloudtrail: "ServerSideEncryptionConfiguration.Rule.BucketKeyEnabled",
        },
    ],
};

/// SSE-S3 as `GetBucketEncryption` reports it on a bucket nobody configured.
fn sse_s3() -> Option<Value> {
    Some(json!({"rule": {
        "apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"},
        "bucket_key_enabled": false
    }}))
}

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

/// One finding for a downgrade: the key id and bucket key setting only mean something under
/// KMS, so their changes are part of it.
fn downgrade(want: &Value, have: Option<&Value>) -> Option<Vec<Change>> {
    let (w, h) = (sse_rank(Some(want))?, sse_rank(have)?);
    if h >= w {
        return None;
    }
    let alg = |v: Option<&Value>| {
        v.and_then(|v| v.pointer("/rule/apply_server_side_encryption_by_default/sse_algorithm"))
            .cloned()
    };
    Some(vec![Change {
        path: SSE_ALGORITHM.to_string(),
        kind: Kind::Changed,
        code: Code::EncryptionDowngraded,
        expected: alg(Some(want)),
        actual: alg(have),
    }])
}

/// S3 Bucket Keys only apply to SSE-KMS (S3 user guide, "Reducing the cost of SSE-KMS with
/// Amazon S3 Bucket Keys"): under SSE-S3 the flag has no effect, and the console sets it on
/// new buckets anyway. So it is dropped from SSE-S3 configurations before comparing.
fn sse_s3_without_bucket_key(mut value: Value) -> Value {
    let sse_s3 = value
        .pointer("/rule/apply_server_side_encryption_by_default/sse_algorithm")
        .and_then(Value::as_str)
        == Some("AES256");
    if sse_s3 {
        if let Some(Value::Object(rule)) = value.get_mut("rule") {
            rule.remove("bucket_key_enabled");
        }
    }
    value
}

/// `rule { apply_server_side_encryption_by_default { sse_algorithm … } }`, inline under the
/// block of the same name.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    nested_in(at, SPEC.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_ranks() {
        let kms = json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}}});
        assert_eq!(sse_rank(Some(&kms)), Some(2));
        assert_eq!(sse_rank(None), None);
        assert!(downgrade(&kms, sse_s3().as_ref()).is_some());
        assert!(downgrade(&sse_s3().unwrap(), Some(&kms)).is_none());
    }
}
