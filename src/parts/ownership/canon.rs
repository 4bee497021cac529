//! `ownership_controls`: `{"object_ownership": "BucketOwnerEnforced"|"BucketOwnerPreferred"|"ObjectWriter"}`.

use crate::parts::attr::{block, text, Obj};
use serde_json::Value;

/// The canonical value from the API's `ObjectOwnership`.
pub fn canonical(object_ownership: &str) -> Value {
    Obj::new()
        .text("object_ownership", Some(object_ownership))
        .build()
}

/// `aws_s3_bucket_ownership_controls`: `rule[0].object_ownership`. A plan may leave it
/// unknown; the value is then empty and the leaf pending.
pub fn from_split(attrs: &Value) -> Option<Value> {
    Some(
        Obj::new()
            .text(
                "object_ownership",
                block(attrs, "rule").and_then(|r| text(r, "object_ownership")),
            )
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rule_object_ownership() {
        let a = json!({"bucket": "b", "rule": [{"object_ownership": "BucketOwnerPreferred"}]});
        assert_eq!(from_split(&a), Some(canonical("BucketOwnerPreferred")));
        assert_eq!(
            canonical("ObjectWriter"),
            json!({"object_ownership": "ObjectWriter"})
        );
    }
}
