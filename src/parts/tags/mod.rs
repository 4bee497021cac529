//! `tags`: the bucket's tags, from `tags_all` (tags plus the provider's `default_tags`; `tags`
//! before provider 3.38). Tags have no split resource. Reserved `aws:` keys are left out on
//! both sides.

mod canon;
mod events;
pub mod live;

pub use canon::{canonical, from_bucket};

use super::inline::claim;
use super::locate::{one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};

pub const SPEC: PartSpec = PartSpec {
    key: "tags",
    group: "tags",
    core: true,
    split: None,
    inline: Inline {
        form: InlineForm::Custom(inline_claim),
        schema: &[
            ("tags", AttrType::StringMap),
            ("tags_all", AttrType::StringMap),
        ],
        config_blocks: &[],
    },
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetBucketTagging",
        iam_action: "s3:GetBucketTagging",
        not_configured: &["NoSuchTagSet"],
        scope: Scope::Bucket,
    },
    events: &["PutBucketTagging", "DeleteBucketTagging"],
    event_value: events::new_value,
    access_log: &["BUCKETTAGGING", "TAGGING"],
    shape: Shape {
        keyed: &[],
        atomic: &[],
        ordered: &[],
        maps: &["tags"],
        free_keys: true,
    },
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[],
    },
    code: Code::TagsChanged,
    codes: &[CodeInfo {
        code: Code::TagsChanged,
        severity: Severity::Low,
        summary: "Tags changed",
        description: "A tag differs from the code (compared with `tags_all`, which includes the provider's `default_tags`).",
        fix: REVERT,
        message: Message::Generic("Tag"),
    }],
    classify: |_| Code::TagsChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[PathRow {
        path: "tags.<key>",
        inline: "tags_all",
        split: "-",
        s3_api: "TagSet",
        cloudtrail: "Tagging.TagSet.Tag",
    }],
};

/// `tags_all` when the instance has it (or it is unknown until apply), else `tags`.
fn inline_claim(src: &dyn InlineSource, _: &mut Warnings<'_>) -> Option<Claim> {
    let keys = ["tags", "tags_all"];
    let attrs = src.attrs();
    let key = if attrs.get("tags_all").is_some() || src.unknown_whole("tags_all") {
        "tags_all"
    } else if attrs.get("tags").is_some() || src.unknown_whole("tags") {
        "tags"
    } else {
        return None;
    };
    if src.unknown_whole(key) {
        return Some(claim(None, Origin::Tags, vec!["*".into()], &keys));
    }
    Some(claim(
        from_bucket(attrs),
        Origin::Tags,
        src.pending(&[key], true),
        &keys,
    ))
}

/// The tag's key in `tags = { … }` (a key may hold dots: the rest of the path is one key).
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.path.strip_prefix("tags.") {
        Some(key) if at.inline && !key.is_empty() => one(vec![Step::ObjectKey {
            attribute: "tags".into(),
            key: key.to_string(),
        }]),
        _ => Vec::new(),
    }
}
