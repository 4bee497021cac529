//! Reading CloudTrail `requestParameters`: the request's XML body turned into JSON
//! (CloudTrail User Guide). One child element is an object and several are an array, `xmlns`
//! keys sit inside objects, numbers and booleans may arrive as strings, and the body may be
//! missing altogether. These readers take every form; each part's event reader feeds what
//! they find to the part's canonical normalisers.

use serde_json::Value;
use std::collections::BTreeMap;

/// The child elements called `key`: none, one (an object) or several (an array).
pub fn many<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    match v.get(key) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(one) => vec![one],
    }
}

/// A child object, or the first of several.
pub fn child<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    many(v, key).into_iter().find(|c| c.is_object())
}

/// A text element (a one-element array of text reads as its text). XML→JSON turns a repeated
/// element into an array, and some records repeat `Host`, so this reads the first one; plain
/// JSON fields use [`super::attr::text`].
pub fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    match v.get(key)? {
        Value::String(s) => Some(s.as_str()).filter(|s| !s.is_empty()),
        Value::Array(a) => a.first().and_then(Value::as_str).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Text elements called `key`, one or several.
pub fn texts(v: &Value, key: &str) -> Vec<String> {
    many(v, key)
        .into_iter()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// A number element, written as a number or a numeric string (zero included).
pub fn number(v: &Value, key: &str) -> Option<i64> {
    match v.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A positive number: zero is the API's "not set" for days, sizes and minutes.
pub fn count(v: &Value, key: &str) -> Option<i64> {
    number(v, key).filter(|n| *n > 0)
}

/// A boolean element, written as a boolean or as `"true"`/`"false"`.
pub fn boolean(v: &Value, key: &str) -> Option<bool> {
    match v.get(key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub fn tag_map(v: &Value) -> BTreeMap<String, String> {
    many(v, "Tag")
        .into_iter()
        .filter_map(|t| {
            let k = text(t, "Key")?;
            Some((k.to_string(), text(t, "Value").unwrap_or("").to_string()))
        })
        .collect()
}

/// A lifecycle or replication `Filter`: `Prefix`, `Tag`, sizes, or all of them under `And`.
pub fn filter_parts(
    f: &Value,
) -> (
    Option<&str>,
    BTreeMap<String, String>,
    Option<i64>,
    Option<i64>,
) {
    let and = child(f, "And");
    let source = and.unwrap_or(f);
    let mut tags = tag_map(f);
    tags.extend(tag_map(source));
    (
        text(source, "Prefix").or_else(|| text(f, "Prefix")),
        tags,
        count(source, "ObjectSizeGreaterThan"),
        count(source, "ObjectSizeLessThan"),
    )
}

/// Drops the `xmlns*` keys the XML conversion leaves in objects.
pub fn without_xmlns(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with("xmlns"))
                .map(|(k, v)| (k.clone(), without_xmlns(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_xmlns).collect()),
        other => other.clone(),
    }
}
