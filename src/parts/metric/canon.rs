//! `metric`: the bucket's CloudWatch request-metrics configurations, keyed by name:
//! `{"<name>": {"name": "<name>", "filter": {"prefix": "…", "tags": {…}, "access_point": "arn:…"}}}`.
//! A configuration without a filter covers the whole bucket. The entry repeats its name so
//! that it is never an empty object: the comparison walks leaves, and an entry without any
//! would vanish from it, hiding a deleted whole-bucket configuration.

use crate::parts::attr::Obj;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One configuration's canonical value.
pub fn entry(
    name: &str,
    prefix: Option<&str>,
    tags: BTreeMap<String, String>,
    access_point: Option<&str>,
) -> Value {
    let filter = Obj::new()
        .text("prefix", prefix)
        .map("tags", tags)
        .text("access_point", access_point)
        .finish();
    Obj::new()
        .text("name", Some(name))
        .value("filter", filter)
        .build()
}

/// The part of one named configuration.
pub fn one(name: &str, entry: Value) -> Value {
    let mut m = Map::new();
    m.insert(name.to_string(), entry);
    Value::Object(m)
}
