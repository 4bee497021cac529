//! `PutBucketPolicy` → the new policy document.

use crate::parts::xml::without_xmlns;
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    NewValue::from_value(value(p))
}

fn value(p: &Value) -> Option<Value> {
    match p.get("bucketPolicy")? {
        Value::Object(_) => p.get("bucketPolicy").map(without_xmlns),
        // Some records carry the policy as a JSON string; one that does not parse carries no
        // usable value (corpus: PutBucketPolicy__panther-analysis__4).
        Value::String(s) => serde_json::from_str::<Value>(s)
            .ok()
            .filter(Value::is_object),
        _ => None,
    }
}
