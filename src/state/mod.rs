//! Reading Terraform/OpenTofu state (format 4) and plan JSON (`terraform show -json`) into a
//! flat list of managed `aws_s3_*` resource instances.
//!
//! This is the only part of the desired side that touches files. Everything it returns is
//! plain data for `model::build`.

// `InputError` carries the file's text for its snippet; it is returned at most once per
// file, so boxing it would only add noise to every signature.

pub mod address;
pub mod backend;
mod compact_value;
mod deferred;
mod detect;
mod fast;
mod feed;
mod load;
pub mod locate;
mod plan;
mod plan_config;
mod problem;
pub mod remote;
pub mod schema;
pub mod sensitive;
pub mod source;
mod tfstate;
mod values;

pub use address::{
    config_address, index_suffix, instance_address, module_prefix, parse_provider, quote_key,
};
pub use deferred::{Deferred, KeptText};
pub use load::{expand_patterns, is_remote, load_local, load_local_deferred};
pub use plan::parse_plan;
pub use source::{parse_plans, parse_states, StateSource};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Reads a state file's text. `name` is the path shown in messages.
pub fn parse_state(name: &str, text: &str) -> Result<Loaded, crate::diag::InputError> {
    read_state(name, text, false, true).map(|(loaded, _)| loaded)
}

/// [`parse_state`], with the resources' attributes kept as text where the quick reader
/// takes the file: each resource holds only their head until the model build asks the
/// [`Deferred`] for the whole (see `deferred.rs`).
pub fn parse_state_deferred(
    name: &str,
    text: &str,
) -> Result<(Loaded, Deferred), crate::diag::InputError> {
    read_state(name, text, true, true)
}

/// Reads a state's text; `quick` is false when the quick reader already gave up on it.
fn read_state(
    name: &str,
    text: &str,
    defer: bool,
    quick: bool,
) -> Result<(Loaded, Deferred), crate::diag::InputError> {
    // The quick reader takes a well-formed format-4 state in one pass and builds only the
    // S3 resources; on anything else, every error included, it gives up and the full reader
    // reads the file again, so every diagnostic is the full reader's.
    let read = quick.then(|| fast::read(text, defer)).flatten();
    let ((terraform_version, resources, warnings), deferred) = match read {
        Some(read) => read,
        None => (tfstate::read_full(name, text)?, Deferred::default()),
    };
    let loaded = tfstate::finish(name, terraform_version, resources, warnings);
    Ok((loaded, deferred))
}

/// A local state file read a piece at a time, when the quick reader takes it; `None`
/// otherwise, and the caller reads it whole (see [`read_state`]). A large state's text is
/// most of its size in memory, and the quick reader needs only one entry of it at a time
/// (two, when a large state is read in halves).
fn stream_state(
    name: &str,
    file: &std::fs::File,
    len: u64,
    defer: bool,
) -> Option<(Loaded, Deferred)> {
    let ((terraform_version, resources, warnings), deferred) = fast::read_file(file, len, defer)?;
    Some((
        tfstate::finish(name, terraform_version, resources, warnings),
        deferred,
    ))
}

/// One step of an attribute path, as Terraform records sensitive and unknown paths.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// An attribute or map key (`get_attr`, or an `index` with a string key).
    Attr(String),
    /// A list or set position.
    Index(u64),
}

/// An attribute path such as `policy` or `tags_all["secret"]`.
pub type AttrPath = Vec<Step>;

/// The provider a resource is bound to, from either address form
/// (`provider["registry.terraform.io/hashicorp/aws"].west` or legacy `provider.aws.west`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRef {
    /// The provider type, e.g. `aws`.
    pub name: String,
    /// The alias, e.g. `west`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

