//! The shape of a part's specification, and the small types the parts and the stages
//! exchange. Each part module fills one [`PartSpec`]; the stages read it and never match on
//! a part themselves.

use super::CompactJson;
use crate::code::{Code, Kind};
use crate::registry::Part;
use crate::warning::{Warning, WarningCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::code::CodeInfo;

/// Everything s3drift knows about one monitored part.
pub struct PartSpec {
    /// The part's name: the first segment of its canonical paths, its key in trees and
    /// snapshots.
    pub key: &'static str,
    /// The part in dashboard words (`encryption`, `public_access`): the `group` label of the
    /// Prometheus metrics, so seed dashboards' panels (encryption changes by bucket, public
    /// access modifications, policy updates, lifecycle changes) are one query each.
    pub group: &'static str,
    /// Read for every bucket by default. The others are read only where a loaded state
    /// manages them, or with `--parts`.
    pub core: bool,
    /// The split resource that writes the part (provider v4+), if there is one.
    pub split: Option<Split>,
    /// How `aws_s3_bucket`'s own attributes claim the part.
    pub inline: Inline,
    /// What S3 reports for the part on a bucket nobody configured; `None` where it reports
    /// "not configured". A part the code does not manage is compared with this.
    pub default: fn() -> Option<Value>,
    /// What an absent live part amounts to where the code sets the part (encryption reverts
    /// to SSE-S3, a deleted public access block blocks nothing); `None`: simply absent.
    pub absent_live: fn() -> Option<Value>,
    /// The live read.
    pub live: Live,
    /// CloudTrail event names that change the part (`PutBucketLifecycle`, not the API's
    /// `PutBucketLifecycleConfiguration`).
    pub events: &'static [&'static str],
    /// The new value a `Put` event's `requestParameters` (an object) gives the part.
    /// `Delete` events and records without parameters are handled before this is called.
    pub event_value: fn(event_name: &str, params: &Value) -> NewValue,
    /// The `<THING>` of the access-log operations `REST.PUT.<THING>` and
    /// `REST.DELETE.<THING>` that change the part.
    pub access_log: &'static [&'static str],
    /// How the diff walks the canonical value.
    pub shape: Shape,
    /// Where the Terraform names of values a plan leaves unknown land in the canonical value.
    pub pending: Pending,
    /// The code of an ordinary change of the part.
    pub code: Code,
    /// Every code the part's findings can have, with its facts.
    pub codes: &'static [CodeInfo],
    /// The code of one differing leaf.
    pub classify: fn(&Leaf) -> Code,
    /// Part-specific equivalences of the comparison.
    pub compare: Compare,
    /// Where the Terraform code writes one of the part's paths (source locations); no walk
    /// when no line below the resource block is certain.
    pub locate: fn(&super::locate::Place<'_>) -> Vec<Vec<super::locate::Step>>,
    /// The part's rows of the canonical path table.
    pub paths: &'static [PathRow],
}

/// A split resource (`aws_s3_bucket_versioning`, …): authoritative for its part.
pub struct Split {
    /// The resource type.
    pub resource: &'static str,
    /// Each resource sets one entry of the part (an intelligent-tiering configuration by
    /// its `name`): a bucket may have several, and their claims, each a map of one entry,
    /// together are the part. `false`: one resource sets the whole part.
    pub per_entry: bool,
    /// Attribute path → JSON type, for every attribute the reader reads (see
    /// `state::schema`).
    pub schema: &'static [(&'static str, AttrType)],
    /// The attributes that feed the canonical value. Others (`bucket`,
    /// `expected_bucket_owner`, computed endpoints) are not compared: an unknown value there
    /// is not pending and a sensitive one does not mark the part.
    pub attributes: &'static [&'static str],
    /// Attributes computed from the others when those are set: unknown in a plan only
    /// because apply fills them in (`access_control_policy` from a canned `acl`).
    pub derived: fn(&Value) -> &'static [&'static str],
    /// The canonical value. `Err(())` when the resource cannot be read (a warning says why):
    /// it then makes no claim.
    pub read: fn(&Value, &mut Warnings<'_>) -> Result<Option<Value>, ()>,
}

