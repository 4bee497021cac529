//! `PutBucketEncryption` → the new default encryption. S3 applies the first rule.

use super::canonical;
use crate::parts::xml::{boolean, child, text};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let value = (|| {
        let cfg = child(p, "ServerSideEncryptionConfiguration")?;
        let rule = child(cfg, "Rule")?;
        let by_default = child(rule, "ApplyServerSideEncryptionByDefault")?;
        let algorithm = text(by_default, "SSEAlgorithm")?;
        Some(canonical(
            algorithm,
            text(by_default, "KMSMasterKeyID"),
            boolean(rule, "BucketKeyEnabled").unwrap_or(false),
        ))
    })();
    NewValue::from_value(value)
}
