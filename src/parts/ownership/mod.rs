//! `ownership_controls`: object ownership. New buckets since April 2023 have
//! `BucketOwnerEnforced`, which disables ACLs (S3 User Guide, 2023 default settings).

mod canon;
mod events;
pub mod live;

pub use canon::{canonical, from_split};

use super::locate::{attribute, block, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use serde_json::{json, Value};

pub const SPEC: PartSpec = PartSpec {
    key: "ownership_controls",
    group: "ownership",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_ownership_controls",
        per_entry: false,
        schema: &[
            ("rule", AttrType::Blocks),
            ("rule.object_ownership", AttrType::Str),
        ],
        attributes: &["rule"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: NO_INLINE,
    default: enforced,
    absent_live: none,
    live: Live {
        operation: "GetBucketOwnershipControls",
        iam_action: "s3:GetBucketOwnershipControls",
        not_configured: &["OwnershipControlsNotFoundError"],
        scope: Scope::Bucket,
    },
    events: &["PutBucketOwnershipControls", "DeleteBucketOwnershipControls"],
    event_value: events::new_value,
    access_log: &["OWNERSHIP_CONTROLS", "BUCKETOWNERSHIPCONTROLS"],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &["rule"],
        renames: &[],
    },
    code: Code::OwnershipChanged,
    codes: &[CodeInfo {
        code: Code::OwnershipChanged,
        severity: Severity::Medium,
        summary: "Object ownership controls changed",
        description: "Object ownership differs from the code. Moving away from `BucketOwnerEnforced` turns ACLs back on.",
        fix: REVERT,
        message: Message::Generic("Object ownership"),
    }],
    classify: |_| Code::OwnershipChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[PathRow {
        path: "ownership_controls.object_ownership",
        inline: "-",
        split: "aws_s3_bucket_ownership_controls: rule.object_ownership",
        s3_api: "OwnershipControls.Rules[].ObjectOwnership",
        cloudtrail: "OwnershipControls.Rule.ObjectOwnership",
    }],
};

fn enforced() -> Option<Value> {
    Some(json!({"object_ownership": "BucketOwnerEnforced"}))
}

/// Whether ACLs are disabled: only the owner's grant has any effect then (S3 user guide,
/// "Controlling ownership of objects and disabling ACLs").
pub fn acls_disabled(value: Option<&Value>) -> bool {
    value
        .and_then(|v| v.get("object_ownership"))
        .and_then(Value::as_str)
        == Some("BucketOwnerEnforced")
}

/// `rule { object_ownership }` of the split resource.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.names {
        ["object_ownership"] if !at.inline => {
            one(vec![block("rule"), attribute("object_ownership")])
        }
        _ => Vec::new(),
    }
}
