//! `inventory`: the bucket's S3 Inventory configurations, one `aws_s3_bucket_inventory` per
//! name (see `canon`). An inventory is a daily or weekly list of every object (names, sizes,
//! encryption, …) written to a destination bucket: pointed at someone else's bucket, it
//! hands out the bucket's whole contents list.
//!
//! Not a core part: it is read only where a loaded state manages it (or with `--parts`).
//! Each resource sets one entry of the part (`per_entry`).

mod canon;
mod events;
pub mod live;

use super::attr::{block, flag, string_set, text};
use super::locate::{attribute, block as step_block, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use crate::warning::WarningCode;
use serde_json::Value;

pub const SPEC: PartSpec = PartSpec {
    key: "inventory",
    group: "inventory",
    core: false,
    split: Some(Split {
        resource: "aws_s3_bucket_inventory",
        per_entry: true,
        schema: &[
            ("name", AttrType::Str),
            ("enabled", AttrType::Flag),
            ("included_object_versions", AttrType::Str),
            ("optional_fields", AttrType::Strings),
            ("schedule", AttrType::Blocks),
            ("schedule.frequency", AttrType::Str),
            ("filter", AttrType::Blocks),
            ("filter.prefix", AttrType::Str),
            ("destination", AttrType::Blocks),
            ("destination.bucket", AttrType::Blocks),
            ("destination.bucket.bucket_arn", AttrType::Str),
            ("destination.bucket.account_id", AttrType::Str),
            ("destination.bucket.format", AttrType::Str),
            ("destination.bucket.prefix", AttrType::Str),
            ("destination.bucket.encryption", AttrType::Blocks),
            ("destination.bucket.encryption.sse_s3", AttrType::Blocks),
            ("destination.bucket.encryption.sse_kms", AttrType::Blocks),
            ("destination.bucket.encryption.sse_kms.key_id", AttrType::Str),
        ],
        attributes: &[
            "name",
            "enabled",
            "included_object_versions",
            "optional_fields",
            "schedule",
            "filter",
            "destination",
        ],
        derived: no_derived,
        read: read_split,
    }),
    inline: NO_INLINE,
    default: none,
    absent_live: none,
    live: Live {
        operation: "ListBucketInventoryConfigurations",
        iam_action: "s3:GetInventoryConfiguration",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &[
        "PutBucketInventoryConfiguration",
        "DeleteBucketInventoryConfiguration",
    ],
    event_value: events::new_value,
    access_log: &["INVENTORY"],
    shape: Shape {
        keyed: &["inventory"],
        atomic: &[],
        ordered: &[],
        maps: &["inventory"],
        free_keys: false,
    },
    pending: Pending::Whole,
    code: Code::InventoryChanged,
    codes: &[
        CodeInfo {
            code: Code::InventoryDestinationChanged,
            severity: Severity::High,
            summary: "An inventory is written somewhere else",
            description: "An S3 Inventory configuration writes its list of every object to a bucket or account the code does not name (or a new configuration was added live): whoever owns that bucket receives the names, sizes and encryption status of all the bucket's objects.",
            fix: REVERT,
            message: Message::Generic("Inventory destination"),
        },
        CodeInfo {
            code: Code::InventoryChanged,
            severity: Severity::Low,
            summary: "Inventory configuration changed",
            description: "An S3 Inventory configuration's schedule, fields, filter or state differs from the code: reports that rely on it get other data, or none.",
            fix: REVERT,
            message: Message::Generic("Inventory configuration"),
        },
    ],
    classify,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "inventory[<id>].enabled",
            inline: "-",
            split: "aws_s3_bucket_inventory: enabled",
            s3_api: "InventoryConfigurationList[].IsEnabled",
            cloudtrail: "InventoryConfiguration.IsEnabled",
        },
        PathRow {
            path: "inventory[<id>].destination",
            inline: "-",
            split: "aws_s3_bucket_inventory: destination.bucket (bucket_arn, account_id, format, prefix, encryption)",
            s3_api: "InventoryConfigurationList[].Destination.S3BucketDestination",
            cloudtrail: "InventoryConfiguration.Destination.S3BucketDestination",
        },
        PathRow {
            path: "inventory[<id>].frequency",
            inline: "-",
            split: "aws_s3_bucket_inventory: schedule.frequency",
            s3_api: "InventoryConfigurationList[].Schedule.Frequency",
            cloudtrail: "InventoryConfiguration.Schedule.Frequency",
        },
        PathRow {
            path: "inventory[<id>].included_object_versions",
            inline: "-",
            split: "aws_s3_bucket_inventory: included_object_versions",
            s3_api: "InventoryConfigurationList[].IncludedObjectVersions",
            cloudtrail: "InventoryConfiguration.IncludedObjectVersions",
        },
        PathRow {
            path: "inventory[<id>].optional_fields",
            inline: "-",
            split: "aws_s3_bucket_inventory: optional_fields",
            s3_api: "InventoryConfigurationList[].OptionalFields",
            cloudtrail: "InventoryConfiguration.OptionalFields.Field",
        },
        PathRow {
            path: "inventory[<id>].filter",
            inline: "-",
            split: "aws_s3_bucket_inventory: filter.prefix",
            s3_api: "InventoryConfigurationList[].Filter.Prefix",
            cloudtrail: "InventoryConfiguration.Filter.Prefix",
        },
    ],
};

