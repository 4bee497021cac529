//! `PutBucketAccelerateConfiguration` → the new status. The request body is
//! `<AccelerateConfiguration><Status>…</Status></AccelerateConfiguration>` (S3 API
//! reference), which CloudTrail records as `AccelerateConfiguration.Status`.

use super::canonical;
use crate::parts::xml::{child, text};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let status = child(p, "AccelerateConfiguration").and_then(|c| text(c, "Status"));
    NewValue::from_value(status.map(canonical))
}
