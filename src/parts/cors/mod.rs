//! `cors_rule`: CORS rules. S3 matches CORS rules by content, so the lists are sets and rules
//! are keyed by `id` or, without one, by content: a reorder is no change.

mod canon;
mod events;
pub mod live;

pub use canon::{canonical_rule, from_inline, from_split};

use super::locate::{block_where, one, Place, Segment, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};

/// The `cors_rule` blocks: the same on the split resource and inline on `aws_s3_bucket`.
const RULES: &[(&str, AttrType)] = &[
    ("cors_rule", AttrType::Blocks),
    ("cors_rule.id", AttrType::Str),
    ("cors_rule.allowed_headers", AttrType::Strings),
    ("cors_rule.allowed_methods", AttrType::Strings),
    ("cors_rule.allowed_origins", AttrType::Strings),
    ("cors_rule.expose_headers", AttrType::Strings),
    ("cors_rule.max_age_seconds", AttrType::Count),
];

pub const SPEC: PartSpec = PartSpec {
    key: "cors_rule",
    group: "cors",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_cors_configuration",
        per_entry: false,
        schema: RULES,
        attributes: &["cors_rule"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: Inline {
        form: InlineForm::Block {
            attribute: "cors_rule",
            v3_empty_is_none: true,
            read: |a, _| from_inline(a),
        },
        schema: RULES,
        config_blocks: &["cors_rule"],
    },
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetBucketCors",
        iam_action: "s3:GetBucketCORS",
        not_configured: &["NoSuchCORSConfiguration"],
        scope: Scope::Bucket,
    },
    events: &["PutBucketCors", "DeleteBucketCors"],
    event_value: events::new_value,
    access_log: &["CORS", "BUCKETCORS"],
    shape: Shape {
        keyed: &["cors_rule"],
        // One CORS rule is one entry in the path table.
        atomic: &["cors_rule[<id>]"],
        ordered: &[],
        maps: &["cors_rule"],
        free_keys: false,
    },
    // Rules without an id are keyed by their content, which is not known yet.
    pending: Pending::Whole,
    code: Code::CorsChanged,
    codes: &[CodeInfo {
        code: Code::CorsChanged,
        severity: Severity::Medium,
        summary: "CORS rules changed",
        description: "A CORS rule differs from the code: other origins, methods or headers are allowed.",
        fix: REVERT,
        message: Message::Generic("CORS rule"),
    }],
    classify: |_| Code::CorsChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[PathRow {
        path: "cors_rule[<id>]",
        inline: "cors_rule",
        split: "aws_s3_bucket_cors_configuration: cors_rule",
        s3_api: "CORSRules",
        cloudtrail: "CORSConfiguration.CORSRule",
    }],
};

/// A rule found by its literal `id` (rules without one are keyed by content: no line).
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.rest {
        [Segment::Key(id), ..] => one(vec![block_where("cors_rule", "id", id)]),
        _ => Vec::new(),
    }
}
