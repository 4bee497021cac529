//! `PutBucketOwnershipControls` → the new object ownership.

use super::canonical;
use crate::parts::xml::{child, text};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    NewValue::from_value(value(p))
}

fn value(p: &Value) -> Option<Value> {
    let rule = child(child(p, "OwnershipControls")?, "Rule")?;
    text(rule, "ObjectOwnership").map(canonical)
}
