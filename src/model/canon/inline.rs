//! The claims an `aws_s3_bucket` instance makes through its own attributes. How strong a
//! claim is, per provider generation, is in `parts::inline` and each part's module; this
//! file gives them the instance as an [`InlineSource`] and turns their claims into
//! [`DesiredPart`]s.

use super::marks::{pending, sensitive, unknown_whole};
use crate::model::{DesiredPart, Part, SchemaGeneration};
use crate::parts::{InlineForm, InlineSource, Warnings};
use crate::state::Resource;
use crate::warning::Warning;
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

impl InlineSource for BucketSource<'_> {
    fn attrs(&self) -> &Value {
        &self.res.attributes
    }

    fn v3(&self) -> bool {
        self.generation == SchemaGeneration::V3
    }

    fn configured(&self, keys: &[&str]) -> bool {
        self.configured
            .is_some_and(|c| keys.iter().any(|k| c.contains(*k)))
    }

    fn unknown_whole(&self, key: &str) -> bool {
        unknown_whole(self.res, key)
    }

    fn pending(&self, keys: &[&str], inline: bool) -> Vec<String> {
        pending(self.res, keys, inline)
    }
}

/// The bucket's own claim on `part`, or `None` when its attributes say nothing about it.
pub fn claim(
    src: &BucketSource<'_>,
    part: Part,
    warnings: &mut Vec<Warning>,
) -> Option<DesiredPart> {
    let mut w = Warnings {
        address: &src.res.address,
        out: warnings,
    };
    let c = match &part.spec().inline.form {
        InlineForm::None => return None,
        InlineForm::Block {
            attribute,
            v3_empty_is_none,
            read,
        } => crate::parts::inline::block(src, attribute, *v3_empty_is_none, *read, &mut w)?,
        InlineForm::Custom(claim) => claim(src, &mut w)?,
    };
    Some(DesiredPart {
        value: c.value.map(Into::into),
        origin: c.origin,
        address: src.res.address.clone(),
        sensitive: sensitive(src.res, &c.keys),
        pending: c.pending,
        planned_create: src.planned_create,
        entries: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;
    use serde_json::json;

    fn v4(attrs: Value, configured: Option<&BTreeSet<String>>, part: Part) -> Option<DesiredPart> {
        let res = Resource::test_bucket(attrs);
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
            (p.origin, p.value.map(|v| v.to_value())),
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
            p.value.map(|v| v.to_value()),
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
            p.value.map(|v| v.to_value()),
            Some(json!({"x": {"status": "Enabled", "expiration": {"days": 5}}}))
        );
        assert_eq!(v4(json!({"cors_rule": []}), None, Part::CorsRule), None);
        assert_eq!(
            v4(json!({"versioning": []}), None, Part::PublicAccessBlock),
            None
        );
    }
}
