//! `lifecycle_rule`: the lifecycle rules, keyed by `id` (or content), never by position.

mod canon;
mod events;
pub mod live;

pub use canon::{canonical_date, canonical_filter, from_inline, from_split};

use super::locate::{attribute, block, block_where, one, Place, Segment, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};

pub const SPEC: PartSpec = PartSpec {
    key: "lifecycle_rule",
    group: "lifecycle",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_lifecycle_configuration",
        per_entry: false,
        schema: &[
            ("rule", AttrType::Blocks),
            ("rule.id", AttrType::Str),
            ("rule.status", AttrType::Str),
            ("rule.prefix", AttrType::Str),
            ("rule.filter", AttrType::Blocks),
            ("rule.filter.prefix", AttrType::Str),
            ("rule.filter.object_size_greater_than", AttrType::Count),
            ("rule.filter.object_size_less_than", AttrType::Count),
            ("rule.filter.tag", AttrType::TagBlocks),
            ("rule.filter.tag.key", AttrType::Str),
            ("rule.filter.tag.value", AttrType::Str),
            ("rule.filter.and", AttrType::Blocks),
            ("rule.filter.and.prefix", AttrType::Str),
            ("rule.filter.and.tags", AttrType::StringMap),
            ("rule.filter.and.object_size_greater_than", AttrType::Count),
            ("rule.filter.and.object_size_less_than", AttrType::Count),
            ("rule.expiration", AttrType::Blocks),
            ("rule.expiration.date", AttrType::Str),
            ("rule.expiration.days", AttrType::Count),
            ("rule.expiration.expired_object_delete_marker", AttrType::Flag),
            ("rule.transition", AttrType::Blocks),
            ("rule.transition.storage_class", AttrType::Str),
            ("rule.transition.date", AttrType::Str),
            ("rule.transition.days", AttrType::Count),
            ("rule.transition.newer_noncurrent_versions", AttrType::Count),
            ("rule.noncurrent_version_expiration", AttrType::Blocks),
            ("rule.noncurrent_version_expiration.noncurrent_days", AttrType::Count),
            ("rule.noncurrent_version_expiration.newer_noncurrent_versions", AttrType::Count),
            ("rule.noncurrent_version_transition", AttrType::Blocks),
            ("rule.noncurrent_version_transition.storage_class", AttrType::Str),
            ("rule.noncurrent_version_transition.noncurrent_days", AttrType::Count),
            ("rule.noncurrent_version_transition.newer_noncurrent_versions", AttrType::Count),
            ("rule.abort_incomplete_multipart_upload", AttrType::Blocks),
            ("rule.abort_incomplete_multipart_upload.days_after_initiation", AttrType::Count),
        ],
        attributes: &["rule"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: Inline {
        form: InlineForm::Block {
            attribute: "lifecycle_rule",
            v3_empty_is_none: true,
            read: |a, _| from_inline(a),
        },
        schema: &[
            ("lifecycle_rule", AttrType::Blocks),
            ("lifecycle_rule.id", AttrType::Str),
            ("lifecycle_rule.enabled", AttrType::Flag),
            ("lifecycle_rule.prefix", AttrType::Str),
            ("lifecycle_rule.tags", AttrType::StringMap),
            ("lifecycle_rule.abort_incomplete_multipart_upload_days", AttrType::Count),
            ("lifecycle_rule.expiration", AttrType::Blocks),
            ("lifecycle_rule.expiration.date", AttrType::Str),
            ("lifecycle_rule.expiration.days", AttrType::Count),
            ("lifecycle_rule.expiration.expired_object_delete_marker", AttrType::Flag),
            ("lifecycle_rule.transition", AttrType::Blocks),
            ("lifecycle_rule.transition.storage_class", AttrType::Str),
            ("lifecycle_rule.transition.date", AttrType::Str),
            ("lifecycle_rule.transition.days", AttrType::Count),
            ("lifecycle_rule.noncurrent_version_expiration", AttrType::Blocks),
            ("lifecycle_rule.noncurrent_version_expiration.days", AttrType::Count),
            ("lifecycle_rule.noncurrent_version_transition", AttrType::Blocks),
            ("lifecycle_rule.noncurrent_version_transition.storage_class", AttrType::Str),
            ("lifecycle_rule.noncurrent_version_transition.days", AttrType::Count),
        ],
        config_blocks: &["lifecycle_rule"],
    },
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetBucketLifecycleConfiguration",
        iam_action: "s3:GetLifecycleConfiguration",
        not_configured: &["NoSuchLifecycleConfiguration"],
        scope: Scope::Bucket,
    },
    // The API is PutBucketLifecycleConfiguration, the event PutBucketLifecycle (CloudTrail
    // logging for S3); exports that name events after the API call are accepted too.
    events: &[
        "PutBucketLifecycle",
        "DeleteBucketLifecycle",
        "PutBucketLifecycleConfiguration",
    ],
    event_value: events::new_value,
    access_log: &["LIFECYCLE", "LIFECYCLECONFIGURATION"],
    shape: Shape {
        keyed: &[
            "lifecycle_rule",
            "lifecycle_rule[<id>].transition",
            "lifecycle_rule[<id>].noncurrent_version_transition",
        ],
        // A filter decides which objects a rule covers: its parts only mean something together.
        atomic: &["lifecycle_rule[<id>].filter"],
        ordered: &[],
        maps: &["lifecycle_rule"],
        free_keys: false,
    },
    pending: Pending::Rules {
        wrappers: &["rule", "lifecycle_rule"],
        wrapped: false,
        fields: &[
            ("status", "status"),
            ("enabled", "status"),
            ("filter", "filter"),
            ("prefix", "filter"),
            ("tags", "filter"),
            ("expiration", "expiration"),
            ("transition", "transition"),
            ("noncurrent_version_expiration", "noncurrent_version_expiration"),
            ("noncurrent_version_transition", "noncurrent_version_transition"),
            ("abort_incomplete_multipart_upload", "abort_incomplete_multipart_upload"),
            ("abort_incomplete_multipart_upload_days", "abort_incomplete_multipart_upload"),
        ],
        under: None,
        top: &[],
    },
    code: Code::LifecycleChanged,
    codes: &[CodeInfo {
        code: Code::LifecycleChanged,
        severity: Severity::Low,
        summary: "Lifecycle rules changed",
        description: "A lifecycle rule differs from the code: objects may expire, transition or be kept on a schedule the code does not say.",
        fix: REVERT,
        message: Message::Generic("Lifecycle rule setting"),
    }],
    classify: |_| Code::LifecycleChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "lifecycle_rule[<id>].status",
            inline: "lifecycle_rule.enabled",
            split: "aws_s3_bucket_lifecycle_configuration: rule.status",
            s3_api: "Rules[].Status",
            cloudtrail: "LifecycleConfiguration.Rule.Status",
        },
        PathRow {
            path: "lifecycle_rule[<id>].filter",
            inline: "lifecycle_rule.prefix, lifecycle_rule.tags",
            split: "aws_s3_bucket_lifecycle_configuration: rule.filter (prefix, tag, and, object_size_*), rule.prefix",
            s3_api: "Rules[].Filter / Rules[].Prefix",
            cloudtrail: "LifecycleConfiguration.Rule.Filter",
        },
        PathRow {
            path: "lifecycle_rule[<id>].expiration",
            inline: "lifecycle_rule.expiration",
            split: "aws_s3_bucket_lifecycle_configuration: rule.expiration",
            s3_api: "Rules[].Expiration",
            cloudtrail: "LifecycleConfiguration.Rule.Expiration",
        },
        PathRow {
            path: "lifecycle_rule[<id>].transition[<storage_class>]",
            inline: "lifecycle_rule.transition",
            split: "aws_s3_bucket_lifecycle_configuration: rule.transition",
            s3_api: "Rules[].Transitions",
            cloudtrail: "LifecycleConfiguration.Rule.Transition",
        },
        PathRow {
            path: "lifecycle_rule[<id>].noncurrent_version_expiration",
            inline: "lifecycle_rule.noncurrent_version_expiration",
            split: "aws_s3_bucket_lifecycle_configuration: rule.noncurrent_version_expiration",
            s3_api: "Rules[].NoncurrentVersionExpiration",
            cloudtrail: "LifecycleConfiguration.Rule.NoncurrentVersionExpiration",
        },
        PathRow {
            path: "lifecycle_rule[<id>].noncurrent_version_transition[<storage_class>]",
            inline: "lifecycle_rule.noncurrent_version_transition",
            split: "aws_s3_bucket_lifecycle_configuration: rule.noncurrent_version_transition",
            s3_api: "Rules[].NoncurrentVersionTransitions",
            cloudtrail: "LifecycleConfiguration.Rule.NoncurrentVersionTransition",
        },
        PathRow {
            path: "lifecycle_rule[<id>].abort_incomplete_multipart_upload",
            inline: "lifecycle_rule.abort_incomplete_multipart_upload_days",
            split: "aws_s3_bucket_lifecycle_configuration: rule.abort_incomplete_multipart_upload",
            s3_api: "Rules[].AbortIncompleteMultipartUpload",
            cloudtrail: "LifecycleConfiguration.Rule.AbortIncompleteMultipartUpload",
        },
    ],
};

