//! `PutBucketPublicAccessBlock` → the new four settings.

use super::canonical;
use crate::parts::xml::{boolean, child};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    NewValue::from_value(value(p))
}

fn value(p: &Value) -> Option<Value> {
    let cfg = child(p, "PublicAccessBlockConfiguration")?;
    // A setting left out of the request is false (S3 API).
    let flag = |k: &str| boolean(cfg, k).unwrap_or(false);
    Some(canonical([
        flag("BlockPublicAcls"),
        flag("BlockPublicPolicy"),
        flag("IgnorePublicAcls"),
        flag("RestrictPublicBuckets"),
    ]))
}
