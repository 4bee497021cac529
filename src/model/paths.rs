//! The canonical path table: the one place that names every monitored attribute.
//!
//! Each row gives the canonical path (the key of every finding), the name of the
//! attribute inline on `aws_s3_bucket`, its name on the split resource, the S3 API field and
//! the CloudTrail `requestParameters` field. The README's path table is generated from it
//! (`s3drift paths`), so the two cannot disagree.
//!
//! # Canonical values
//!
//! Each part's value is a JSON object (or, for `policy`, the policy document). Unset values
//! are left out: empty strings, `null`, empty lists, and the zero counts the provider writes
//! for "not set". Booleans are always present where the API always answers them.
//!
//! | part | canonical value |
//! |---|---|
//! | `versioning` | `{"status": "Enabled"\|"Suspended"\|"Disabled", "mfa_delete": bool}`; `Disabled` = never enabled |
//! | `server_side_encryption_configuration` | `{"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm", "kms_master_key_id"?}, "bucket_key_enabled": bool}}` |
//! | `lifecycle_rule` | `{"<id>": {"status": "Enabled"\|"Disabled", "filter"?: {"prefix"?, "tags"?: {k: v}, "object_size_greater_than"?, "object_size_less_than"?}, "expiration"?: {"days"?, "date"?, "expired_object_delete_marker"?}, "transition"?: {"<storage_class>": {"days"?, "date"?}}, "noncurrent_version_expiration"?: {"noncurrent_days"?, "newer_noncurrent_versions"?}, "noncurrent_version_transition"?: {"<storage_class>": {"noncurrent_days"?, "newer_noncurrent_versions"?}}, "abort_incomplete_multipart_upload"?: {"days_after_initiation"}}}`; dates are `YYYY-MM-DD`; a transition keeps `days: 0` (at once) when it has no date; `filter` is left out when it selects every object (empty prefix, no tags, no sizes); `expired_object_delete_marker` only when true |
//! | `replication_configuration` | `{"role", "rules": {"<id>": {"status", "priority"?, "filter"?: {"prefix"?, "tags"?}, "delete_marker_replication"?: "Enabled"\|"Disabled", "existing_object_replication"?: "Enabled"\|"Disabled", "destination": {"bucket", "storage_class"?, "account"?, "access_control_translation"?: {"owner"}, "encryption_configuration"?: {"replica_kms_key_id"}, "replication_time"?: {"status", "minutes"?}, "metrics"?: {"status", "minutes"?}}, "source_selection_criteria"?: {"sse_kms_encrypted_objects"?: "Enabled"\|"Disabled", "replica_modifications"?: "Enabled"\|"Disabled"}}}}`; `priority` 0 is unset; a v3 inline filtered rule without `delete_marker_replication_status` is `"Disabled"` (what S3 answers for it) |
//! | `logging` | `{"target_bucket", "target_prefix"?}` |
//! | `public_access_block` | `{"block_public_acls": bool, "block_public_policy": bool, "ignore_public_acls": bool, "restrict_public_buckets": bool}` |
//! | `cors_rule` | `{"<key>": {"allowed_headers"?: [..], "allowed_methods": [..], "allowed_origins": [..], "expose_headers"?: [..], "max_age_seconds"?}}`; lists sorted; key = `id` or `#` + [`content_key`] |
//! | `website` | `{"index_document"?: suffix, "error_document"?: key, "redirect_all_requests_to"?: "host" or "protocol://host", "routing_rules"?: [S3 API-shaped rules, in order]}`; rules use the API's names (`Condition`, `Redirect`, `HostName`, …), all values strings, empty strings and empty objects left out |
//! | `object_lock_configuration` | `{"object_lock_enabled": "Enabled", "rule"?: {"default_retention": {"mode", "days"?, "years"?}}}` |
//! | `policy` | the policy document as JSON (compared semantically by `diff::policy`) |
//! | `acl` | `{"grant": ["<PERMISSION> <grantee>", …]}` sorted; grantee is `owner` (the bucket owner, or a canned ACL's owner grant), `id:<canonical id>`, `group:AllUsers`/`group:AuthenticatedUsers`/`group:LogDelivery`, or `email:<address>`; a canned ACL is expanded to its grants (`canon::acl::canned_grants`); the v4+ `grant` mirror keeps the owner as `id:<id>` (the diff maps the live owner id to `owner` on both sides) |
//! | `ownership_controls` | `{"object_ownership": "BucketOwnerEnforced"\|"BucketOwnerPreferred"\|"ObjectWriter"}` |
//! | `tags` | `{"<key>": "<value>"}` from `tags_all` (`tags` before provider 3.38); an empty map is the value `None`: the code wants no tags; reserved `aws:` keys are left out on both sides |
//!
//! A managed part whose value is `None` means the code wants the part absent (e.g. a v3
//! bucket with an empty inline `lifecycle_rule`); a part missing from the tree is not managed
//! and is compared with AWS's defaults. `DesiredPart::pending` lists leaves unknown until
//! apply; `*` is the whole part. The normalisers that produce these shapes from Terraform
//! attributes and from S3 API answers are in `model::canon`, one file per part.

