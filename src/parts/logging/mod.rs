//! `logging`: server access logging, the target bucket and prefix. GetBucketLogging answers
//! without `LoggingEnabled` once logging is off: the whole part is absent live.

mod canon;
mod events;
pub mod live;

pub use canon::{canonical, from_inline, from_split};

use super::locate::{attribute, block, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};

pub const SPEC: PartSpec = PartSpec {
    key: "logging",
    group: "logging",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_logging",
        per_entry: false,
        schema: &[
            ("target_bucket", AttrType::Str),
            ("target_prefix", AttrType::Str),
        ],
        attributes: &["target_bucket", "target_prefix"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: Inline {
        form: InlineForm::Block {
            attribute: "logging",
            v3_empty_is_none: true,
            read: |a, _| from_inline(a),
        },
        schema: &[
            ("logging", AttrType::Blocks),
            ("logging.target_bucket", AttrType::Str),
            ("logging.target_prefix", AttrType::Str),
        ],
        config_blocks: &["logging"],
    },
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetBucketLogging",
        iam_action: "s3:GetBucketLogging",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &["PutBucketLogging"],
    event_value: events::new_value,
    access_log: &["LOGGING_STATUS", "LOGGING", "BUCKETLOGGING"],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[],
    },
    code: Code::LoggingChanged,
    codes: &[
        CodeInfo {
            code: Code::LoggingDisabled,
            severity: Severity::High,
            summary: "Server access logging was turned off",
            description: "Server access logging is on in the code but off live: requests to the bucket are no longer logged.",
            fix: REVERT,
            message: Message::Fixed("Server access logging is on in the code but off live."),
        },
        CodeInfo {
            code: Code::LoggingChanged,
            severity: Severity::Medium,
            summary: "Server access logging target changed",
            description: "Server access logs go to another target bucket or prefix than the code says.",
            fix: REVERT,
            message: Message::Generic("Server access logging setting"),
        },
    ],
    classify,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "logging.target_bucket",
            inline: "logging.target_bucket",
            split: "aws_s3_bucket_logging: target_bucket",
            s3_api: "LoggingEnabled.TargetBucket",
            cloudtrail: "BucketLoggingStatus.LoggingEnabled.TargetBucket",
        },
        PathRow {
            path: "logging.target_prefix",
            inline: "logging.target_prefix",
            split: "aws_s3_bucket_logging: target_prefix",
            s3_api: "LoggingEnabled.TargetPrefix",
            cloudtrail: "BucketLoggingStatus.LoggingEnabled.TargetPrefix",
        },
    ],
};

fn classify(leaf: &Leaf) -> Code {
    if leaf.path == "logging" && leaf.actual.is_none() {
        Code::LoggingDisabled
    } else {
        Code::LoggingChanged
    }
}

/// `target_bucket`/`target_prefix`, inline inside `logging`.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.names {
        [leaf @ ("target_bucket" | "target_prefix")] if at.inline => {
            one(vec![block("logging"), attribute(leaf)])
        }
        [leaf @ ("target_bucket" | "target_prefix")] => one(vec![attribute(leaf)]),
        _ => Vec::new(),
    }
}
