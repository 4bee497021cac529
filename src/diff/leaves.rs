//! Walks two canonical values of one part side by side and yields the differing leaves, under
//! the canonical paths of the path table (`versioning.status`, `lifecycle_rule[<id>].…`,
//! `tags.<key>`, `cors_rule[<key>]`, `acl.grant`, `policy`).
//!
//! Rule collections (lifecycle rules, CORS rules, replication rules, transitions) are maps
//! keyed by rule id in the canonical value, so rules are matched by id and never by position
//! (the S3 API keys rules by `ID`; the provider's lists are ordered only by how they were
//! written). A rule that exists on one side only is one difference at `…[<id>]`; fields of a
//! rule that exists on both sides differ leaf by leaf.

use crate::model::Part;
pub use crate::parts::Leaf;
use serde_json::Value;

/// How a node of a canonical value is compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    /// An object whose keys are attribute names: children are `.key`.
    Object,
    /// A map keyed by rule id or storage class: children are `[key]`.
    Keyed,
    /// Compared as one value.
    Atomic,
}

/// How the node at `pattern` (rule keys replaced with `<id>`) of `part` is compared.
fn node(part: Part, pattern: &str) -> Node {
    let shape = part.spec().shape;
    if shape.keyed.contains(&pattern) {
        Node::Keyed
    } else if shape.atomic.contains(&pattern) {
        Node::Atomic
    } else {
        Node::Object
    }
}

/// The differing leaves of two canonical values of `part`. `None` is an absent part.
pub fn diff(part: Part, expected: Option<&Value>, actual: Option<&Value>) -> Vec<Leaf> {
    let mut out = Vec::new();
    let key = part.key();
    walk(part, key, key, unset(expected), unset(actual), &mut out);
    out
}

/// Semantic equality of one part's canonical values, without context (origin, owner): no
/// differing leaf, or the part's own equivalence (policy documents).
pub fn values_equal(part: Part, desired: &Value, live: &Value) -> bool {
    if let Some(equivalent) = part.spec().compare.equivalent {
        return equivalent(desired, live);
    }
    diff(part, Some(desired), Some(live)).is_empty()
}

/// `null` and an empty object mean "not set" in canonical values.
fn unset(value: Option<&Value>) -> Option<&Value> {
    match value {
        None | Some(Value::Null) => None,
        Some(Value::Object(m)) if m.is_empty() => None,
        Some(v) => Some(v),
    }
}

fn walk(
    part: Part,
    path: &str,
    pattern: &str,
    a: Option<&Value>,
    b: Option<&Value>,
    out: &mut Vec<Leaf>,
) {
    // Tags and rule collections are maps: no map is an empty map, so a deleted tag set or
    // lifecycle configuration is one difference per tag or rule.
    let empty = Value::Object(serde_json::Map::new());
    let (a, b) = if part.spec().shape.maps.contains(&pattern) {
        (a.or(Some(&empty)), b.or(Some(&empty)))
    } else {
        (a, b)
    };
    let kind = node(part, pattern);
    if let (Some(Value::Object(ma)), Some(Value::Object(mb)), Node::Object | Node::Keyed) =
        (a, b, kind)
    {
        let mut keys: Vec<&String> = ma.keys().chain(mb.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            let (child, child_pattern) = match kind {
                Node::Keyed => (format!("{path}[{k}]"), format!("{pattern}[<id>]")),
                _ => (format!("{path}.{k}"), format!("{pattern}.{k}")),
            };
            walk(
                part,
                &child,
                &child_pattern,
                unset(ma.get(k)),
                unset(mb.get(k)),
                out,
            );
        }
        return;
    }
    if leaf_equal(part, pattern, a, b) {
        return;
    }
    out.push(Leaf {
        path: path.to_string(),
        expected: a.cloned(),
        actual: b.cloned(),
    });
}

fn leaf_equal(part: Part, pattern: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    // Boolean flags the API answers as absent when off (mfa_delete, bucket_key_enabled,
    // expired_object_delete_marker) are `false` when set to off: both mean off.
    let off = |v: Option<&Value>| matches!(v, None | Some(Value::Bool(false)));
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            let ordered = part.spec().shape.ordered.contains(&pattern);
            canon(x, ordered) == canon(y, ordered)
        }
        _ => off(a) && off(b),
    }
}

