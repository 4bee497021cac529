//! `PutBucketTagging` → the new tag set.

use super::canonical;
use crate::parts::xml::{child, many, tag_map};
use crate::parts::NewValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(tagging) = child(p, "Tagging") else {
        return NewValue::Unknown;
    };
    let mut out = BTreeMap::new();
    for set in many(tagging, "TagSet") {
        out.extend(tag_map(set));
    }
    NewValue::or_absent(canonical(out))
}
