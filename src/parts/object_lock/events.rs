//! `PutObjectLockConfiguration` → the new Object Lock configuration.

use super::canonical;
use crate::parts::xml::{child, count, text};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    NewValue::from_value(value(p))
}

fn value(p: &Value) -> Option<Value> {
    let cfg = child(p, "ObjectLockConfiguration")?;
    let retention = child(cfg, "Rule").and_then(|r| child(r, "DefaultRetention"));
    // The request may leave `ObjectLockEnabled` out when it only sets the default
    // retention of a bucket that has Object Lock; it can only ever be "Enabled".
    let enabled = text(cfg, "ObjectLockEnabled").is_none_or(|e| e == "Enabled");
    canonical(
        enabled,
        retention.and_then(|d| text(d, "Mode")),
        retention.and_then(|d| count(d, "Days")),
        retention.and_then(|d| count(d, "Years")),
    )
}
