//! `notification`: event notifications to SNS topics, SQS queues, Lambda functions and
//! EventBridge. Each destination kind is a collection of rules keyed by their `id` (S3
//! assigns one when the request has none), so a reorder is no change.
//!
//! Not a core part: it is read only where a loaded state manages it (or with `--parts`).
//! `aws_s3_bucket_notification` owns the bucket's whole configuration: a rule the code
//! does not have is drift.

mod canon;
mod events;
pub mod live;

pub use canon::{canonical, canonical_rule, from_split};

use super::locate::{attribute, block_where, one, Place, Segment, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};

/// The destination kinds: the canonical key, and the split resource's block and ARN names.
pub const KINDS: [(&str, &str); 3] = [
    ("topic", "topic_arn"),
    ("queue", "queue_arn"),
    ("lambda_function", "lambda_function_arn"),
];

pub const SPEC: PartSpec = PartSpec {
    key: "notification",
    group: "notification",
    core: false,
    split: Some(Split {
        resource: "aws_s3_bucket_notification",
        per_entry: false,
        schema: &[
            ("eventbridge", AttrType::Flag),
            ("topic", AttrType::Blocks),
            ("topic.id", AttrType::Str),
            ("topic.topic_arn", AttrType::Str),
            ("topic.events", AttrType::Strings),
            ("topic.filter_prefix", AttrType::Str),
            ("topic.filter_suffix", AttrType::Str),
            ("queue", AttrType::Blocks),
            ("queue.id", AttrType::Str),
            ("queue.queue_arn", AttrType::Str),
            ("queue.events", AttrType::Strings),
            ("queue.filter_prefix", AttrType::Str),
            ("queue.filter_suffix", AttrType::Str),
            ("lambda_function", AttrType::Blocks),
            ("lambda_function.id", AttrType::Str),
            ("lambda_function.lambda_function_arn", AttrType::Str),
            ("lambda_function.events", AttrType::Strings),
            ("lambda_function.filter_prefix", AttrType::Str),
            ("lambda_function.filter_suffix", AttrType::Str),
        ],
        attributes: &["eventbridge", "topic", "queue", "lambda_function"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: NO_INLINE,
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetBucketNotificationConfiguration",
        iam_action: "s3:GetBucketNotification",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    // The current API is PutBucketNotificationConfiguration; the older PutBucketNotification
    // writes the same configuration. CloudTrail records each under its own name.
    events: &[
        "PutBucketNotification",
        "PutBucketNotificationConfiguration",
    ],
    event_value: events::new_value,
    access_log: &["NOTIFICATION"],
    shape: Shape {
        keyed: &[
            "notification.topic",
            "notification.queue",
            "notification.lambda_function",
        ],
        // One rule is one entry in the path table.
        atomic: &[
            "notification.topic[<id>]",
            "notification.queue[<id>]",
            "notification.lambda_function[<id>]",
        ],
        ordered: &[],
        // A kind of destination that is not there has no rules: one difference per rule.
        maps: &[
            "notification.topic",
            "notification.queue",
            "notification.lambda_function",
        ],
        free_keys: false,
    },
    // Rules without an id get one from S3 at apply: nothing pending can be placed.
    pending: Pending::Whole,
    code: Code::NotificationChanged,
    codes: &[CodeInfo {
        code: Code::NotificationChanged,
        severity: Severity::Medium,
        summary: "Event notifications changed",
        description: "An event notification differs from the code: object events flow to a topic, queue or function the code does not name, or stop flowing to one it does.",
        fix: REVERT,
        message: Message::Generic("Event notification"),
    }],
    classify: |_| Code::NotificationChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "notification.topic[<id>]",
            inline: "-",
            split: "aws_s3_bucket_notification: topic",
            s3_api: "TopicConfigurations",
            cloudtrail: "NotificationConfiguration.TopicConfiguration",
        },
        PathRow {
            path: "notification.queue[<id>]",
            inline: "-",
            split: "aws_s3_bucket_notification: queue",
            s3_api: "QueueConfigurations",
            cloudtrail: "NotificationConfiguration.QueueConfiguration",
        },
        PathRow {
            path: "notification.lambda_function[<id>]",
            inline: "-",
            split: "aws_s3_bucket_notification: lambda_function",
            s3_api: "LambdaFunctionConfigurations",
            cloudtrail: "NotificationConfiguration.CloudFunctionConfiguration",
        },
        PathRow {
            path: "notification.eventbridge",
            inline: "-",
            split: "aws_s3_bucket_notification: eventbridge",
            s3_api: "EventBridgeConfiguration",
            cloudtrail: "NotificationConfiguration.EventBridgeConfiguration",
        },
    ],
};

/// A rule found by its literal `id` in its kind's blocks, or `eventbridge`.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.rest {
        [Segment::Name(kind), Segment::Key(id), ..] if !at.inline => {
            one(vec![block_where(kind, "id", id)])
        }
        [Segment::Name(leaf)] if !at.inline && leaf == "eventbridge" => {
            one(vec![attribute(leaf)])
        }
        _ => Vec::new(),
    }
}
