//! `versioning`: `{"status": "Enabled"|"Suspended"|"Disabled", "mfa_delete": bool}`.
//!
//! `Disabled` means "never enabled": GetBucketVersioning answers with no `Status`, and
//! `aws_s3_bucket_versioning` records `"Disabled"` for it (provider docs for
//! aws_s3_bucket_versioning). The inline block only has `enabled`, a bool, so `false` cannot
//! tell Suspended from never-enabled; it is written as `Disabled`, and the comparison treats
//! an inline or mirror `Disabled` as equal to a live `Suspended` because the provider maps
//! both to `false`.

mod canon;
mod events;
pub mod live;

pub use canon::{canonical, from_inline, from_split};

use super::locate::{attribute, block, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use serde_json::{json, Value};

pub const SPEC: PartSpec = PartSpec {
    key: "versioning",
    group: "versioning",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_versioning",
        per_entry: false,
        schema: &[
            ("versioning_configuration", AttrType::Blocks),
            ("versioning_configuration.status", AttrType::Str),
            ("versioning_configuration.mfa_delete", AttrType::Str),
        ],
        attributes: &["versioning_configuration"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: Inline {
        form: InlineForm::Block {
            attribute: "versioning",
            // Optional+Computed in provider v3: state always holds the read value.
            v3_empty_is_none: false,
            read: |a, _| from_inline(a),
        },
        schema: &[
            ("versioning", AttrType::Blocks),
            ("versioning.enabled", AttrType::Bool),
            ("versioning.mfa_delete", AttrType::Bool),
        ],
        config_blocks: &["versioning"],
    },
    default: never_enabled,
    absent_live: never_enabled,
    live: Live {
        operation: "GetBucketVersioning",
        iam_action: "s3:GetBucketVersioning",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &["PutBucketVersioning"],
    event_value: events::new_value,
    access_log: &["VERSIONING"],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &["versioning_configuration"],
        // Inline `versioning.enabled` is the canonical `status`.
        renames: &[("enabled", "status")],
    },
    code: Code::VersioningChanged,
    codes: &[
        CodeInfo {
            code: Code::VersioningSuspended,
            severity: Severity::High,
            summary: "Versioning was suspended",
            description: "Versioning is on in the code but suspended or never enabled live. Overwritten and deleted objects can no longer be recovered.",
            fix: REVERT,
            message: Message::Fixed("Versioning is on in the code but suspended or off live."),
        },
        CodeInfo {
            code: Code::VersioningChanged,
            severity: Severity::Medium,
            summary: "Versioning status changed",
            description: "The versioning status differs from the code in a way that does not lose protection (turned on outside the code).",
            fix: REVERT,
            message: Message::Generic("Versioning setting"),
        },
        CodeInfo {
            code: Code::MfaDeleteChanged,
            severity: Severity::High,
            summary: "MFA delete changed",
            description: "MFA delete differs from the code. With it on, deleting an object version or changing versioning needs the root user's MFA device; with it off, any principal allowed to may do so.",
            fix: REVERT,
            message: Message::Generic("MFA delete"),
        },
    ],
    classify,
    compare: Compare {
        reconcile: Some(inline_off),
        ..Compare::PLAIN
    },
    locate,
    paths: &[
        PathRow {
            path: "versioning.status",
            inline: "versioning.enabled (true → Enabled; false → Suspended or never enabled)",
            split: "aws_s3_bucket_versioning: versioning_configuration.status",
            s3_api: "VersioningConfiguration.Status",
            cloudtrail: "VersioningConfiguration.Status",
        },
        PathRow {
            path: "versioning.mfa_delete",
            inline: "versioning.mfa_delete",
            split: "aws_s3_bucket_versioning: versioning_configuration.mfa_delete",
            s3_api: "VersioningConfiguration.MFADelete",
            cloudtrail: "VersioningConfiguration.MfaDelete",
        },
    ],
};

/// GetBucketVersioning has no status until versioning is first enabled.
fn never_enabled() -> Option<Value> {
    Some(json!({"status": "Disabled", "mfa_delete": false}))
}

fn classify(leaf: &Leaf) -> Code {
    let (e, a) = (leaf.expected.as_ref(), leaf.actual.as_ref());
    if leaf.path.ends_with(".mfa_delete") {
        Code::MfaDeleteChanged
    } else if leaf.path == "versioning"
        || (e.and_then(Value::as_str) == Some("Enabled")
            && a.and_then(Value::as_str) != Some("Enabled"))
    {
        // Versioning the code wants on that is off live (suspended, or never enabled).
        Code::VersioningSuspended
    } else {
        Code::VersioningChanged
    }
}

/// Provider v3's inline `versioning { enabled = false }` (and the v4+ mirror of it) is
/// written both for a bucket whose versioning was never enabled and for a suspended one: the
/// provider maps both API answers to `enabled = false`. So from those origins `Disabled` and
/// `Suspended` are one value. A split resource says which one it means, and there
/// `Disabled` → `Suspended` is drift (versions exist).
fn inline_off(origin: Origin, want: &Value, have: &mut Option<Value>) {
    if !matches!(origin, Origin::Inline | Origin::Mirror) {
        return;
    }
    let off = |s: Option<&str>| matches!(s, Some("Disabled" | "Suspended"));
    let wanted = want.get("status").and_then(Value::as_str);
    if let Some(Value::Object(h)) = have {
        if off(wanted) && off(h.get("status").and_then(Value::as_str)) {
            h.insert("status".into(), json!(wanted));
        }
    }
}

/// `versioning_configuration { status, mfa_delete }`, or provider v3's `versioning
/// { enabled, mfa_delete }`.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match (at.names, at.inline) {
        (["status"], false) => one(vec![block("versioning_configuration"), attribute("status")]),
        (["mfa_delete"], false) => one(vec![
            block("versioning_configuration"),
            attribute("mfa_delete"),
        ]),
        (["status"], true) => one(vec![block("versioning"), attribute("enabled")]),
        (["mfa_delete"], true) => one(vec![block("versioning"), attribute("mfa_delete")]),
        _ => Vec::new(),
    }
}
