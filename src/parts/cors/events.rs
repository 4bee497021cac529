//! `PutBucketCors` → the new CORS rules.

use super::canonical_rule;
use crate::parts::attr::keyed;
use crate::parts::keys::rule_key;
use crate::parts::xml::{child, count, many, text, texts};
use crate::parts::NewValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(cfg) = child(p, "CORSConfiguration") else {
        return NewValue::Unknown;
    };
    let mut rules = BTreeMap::new();
    for r in many(cfg, "CORSRule") {
        let rule = canonical_rule(
            texts(r, "AllowedHeader"),
            texts(r, "AllowedMethod"),
            texts(r, "AllowedOrigin"),
            texts(r, "ExposeHeader"),
            count(r, "MaxAgeSeconds"),
        );
        rules.insert(rule_key(text(r, "ID"), &rule), rule);
    }
    NewValue::or_absent(keyed(rules))
}