use super::Part;
use crate::code::Code;

/// Per-part facts: which split resource writes it, which S3 call reads it, which IAM action
/// that call needs, and which CloudTrail events change it.
#[derive(Clone, Copy, Debug)]
pub struct PartInfo {
    pub part: Part,
    /// The split resource type, or `""` where there is none (tags live on `aws_s3_bucket`).
    pub split_resource: &'static str,
    /// The inline attribute(s) of `aws_s3_bucket` that mirror or set this part.
    pub inline_attributes: &'static [&'static str],
    /// The S3 API operation that reads the part.
    pub s3_get: &'static str,
    /// The IAM action that operation needs (they differ from API names).
    pub iam_action: &'static str,
    /// The S3 error code that means "not configured" (an absent part, not an error).
    pub not_configured: Option<&'static str>,
    /// CloudTrail event names that change the part.
    pub events: &'static [&'static str],
    /// The code used for generic changes of this part.
    pub code: Code,
}

/// One row per part, in tree order.
pub const PARTS: [PartInfo; 13] = [
    PartInfo {
        part: Part::Versioning,
        split_resource: "aws_s3_bucket_versioning",
        inline_attributes: &["versioning"],
        s3_get: "GetBucketVersioning",
        iam_action: "s3:GetBucketVersioning",
        not_configured: None,
        events: &["PutBucketVersioning"],
        code: Code::VersioningChanged,
    },
    PartInfo {
        part: Part::ServerSideEncryptionConfiguration,
        split_resource: "aws_s3_bucket_server_side_encryption_configuration",
        inline_attributes: &["server_side_encryption_configuration"],
        s3_get: "GetBucketEncryption",
        iam_action: "s3:GetEncryptionConfiguration",
        not_configured: Some("ServerSideEncryptionConfigurationNotFoundError"),
        events: &["PutBucketEncryption", "DeleteBucketEncryption"],
        code: Code::EncryptionChanged,
    },
    PartInfo {
        part: Part::LifecycleRule,
        split_resource: "aws_s3_bucket_lifecycle_configuration",
        inline_attributes: &["lifecycle_rule"],
        s3_get: "GetBucketLifecycleConfiguration",
        iam_action: "s3:GetLifecycleConfiguration",
        not_configured: Some("NoSuchLifecycleConfiguration"),
        events: &["PutBucketLifecycle", "DeleteBucketLifecycle"],
        code: Code::LifecycleChanged,
    },
    PartInfo {
        part: Part::ReplicationConfiguration,
        split_resource: "aws_s3_bucket_replication_configuration",
        inline_attributes: &["replication_configuration"],
        s3_get: "GetBucketReplication",
        iam_action: "s3:GetReplicationConfiguration",
        not_configured: Some("ReplicationConfigurationNotFoundError"),
        events: &["PutBucketReplication", "DeleteBucketReplication"],
        code: Code::ReplicationChanged,
    },
    PartInfo {
        part: Part::Logging,
        split_resource: "aws_s3_bucket_logging",
        inline_attributes: &["logging"],
        s3_get: "GetBucketLogging",
        iam_action: "s3:GetBucketLogging",
        not_configured: None,
        events: &["PutBucketLogging"],
        code: Code::LoggingChanged,
    },
    PartInfo {
        part: Part::PublicAccessBlock,
        split_resource: "aws_s3_bucket_public_access_block",
        inline_attributes: &[],
        s3_get: "GetPublicAccessBlock",
        iam_action: "s3:GetBucketPublicAccessBlock",
        not_configured: Some("NoSuchPublicAccessBlockConfiguration"),
        events: &[
            "PutBucketPublicAccessBlock",
            "DeleteBucketPublicAccessBlock",
        ],
        code: Code::PublicAccessBlockChanged,
    },
    PartInfo {
        part: Part::CorsRule,
        split_resource: "aws_s3_bucket_cors_configuration",
        inline_attributes: &["cors_rule"],
        s3_get: "GetBucketCors",
        iam_action: "s3:GetBucketCORS",
        not_configured: Some("NoSuchCORSConfiguration"),
        events: &["PutBucketCors", "DeleteBucketCors"],
        code: Code::CorsChanged,
    },
    PartInfo {
        part: Part::Website,
        split_resource: "aws_s3_bucket_website_configuration",
        inline_attributes: &["website"],
        s3_get: "GetBucketWebsite",
        iam_action: "s3:GetBucketWebsite",
        not_configured: Some("NoSuchWebsiteConfiguration"),
        events: &["PutBucketWebsite", "DeleteBucketWebsite"],
        code: Code::WebsiteChanged,
    },
    PartInfo {
        part: Part::ObjectLockConfiguration,
        split_resource: "aws_s3_bucket_object_lock_configuration",
        inline_attributes: &["object_lock_configuration", "object_lock_enabled"],
        s3_get: "GetObjectLockConfiguration",
        iam_action: "s3:GetBucketObjectLockConfiguration",
        not_configured: Some("ObjectLockConfigurationNotFoundError"),
        events: &["PutObjectLockConfiguration"],
        code: Code::ObjectLockChanged,
    },
    PartInfo {
        part: Part::Policy,
        split_resource: "aws_s3_bucket_policy",
        inline_attributes: &["policy"],
        s3_get: "GetBucketPolicy",
        iam_action: "s3:GetBucketPolicy",
        not_configured: Some("NoSuchBucketPolicy"),
        events: &["PutBucketPolicy", "DeleteBucketPolicy"],
        code: Code::PolicyChanged,
    },
    PartInfo {
        part: Part::Acl,
        split_resource: "aws_s3_bucket_acl",
        inline_attributes: &["acl", "grant"],
        s3_get: "GetBucketAcl",
        iam_action: "s3:GetBucketAcl",
        not_configured: None,
        events: &["PutBucketAcl"],
        code: Code::AclChanged,
    },
    PartInfo {
        part: Part::OwnershipControls,
        split_resource: "aws_s3_bucket_ownership_controls",
        inline_attributes: &[],
        s3_get: "GetBucketOwnershipControls",
        iam_action: "s3:GetBucketOwnershipControls",
        not_configured: Some("OwnershipControlsNotFoundError"),
        events: &[
            "PutBucketOwnershipControls",
            "DeleteBucketOwnershipControls",
        ],
        code: Code::OwnershipChanged,
    },
    PartInfo {
        part: Part::Tags,
        split_resource: "",
        inline_attributes: &["tags_all", "tags"],
        s3_get: "GetBucketTagging",
        iam_action: "s3:GetBucketTagging",
        not_configured: Some("NoSuchTagSet"),
        events: &["PutBucketTagging", "DeleteBucketTagging"],
        code: Code::TagsChanged,
    },
];

