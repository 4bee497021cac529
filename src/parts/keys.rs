//! Keys that make values compare by content: rule keys for rules without an `id`, and one
//! spelling per JSON value.

use serde_json::Value;
use std::collections::BTreeMap;

/// The key of a rule: its `id`, or `#` + [`content_key`] of its canonical value.
pub fn rule_key(id: Option<&str>, rule: &Value) -> String {
    match id.filter(|s| !s.is_empty()) {
        Some(id) => id.to_string(),
        None => content_key(rule),
    }
}

/// A rule collection keyed by [`rule_key`] (`{"<key>": rule}`), `None` without rules.
pub fn keyed_rules<'a>(rules: impl IntoIterator<Item = (Option<&'a str>, Value)>) -> Option<Value> {
    let map: BTreeMap<String, Value> = rules
        .into_iter()
        .map(|(id, rule)| (rule_key(id, &rule), rule))
        .collect();
    super::attr::keyed(map)
}

/// A short, stable key for a rule without an `id`: the first 8 hex digits of FNV-1a over the
/// canonical JSON. Content keys make rule lists compare by content instead of position.
pub fn content_key(value: &serde_json::Value) -> String {
    // serde_json keeps insertion order here (a dependency enables `preserve_order`), so
    // keys are sorted before hashing: the same content must give the same key on every side.
    fn sorted(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => {
                let mut entries: Vec<_> = m.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                serde_json::Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.clone(), sorted(v)))
                        .collect(),
                )
            }
            serde_json::Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(sorted).collect())
            }
            other => other.clone(),
        }
    }
    let text = sorted(value).to_string();
    let mut hash: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("#{:08x}", hash >> 32)
}

/// The value with every object's keys in sorted order, so that its JSON text is one
/// spelling per value. (serde_json keeps insertion order when its `preserve_order` feature
/// is on, which other crates in the build turn on.)
pub fn sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sorted_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_key_is_stable_and_order_free() {
        let a: Value = serde_json::from_str(r#"{"a":1,"b":[2]}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b":[2],"a":1}"#).unwrap();
        assert_eq!(content_key(&a), content_key(&b));
        assert_eq!(content_key(&a).len(), 9);
        assert_eq!(rule_key(Some("r1"), &a), "r1");
        assert_eq!(rule_key(Some(""), &a), content_key(&a));
    }
}
