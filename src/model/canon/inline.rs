//! The claims an `aws_s3_bucket` instance makes through its own attributes, and how strong
//! they are, per schema generation (see [`super::generation`]).
//!
//! - Provider v3: inline blocks are read/write (provider v3 docs), origin [`Origin::Inline`]. An
//!   empty block is the code saying "none": v3 removes a lifecycle, CORS, website,
//!   logging, replication, encryption or Object Lock configuration that its config does not
//!   have. Two exceptions: `versioning` is Optional+Computed in v3 (state always holds the
//!   read value, never an empty block), and `policy` is only read back when the config sets
//!   it, so an empty `policy` does not manage the bucket policy.
//! - Provider v4+: inline blocks are computed mirrors of the provider's last read and go
//!   stale (provider v4 upgrade guide; seen in real public states), origin [`Origin::Mirror`]. An empty mirror says
//!   nothing, so the part is left unmanaged and the diff compares it with AWS's defaults.
//!   When a plan's configuration does set the block inline (deprecated but read/write since
//!   v4.9), it is a real claim: origin `Inline`. The top-level `object_lock_enabled` and a
//!   set `acl` are arguments, so they are `Inline` too.
//!
//! A split resource for the same part wins over all of this; the caller only asks for
//! inline claims of parts without one.

use super::attr::has_blocks;
use super::marks::{pending, sensitive, unknown_whole};
use super::{
    acl, cors, encryption, lifecycle, logging, object_lock, policy, replication, tags, versioning,
    website,
};
use crate::model::{paths, DesiredPart, Origin, Part, SchemaGeneration};
use crate::state::Resource;
use serde_json::Value;
use std::collections::BTreeSet;

/// An `aws_s3_bucket` instance with what is known about how it was written.
pub struct BucketSource<'a> {
    pub res: &'a Resource,
    pub generation: SchemaGeneration,
    /// The inline blocks its configuration sets (plan JSON's `configuration`), when known.
    pub configured: Option<&'a BTreeSet<String>>,
    /// A plan will create it.
    pub planned_create: bool,
}

impl BucketSource<'_> {
    fn v3(&self) -> bool {
        self.generation == SchemaGeneration::V3
    }

    fn configured(&self, keys: &[&str]) -> bool {
        self.configured
            .is_some_and(|c| keys.iter().any(|k| c.contains(*k)))
    }

    fn part(
        &self,
        value: Option<Value>,
        origin: Origin,
        pending: Vec<String>,
        keys: &[&str],
    ) -> DesiredPart {
        DesiredPart {
            value,
            origin,
            address: self.res.address.clone(),
            sensitive: sensitive(self.res, keys),
            pending,
            planned_create: self.planned_create,
        }
    }

    /// The whole attribute is unknown until apply: a claim with everything pending when the
    /// configuration sets it, else nothing (it is only computed).
    fn unknown(&self, keys: &[&str], origin: Origin) -> Option<DesiredPart> {
        self.configured(keys)
            .then(|| self.part(None, origin, vec!["*".into()], keys))
    }
}

/// The bucket's own claim on `part`, or `None` when its attributes say nothing about it.
pub fn claim(
    src: &BucketSource<'_>,
    part: Part,
    warnings: &mut Vec<String>,
) -> Option<DesiredPart> {
    match part {
        Part::PublicAccessBlock | Part::OwnershipControls => None,
        Part::Tags => tags_claim(src),
        Part::ObjectLockConfiguration if !src.v3() => object_lock_claim(src),
        Part::Acl => acl_claim(src, warnings),
        Part::Policy => policy_claim(src, warnings),
        _ => block_claim(src, part, warnings),
    }
}

