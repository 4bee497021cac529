//! The monitored attribute tree: one per bucket, the same shape on the desired side (built
//! from state or plan by [`build`]) and on the live side (read from AWS or a snapshot).
//!
//! A tree is a map from [`Part`] to that part's *canonical value*: a JSON object whose keys
//! are Terraform's attribute names, with every representation difference that carries no
//! meaning removed (empty strings and zero counts that mean "unset" are dropped, sets are
//! sorted, rules are keyed by `id` or content instead of position). The shapes are written
//! down once, in [`paths`], and both the state side and the live side produce exactly them.
//! Semantic equivalences that need both sides (policy JSON, AWS defaults) live in `diff/`.

pub mod accounts;
mod bucket_tree;
pub mod build;
pub mod canon;
mod instances;
mod placement;
pub mod snapshot;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub use crate::parts::{CompactJson, Origin, Part};
pub use accounts::AccountTree;
pub use snapshot::{LiveAccount, LiveBucket, LivePart, LiveStatus, Snapshot, Throttling};

/// The text that replaces a sensitive value in every output.
pub const REDACTED: &str = "(sensitive)";

/// One bucket to read live or search events for, with what the state knows about it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub bucket: String,
    /// The expected owner account (sent as `ExpectedBucketOwner`).
    pub account: Option<String>,
    /// The region the state records, a hint; the reader asks S3 for the real one.
    pub region: Option<String>,
}

/// The provider schema generation a bucket's state was written by, inferred from which
/// attributes are present (state files do not record the provider version).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchemaGeneration {
    /// Provider v3: inline blocks are read/write, `acl` defaults to "private".
    V3,
    /// Provider v4/v5: inline blocks are computed mirrors, top-level `object_lock_enabled`.
    V4,
    /// Provider v6: `bucket_region`, per-resource `region`, `identity`.
    V6,
}

/// The desired value of one part, and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesiredPart {
    /// The canonical value; `None` means the code wants the part absent.
    pub value: Option<CompactJson>,
    /// Where the value came from.
    pub origin: Origin,
    /// The resource address that set it, e.g. `module.storage.aws_s3_bucket_versioning.this["logs"]`.
    pub address: String,
    /// The state or plan marks (part of) the value sensitive: it is redacted in every output,
    /// and so is the live value of the same part.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Canonical leaf paths (relative to the part) whose value is unknown until apply. They are
    /// pending, never compared. `*` stands for the whole part. Paths under a rule collection
    /// name the Terraform attribute (`rule.status`), since the rule's key is not known yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
    /// A plan will create the resource that sets this part (on a bucket that may already
    /// exist): the value is not expected live until apply.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub planned_create: bool,
    /// For a part set entry by entry (one `aws_s3_bucket_intelligent_tiering_configuration`
    /// per configuration): each entry's key → the address of the resource that sets it, so
    /// a finding about an entry names that resource. Empty for other parts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub entries: BTreeMap<String, String>,
}

impl DesiredPart {
    /// For a part set entry by entry, the address of the resource that sets the entry a
    /// canonical path falls in; `None` for an entry no resource sets, or a path of no entry.
    pub fn entry_address(&self, path: &str) -> Option<&str> {
        match crate::parts::locate::parse(path).get(1) {
            Some(crate::parts::locate::Segment::Key(k)) => self.entries.get(k).map(String::as_str),
            _ => None,
        }
    }
}

/// What the loaded code says about one part of a bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DesiredState {
    /// One source sets the part.
    Managed(DesiredPart),
    /// Several resources set the part. The claims are kept, none is chosen.
    Conflict { claims: Vec<DesiredPart> },
}

