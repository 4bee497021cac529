//! `account_public_access_block`: the account's four public access block settings
//! (`aws_s3_account_public_access_block`, S3 Control `GetPublicAccessBlock`).
//!
//! The one part read once per account rather than per bucket: S3 applies the most
//! restrictive combination of the account's and the bucket's settings (S3 User Guide,
//! "Blocking public access to your Amazon S3 storage"), so a weakened account block can
//! expose every bucket whose own block is off. Its value has the bucket block's shape and
//! its CloudTrail requests the bucket call's `PublicAccessBlockConfiguration`, so both are
//! the bucket part's. Accounts have no block unless someone sets one: no default.
//!
//! Not a core part: it is read only where a loaded state manages it (or with `--parts`).

pub mod live;

use super::public_access_block::{all_off, events, from_split, locate, BlockCodes, FLAGS};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use serde_json::Value;

const FIX: &str = "Run `terraform apply` now to restore the account's public access block, then list the account's buckets whose own block is off and review their policies, ACLs and access logs for reads made while the account block was off.";

pub const SPEC: PartSpec = PartSpec {
    key: "account_public_access_block",
    group: "public_access",
    core: false,
    split: Some(Split {
        resource: "aws_s3_account_public_access_block",
        per_entry: false,
        schema: &[
            ("account_id", AttrType::Str),
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
    default: no_block,
    absent_live: all_off,
    live: Live {
        operation: "GetPublicAccessBlock",
        iam_action: "s3:GetAccountPublicAccessBlock",
        not_configured: &["NoSuchPublicAccessBlockConfiguration"],
        scope: Scope::Account,
    },
    // S3 Control calls are logged under the account-level names (S3 User Guide, "Amazon S3
    // CloudTrail events": PutPublicAccessBlock → PutAccountPublicAccessBlock).
    events: &["PutAccountPublicAccessBlock", "DeleteAccountPublicAccessBlock"],
    event_value: events::new_value,
    // S3 Control requests are not bucket requests: server access logs never record them.
    access_log: &[],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[],
    },
    code: Code::AccountPublicAccessBlockChanged,
    codes: &[
        CodeInfo {
            code: Code::AccountPublicAccessBlockRemoved,
            severity: Severity::Critical,
            summary: "The account's public access block was removed",
            description: "The account-level public access block was deleted. It is the one setting that stops any bucket of the account from being made public; now only each bucket's own block does. Critical: every bucket whose own block is off can be exposed by one policy or ACL.",
            fix: FIX,
            message: Message::Fixed("The account's public access block was deleted, so nothing at account level blocks public access."),
        },
        CodeInfo {
            code: Code::AccountPublicAccessBlockWeakened,
            severity: Severity::Critical,
            summary: "An account public access block setting was turned off",
            description: "An account-level public access block setting the code turns on is off live. Critical: the setting guarded every bucket of the account at once, and buckets whose own block is off are no longer protected by it.",
            fix: FIX,
            message: Message::Path("Account public access block setting `{path}` was turned off."),
        },
        CodeInfo {
            code: Code::AccountPublicAccessBlockChanged,
            severity: Severity::Low,
            summary: "Account public access block settings changed without weakening",
            description: "An account-level public access block setting differs from the code without weakening the block (a setting was turned on outside the code). Low: nothing is more exposed, but the next apply turns it off again.",
            fix: REVERT,
            message: Message::Generic("Account public access block setting"),
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
            path: "account_public_access_block.block_public_acls",
            inline: "-",
            split: "aws_s3_account_public_access_block: block_public_acls",
            s3_api: "PublicAccessBlockConfiguration.BlockPublicAcls (S3 Control)",
            cloudtrail: "PublicAccessBlockConfiguration.BlockPublicAcls",
        },
        PathRow {
            path: "account_public_access_block.block_public_policy",
            inline: "-",
            split: "aws_s3_account_public_access_block: block_public_policy",
            s3_api: "PublicAccessBlockConfiguration.BlockPublicPolicy (S3 Control)",
            cloudtrail: "PublicAccessBlockConfiguration.BlockPublicPolicy",
        },
        PathRow {
            path: "account_public_access_block.ignore_public_acls",
            inline: "-",
            split: "aws_s3_account_public_access_block: ignore_public_acls",
            s3_api: "PublicAccessBlockConfiguration.IgnorePublicAcls (S3 Control)",
            cloudtrail: "PublicAccessBlockConfiguration.IgnorePublicAcls",
        },
        PathRow {
            path: "account_public_access_block.restrict_public_buckets",
            inline: "-",
            split: "aws_s3_account_public_access_block: restrict_public_buckets",
            s3_api: "PublicAccessBlockConfiguration.RestrictPublicBuckets (S3 Control)",
            cloudtrail: "PublicAccessBlockConfiguration.RestrictPublicBuckets",
        },
    ],
};

/// An account nobody configured has no block (S3 Control answers
/// `NoSuchPublicAccessBlockConfiguration`).
fn no_block() -> Option<Value> {
    None
}

const CODES: BlockCodes = BlockCodes {
    key: SPEC.key,
    removed: Code::AccountPublicAccessBlockRemoved,
    weakened: Code::AccountPublicAccessBlockWeakened,
    changed: Code::AccountPublicAccessBlockChanged,
};

fn classify(leaf: &Leaf) -> Code {
    CODES.classify(leaf)
}

fn removed(want: &Value) -> Vec<Change> {
    CODES.removed(want)
}