/// A value with integral floats written as integers and, unless `ordered`, every list sorted:
/// the lists inside a leaf (CORS methods/origins/headers, ACL grants) are sets to the API.
/// Website routing rules are evaluated in order and stay ordered.
fn canon(value: &Value, ordered: bool) -> Value {
    match value {
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
            _ => value.clone(),
        },
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(|v| canon(v, ordered)).collect();
            if !ordered {
                items.sort_by_key(|v| v.to_string());
                items.dedup();
            }
            Value::Array(items)
        }
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> =
                m.iter().filter(|(_, v)| !v.is_null()).collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), canon(v, ordered)))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// Splits a canonical path (relative or absolute) into its keys: `rules[r1].destination` →
/// `rules`, `r1`, `destination`. Keys in brackets may contain dots.
pub fn segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            '[' => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                let key: String = chars.by_ref().take_while(|&c| c != ']').collect();
                out.push(key);
            }
            _ => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Removes the node at `segments` from `value`, if it is there. Returns false when `segments`
/// is empty (the whole value is meant).
pub fn remove(value: &mut Value, segments: &[String]) -> bool {
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut node = value;
    for key in parents {
        match node.get_mut(key.as_str()) {
            Some(child) => node = child,
            None => return true,
        }
    }
    if let Value::Object(m) = node {
        m.remove(last.as_str());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_match_by_id_and_whole_rules_are_one_leaf() {
        let a = json!({"keep": {"status": "Enabled", "expiration": {"days": 30}},
                       "gone": {"status": "Enabled"}});
        let b = json!({"new": {"status": "Enabled"},
                       "keep": {"status": "Enabled", "expiration": {"days": 7}}});
        let d = diff(Part::LifecycleRule, Some(&a), Some(&b));
        let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "lifecycle_rule[gone]",
                "lifecycle_rule[keep].expiration.days",
                "lifecycle_rule[new]"
            ]
        );
        assert_eq!(d[1].expected, Some(json!(30)));
        assert_eq!(d[1].actual, Some(json!(7)));
    }

    #[test]
    fn cors_lists_are_sets_but_routing_rules_are_ordered() {
        let a = json!({"r": {"allowed_methods": ["GET", "PUT"], "allowed_origins": ["*"]}});
        let b = json!({"r": {"allowed_methods": ["PUT", "GET"], "allowed_origins": ["*"]}});
        assert!(values_equal(Part::CorsRule, &a, &b));
        let c = json!({"r": {"allowed_methods": ["GET"], "allowed_origins": ["*"]}});
        assert!(!values_equal(Part::CorsRule, &a, &c));
        let w1 = json!({"routing_rules": [{"a": 1}, {"b": 2}]});
        let w2 = json!({"routing_rules": [{"b": 2}, {"a": 1}]});
        assert!(!values_equal(Part::Website, &w1, &w2));
    }

    #[test]
    fn off_flags_equal_absent_but_on_does_not() {
        let a = json!({"status": "Enabled"});
        let b = json!({"status": "Enabled", "mfa_delete": false});
        let c = json!({"status": "Enabled", "mfa_delete": true});
        assert!(values_equal(Part::Versioning, &a, &b));
        assert!(!values_equal(Part::Versioning, &a, &c));
    }

    #[test]
    fn integral_floats_equal_integers() {
        let a = json!({"r": {"status": "Enabled", "expiration": {"days": 30}}});
        let b = json!({"r": {"status": "Enabled", "expiration": {"days": 30.0}}});
        assert!(values_equal(Part::LifecycleRule, &a, &b));
    }

    #[test]
    fn set_lists_of_objects_ignore_key_order() {
        let a: Value = serde_json::from_str(r#"{"r": {"allowed_methods": ["GET"], "allowed_origins": ["*"], "allowed_headers": [{"x": 1, "y": 2}, {"a": 0}]}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"r": {"allowed_origins": ["*"], "allowed_headers": [{"a": 0}, {"y": 2, "x": 1}], "allowed_methods": ["GET"]}}"#).unwrap();
        assert!(values_equal(Part::CorsRule, &a, &b));
    }

    #[test]
    fn tags_are_per_key() {
        let a = json!({"env": "prod", "team": "a"});
        let b = json!({"env": "dev", "team": "a", "x": "y"});
        let d = diff(Part::Tags, Some(&a), Some(&b));
        let paths: Vec<&str> = d.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["tags.env", "tags.x"]);
    }

    #[test]
    fn segments_and_remove() {
        assert_eq!(
            segments("rules[a.b].destination"),
            ["rules", "a.b", "destination"]
        );
        assert_eq!(segments("[r1].expiration"), ["r1", "expiration"]);
        let mut v = json!({"rule": {"x": 1, "y": 2}});
        assert!(remove(&mut v, &segments("rule.x")));
        assert_eq!(v, json!({"rule": {"y": 2}}));
        assert!(!remove(&mut v, &[]));
    }
}
