//! Reading Terraform attribute JSON the way the provider writes it: every nested block is
//! a JSON array of objects (Terraform state format), and "not set" is an empty string, `null`, an empty
//! list or a zero count, depending on the attribute and the provider version.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The first object of a nested block (`versioning_configuration[0]`); a bare object is
/// accepted too (plan `planned_values` of very old Terraform versions).
pub fn block<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v.get(key)? {
        Value::Array(items) => items.iter().find(|i| i.is_object()),
        o @ Value::Object(_) => Some(o),
        _ => None,
    }
}

/// Every object of a nested block list or set.
pub fn blocks<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    match v.get(key) {
        Some(Value::Array(items)) => items.iter().filter(|i| i.is_object()).collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => Vec::new(),
    }
}

/// Whether the attribute is a nested block with at least one element.
pub fn has_blocks(v: &Value, key: &str) -> bool {
    !blocks(v, key).is_empty()
}

/// A string attribute, `None` when unset (missing, `null`, `""`).
pub fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str().filter(|s| !s.is_empty())
}

/// A positive count (days, minutes, sizes, priority). The provider writes `0` or `""` for
/// "not set", and some schema versions store numbers as strings, so both forms are read
/// and zero is unset.
pub fn count(v: &Value, key: &str) -> Option<i64> {
    let n = match v.get(key)? {
        Value::Number(n) => n.as_i64()?,
        Value::String(s) => s.trim().parse::<i64>().ok()?,
        _ => return None,
    };
    (n > 0).then_some(n)
}

/// A boolean attribute; `null`, missing and the strings the API uses are read too.
pub fn flag(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") || s == "Enabled" => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") || s == "Disabled" => Some(false),
        _ => None,
    }
}

/// A `map(string)` attribute (tags), with non-string values dropped.
pub fn string_map(v: &Value, key: &str) -> BTreeMap<String, String> {
    match v.get(key) {
        Some(Value::Object(m)) => m
            .iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// The `tag { key, value }` blocks of a filter as a map: the split lifecycle and
/// replication resources both write a filter's single tags this way.
pub fn tag_blocks(filter: &Value) -> BTreeMap<String, String> {
    blocks(filter, "tag")
        .into_iter()
        .filter_map(|t| {
            let value = t.get("value").and_then(Value::as_str).unwrap_or("");
            text(t, "key").map(|k| (k.to_string(), value.to_string()))
        })
        .collect()
}

/// A list or set of strings, sorted and de-duplicated, empty strings dropped.
pub fn string_set(v: &Value, key: &str) -> Vec<String> {
    let mut out: Vec<String> = match v.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    out.sort();
    out.dedup();
    out
}

/// A canonical JSON object under construction: setters skip unset values, and
/// [`Obj::finish`] turns an object with no keys into `None`.
#[derive(Default)]
pub struct Obj(Map<String, Value>);

impl Obj {
    pub fn new() -> Self {
        Obj(Map::new())
    }

    /// Sets a string, skipping `None` and `""`.
    pub fn text(mut self, key: &str, value: Option<&str>) -> Self {
        if let Some(s) = value.filter(|s| !s.is_empty()) {
            self.0.insert(key.to_string(), Value::String(s.to_string()));
        }
        self
    }

    /// Sets a positive count, skipping `None`.
    pub fn count(mut self, key: &str, value: Option<i64>) -> Self {
        if let Some(n) = value {
            self.0.insert(key.to_string(), Value::from(n));
        }
        self
    }

    /// Sets a boolean (always present).
    pub fn flag(mut self, key: &str, value: bool) -> Self {
        self.0.insert(key.to_string(), Value::Bool(value));
        self
    }

    /// Sets any value, skipping `None`.
    pub fn value(mut self, key: &str, value: Option<Value>) -> Self {
        if let Some(v) = value {
            self.0.insert(key.to_string(), v);
        }
        self
    }

    /// Sets a string list, skipping an empty one.
    pub fn list(mut self, key: &str, value: Vec<String>) -> Self {
        if !value.is_empty() {
            self.0.insert(key.to_string(), Value::from(value));
        }
        self
    }

    /// Sets a string map, skipping an empty one.
    pub fn map(mut self, key: &str, value: BTreeMap<String, String>) -> Self {
        if !value.is_empty() {
            let m: Map<String, Value> = value
                .into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect();
            self.0.insert(key.to_string(), Value::Object(m));
        }
        self
    }

    /// The object, or `None` when nothing was set.
    pub fn finish(self) -> Option<Value> {
        (!self.0.is_empty()).then_some(Value::Object(self.0))
    }

    /// The object, empty or not.
    pub fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// A keyed rule collection (`{"<key>": rule}`), `None` when there are no rules.
pub fn keyed(rules: BTreeMap<String, Value>) -> Option<Value> {
    (!rules.is_empty()).then(|| Value::Object(rules.into_iter().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unset_forms_read_as_none() {
        let v = json!({"a": "", "b": null, "c": 0, "d": "0", "e": "30", "f": 7});
        assert_eq!(text(&v, "a"), None);
        assert_eq!(text(&v, "b"), None);
        assert_eq!(count(&v, "c"), None);
        assert_eq!(count(&v, "d"), None);
        assert_eq!(count(&v, "e"), Some(30));
        assert_eq!(count(&v, "f"), Some(7));
        assert_eq!(count(&v, "missing"), None);
    }

    #[test]
    fn blocks_take_the_first_object() {
        let v = json!({"x": [{"k": 1}], "y": [], "z": {"k": 2}, "w": "s"});
        assert_eq!(block(&v, "x"), Some(&json!({"k": 1})));
        assert_eq!(block(&v, "y"), None);
        assert_eq!(block(&v, "z"), Some(&json!({"k": 2})));
        assert_eq!(block(&v, "w"), None);
        assert!(!has_blocks(&v, "y"));
    }

    #[test]
    fn obj_skips_unset_and_empty_is_none() {
        assert_eq!(
            Obj::new().text("a", Some("")).count("b", None).finish(),
            None
        );
        assert_eq!(
            Obj::new().text("a", Some("x")).flag("b", false).finish(),
            Some(json!({"a": "x", "b": false}))
        );
    }
}