/// The facts for one part.
pub fn info(part: Part) -> &'static PartInfo {
    PARTS
        .iter()
        .find(|i| i.part == part)
        .expect("PARTS has a row for every Part")
}

/// The part a split resource type writes, if it is one.
pub fn part_of_split(rtype: &str) -> Option<Part> {
    PARTS
        .iter()
        .find(|i| !i.split_resource.is_empty() && i.split_resource == rtype)
        .map(|i| i.part)
}

/// `aws_s3_*` types that are recognised but not monitored. They are listed in reports,
/// never an error.
pub const UNMONITORED_TYPES: &[&str] = &[
    "aws_s3_object",
    "aws_s3_bucket_object",
    "aws_s3_object_copy",
    "aws_s3_bucket_notification",
    "aws_s3_bucket_metric",
    "aws_s3_bucket_inventory",
    "aws_s3_bucket_analytics_configuration",
    "aws_s3_bucket_intelligent_tiering_configuration",
    "aws_s3_bucket_accelerate_configuration",
    "aws_s3_bucket_request_payment_configuration",
    "aws_s3_bucket_cors_rule",
    "aws_s3_bucket_metadata_configuration",
    "aws_s3_access_point",
    "aws_s3_account_public_access_block",
    "aws_s3_directory_bucket",
];

