//! `intelligent_tiering_configuration`: the bucket's S3 Intelligent-Tiering archive
//! configurations, keyed by name:
//! `{"<name>": {"status": "Enabled", "filter": {"prefix": "…", "tags": {…}},
//!   "tiering": {"ARCHIVE_ACCESS": 90, "DEEP_ARCHIVE_ACCESS": 180}}}`.
//! A configuration without a filter covers the whole bucket; tierings are keyed by access
//! tier, as S3 allows one per tier.

use crate::parts::attr::Obj;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One configuration's canonical value.
pub fn entry(
    status: Option<&str>,
    prefix: Option<&str>,
    tags: BTreeMap<String, String>,
    tiering: BTreeMap<String, i64>,
) -> Value {
    let filter = Obj::new().text("prefix", prefix).map("tags", tags).finish();
    let tiering: Map<String, Value> = tiering
        .into_iter()
        .map(|(tier, days)| (tier, Value::from(days)))
        .collect();
    Obj::new()
        // The provider's default and S3's only other value is `Disabled`.
        .text("status", Some(status.unwrap_or("Enabled")))
        .value("filter", filter)
        .value("tiering", (!tiering.is_empty()).then_some(Value::Object(tiering)))
        .build()
}

/// The part of one named configuration.
pub fn one(name: &str, entry: Value) -> Value {
    let mut m = Map::new();
    m.insert(name.to_string(), entry);
    Value::Object(m)
}
