//! `inventory`: the bucket's S3 Inventory configurations, keyed by name:
//! `{"<name>": {"enabled": true, "included_object_versions": "All", "frequency": "Daily",
//!   "filter": {"prefix": "…"}, "optional_fields": ["Size", …],
//!   "destination": {"bucket_arn": "arn:aws:s3:::…", "account_id": "…", "format": "CSV",
//!     "prefix": "…", "encryption": "SSE-S3" | "SSE-KMS <key>"}}}`.

use crate::parts::attr::Obj;
use serde_json::{Map, Value};

/// Where an inventory is written.
pub struct Destination<'a> {
    pub bucket_arn: Option<&'a str>,
    pub account_id: Option<&'a str>,
    pub format: Option<&'a str>,
    pub prefix: Option<&'a str>,
    /// `SSE-S3`, or `SSE-KMS` with its key.
    pub encryption: Option<String>,
}

/// One configuration's canonical value.
pub fn entry(
    enabled: bool,
    versions: Option<&str>,
    frequency: Option<&str>,
    prefix: Option<&str>,
    mut optional_fields: Vec<String>,
    destination: Destination<'_>,
) -> Value {
    optional_fields.sort();
    optional_fields.dedup();
    let destination = Obj::new()
        .text("bucket_arn", destination.bucket_arn)
        .text("account_id", destination.account_id)
        .text("format", destination.format)
        .text("prefix", destination.prefix)
        .text("encryption", destination.encryption.as_deref())
        .finish();
    Obj::new()
        .flag("enabled", enabled)
        .text("included_object_versions", versions)
        .text("frequency", frequency)
        .value("filter", Obj::new().text("prefix", prefix).finish())
        .list("optional_fields", optional_fields)
        .value("destination", destination)
        .build()
}

/// The canonical encryption of an inventory file.
pub fn encryption(sse_s3: bool, kms_key: Option<&str>) -> Option<String> {
    match kms_key {
        Some(key) => Some(format!("SSE-KMS {key}")),
        None => sse_s3.then(|| "SSE-S3".to_string()),
    }
}

/// The part of one named configuration.
pub fn one(name: &str, entry: Value) -> Value {
    let mut m = Map::new();
    m.insert(name.to_string(), entry);
    Value::Object(m)
}