impl DesiredState {
    /// One claim is the part's value; several that differ are a conflict, none is no state.
    /// Claims are sorted by address and identical ones counted once.
    pub(crate) fn settle(mut claims: Vec<DesiredPart>) -> Option<DesiredState> {
        claims.sort_by(|a, b| a.address.cmp(&b.address));
        let mut unique: Vec<DesiredPart> = Vec::new();
        for c in claims {
            // The address first: comparing values parses them.
            if !unique.iter().any(|u| u.address == c.address && *u == c) {
                unique.push(c);
            }
        }
        match unique.len() {
            0 => None,
            1 => unique.pop().map(DesiredState::Managed),
            _ => Some(DesiredState::Conflict { claims: unique }),
        }
    }
}

/// A configuration-level conflict: the configuration sets a part both inline on
/// `aws_s3_bucket` and through a split resource (known from plan JSON's `configuration`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineSplitConflict {
    pub part: Part,
    pub inline_address: String,
    pub split_address: String,
}

/// One bucket as the loaded code describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesiredTree {
    /// The bucket name.
    pub bucket: String,
    /// The owning account, where known (identity, `expected_bucket_owner`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The bucket's region, where known (`bucket_region`, `region`, identity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The `aws_s3_bucket` address, or the first split resource's when the bucket itself is
    /// managed elsewhere.
    pub address: String,
    /// The state file or plan this tree came from (for messages).
    pub source: String,
    /// When the newest state file describing this bucket was last written (remote state
    /// only). Attribution uses it as a hint, never as a bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_written_at: Option<jiff::Timestamp>,
    /// Provider schema generation of the `aws_s3_bucket` instance, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generation: Option<SchemaGeneration>,
    /// Whether `aws_s3_bucket` itself is in the loaded state. A tree built only from split
    /// resources still describes a bucket the code expects to exist.
    pub bucket_managed: bool,
    /// The `aws_s3_bucket` instance is tainted (still managed; apply will replace it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tainted: bool,
    /// A plan will create this bucket: it is not expected live yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub planned_create: bool,
    /// A plan will delete this bucket.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub planned_delete: bool,
    /// The monitored parts the code manages. A part not in the map is unmanaged and is
    /// compared with AWS's defaults.
    pub parts: BTreeMap<Part, DesiredState>,
    /// Inline/split flip-flops found in the configuration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub config_conflicts: Vec<InlineSplitConflict>,
    /// Every resource address that contributed to the tree, sorted.
    pub resources: Vec<String>,
    /// `aws_s3_*` resources on this bucket that s3drift recognises but does not monitor
    /// (objects, notifications, metrics, inventory, analytics), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmonitored: Vec<String>,
}

/// Everything the loaded state and plan files describe.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DesiredSet {
    /// One tree per bucket, sorted by bucket name.
    pub buckets: Vec<DesiredTree>,
    /// One tree per account whose account-level parts the code manages, sorted by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountTree>,
    /// `aws_s3_*` resources that could not be tied to any bucket, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unresolved: Vec<Unresolved>,
    /// Non-fatal notes for the user (e.g. "no S3 resources in F").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<crate::warning::Warning>,
}

/// A resource that targets a bucket s3drift could not name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unresolved {
    pub address: String,
    pub reason: String,
}

impl DesiredSet {
    /// A copy fit to print: the value of every part marked sensitive is replaced by
    /// [`REDACTED`]. The trees keep secrets in clear only
    /// because the comparison needs them.
    pub fn redacted(&self) -> DesiredSet {
        self.clone().into_redacted()
    }

    /// [`DesiredSet::redacted`] without the copy, for a caller done with the set.
    pub fn into_redacted(self) -> DesiredSet {
        let mut set = self;
        for tree in &mut set.buckets {
            for state in tree.parts.values_mut() {
                let parts: Vec<&mut DesiredPart> = match state {
                    DesiredState::Managed(p) => vec![p],
                    DesiredState::Conflict { claims } => claims.iter_mut().collect(),
                };
                for p in parts {
                    if p.sensitive && p.value.is_some() {
                        p.value = Some(Value::String(REDACTED.into()).into());
                    }
                }
            }
        }
        set
    }
}