/// The inline form of a part on `aws_s3_bucket`.
pub struct Inline {
    pub form: InlineForm,
    /// Attribute path → JSON type, for the inline attributes the readers read.
    pub schema: &'static [(&'static str, AttrType)],
    /// The names a plan's `configuration` uses for the inline form, where the part also has
    /// a split resource (setting both makes the provider flip-flop).
    pub config_blocks: &'static [&'static str],
}

/// How the bucket's own attributes claim a part.
pub enum InlineForm {
    /// No inline form.
    None,
    /// One nested block: read/write under provider v3 (an empty block is the code saying
    /// "none"), a computed mirror from v4 on (an empty mirror says nothing).
    Block {
        attribute: &'static str,
        /// Provider v3 writes an empty block for "none" (`false` where the block is
        /// Optional+Computed, like `versioning`).
        v3_empty_is_none: bool,
        read: fn(&Value, &mut Warnings<'_>) -> Option<Value>,
    },
    /// A claim with rules of its own.
    Custom(fn(&dyn InlineSource, &mut Warnings<'_>) -> Option<Claim>),
}

/// What a custom inline reader sees of an `aws_s3_bucket` instance.
pub trait InlineSource {
    /// The instance's attributes.
    fn attrs(&self) -> &Value;
    /// Written by provider v3 (inline blocks are read/write).
    fn v3(&self) -> bool;
    /// The plan's configuration sets one of `keys` inline.
    fn configured(&self, keys: &[&str]) -> bool;
    /// The attribute as a whole is unknown until apply.
    fn unknown_whole(&self, key: &str) -> bool;
    /// The pending leaf paths under `keys` (see `model`'s marks); with `inline`, relative to
    /// the block.
    fn pending(&self, keys: &[&str], inline: bool) -> Vec<String>;
}

/// A part's claim from the bucket's own attributes, before the model adds the address and
/// sensitivity.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub value: Option<Value>,
    pub origin: Origin,
    pub pending: Vec<String>,
    /// The attributes the claim rests on (a sensitive one marks the part).
    pub keys: Vec<&'static str>,
}

/// Where a desired part's value came from. It decides whether `terraform apply` would put
/// the value back, and how strictly an ambiguous inline value is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A split resource (`aws_s3_bucket_versioning`, …): authoritative for its part.
    Split,
    /// An inline block of `aws_s3_bucket` under provider v3, where inline blocks are read/write.
    Inline,
    /// An inline block under provider v4+, where it is a computed mirror of the provider's
    /// last read. It is the last recorded value, but no code manages it: apply would not
    /// revert a change.
    Mirror,
    /// `tags_all` of the bucket (tags plus the provider's `default_tags`).
    Tags,
}

/// Where a reader's warnings go, with the resource they are about.
pub struct Warnings<'a> {
    pub address: &'a str,
    pub out: &'a mut Vec<Warning>,
}

impl Warnings<'_> {
    /// A warning about the resource being read.
    pub fn push(&mut self, code: WarningCode, message: String) {
        self.out.push(Warning::new(code, self.address, message));
    }
}

/// The JSON type an attribute must have in state. `null` is always accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrType {
    /// A string (`attr::text`).
    Str,
    /// `true` or `false` only (read with `as_bool`: inline `versioning.enabled`, the v4+
    /// top-level `object_lock_enabled`).
    Bool,
    /// A boolean, or a string `attr::flag` reads as one (`"true"`/`"false"` in any case,
    /// `"Enabled"`/`"Disabled"`).
    Flag,
    /// A whole number, or a string holding one or `""` (`attr::count`): the SDKv2 lifecycle
    /// schema (v0) stores `object_size_*` and `newer_noncurrent_versions` as strings, `""`
    /// when unset.
    Count,
    /// A list of strings (`attr::string_set`); `null` items stand for values unknown until
    /// apply in plans.
    Strings,
    /// A map of strings (`attr::string_map`: tags).
    StringMap,
    /// A nested block: a list of objects, as state writes every block, or a bare object
    /// (`attr::block`, very old plan JSON). Its attributes are the entries whose path
    /// continues this one.
    Blocks,
    /// A nested block whose list may also hold plain strings: hand-written plans give a
    /// lifecycle `filter.tag` as `["name"]`. The model reads only the objects, so such a
    /// filter selects no tag, which shows as a difference from live rather than hiding one.
    TagBlocks,
}

