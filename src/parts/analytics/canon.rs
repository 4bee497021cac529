//! `analytics_configuration`: the bucket's storage class analysis configurations, keyed by
//! name: `{"<name>": {"name": "<name>", "filter": {"prefix": "…", "tags": {…}},
//!   "export": {"output_schema_version": "V_1", "bucket_arn": "arn:aws:s3:::…",
//!     "account_id": "…", "format": "CSV", "prefix": "…"}}}`. The entry repeats its name so
//! that a configuration with neither filter nor export is never an empty object (the
//! comparison walks leaves, and it would vanish from it).

use crate::parts::attr::Obj;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Where the analysis is exported, if it is.
pub struct Export<'a> {
    pub schema: Option<&'a str>,
    pub bucket_arn: Option<&'a str>,
    pub account_id: Option<&'a str>,
    pub format: Option<&'a str>,
    pub prefix: Option<&'a str>,
}

/// One configuration's canonical value.
pub fn entry(
    name: &str,
    prefix: Option<&str>,
    tags: BTreeMap<String, String>,
    export: Option<Export<'_>>,
) -> Value {
    let export = export.and_then(|e| {
        Obj::new()
            .text("output_schema_version", e.schema)
            .text("bucket_arn", e.bucket_arn)
            .text("account_id", e.account_id)
            .text("format", e.format)
            .text("prefix", e.prefix)
            .finish()
    });
    Obj::new()
        .text("name", Some(name))
        .value("filter", Obj::new().text("prefix", prefix).map("tags", tags).finish())
        .value("export", export)
        .build()
}

/// The part of one named configuration.
pub fn one(name: &str, entry: Value) -> Value {
    let mut m = Map::new();
    m.insert(name.to_string(), entry);
    Value::Object(m)
}