fn block_claim(
    src: &BucketSource<'_>,
    part: Part,
    warnings: &mut Vec<String>,
) -> Option<DesiredPart> {
    let res = src.res;
    let a = &res.attributes;
    let key = *paths::info(part).inline_attributes.first()?;
    let keys = [key];
    let origin = if src.v3() || src.configured(&keys) {
        Origin::Inline
    } else {
        Origin::Mirror
    };
    if unknown_whole(res, key) {
        return src.unknown(&keys, origin);
    }
    a.get(key)?;
    if !has_blocks(a, key) {
        return (src.v3() && part != Part::Versioning)
            .then(|| src.part(None, Origin::Inline, Vec::new(), &keys));
    }
    let address = res.address.as_str();
    let value = match part {
        Part::Versioning => versioning::from_inline(a),
        Part::ServerSideEncryptionConfiguration => encryption::from_inline(a),
        Part::LifecycleRule => lifecycle::from_inline(a),
        Part::ReplicationConfiguration => replication::from_inline(a),
        Part::Logging => logging::from_inline(a),
        Part::CorsRule => cors::from_inline(a),
        Part::Website => website::from_inline(a, warnings, address),
        Part::ObjectLockConfiguration => object_lock::from_inline_v3(a),
        _ => return None,
    };
    Some(src.part(value, origin, pending(res, &keys, true), &keys))
}

fn policy_claim(src: &BucketSource<'_>, warnings: &mut Vec<String>) -> Option<DesiredPart> {
    let keys = ["policy"];
    let origin = if src.v3() || src.configured(&keys) {
        Origin::Inline
    } else {
        Origin::Mirror
    };
    if unknown_whole(src.res, "policy") {
        return src.unknown(&keys, origin);
    }
    let value = policy::from_attribute(&src.res.attributes, "policy", &src.res.address, warnings)?;
    Some(src.part(Some(value), origin, Vec::new(), &keys))
}

fn acl_claim(src: &BucketSource<'_>, warnings: &mut Vec<String>) -> Option<DesiredPart> {
    let res = src.res;
    let a = &res.attributes;
    let keys = ["acl", "grant"];
    let canned = |warnings: &mut Vec<String>| match acl::from_bucket_canned(a) {
        Ok(v) => v,
        Err(name) => {
            warnings.push(format!(
                "{}: `{name}` is not a canned ACL S3 knows; the bucket ACL is not monitored",
                res.address
            ));
            None
        }
    };
    if src.v3() {
        // v3: `grant` and `acl` conflict; with grants set, they are the ACL.
        let value = if has_blocks(a, "grant") {
            acl::from_bucket_grants(a)
        } else {
            canned(warnings)
        };
        return value.map(|v| src.part(Some(v), Origin::Inline, pending(res, &keys, false), &keys));
    }
    if let Some(v) = canned(warnings) {
        return Some(src.part(Some(v), Origin::Inline, Vec::new(), &keys));
    }
    if unknown_whole(res, "grant") || unknown_whole(res, "acl") {
        return src.unknown(&keys, Origin::Inline);
    }
    let origin = if src.configured(&["grant"]) {
        Origin::Inline
    } else {
        Origin::Mirror
    };
    acl::from_bucket_grants(a).map(|v| src.part(Some(v), origin, Vec::new(), &keys))
}

fn object_lock_claim(src: &BucketSource<'_>) -> Option<DesiredPart> {
    let keys = ["object_lock_enabled", "object_lock_configuration"];
    if unknown_whole(src.res, "object_lock_enabled") {
        return src.unknown(&keys[..1], Origin::Inline);
    }
    let value = object_lock::from_top_level(&src.res.attributes)?;
    // The retention rule, if any, comes from the mirror unless the config sets it.
    let origin = if value.get("rule").is_some() && !src.configured(&keys[1..]) {
        Origin::Mirror
    } else {
        Origin::Inline
    };
    Some(src.part(
        Some(value),
        origin,
        pending(src.res, &keys[1..], true),
        &keys,
    ))
}

