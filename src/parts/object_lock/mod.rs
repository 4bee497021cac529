//! `object_lock_configuration`: Object Lock and its default retention. Object Lock can only
//! be turned on, so the value exists only when it is enabled.

mod canon;
mod events;
pub mod live;

pub use canon::{canonical, from_inline_v3, from_split, from_top_level};

use super::inline::{block, claim, unknown};
use super::locate::{self, attribute, nested_in, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};

pub const SPEC: PartSpec = PartSpec {
    key: "object_lock_configuration",
    group: "object_lock",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_object_lock_configuration",
        per_entry: false,
        schema: &[
            ("object_lock_enabled", AttrType::Str),
            ("rule", AttrType::Blocks),
            ("rule.default_retention", AttrType::Blocks),
            ("rule.default_retention.mode", AttrType::Str),
            ("rule.default_retention.days", AttrType::Count),
            ("rule.default_retention.years", AttrType::Count),
        ],
        attributes: &["object_lock_enabled", "rule"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: Inline {
        form: InlineForm::Custom(inline_claim),
        schema: &[
            ("object_lock_enabled", AttrType::Bool),
            ("object_lock_configuration", AttrType::Blocks),
            ("object_lock_configuration.object_lock_enabled", AttrType::Str),
            ("object_lock_configuration.rule", AttrType::Blocks),
            ("object_lock_configuration.rule.default_retention", AttrType::Blocks),
            ("object_lock_configuration.rule.default_retention.mode", AttrType::Str),
            ("object_lock_configuration.rule.default_retention.days", AttrType::Count),
            ("object_lock_configuration.rule.default_retention.years", AttrType::Count),
        ],
        // The top-level argument is required for a split Object Lock configuration; only
        // the inline block conflicts with it.
        config_blocks: &["object_lock_configuration"],
    },
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetObjectLockConfiguration",
        iam_action: "s3:GetBucketObjectLockConfiguration",
        not_configured: &["ObjectLockConfigurationNotFoundError"],
        scope: Scope::Bucket,
    },
    events: &["PutObjectLockConfiguration"],
    event_value: events::new_value,
    access_log: &["OBJECT_LOCK_CONFIGURATION", "OBJECTLOCKCONFIGURATION"],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[],
    },
    code: Code::ObjectLockChanged,
    codes: &[CodeInfo {
        code: Code::ObjectLockChanged,
        severity: Severity::High,
        summary: "Object lock settings changed",
        description: "Object lock settings differ from the code: the default retention mode or period changed.",
        fix: REVERT,
        message: Message::Generic("Object lock setting"),
    }],
    classify: |_| Code::ObjectLockChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "object_lock_configuration.object_lock_enabled",
            inline: "object_lock_enabled (v4+), object_lock_configuration.object_lock_enabled (v3)",
            split: "aws_s3_bucket_object_lock_configuration: object_lock_enabled",
            s3_api: "ObjectLockConfiguration.ObjectLockEnabled",
            cloudtrail: "ObjectLockConfiguration.ObjectLockEnabled",
        },
        PathRow {
            path: "object_lock_configuration.rule.default_retention.mode",
            inline: "object_lock_configuration.rule.default_retention.mode",
            split: "aws_s3_bucket_object_lock_configuration: rule.default_retention.mode",
            s3_api: "ObjectLockConfiguration.Rule.DefaultRetention.Mode",
            cloudtrail: "ObjectLockConfiguration.Rule.DefaultRetention.Mode",
        },
        PathRow {
            path: "object_lock_configuration.rule.default_retention.days",
            inline: "object_lock_configuration.rule.default_retention.days",
            split: "aws_s3_bucket_object_lock_configuration: rule.default_retention.days",
            s3_api: "ObjectLockConfiguration.Rule.DefaultRetention.Days",
            cloudtrail: "ObjectLockConfiguration.Rule.DefaultRetention.Days",
        },
        PathRow {
            path: "object_lock_configuration.rule.default_retention.years",
            inline: "object_lock_configuration.rule.default_retention.years",
            split: "aws_s3_bucket_object_lock_configuration: rule.default_retention.years",
            s3_api: "ObjectLockConfiguration.Rule.DefaultRetention.Years",
            cloudtrail: "ObjectLockConfiguration.Rule.DefaultRetention.Years",
        },
    ],
};

/// Provider v3: the read/write `object_lock_configuration` block. From v4 on, the top-level
/// `object_lock_enabled` argument (set at creation), with the retention rule from the
/// mirror unless the configuration sets it.
fn inline_claim(src: &dyn InlineSource, w: &mut Warnings<'_>) -> Option<Claim> {
    if src.v3() {
        return block(
            src,
            "object_lock_configuration",
            true,
            |a, _| from_inline_v3(a),
            w,
        );
    }
    let keys = ["object_lock_enabled", "object_lock_configuration"];
    if src.unknown_whole("object_lock_enabled") {
        return unknown(src, &keys[..1], Origin::Inline);
    }
    let value = from_top_level(src.attrs())?;
    let origin = if value.get("rule").is_some() && !src.configured(&keys[1..]) {
        Origin::Mirror
    } else {
        Origin::Inline
    };
    Some(claim(
        Some(value),
        origin,
        src.pending(&keys[1..], true),
        &keys,
    ))
}

/// The `rule` blocks, or the `object_lock_enabled` argument (provider v4+ writes it at the
/// top of `aws_s3_bucket`, v3 inside its block).
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.names {
        ["rule", ..] => nested_in(at, SPEC.key),
        ["object_lock_enabled"] if at.inline => vec![
            vec![attribute("object_lock_enabled")],
            vec![locate::block(SPEC.key), attribute("object_lock_enabled")],
        ],
        ["object_lock_enabled"] => one(vec![attribute("object_lock_enabled")]),
        _ => Vec::new(),
    }
}
