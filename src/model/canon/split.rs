//! The canonical value a split resource (`aws_s3_bucket_versioning`, …) gives its part.
//! A split resource is authoritative for its part (provider v4 upgrade guide), so it always makes a claim;
//! its value is `None` only where the resource itself says "absent".

use super::{
    acl, cors, encryption, lifecycle, logging, marks, object_lock, ownership, policy,
    public_access_block, replication, versioning, website,
};
use crate::model::{DesiredPart, Origin, Part};
use crate::state::Resource;
use serde_json::Value;

/// The attributes of the split resource that feed the canonical value. Everything else
/// (`bucket`, `expected_bucket_owner`, `token`, computed endpoints, …) is not compared, so
/// an unknown value there is not pending and a sensitive one does not mark the part.
pub fn read_attributes(part: Part) -> &'static [&'static str] {
    match part {
        Part::Versioning => &["versioning_configuration"],
        Part::ServerSideEncryptionConfiguration => &["rule"],
        Part::LifecycleRule => &["rule"],
        Part::ReplicationConfiguration => &["role", "rule"],
        Part::Logging => &["target_bucket", "target_prefix"],
        Part::PublicAccessBlock => &public_access_block::FLAGS,
        Part::CorsRule => &["cors_rule"],
        Part::Website => &[
            "index_document",
            "error_document",
            "redirect_all_requests_to",
            "routing_rule",
            "routing_rules",
        ],
        Part::ObjectLockConfiguration => &["object_lock_enabled", "rule"],
        Part::Policy => &["policy"],
        Part::Acl => &["acl", "access_control_policy"],
        Part::OwnershipControls => &["rule"],
        Part::Tags => &[],
    }
}

/// Attributes that are computed from the others when those are set: unknown in a plan
/// only because apply fills them in (`access_control_policy` from a canned `acl`,
/// `routing_rules` from `routing_rule` blocks).
fn derived(part: Part, attrs: &Value) -> &'static [&'static str] {
    match part {
        Part::Acl
            if attrs
                .get("acl")
                .and_then(Value::as_str)
                .is_some_and(|s| !s.is_empty()) =>
        {
            &["access_control_policy"]
        }
        Part::Website if super::attr::has_blocks(attrs, "routing_rule") => &["routing_rules"],
        _ => &[],
    }
}

/// The claim of split resource `res` on `part`. `None` (with a warning) only when the
/// resource cannot be read, e.g. a canned ACL S3 does not know.
pub fn claim(
    res: &Resource,
    part: Part,
    planned_create: bool,
    warnings: &mut Vec<String>,
) -> Option<DesiredPart> {
    let a = &res.attributes;
    let address = res.address.as_str();
    let value = match part {
        Part::Versioning => versioning::from_split(a),
        Part::ServerSideEncryptionConfiguration => encryption::from_split(a),
        Part::LifecycleRule => lifecycle::from_split(a),
        Part::ReplicationConfiguration => replication::from_split(a),
        Part::Logging => logging::from_split(a),
        Part::PublicAccessBlock => public_access_block::from_split(a),
        Part::CorsRule => cors::from_split(a),
        Part::Website => website::from_split(a, warnings, address),
        Part::ObjectLockConfiguration => object_lock::from_split(a),
        Part::Policy => policy::from_attribute(a, "policy", address, warnings),
        Part::Acl => match acl::from_split(a) {
            Ok(v) => v,
            Err(name) => {
                warnings.push(format!(
                    "{address}: `{name}` is not a canned ACL S3 knows; the bucket ACL is not monitored"
                ));
                return None;
            }
        },
        Part::OwnershipControls => ownership::from_split(a),
        Part::Tags => return None,
    };
    let skip = derived(part, a);
    let read: Vec<&str> = read_attributes(part)
        .iter()
        .copied()
        .filter(|k| !skip.contains(k))
        .collect();
    Some(DesiredPart {
        value,
        origin: Origin::Split,
        address: res.address.clone(),
        sensitive: marks::sensitive(res, read_attributes(part)),
        pending: marks::pending(res, &read, false),
        planned_create,
    })
}
