//! `PutBucketCors` → the new CORS rules.

use super::canonical_rule;
use crate::parts::keys::keyed_rules;
use crate::parts::xml::{child, count, many, text, texts};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(cfg) = child(p, "CORSConfiguration") else {
        return NewValue::Unknown;
    };
    NewValue::or_absent(keyed_rules(many(cfg, "CORSRule").into_iter().map(|r| {
        let rule = canonical_rule(
            texts(r, "AllowedHeader"),
            texts(r, "AllowedMethod"),
            texts(r, "AllowedOrigin"),
            texts(r, "ExposeHeader"),
            count(r, "MaxAgeSeconds"),
        );
        (text(r, "ID"), rule)
    })))
}
