//! `metric`: the bucket's CloudWatch request-metrics configurations, one `aws_s3_bucket_metric`
//! per name (see `canon`). They only decide which requests CloudWatch counts (and bills), so
//! a change is low severity, but a removed one silently blinds the dashboards and alarms
//! built on it.
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
    key: "metric",
    group: "metric",
    core: false,
    split: Some(Split {
        resource: "aws_s3_bucket_metric",
        per_entry: true,
        schema: &[
            ("name", AttrType::Str),
            ("filter", AttrType::Blocks),
            ("filter.prefix", AttrType::Str),
            ("filter.tags", AttrType::StringMap),
            ("filter.access_point", AttrType::Str),
        ],
        attributes: &["name", "filter"],
        derived: no_derived,
        read: read_split,
    }),
    inline: NO_INLINE,
    default: none,
    absent_live: none,
    live: Live {
        operation: "ListBucketMetricsConfigurations",
        iam_action: "s3:GetMetricsConfiguration",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &[
        "PutBucketMetricsConfiguration",
        "DeleteBucketMetricsConfiguration",
    ],
    event_value: events::new_value,
    access_log: &["METRICS"],
    shape: Shape {
        keyed: &["metric"],
        // A filter decides which requests a configuration counts: its parts only mean
        // something together.
        atomic: &["metric[<id>].filter"],
        ordered: &[],
        maps: &["metric"],
        free_keys: false,
    },
    pending: Pending::Whole,
    code: Code::MetricChanged,
    codes: &[CodeInfo {
        code: Code::MetricChanged,
        severity: Severity::Low,
        summary: "Request metrics configuration changed",
        description: "A CloudWatch request-metrics configuration differs from the code. It only decides which requests CloudWatch counts and bills, but a removed or narrowed one leaves the dashboards and alarms built on it without data.",
        fix: REVERT,
        message: Message::Generic("Request metrics configuration"),
    }],
    classify: |_| Code::MetricChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[PathRow {
        path: "metric[<id>].filter",
        inline: "-",
        split: "aws_s3_bucket_metric: filter (prefix, tags, access_point)",
        s3_api: "MetricsConfigurationList[].Filter",
        cloudtrail: "MetricsConfiguration.Filter",
    }],
};

/// One resource: the entry of its `name`.
fn read_split(a: &Value, w: &mut Warnings<'_>) -> Result<Option<Value>, ()> {
    let Some(name) = text(a, "name") else {
        w.push(
            WarningCode::UnreadableValue,
            "`name` is not set (or not known until apply); the request metrics configuration is not compared".into(),
        );
        return Err(());
    };
    let filter = block(a, "filter");
    let entry = canon::entry(
        name,
        filter.and_then(|f| text(f, "prefix")),
        filter.map(|f| string_map(f, "tags")).unwrap_or_default(),
        filter.and_then(|f| text(f, "access_point")),
    );
    Ok(Some(canon::one(name, entry)))
}

/// The `filter` block of the split resource.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.names {
        [_, "filter", ..] if !at.inline => one(vec![step_block("filter")]),
        _ => Vec::new(),
    }
}