/// The live read of a part.
#[derive(Clone, Copy, Debug)]
pub struct Live {
    /// The S3 API operation.
    pub operation: &'static str,
    /// The IAM action it needs (they differ from API names; Service Authorization
    /// Reference for Amazon S3).
    pub iam_action: &'static str,
    /// Error codes that mean "not configured": an absent part, not an error.
    pub not_configured: &'static [&'static str],
    /// Whether the operation is read per bucket or once per account.
    pub scope: Scope,
}

/// What one live read covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Bucket,
    Account,
}

/// The value a configuration event gave its part, in the part's canonical shape.
///
/// The value is kept as compact text: a trail's configuration events are all held until the
/// run reports, and as `Value`s (a map, a hash table and a string per key) their values were
/// most of an event's memory, so the run's memory grew with the trail (BENCHMARKS.md, *Event
/// values kept as text, part values written straight*). The few readers parse it back
/// ([`CompactJson::to_value`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum NewValue {
    /// The whole new value of the part.
    Set(CompactJson),
    /// Only the keys present changed; the others kept their value. `PutBucketVersioning`
    /// without `MfaDelete` leaves MFA delete as it was.
    Merge(CompactJson),
    /// The part was deleted (`Delete*` events).
    Absent,
    /// The event changed the part, but the record does not say to what.
    Unknown,
}

impl NewValue {
    /// `Set` when there is a value, else `Unknown`.
    pub fn from_value(value: Option<Value>) -> NewValue {
        value.map_or(NewValue::Unknown, NewValue::set)
    }

    /// `Set` when there is a value, else `Absent` (an empty rule list deletes the part).
    pub fn or_absent(value: Option<Value>) -> NewValue {
        value.map_or(NewValue::Absent, NewValue::set)
    }

    /// The whole new value.
    pub fn set(value: Value) -> NewValue {
        NewValue::Set(value.into())
    }

    /// The keys that changed, in a partial request.
    pub fn merge(value: Value) -> NewValue {
        NewValue::Merge(value.into())
    }
}

/// How the diff walks a part's canonical value. Paths are patterns with rule keys written
/// `<id>`, e.g. `lifecycle_rule[<id>].transition`.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Maps keyed by rule id, storage class or content key: children are `[key]`, matched by
    /// key and never by position.
    pub keyed: &'static [&'static str],
    /// Nodes compared as one value.
    pub atomic: &'static [&'static str],
    /// Leaves whose lists keep their order (elsewhere lists inside a leaf are sets).
    pub ordered: &'static [&'static str],
    /// Nodes that are maps (the part itself for tags and rule lists): an absent one is an
    /// empty map, so a deleted tag set or rule list is one difference per entry.
    pub maps: &'static [&'static str],
    /// The part's keys are free text (tag keys may hold dots): the rest of a path after the
    /// part key is one key.
    pub free_keys: bool,
}

impl Shape {
    /// A plain object of attributes.
    pub const OBJECT: Shape = Shape {
        keyed: &[],
        atomic: &[],
        ordered: &[],
        maps: &[],
        free_keys: false,
    };
}

/// Where Terraform attribute names of values unknown until apply land in the canonical
/// value. A name that cannot be placed with certainty makes the whole part pending.
#[derive(Clone, Copy, Debug)]
pub enum Pending {
    /// One to one, after dropping Terraform's wrapper block and renaming.
    Nested {
        wrappers: &'static [&'static str],
        renames: &'static [(&'static str, &'static str)],
    },
    /// A rule collection: a rule field is pending in every rule.
    Rules {
        /// Terraform's name of the rule block.
        wrappers: &'static [&'static str],
        /// The rule block must be named (replication's `rule`); else it may be left out.
        wrapped: bool,
        /// Terraform name → canonical field of a rule.
        fields: &'static [(&'static str, &'static str)],
        /// The key the rules sit under in the canonical value (`rules`), if not the top.
        under: Option<&'static str>,
        /// Fields of the part outside the rules (`role`).
        top: &'static [&'static str],
    },
    /// Rules keyed by content: any pending value makes the whole part pending.
    Whole,
}