/// One row of the canonical path table.
#[derive(Clone, Copy, Debug)]
pub struct PathRow {
    /// The canonical path; `<id>` stands for a rule key, `<key>` for a tag key.
    pub path: &'static str,
    /// The inline attribute path on `aws_s3_bucket` (provider v3; a mirror from v4).
    pub inline: &'static str,
    /// The attribute path on the split resource.
    pub split: &'static str,
    /// The S3 API field (response of the part's GET).
    pub s3_api: &'static str,
    /// The CloudTrail `requestParameters` field that carries the new value.
    pub cloudtrail: &'static str,
}

macro_rules! rows {
    ($( $path:literal, $inline:literal, $split:literal, $api:literal, $ct:literal; )*) => {
        &[ $( PathRow { path: $path, inline: $inline, split: $split, s3_api: $api, cloudtrail: $ct }, )* ]
    };
}

/// Every canonical leaf path. Rule collections list their fields under `[<id>]`.
pub const PATHS: &[PathRow] = rows! {
    "versioning.status", "versioning.enabled (true → Enabled; false → Suspended or never enabled)", "aws_s3_bucket_versioning: versioning_configuration.status", "VersioningConfiguration.Status", "VersioningConfiguration.Status";
    "versioning.mfa_delete", "versioning.mfa_delete", "aws_s3_bucket_versioning: versioning_configuration.mfa_delete", "VersioningConfiguration.MFADelete", "VersioningConfiguration.MfaDelete";
    "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm", "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm", "aws_s3_bucket_server_side_encryption_configuration: rule.apply_server_side_encryption_by_default.sse_algorithm", "ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.SSEAlgorithm", "ServerSideEncryptionConfiguration.Rule.ApplyServerSideEncryptionByDefault.SSEAlgorithm";
    "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id", "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id", "aws_s3_bucket_server_side_encryption_configuration: rule.apply_server_side_encryption_by_default.kms_master_key_id", "ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.KMSMasterKeyID", "ServerSideEncryptionConfiguration.Rule.ApplyServerSideEncryptionByDefault.KMSMasterKeyID";
    "server_side_encryption_configuration.rule.bucket_key_enabled", "server_side_encryption_configuration.rule.bucket_key_enabled", "aws_s3_bucket_server_side_encryption_configuration: rule.bucket_key_enabled", "ServerSideEncryptionConfiguration.Rules[].BucketKeyEnabled", "ServerSideEncryptionConfiguration.Rule.BucketKeyEnabled";
    "lifecycle_rule[<id>].status", "lifecycle_rule.enabled", "aws_s3_bucket_lifecycle_configuration: rule.status", "Rules[].Status", "LifecycleConfiguration.Rule.Status";
    "lifecycle_rule[<id>].filter", "lifecycle_rule.prefix, lifecycle_rule.tags", "aws_s3_bucket_lifecycle_configuration: rule.filter (prefix, tag, and, object_size_*), rule.prefix", "Rules[].Filter / Rules[].Prefix", "LifecycleConfiguration.Rule.Filter";
    "lifecycle_rule[<id>].expiration", "lifecycle_rule.expiration", "aws_s3_bucket_lifecycle_configuration: rule.expiration", "Rules[].Expiration", "LifecycleConfiguration.Rule.Expiration";
    "lifecycle_rule[<id>].transition[<storage_class>]", "lifecycle_rule.transition", "aws_s3_bucket_lifecycle_configuration: rule.transition", "Rules[].Transitions", "LifecycleConfiguration.Rule.Transition";
    "lifecycle_rule[<id>].noncurrent_version_expiration", "lifecycle_rule.noncurrent_version_expiration", "aws_s3_bucket_lifecycle_configuration: rule.noncurrent_version_expiration", "Rules[].NoncurrentVersionExpiration", "LifecycleConfiguration.Rule.NoncurrentVersionExpiration";
    "lifecycle_rule[<id>].noncurrent_version_transition[<storage_class>]", "lifecycle_rule.noncurrent_version_transition", "aws_s3_bucket_lifecycle_configuration: rule.noncurrent_version_transition", "Rules[].NoncurrentVersionTransitions", "LifecycleConfiguration.Rule.NoncurrentVersionTransition";
    "lifecycle_rule[<id>].abort_incomplete_multipart_upload", "lifecycle_rule.abort_incomplete_multipart_upload_days", "aws_s3_bucket_lifecycle_configuration: rule.abort_incomplete_multipart_upload", "Rules[].AbortIncompleteMultipartUpload", "LifecycleConfiguration.Rule.AbortIncompleteMultipartUpload";
    "replication_configuration.role", "replication_configuration.role", "aws_s3_bucket_replication_configuration: role", "ReplicationConfiguration.Role", "ReplicationConfiguration.Role";
    "replication_configuration.rules[<id>]", "replication_configuration.rules", "aws_s3_bucket_replication_configuration: rule", "ReplicationConfiguration.Rules", "ReplicationConfiguration.Rule";
    "logging.target_bucket", "logging.target_bucket", "aws_s3_bucket_logging: target_bucket", "LoggingEnabled.TargetBucket", "BucketLoggingStatus.LoggingEnabled.TargetBucket";
    "logging.target_prefix", "logging.target_prefix", "aws_s3_bucket_logging: target_prefix", "LoggingEnabled.TargetPrefix", "BucketLoggingStatus.LoggingEnabled.TargetPrefix";
    "public_access_block.block_public_acls", "-", "aws_s3_bucket_public_access_block: block_public_acls", "PublicAccessBlockConfiguration.BlockPublicAcls", "PublicAccessBlockConfiguration.BlockPublicAcls";
    "public_access_block.block_public_policy", "-", "aws_s3_bucket_public_access_block: block_public_policy", "PublicAccessBlockConfiguration.BlockPublicPolicy", "PublicAccessBlockConfiguration.BlockPublicPolicy";
    "public_access_block.ignore_public_acls", "-", "aws_s3_bucket_public_access_block: ignore_public_acls", "PublicAccessBlockConfiguration.IgnorePublicAcls", "PublicAccessBlockConfiguration.IgnorePublicAcls";
    "public_access_block.restrict_public_buckets", "-", "aws_s3_bucket_public_access_block: restrict_public_buckets", "PublicAccessBlockConfiguration.RestrictPublicBuckets", "PublicAccessBlockConfiguration.RestrictPublicBuckets";
    "cors_rule[<id>]", "cors_rule", "aws_s3_bucket_cors_configuration: cors_rule", "CORSRules", "CORSConfiguration.CORSRule";
    "website.index_document", "website.index_document", "aws_s3_bucket_website_configuration: index_document.suffix", "IndexDocument.Suffix", "WebsiteConfiguration.IndexDocument.Suffix";
    "website.error_document", "website.error_document", "aws_s3_bucket_website_configuration: error_document.key", "ErrorDocument.Key", "WebsiteConfiguration.ErrorDocument.Key";
    "website.redirect_all_requests_to", "website.redirect_all_requests_to", "aws_s3_bucket_website_configuration: redirect_all_requests_to (host_name, protocol)", "RedirectAllRequestsTo", "WebsiteConfiguration.RedirectAllRequestsTo";
    "website.routing_rules", "website.routing_rules", "aws_s3_bucket_website_configuration: routing_rule, routing_rules", "RoutingRules", "WebsiteConfiguration.RoutingRules";
    "object_lock_configuration.object_lock_enabled", "object_lock_enabled (v4+), object_lock_configuration.object_lock_enabled (v3)", "aws_s3_bucket_object_lock_configuration: object_lock_enabled", "ObjectLockConfiguration.ObjectLockEnabled", "ObjectLockConfiguration.ObjectLockEnabled";
    "object_lock_configuration.rule.default_retention.mode", "object_lock_configuration.rule.default_retention.mode", "aws_s3_bucket_object_lock_configuration: rule.default_retention.mode", "ObjectLockConfiguration.Rule.DefaultRetention.Mode", "ObjectLockConfiguration.Rule.DefaultRetention.Mode";
    "object_lock_configuration.rule.default_retention.days", "object_lock_configuration.rule.default_retention.days", "aws_s3_bucket_object_lock_configuration: rule.default_retention.days", "ObjectLockConfiguration.Rule.DefaultRetention.Days", "ObjectLockConfiguration.Rule.DefaultRetention.Days";
    "object_lock_configuration.rule.default_retention.years", "object_lock_configuration.rule.default_retention.years", "aws_s3_bucket_object_lock_configuration: rule.default_retention.years", "ObjectLockConfiguration.Rule.DefaultRetention.Years", "ObjectLockConfiguration.Rule.DefaultRetention.Years";
    "policy", "policy", "aws_s3_bucket_policy: policy", "Policy", "bucketPolicy";
    "acl.grant", "acl (canned), grant", "aws_s3_bucket_acl: acl, access_control_policy.grant", "Grants, Owner", "AccessControlPolicy.AccessControlList.Grant, x-amz-acl";
    "ownership_controls.object_ownership", "-", "aws_s3_bucket_ownership_controls: rule.object_ownership", "OwnershipControls.Rules[].ObjectOwnership", "OwnershipControls.Rule.ObjectOwnership";
    "tags.<key>", "tags_all", "-", "TagSet", "Tagging.TagSet.Tag";
};

