//! `accelerate_configuration`: S3 Transfer Acceleration. `{"status": "Enabled"|"Suspended"}`;
//! a bucket where it was never turned on answers with no status, which is the same as
//! `Suspended`: off.
//!
//! Not a core part: it is read only where a loaded state manages it (or with `--parts`).
//! Provider v4+ writes a computed `acceleration_status` mirror on every `aws_s3_bucket`;
//! that mirror does not make the part managed, only the split resource, a provider-v3
//! `acceleration_status` argument, or a plan whose configuration sets it.

mod canon;
mod events;
pub mod live;

pub use canon::canonical;

use super::attr::text;
use super::inline::{claim, unknown};
use super::locate::{attribute, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use serde_json::Value;

pub const SPEC: PartSpec = PartSpec {
    key: "accelerate_configuration",
    group: "accelerate",
    core: false,
    split: Some(Split {
        resource: "aws_s3_bucket_accelerate_configuration",
        per_entry: false,
        schema: &[("status", AttrType::Str)],
        attributes: &["status"],
        derived: no_derived,
        read: |a, _| Ok(text(a, "status").map(canonical)),
    }),
    inline: Inline {
        form: InlineForm::Custom(inline_claim),
        schema: &[("acceleration_status", AttrType::Str)],
        config_blocks: &["acceleration_status"],
    },
    default: off,
    absent_live: off,
    live: Live {
        operation: "GetBucketAccelerateConfiguration",
        iam_action: "s3:GetAccelerateConfiguration",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &["PutBucketAccelerateConfiguration"],
    event_value: events::new_value,
    access_log: &["ACCELERATE"],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[("acceleration_status", "status")],
    },
    code: Code::AccelerateChanged,
    codes: &[CodeInfo {
        code: Code::AccelerateChanged,
        severity: Severity::Low,
        summary: "Transfer acceleration changed",
        description: "S3 Transfer Acceleration differs from the code: turned on, transfers through the accelerate endpoint cost more; turned off, clients that use that endpoint fail.",
        fix: REVERT,
        message: Message::Generic("Transfer acceleration setting"),
    }],
    classify: |_| Code::AccelerateChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[PathRow {
        path: "accelerate_configuration.status",
        inline: "acceleration_status (v3)",
        split: "aws_s3_bucket_accelerate_configuration: status",
        s3_api: "Status",
        cloudtrail: "AccelerateConfiguration.Status",
    }],
};

/// Never turned on, or suspended: off.
fn off() -> Option<Value> {
    Some(canonical("Suspended"))
}

/// Provider v3's `acceleration_status` argument; from v4 on, only when the plan's
/// configuration sets it (otherwise it is the computed mirror, which manages nothing).
fn inline_claim(src: &dyn InlineSource, _: &mut Warnings<'_>) -> Option<Claim> {
    let keys = ["acceleration_status"];
    if src.unknown_whole(keys[0]) {
        return unknown(src, &keys, Origin::Inline);
    }
    if !(src.v3() || src.configured(&keys)) {
        return None;
    }
    let status = text(src.attrs(), keys[0])?;
    Some(claim(
        Some(canonical(status)),
        Origin::Inline,
        Vec::new(),
        &keys,
    ))
}

/// `status` of the split resource, provider v3's `acceleration_status`.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match (at.names, at.inline) {
        (["status"], false) => one(vec![attribute("status")]),
        (["status"], true) => one(vec![attribute("acceleration_status")]),
        _ => Vec::new(),
    }
}