/// `lifecycle_rule[<id>]…`: the rule found by its literal `id`, then the field.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    let inline = at.inline;
    let [Segment::Key(id), fields @ ..] = at.rest else {
        return Vec::new();
    };
    let mut steps = vec![block_where(
        if inline { "lifecycle_rule" } else { "rule" },
        "id",
        id,
    )];
    let name = |i: usize| match fields.get(i) {
        Some(Segment::Name(n)) => Some(n.as_str()),
        _ => None,
    };
    let key = |i: usize| match fields.get(i) {
        Some(Segment::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    match (name(0), inline) {
        (None, _) => {}
        (Some("status"), false) => steps.push(attribute("status")),
        (Some("status"), true) => steps.push(attribute("enabled")),
        (Some("filter"), false) => steps.push(block("filter")),
        (Some(b @ ("expiration" | "noncurrent_version_expiration")), _) => {
            steps.push(block(b));
            // The v3 inline block calls `noncurrent_days` `days`: stop at the block there.
            if let Some(leaf) = name(1).filter(|_| !inline || b == "expiration") {
                steps.push(attribute(leaf));
            }
        }
        (Some(b @ ("transition" | "noncurrent_version_transition")), _) => {
            if let Some(class) = key(1) {
                steps.push(block_where(b, "storage_class", class));
                if let Some(leaf) = name(2).filter(|_| !inline || b == "transition") {
                    steps.push(attribute(leaf));
                }
            }
        }
        (Some("abort_incomplete_multipart_upload"), false) => {
            steps.push(block("abort_incomplete_multipart_upload"));
            if let Some(leaf) = name(1) {
                steps.push(attribute(leaf));
            }
        }
        (Some("abort_incomplete_multipart_upload"), true) => {
            steps.push(attribute("abort_incomplete_multipart_upload_days"))
        }
        _ => {}
    }
    one(steps)
}