/// A short, stable key for a rule without an `id`: the first 8 hex digits of FNV-1a over the
/// canonical JSON. Content keys make rule lists compare by content instead of position.
pub fn content_key(value: &serde_json::Value) -> String {
    // serde_json keeps insertion order here (a dependency enables `preserve_order`), so
    // keys are sorted before hashing: the same content must give the same key on every side.
    fn sorted(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => {
                let mut entries: Vec<_> = m.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                serde_json::Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(sorted).collect())
            }
            other => other.clone(),
        }
    }
    let text = sorted(value).to_string();
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("#{:08x}", hash >> 32)
}

/// The path table as Markdown, for `s3drift paths` and the README.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| path | inline on `aws_s3_bucket` | split resource | S3 API field | CloudTrail field |\n|---|---|---|---|---|\n",
    );
    for row in PATHS {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            row.path, row.inline, row.split, row.s3_api, row.cloudtrail
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_has_one_row_in_order() {
        for (i, p) in Part::ALL.iter().enumerate() {
            assert_eq!(PARTS[i].part, *p);
            assert_eq!(info(*p).part, *p);
        }
    }

    #[test]
    fn every_path_starts_with_a_part_key() {
        for row in PATHS {
            let head = row.path.split(['.', '[']).next().unwrap();
            assert!(Part::from_key(head).is_some(), "{}", row.path);
        }
    }

    #[test]
    fn split_types_map_back() {
        assert_eq!(part_of_split("aws_s3_bucket_acl"), Some(Part::Acl));
        assert_eq!(part_of_split("aws_s3_bucket"), None);
        assert_eq!(part_of_split(""), None);
    }

    #[test]
    fn content_key_is_stable_and_order_free() {
        let a: serde_json::Value = serde_json::from_str(r#"{"a":1,"b":[2]}"#).unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"{"b":[2],"a":1}"#).unwrap();
        assert_eq!(content_key(&a), content_key(&b));
        assert_eq!(content_key(&a).len(), 9);
    }
}
