//! `PutBucketLogging` → the new logging target, or none.

use super::canonical;
use crate::parts::xml;
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(status) = p.get("BucketLoggingStatus").filter(|s| !s.is_null()) else {
        return NewValue::Unknown;
    };
    // A `BucketLoggingStatus` without `LoggingEnabled` turns logging off (corpus:
    // PutBucketLogging__panther-analysis__1).
    match xml::child(status, "LoggingEnabled") {
        None => NewValue::Absent,
        Some(enabled) => NewValue::from_value(canonical(
            xml::text(enabled, "TargetBucket"),
            xml::text(enabled, "TargetPrefix"),
        )),
    }
}