/// One managed resource instance of an `aws_s3_*` type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resource {
    /// The full instance address, e.g. `module.storage.aws_s3_bucket_versioning.this["logs"]`.
    pub address: String,
    /// The resource type, e.g. `aws_s3_bucket_versioning`.
    pub rtype: String,
    /// The provider binding.
    pub provider: ProviderRef,
    /// The instance's `attributes` object (for plans: the state-side values). Read with
    /// [`parse_state_deferred`], only its head until [`Deferred::take`] gives the whole.
    pub attributes: Value,
    /// Attribute paths marked sensitive (state `sensitive_attributes`, plan
    /// `before_sensitive`/`after_sensitive`). An empty path marks the whole resource
    /// (also used when the marks could not be read, so nothing leaks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive: Vec<AttrPath>,
    /// Attribute paths unknown until apply (plan `after_unknown`); an empty path means
    /// the whole object is unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<AttrPath>,
    /// The v6 `identity` object (`account_id`, `bucket`, `region`), when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Value>,
    /// `status: "tainted"` in state.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub tainted: bool,
    /// The instance's `schema_version`.
    #[serde(default)]
    pub schema_version: u64,
}

#[cfg(test)]
impl Resource {
    /// `aws_s3_bucket.b` with these attributes and nothing else known (unit tests).
    pub(crate) fn test_bucket(attributes: Value) -> Resource {
        Resource {
            address: "aws_s3_bucket.b".into(),
            rtype: "aws_s3_bucket".into(),
            provider: ProviderRef {
                name: "aws".into(),
                alias: None,
            },
            attributes,
            sensitive: vec![],
            unknown: vec![],
            identity: None,
            tainted: false,
            schema_version: 0,
        }
    }
}

/// What a plan adds to the state side.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanInfo {
    /// Addresses the plan will create (not expected live yet).
    pub creates: BTreeSet<String>,
    /// Addresses the plan will delete.
    pub deletes: BTreeSet<String>,
    /// Addresses the plan will update in place or replace.
    pub updates: BTreeSet<String>,
    /// For resources whose `bucket` is unknown in the plan: the address of the
    /// `aws_s3_bucket` its `bucket` expression references (from `configuration`). Keys and
    /// values are configuration addresses (no instance keys, see [`config_address`]); the
    /// bucket instance with the referrer's index key is meant where both are counted.
    pub bucket_refs: BTreeMap<String, String>,
    /// Per `aws_s3_bucket` address (module path + type + name, no index): the inline
    /// blocks its configuration sets (`versioning`, `lifecycle_rule`, …, keys of
    /// `expressions`).
    pub inline_blocks: BTreeMap<String, BTreeSet<String>>,
    /// `planned_values`: the config side, per instance address.
    pub planned: BTreeMap<String, Resource>,
    /// `prior_state` as Terraform refreshed it, before each `resource_drift` entry's
    /// `before` was put back: live as the plan saw it. Kept in memory only.
    #[serde(skip)]
    pub refreshed: Vec<Resource>,
    /// The plan has a `resource_drift` list. Terraform leaves it out when nothing drifted
    /// and always under `-refresh=false`, so without it the plan says nothing about live.
    #[serde(skip)]
    pub drift_reported: bool,
    /// The plan's top-level `timestamp` (Terraform 1.5+): when the refresh ran.
    #[serde(skip)]
    pub timestamp: Option<jiff::Timestamp>,
}

/// Whether a loaded file was a state or a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    State,
    Plan,
}

/// One loaded state or plan file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    /// The path or URL it was read from, as the user gave it.
    pub source: String,
    pub kind: SourceKind,
    /// The `terraform_version` recorded in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform_version: Option<String>,
    /// Managed `aws_s3_*` instances (state side). Data sources, deposed instances and
    /// non-S3 types are left out.
    pub resources: Vec<Resource>,
    /// Plan-only information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanInfo>,
    /// When the state object was last written: a remote state's LastModified. Local files
    /// record no time (a copy or checkout resets it), so they leave it `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_at: Option<jiff::Timestamp>,
    /// Non-fatal notes (e.g. no S3 resources in the file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<crate::warning::Warning>,
}
