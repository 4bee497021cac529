//! Leaves whose desired value is unknown until apply (`DesiredPart::pending`, from a plan's
//! `after_unknown`) are never compared: they are taken out of both sides first.
//!
//! The model writes them relative to the part, with Terraform's attribute names and list
//! positions left out (`rule.apply_server_side_encryption_by_default.kms_master_key_id`,
//! `versioning_configuration.status`, `rule.expiration.days`), and `*` for the whole part.
//! Each part says where those names land ([`Pending`]). Where a name cannot be placed in the
//! canonical value with certainty, the whole part counts as pending: comparing a value nobody
//! knows yet would report drift that is not there.

use super::leaves;
use crate::model::Part;
use crate::parts::Pending;
use serde_json::Value;

/// Removes the pending leaves from both sides. Returns false when the whole part is pending.
pub fn strip(
    part: Part,
    pending: &[String],
    want: &mut Option<Value>,
    have: &mut Option<Value>,
) -> bool {
    pending.iter().all(|p| strip_one(part, p, want, have))
}

fn strip_one(part: Part, path: &str, want: &mut Option<Value>, have: &mut Option<Value>) -> bool {
    let mut segs = leaves::segments(path);
    if segs.first().map(String::as_str) == Some(part.key()) {
        segs.remove(0);
    }
    if path == "*" || segs.is_empty() {
        return false;
    }
    match part.spec().pending {
        Pending::Whole => false,
        Pending::Rules {
            wrappers,
            wrapped,
            fields,
            under,
            top,
        } => {
            if top.contains(&segs[0].as_str()) {
                for side in [want, have].into_iter().flatten() {
                    remove_key(side, &segs[0]);
                }
                return true;
            }
            if !drop_wrapper(&mut segs, wrappers) && wrapped {
                return false;
            }
            let Some(field) = segs
                .first()
                .and_then(|f| fields.iter().find(|(name, _)| name == f))
                .map(|(_, field)| *field)
            else {
                return false;
            };
            for side in [want, have] {
                let rules = match under {
                    Some(key) => side.as_mut().and_then(|v| v.get_mut(key)),
                    None => side.as_mut(),
                };
                for_each_rule(rules, |rule| remove_key(rule, field));
            }
            true
        }
        Pending::Nested { wrappers, renames } => {
            drop_wrapper(&mut segs, wrappers);
            if let Some((_, to)) = renames.iter().find(|(from, _)| *from == segs[0]) {
                segs[0] = to.to_string();
            }
            // Terraform's nesting can go deeper than the canonical value (`index_document.
            // suffix` is the canonical `index_document`): the deepest node either side has
            // on the path is taken out of both.
            let depth = depth(want.as_ref(), &segs).max(depth(have.as_ref(), &segs));
            if depth == 0 {
                return false;
            }
            for side in [want, have].into_iter().flatten() {
                leaves::remove(side, &segs[..depth]);
            }
            true
        }
    }
}

/// Drops the first segment when it is one of `names`; says whether it did.
fn drop_wrapper(segs: &mut Vec<String>, names: &[&str]) -> bool {
    if segs.len() > 1 && names.contains(&segs[0].as_str()) {
        segs.remove(0);
        true
    } else {
        false
    }
}

/// How many leading segments of `segs` exist as object keys in `value`.
fn depth(value: Option<&Value>, segs: &[String]) -> usize {
    let mut node = value;
    let mut n = 0;
    for key in segs {
        match node.and_then(|v| v.as_object()).and_then(|m| m.get(key)) {
            Some(child) => {
                node = Some(child);
                n += 1;
            }
            None => break,
        }
    }
    n
}

fn remove_key(value: &mut Value, key: &str) {
    if let Value::Object(m) = value {
        m.remove(key);
    }
}

fn for_each_rule(map: Option<&mut Value>, mut f: impl FnMut(&mut Value)) {
    if let Some(Value::Object(rules)) = map {
        rules.values_mut().for_each(&mut f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(part: Part, p: &str, want: Value, have: Value) -> Option<(Value, Value)> {
        let (mut w, mut h) = (Some(want), Some(have));
        strip(part, &[p.to_string()], &mut w, &mut h).then(|| (w.unwrap(), h.unwrap()))
    }

    #[test]
    fn star_and_part_key_are_the_whole_part() {
        assert!(run(Part::Policy, "*", json!({}), json!({})).is_none());
        assert!(run(Part::Policy, "policy", json!({}), json!({})).is_none());
    }

    #[test]
    fn exact_leaf_is_removed_and_siblings_stay() {
        let p = "rule.apply_server_side_encryption_by_default.kms_master_key_id";
        let want = json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}}});
        let have = json!({"rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms", "kms_master_key_id": "k"}}});
        let (w, h) = run(
            Part::ServerSideEncryptionConfiguration,
            p,
            want.clone(),
            have,
        )
        .unwrap();
        assert_eq!(w, want);
        assert_eq!(h, want);
    }

    #[test]
    fn terraform_wrappers_map_to_canonical_fields() {
        let (w, h) = run(
            Part::Versioning,
            "versioning_configuration.status",
            json!({"mfa_delete": false}),
            json!({"status": "Enabled", "mfa_delete": false}),
        )
        .unwrap();
        assert_eq!(w, h);
        let (_, h) = run(
            Part::Website,
            "index_document.suffix",
            json!({}),
            json!({"index_document": "index.html", "error_document": "e.html"}),
        )
        .unwrap();
        assert_eq!(h, json!({"error_document": "e.html"}));
    }

    #[test]
    fn rule_fields_are_removed_from_every_rule() {
        let have = json!({"a": {"status": "Enabled", "expiration": {"days": 1}},
                          "b": {"status": "Enabled", "expiration": {"days": 2}}});
        let (_, h) = run(Part::LifecycleRule, "rule.expiration.days", json!({}), have).unwrap();
        assert_eq!(
            h,
            json!({"a": {"status": "Enabled"}, "b": {"status": "Enabled"}})
        );
        assert!(run(Part::LifecycleRule, "rule.id", json!({}), json!({})).is_none());
        assert!(run(
            Part::CorsRule,
            "cors_rule.allowed_origins",
            json!({}),
            json!({})
        )
        .is_none());
    }

    #[test]
    fn unplaceable_names_make_the_part_pending() {
        assert!(run(
            Part::Logging,
            "target_object_key_format",
            json!({"target_bucket": "b"}),
            json!({"target_bucket": "b"})
        )
        .is_none());
    }
}