/// A destination bucket or account the code does not name, or a whole configuration added
/// live (it writes somewhere the code never chose), is the high-severity case.
fn classify(leaf: &Leaf) -> Code {
    let added_entry = leaf.expected.is_none()
        && leaf.actual.is_some()
        && matches!(
            super::locate::parse(&leaf.path).as_slice(),
            [_, super::locate::Segment::Key(_)]
        );
    let destination = leaf.path.contains("].destination.bucket_arn")
        || leaf.path.contains("].destination.account_id")
        || (leaf.path.ends_with("].destination") && leaf.actual.is_some());
    if added_entry || (destination && leaf.actual.is_some()) {
        Code::InventoryDestinationChanged
    } else {
        Code::InventoryChanged
    }
}

/// One resource: the entry of its `name`.
fn read_split(a: &Value, w: &mut Warnings<'_>) -> Result<Option<Value>, ()> {
    let Some(name) = text(a, "name") else {
        w.push(
            WarningCode::UnreadableValue,
            "`name` is not set (or not known until apply); the inventory configuration is not compared".into(),
        );
        return Err(());
    };
    let dest = block(a, "destination").and_then(|d| block(d, "bucket"));
    let enc = dest.and_then(|d| block(d, "encryption"));
    let destination = canon::Destination {
        bucket_arn: dest.and_then(|d| text(d, "bucket_arn")),
        account_id: dest.and_then(|d| text(d, "account_id")),
        format: dest.and_then(|d| text(d, "format")),
        prefix: dest.and_then(|d| text(d, "prefix")),
        encryption: canon::encryption(
            enc.and_then(|e| block(e, "sse_s3")).is_some(),
            enc.and_then(|e| block(e, "sse_kms"))
                .and_then(|k| text(k, "key_id")),
        ),
    };
    let entry = canon::entry(
        // The provider's default.
        flag(a, "enabled").unwrap_or(true),
        text(a, "included_object_versions"),
        block(a, "schedule").and_then(|s| text(s, "frequency")),
        block(a, "filter").and_then(|f| text(f, "prefix")),
        string_set(a, "optional_fields"),
        destination,
    );
    Ok(Some(canon::one(name, entry)))
}

/// The attributes and blocks of the split resource.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    if at.inline {
        return Vec::new();
    }
    match at.names {
        [_, "enabled"] => one(vec![attribute("enabled")]),
        [_, "included_object_versions"] => one(vec![attribute("included_object_versions")]),
        [_, "optional_fields", ..] => one(vec![attribute("optional_fields")]),
        [_, "frequency"] => one(vec![step_block("schedule"), attribute("frequency")]),
        [_, "filter", ..] => one(vec![step_block("filter")]),
        [_, "destination", ..] => one(vec![step_block("destination"), step_block("bucket")]),
        _ => Vec::new(),
    }
}
