//! `logging`: `{"target_bucket", "target_prefix"?}`. An empty prefix is unset.

use crate::parts::attr::{block, text, Obj};
use serde_json::Value;

/// The canonical value from the API's `LoggingEnabled` fields; `None` when logging is off.
pub fn canonical(target_bucket: Option<&str>, target_prefix: Option<&str>) -> Option<Value> {
    target_bucket.filter(|b| !b.is_empty())?;
    Obj::new()
        .text("target_bucket", target_bucket)
        .text("target_prefix", target_prefix)
        .finish()
}

/// `aws_s3_bucket_logging`. A plan may leave `target_bucket` unknown: the known prefix is
/// kept and the bucket is pending, so this never returns `None` for a split resource.
pub fn from_split(attrs: &Value) -> Option<Value> {
    Some(
        Obj::new()
            .text("target_bucket", text(attrs, "target_bucket"))
            .text("target_prefix", text(attrs, "target_prefix"))
            .build(),
    )
}

/// The inline `logging[0]` block of `aws_s3_bucket`. Like the split resource, a known
/// prefix with a bucket unknown until apply is kept.
pub fn from_inline(attrs: &Value) -> Option<Value> {
    let l = block(attrs, "logging")?;
    Obj::new()
        .text("target_bucket", text(l, "target_bucket"))
        .text("target_prefix", text(l, "target_prefix"))
        .finish()
        .or_else(|| Some(Obj::new().build()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn split_and_inline() {
        let s = json!({"bucket": "b", "expected_bucket_owner": "", "target_bucket": "logs", "target_grant": [], "target_prefix": "log/"});
        assert_eq!(
            from_split(&s),
            Some(json!({"target_bucket": "logs", "target_prefix": "log/"}))
        );
        let i = json!({"logging": [{"target_bucket": "logs", "target_prefix": ""}]});
        assert_eq!(from_inline(&i), Some(json!({"target_bucket": "logs"})));
        assert_eq!(from_inline(&json!({"logging": []})), None);
        assert_eq!(
            canonical(Some("logs"), Some("")),
            Some(json!({"target_bucket": "logs"}))
        );
        assert_eq!(canonical(None, Some("x")), None);
    }
}
