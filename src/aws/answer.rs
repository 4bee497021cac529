//! What one part's S3 read gives the live reader, and the small helpers every part's
//! `live.rs` uses to turn an SDK answer into the JSON its normalisers read.

use aws_smithy_types::date_time::Format;
use serde_json::Value;

/// A successful read: the canonical value (`None` when the answer says "not configured"
/// without an error code, e.g. logging off or an empty tag set), and for the ACL the
/// owner's canonical id.
#[derive(Clone, Debug, PartialEq)]
pub struct Got {
    pub value: Option<Value>,
    pub owner_id: Option<String>,
}

impl Got {
    /// A value and nothing else.
    pub fn value(value: Option<Value>) -> Got {
        Got {
            value,
            owner_id: None,
        }
    }
}

/// A timestamp as the provider records it (RFC 3339), `null` when absent.
pub fn date(d: Option<&aws_smithy_types::DateTime>) -> Value {
    d.and_then(|d| d.fmt(Format::DateTime).ok())
        .map(Value::String)
        .unwrap_or(Value::Null)
}

/// An optional field as JSON, `null` when absent.
pub fn opt<T: Into<Value>>(v: Option<T>) -> Value {
    v.map(Into::into).unwrap_or(Value::Null)
}

/// Tags as the provider's `tag { key, value }` blocks.
pub fn tag_blocks(tags: &[aws_sdk_s3::types::Tag]) -> Value {
    Value::Array(
        tags.iter()
            .map(|t| serde_json::json!({"key": t.key(), "value": t.value()}))
            .collect(),
    )
}

/// Tags as the provider's `map(string)`.
pub fn tag_map(tags: &[aws_sdk_s3::types::Tag]) -> Value {
    Value::Object(
        tags.iter()
            .map(|t| (t.key().to_string(), Value::String(t.value().to_string())))
            .collect(),
    )
}