fn tags_claim(src: &BucketSource<'_>) -> Option<DesiredPart> {
    let res = src.res;
    let keys = ["tags", "tags_all"];
    let key = if res.attributes.get("tags_all").is_some() || unknown_whole(res, "tags_all") {
        "tags_all"
    } else if res.attributes.get("tags").is_some() || unknown_whole(res, "tags") {
        "tags"
    } else {
        return None;
    };
    if unknown_whole(res, key) {
        return Some(src.part(None, Origin::Tags, vec!["*".into()], &keys));
    }
    Some(src.part(
        tags::from_bucket(&res.attributes),
        Origin::Tags,
        pending(res, &[key], true),
        &keys,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::ProviderRef;
    use serde_json::json;

    fn bucket(attributes: Value) -> Resource {
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

    fn v4(attrs: Value, configured: Option<&BTreeSet<String>>, part: Part) -> Option<DesiredPart> {
        let res = bucket(attrs);
        let src = BucketSource {
            res: &res,
            generation: SchemaGeneration::V4,
            configured,
            planned_create: false,
        };
        claim(&src, part, &mut Vec::new())
    }

    #[test]
    fn v4_object_lock_argument_and_mirror_rule() {
        let on = json!({"object_lock_enabled": true, "object_lock_configuration": [{"object_lock_enabled": "Enabled", "rule": []}]});
        let p = v4(on, None, Part::ObjectLockConfiguration).unwrap();
        assert_eq!(
            (p.origin, p.value),
            (
                Origin::Inline,
                Some(json!({"object_lock_enabled": "Enabled"}))
            )
        );
        let with_rule = json!({"object_lock_enabled": true, "object_lock_configuration": [{"object_lock_enabled": "Enabled",
            "rule": [{"default_retention": [{"days": 0, "mode": "COMPLIANCE", "years": 2}]}]}]});
        assert_eq!(
            v4(with_rule, None, Part::ObjectLockConfiguration)
                .unwrap()
                .origin,
            Origin::Mirror
        );
        let off = json!({"object_lock_enabled": false, "object_lock_configuration": []});
        assert_eq!(v4(off, None, Part::ObjectLockConfiguration), None);
    }

    #[test]
    fn v4_acl_argument_wins_over_the_grant_mirror() {
        let a = json!({"acl": "public-read", "grant": [{"id": "abc", "permissions": ["FULL_CONTROL"], "type": "CanonicalUser", "uri": ""}]});
        let p = v4(a, None, Part::Acl).unwrap();
        assert_eq!(p.origin, Origin::Inline);
        assert_eq!(
            p.value,
            Some(json!({"grant": ["FULL_CONTROL owner", "READ group:AllUsers"]}))
        );
    }

    #[test]
    fn v4_mirrors_are_claims_only_when_not_empty_and_configured_blocks_are_inline() {
        let policy = json!({"policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"});
        assert_eq!(
            v4(policy, None, Part::Policy).unwrap().origin,
            Origin::Mirror
        );
        assert_eq!(v4(json!({"policy": ""}), None, Part::Policy), None);
        let rules = json!({"lifecycle_rule": [{"id": "x", "enabled": true, "prefix": "", "tags": {}, "expiration": [{"days": 5}]}]});
        assert_eq!(
            v4(rules.clone(), None, Part::LifecycleRule).unwrap().origin,
            Origin::Mirror
        );
        let configured: BTreeSet<String> = ["lifecycle_rule".to_string()].into();
        let p = v4(rules, Some(&configured), Part::LifecycleRule).unwrap();
        assert_eq!(p.origin, Origin::Inline);
        assert_eq!(
            p.value,
            Some(json!({"x": {"status": "Enabled", "expiration": {"days": 5}}}))
        );
        assert_eq!(v4(json!({"cors_rule": []}), None, Part::CorsRule), None);
        assert_eq!(
            v4(json!({"versioning": []}), None, Part::PublicAccessBlock),
            None
        );
    }
}
