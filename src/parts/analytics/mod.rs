//! `analytics_configuration`: the bucket's storage class analysis configurations, one
//! `aws_s3_bucket_analytics_configuration` per name (see `canon`). An analysis may export
//! daily reports of the bucket's access patterns to a destination bucket.
//!
//! Not a core part: it is read only where a loaded state manages it (or with `--parts`).
//! Each resource sets one entry of the part (`per_entry`).

mod canon;
mod events;
pub mod live;

use super::attr::{block, string_map, text};
use super::locate::{block as step_block, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use crate::warning::WarningCode;
use serde_json::Value;

pub const SPEC: PartSpec = PartSpec {
    key: "analytics_configuration",
    group: "analytics",
    core: false,
    split: Some(Split {
        resource: "aws_s3_bucket_analytics_configuration",
        per_entry: true,
        schema: &[
            ("name", AttrType::Str),
            ("filter", AttrType::Blocks),
            ("filter.prefix", AttrType::Str),
            ("filter.tags", AttrType::StringMap),
            ("storage_class_analysis", AttrType::Blocks),
            ("storage_class_analysis.data_export", AttrType::Blocks),
            ("storage_class_analysis.data_export.output_schema_version", AttrType::Str),
            ("storage_class_analysis.data_export.destination", AttrType::Blocks),
            ("storage_class_analysis.data_export.destination.s3_bucket_destination", AttrType::Blocks),
            ("storage_class_analysis.data_export.destination.s3_bucket_destination.bucket_arn", AttrType::Str),
            ("storage_class_analysis.data_export.destination.s3_bucket_destination.bucket_account_id", AttrType::Str),
            ("storage_class_analysis.data_export.destination.s3_bucket_destination.format", AttrType::Str),
            ("storage_class_analysis.data_export.destination.s3_bucket_destination.prefix", AttrType::Str),
        ],
        attributes: &["name", "filter", "storage_class_analysis"],
        derived: no_derived,
        read: read_split,
    }),
    inline: NO_INLINE,
    default: none,
    absent_live: none,
    live: Live {
        operation: "ListBucketAnalyticsConfigurations",
        iam_action: "s3:GetAnalyticsConfiguration",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &[
        "PutBucketAnalyticsConfiguration",
        "DeleteBucketAnalyticsConfiguration",
    ],
    event_value: events::new_value,
    access_log: &["ANALYTICS"],
    shape: Shape {
        keyed: &["analytics_configuration"],
        // A filter decides which objects are analysed: its parts only mean something
        // together.
        atomic: &["analytics_configuration[<id>].filter"],
        ordered: &[],
        maps: &["analytics_configuration"],
        free_keys: false,
    },
    pending: Pending::Whole,
    code: Code::AnalyticsChanged,
    codes: &[
        CodeInfo {
            code: Code::AnalyticsExportChanged,
            severity: Severity::High,
            summary: "A storage class analysis is exported somewhere else",
            description: "A storage class analysis exports its reports to a bucket or account the code does not name (or an exporting configuration was added live): whoever owns that bucket learns how the bucket's data is used.",
            fix: REVERT,
            message: Message::Generic("Storage class analysis export"),
        },
        CodeInfo {
            code: Code::AnalyticsChanged,
            severity: Severity::Low,
            summary: "Storage class analysis configuration changed",
            description: "A storage class analysis configuration's filter or export format differs from the code, or one was removed: the analysis covers other objects, or stops.",
            fix: REVERT,
            message: Message::Generic("Storage class analysis configuration"),
        },
    ],
    classify,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "analytics_configuration[<id>].filter",
            inline: "-",
            split: "aws_s3_bucket_analytics_configuration: filter (prefix, tags)",
            s3_api: "AnalyticsConfigurationList[].Filter",
            cloudtrail: "AnalyticsConfiguration.Filter",
        },
        PathRow {
            path: "analytics_configuration[<id>].export",
            inline: "-",
            split: "aws_s3_bucket_analytics_configuration: storage_class_analysis.data_export (output_schema_version, destination.s3_bucket_destination)",
            s3_api: "AnalyticsConfigurationList[].StorageClassAnalysis.DataExport",
            cloudtrail: "AnalyticsConfiguration.StorageClassAnalysis.DataExport",
        },
    ],
};

/// An export bucket or account the code does not name, or a configuration added live with
/// an export, is the high-severity case.
fn classify(leaf: &Leaf) -> Code {
    let Some(actual) = leaf.actual.as_ref() else {
        return Code::AnalyticsChanged;
    };
    let added_exporting = leaf.expected.is_none()
        && matches!(
            super::locate::parse(&leaf.path).as_slice(),
            [_, super::locate::Segment::Key(_)]
        )
        && actual.get("export").is_some();
    let destination = leaf.path.ends_with("].export.bucket_arn")
        || leaf.path.ends_with("].export.account_id")
        || (leaf.path.ends_with("].export") && actual.get("bucket_arn").is_some());
    if added_exporting || destination {
        Code::AnalyticsExportChanged
    } else {
        Code::AnalyticsChanged
    }
}

/// One resource: the entry of its `name`.
fn read_split(a: &Value, w: &mut Warnings<'_>) -> Result<Option<Value>, ()> {
    let Some(name) = text(a, "name") else {
        w.push(
            WarningCode::UnreadableValue,
            "`name` is not set (or not known until apply); the storage class analysis is not compared".into(),
        );
        return Err(());
    };
    let filter = block(a, "filter");
    let data = block(a, "storage_class_analysis").and_then(|s| block(s, "data_export"));
    let export = data.map(|d| {
        let dest = block(d, "destination").and_then(|x| block(x, "s3_bucket_destination"));
        canon::Export {
            // The provider's defaults.
            schema: Some(text(d, "output_schema_version").unwrap_or("V_1")),
            bucket_arn: dest.and_then(|x| text(x, "bucket_arn")),
            account_id: dest.and_then(|x| text(x, "bucket_account_id")),
            format: dest.map(|x| text(x, "format").unwrap_or("CSV")),
            prefix: dest.and_then(|x| text(x, "prefix")),
        }
    });
    let entry = canon::entry(
        name,
        filter.and_then(|f| text(f, "prefix")),
        filter.map(|f| string_map(f, "tags")).unwrap_or_default(),
        export,
    );
    Ok(Some(canon::one(name, entry)))
}

/// The `filter` and `storage_class_analysis` blocks of the split resource.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    if at.inline {
        return Vec::new();
    }
    match at.names {
        [_, "filter", ..] => one(vec![step_block("filter")]),
        [_, "export", ..] => one(vec![
            step_block("storage_class_analysis"),
            step_block("data_export"),
        ]),
        _ => Vec::new(),
    }
}
