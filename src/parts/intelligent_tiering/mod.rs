//! `intelligent_tiering_configuration`: the bucket's S3 Intelligent-Tiering archive
//! configurations, one `aws_s3_bucket_intelligent_tiering_configuration` per name (see
//! `canon`). Archive tiers make objects unreadable until restored: a configuration added
//! outside the code can make reads fail for hours, a removed one costs money.
//!
//! Not a core part: it is read only where a loaded state manages it (or with `--parts`).
//! Each resource sets one entry of the part (`per_entry`), so a bucket with several
//! configurations has one resource per name and one part.

mod canon;
mod events;
pub mod live;

use super::attr::{blocks, count, string_map, text, block};
use super::locate::{attribute, block as step_block, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use crate::warning::WarningCode;
use serde_json::Value;
use std::collections::BTreeMap;

pub const SPEC: PartSpec = PartSpec {
    key: "intelligent_tiering_configuration",
    group: "intelligent_tiering",
    core: false,
    split: Some(Split {
        resource: "aws_s3_bucket_intelligent_tiering_configuration",
        per_entry: true,
        schema: &[
            ("name", AttrType::Str),
            ("status", AttrType::Str),
            ("filter", AttrType::Blocks),
            ("filter.prefix", AttrType::Str),
            ("filter.tags", AttrType::StringMap),
            ("tiering", AttrType::Blocks),
            ("tiering.access_tier", AttrType::Str),
            ("tiering.days", AttrType::Count),
        ],
        attributes: &["name", "status", "filter", "tiering"],
        derived: no_derived,
        read: read_split,
    }),
    inline: NO_INLINE,
    default: none,
    absent_live: none,
    live: Live {
        operation: "ListBucketIntelligentTieringConfigurations",
        iam_action: "s3:GetIntelligentTieringConfiguration",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &[
        "PutBucketIntelligentTieringConfiguration",
        "DeleteBucketIntelligentTieringConfiguration",
    ],
    event_value: events::new_value,
    access_log: &["INTELLIGENT_TIERING", "INTELLIGENTTIERING"],
    shape: Shape {
        keyed: &["intelligent_tiering_configuration"],
        // A filter decides which objects a configuration covers: its parts only mean
        // something together.
        atomic: &["intelligent_tiering_configuration[<id>].filter"],
        ordered: &[],
        maps: &["intelligent_tiering_configuration"],
        free_keys: false,
    },
    pending: Pending::Whole,
    code: Code::IntelligentTieringChanged,
    codes: &[CodeInfo {
        code: Code::IntelligentTieringChanged,
        severity: Severity::Medium,
        summary: "Intelligent-Tiering archive configuration changed",
        description: "An S3 Intelligent-Tiering archive configuration differs from the code. Objects moved to the Archive or Deep Archive Access tier cannot be read until restored (hours), so an added or shortened configuration can break readers; a removed one keeps paying for frequent-access storage.",
        fix: REVERT,
        message: Message::Generic("Intelligent-Tiering configuration"),
    }],
    classify: |_| Code::IntelligentTieringChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "intelligent_tiering_configuration[<id>].status",
            inline: "-",
            split: "aws_s3_bucket_intelligent_tiering_configuration: status",
            s3_api: "IntelligentTieringConfigurationList[].Status",
            cloudtrail: "IntelligentTieringConfiguration.Status",
        },
        PathRow {
            path: "intelligent_tiering_configuration[<id>].filter",
            inline: "-",
            split: "aws_s3_bucket_intelligent_tiering_configuration: filter (prefix, tags)",
            s3_api: "IntelligentTieringConfigurationList[].Filter",
            cloudtrail: "IntelligentTieringConfiguration.Filter",
        },
        PathRow {
            path: "intelligent_tiering_configuration[<id>].tiering",
            inline: "-",
            split: "aws_s3_bucket_intelligent_tiering_configuration: tiering (access_tier, days)",
            s3_api: "IntelligentTieringConfigurationList[].Tierings",
            cloudtrail: "IntelligentTieringConfiguration.Tiering",
        },
    ],
};

/// One resource: the entry of its `name`.
fn read_split(a: &Value, w: &mut Warnings<'_>) -> Result<Option<Value>, ()> {
    let Some(name) = text(a, "name") else {
        w.push(
            WarningCode::UnreadableValue,
            "`name` is not set (or not known until apply); the Intelligent-Tiering configuration is not compared".into(),
        );
        return Err(());
    };
    let filter = block(a, "filter");
    let tiering: BTreeMap<String, i64> = blocks(a, "tiering")
        .into_iter()
        .filter_map(|t| Some((text(t, "access_tier")?.to_string(), count(t, "days")?)))
        .collect();
    let entry = canon::entry(
        text(a, "status"),
        filter.and_then(|f| text(f, "prefix")),
        filter.map(|f| string_map(f, "tags")).unwrap_or_default(),
        tiering,
    );
    Ok(Some(canon::one(name, entry)))
}

/// `status` and the `filter`/`tiering` blocks of the split resource.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.names {
        [_, "status"] if !at.inline => one(vec![attribute("status")]),
        [_, "filter", ..] if !at.inline => one(vec![step_block("filter")]),
        [_, "tiering", ..] if !at.inline => one(vec![step_block("tiering")]),
        _ => Vec::new(),
    }
}
