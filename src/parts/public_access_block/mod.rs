//! `public_access_block`: the bucket's four public access block settings. New buckets since
//! April 2023 have all four on (S3 User Guide, 2023 default settings); a deleted block
//! blocks nothing.

mod canon;
pub(crate) mod events;
pub mod live;

pub use canon::{canonical, from_split, FLAGS};

use super::locate::{attribute, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Kind, Message, Severity, REVERT};
use serde_json::{json, Value};

pub const SPEC: PartSpec = PartSpec {
    key: "public_access_block",
    group: "public_access",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_public_access_block",
        per_entry: false,
        schema: &[
            ("block_public_acls", AttrType::Flag),
            ("block_public_policy", AttrType::Flag),
            ("ignore_public_acls", AttrType::Flag),
            ("restrict_public_buckets", AttrType::Flag),
        ],
        attributes: &FLAGS,
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: NO_INLINE,
    default: all_on,
    absent_live: all_off,
    live: Live {
        operation: "GetPublicAccessBlock",
        iam_action: "s3:GetBucketPublicAccessBlock",
        not_configured: &["NoSuchPublicAccessBlockConfiguration"],
        scope: Scope::Bucket,
    },
    events: &["PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"],
    event_value: events::new_value,
    access_log: &["PUBLIC_ACCESS_BLOCK", "PUBLICACCESSBLOCK"],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[],
    },
    code: Code::PublicAccessBlockChanged,
    codes: &[
        CodeInfo {
            code: Code::PublicAccessBlockRemoved,
            severity: Severity::Critical,
            summary: "The bucket's public access block was removed",
            description: "The bucket's public access block was deleted. Nothing at the bucket level now stops a policy or ACL from making objects public.",
            fix: "Run `terraform apply` now to restore the public access block, then review the bucket policy and ACL for grants to everyone and the access logs for reads made while the block was off.",
            message: Message::Fixed("The bucket's public access block was deleted, so nothing at bucket level blocks public access."),
        },
        CodeInfo {
            code: Code::PublicAccessBlockWeakened,
            severity: Severity::Critical,
            summary: "A public access block setting was turned off",
            description: "A public access block setting the code turns on is off live. Policies or ACLs that grant public access are no longer blocked or ignored.",
            fix: "Run `terraform apply` now to restore the public access block, then review the bucket policy and ACL for grants to everyone and the access logs for reads made while the block was off.",
            message: Message::Path("Public access block setting `{path}` was turned off."),
        },
        CodeInfo {
            code: Code::PublicAccessBlockChanged,
            severity: Severity::Low,
            summary: "Public access block settings changed without weakening",
            description: "A public access block setting differs from the code without weakening the block (a setting was turned on outside the code).",
            fix: REVERT,
            message: Message::Generic("Public access block setting"),
        },
    ],
    classify,
    compare: Compare {
        removed: Some(removed),
        ..Compare::PLAIN
    },
    locate,
    paths: &[
        PathRow {
            path: "public_access_block.block_public_acls",
            inline: "-",
            split: "aws_s3_bucket_public_access_block: block_public_acls",
            s3_api: "PublicAccessBlockConfiguration.BlockPublicAcls",
            cloudtrail: "PublicAccessBlockConfiguration.BlockPublicAcls",
        },
        PathRow {
            path: "public_access_block.block_public_policy",
            inline: "-",
            split: "aws_s3_bucket_public_access_block: block_public_policy",
            s3_api: "PublicAccessBlockConfiguration.BlockPublicPolicy",
            cloudtrail: "PublicAccessBlockConfiguration.BlockPublicPolicy",
        },
        PathRow {
            path: "public_access_block.ignore_public_acls",
            inline: "-",
            split: "aws_s3_bucket_public_access_block: ignore_public_acls",
            s3_api: "PublicAccessBlockConfiguration.IgnorePublicAcls",
            cloudtrail: "PublicAccessBlockConfiguration.IgnorePublicAcls",
        },
        PathRow {
            path: "public_access_block.restrict_public_buckets",
            inline: "-",
            split: "aws_s3_bucket_public_access_block: restrict_public_buckets",
            s3_api: "PublicAccessBlockConfiguration.RestrictPublicBuckets",
            cloudtrail: "PublicAccessBlockConfiguration.RestrictPublicBuckets",
        },
    ],
};

fn all_on() -> Option<Value> {
    Some(json!({
        "block_public_acls": true, "block_public_policy": true,
        "ignore_public_acls": true, "restrict_public_buckets": true
    }))
}

/// A deleted block blocks nothing (the account block's too).
pub(crate) fn all_off() -> Option<Value> {
    Some(json!({
        "block_public_acls": false, "block_public_policy": false,
        "ignore_public_acls": false, "restrict_public_buckets": false
    }))
}

/// The codes of a block's findings: removed, weakened, changed. The bucket's and the
/// account's blocks read the same way and differ only in their codes.
pub(crate) struct BlockCodes {
    pub key: &'static str,
    pub removed: Code,
    pub weakened: Code,
    pub changed: Code,
}

const CODES: BlockCodes = BlockCodes {
    key: SPEC.key,
    removed: Code::PublicAccessBlockRemoved,
    weakened: Code::PublicAccessBlockWeakened,
    changed: Code::PublicAccessBlockChanged,
};

impl BlockCodes {
    /// The code of one differing leaf.
    pub(crate) fn classify(&self, leaf: &Leaf) -> Code {
        let (e, a) = (leaf.expected.as_ref(), leaf.actual.as_ref());
        if leaf.path == self.key && a.is_none() {
            self.removed
        } else if e == Some(&Value::Bool(true)) && a != Some(&Value::Bool(true)) {
            // A setting that blocked public access and no longer does.
            self.weakened
        } else {
            self.changed
        }
    }

    /// A deleted block only matters if the code blocked something: a block with every
    /// setting off blocks no more than no block at all.
    pub(crate) fn removed(&self, want: &Value) -> Vec<Change> {
        let blocks = want
            .as_object()
            .is_some_and(|m| m.values().any(|v| v == &Value::Bool(true)));
        if !blocks {
            return Vec::new();
        }
        vec![Change {
            path: self.key.to_string(),
            kind: Kind::RemovedLive,
            code: self.removed,
            expected: Some(want.clone()),
            actual: None,
        }]
    }
}

fn classify(leaf: &Leaf) -> Code {
    CODES.classify(leaf)
}

fn removed(want: &Value) -> Vec<Change> {
    CODES.removed(want)
}

/// Each setting is an argument of the split resource.
pub(crate) fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.names {
        [leaf] if !at.inline => one(vec![attribute(leaf)]),
        _ => Vec::new(),
    }
}