/// One differing leaf: its canonical path and the value on each side (`None`: not set).
#[derive(Clone, Debug, PartialEq)]
pub struct Leaf {
    pub path: String,
    pub expected: Option<Value>,
    pub actual: Option<Value>,
}

/// One finding a part's own comparison produces, before the diff adds the bucket, address
/// and notes. The message is the code's unless given.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub path: String,
    pub kind: Kind,
    pub code: Code,
    pub expected: Option<Value>,
    pub actual: Option<Value>,
}

/// What a part's comparison may know of the live bucket besides the part itself.
pub struct Context<'a> {
    /// The bucket owner's canonical id (from the ACL read).
    pub owner_id: Option<&'a str>,
    /// Another part's live value, when it was read and is present (parsed on each call).
    pub live: &'a dyn Fn(Part) -> Option<Value>,
}

/// A comparison of a whole part of its own: desired and live, `None` when absent.
pub type Documents = fn(Option<&Value>, Option<&Value>) -> Vec<Change>;

/// Fewer, clearer findings for a managed part's differences, or `None` to keep them.
pub type Summarise = fn(&Value, Option<&Value>) -> Option<Vec<Change>>;

/// Part-specific equivalences of the comparison. Each is optional; without them a part is
/// compared leaf by leaf.
#[derive(Clone, Copy)]
pub struct Compare {
    /// Rewrites a value (desired, live or an event's) into the form compared, e.g. the
    /// owner's canonical id as `owner` in ACL grants.
    pub normalise: Option<fn(Value, &Context<'_>) -> Value>,
    /// Semantic equality of two whole values (policy documents).
    pub equivalent: Option<fn(&Value, &Value) -> bool>,
    /// A comparison of its own for the whole part (`None` sides are absent): policy
    /// documents are not compared leaf by leaf.
    pub documents: Option<Documents>,
    /// The code sets the part and it is absent live: what that means, instead of the leaf
    /// comparison with [`PartSpec::absent_live`].
    pub removed: Option<fn(&Value) -> Vec<Change>>,
    /// Replaces the leaf differences of a managed part with fewer, clearer ones (one
    /// downgrade finding for encryption), or `None` to keep them.
    pub summarise: Option<Summarise>,
    /// Lets the desired side's origin decide an equivalence (provider v3's inline
    /// `versioning.enabled = false` is both Suspended and never enabled).
    pub reconcile: Option<fn(Origin, &Value, &mut Option<Value>)>,
}

impl Compare {
    /// Leaf by leaf, nothing special.
    pub const PLAIN: Compare = Compare {
        normalise: None,
        equivalent: None,
        documents: None,
        removed: None,
        summarise: None,
        reconcile: None,
    };
}

/// One row of the canonical path table.
#[derive(Clone, Copy, Debug)]
pub struct PathRow {
    /// The canonical path; `<id>` stands for a rule key, `<key>` for a tag key.
    pub path: &'static str,
    /// The attribute path inline on `aws_s3_bucket` (provider v3; a mirror from v4).
    pub inline: &'static str,
    /// The attribute path on the split resource.
    pub split: &'static str,
    /// The S3 API field (response of the part's read).
    pub s3_api: &'static str,
    /// The CloudTrail `requestParameters` field that carries the new value.
    pub cloudtrail: &'static str,
}

/// No inline form.
pub const NO_INLINE: Inline = Inline {
    form: InlineForm::None,
    schema: &[],
    config_blocks: &[],
};

/// No AWS default: the part is "not configured" on a new bucket.
pub fn none() -> Option<Value> {
    None
}

/// No attributes are computed from others.
pub fn no_derived(_: &Value) -> &'static [&'static str] {
    &[]
}
