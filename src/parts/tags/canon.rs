//! `tags`: `{"<key>": "<value>"}` from `tags_all`, which holds the resource's `tags` plus
//! the provider's `default_tags`: that is what apply writes to the bucket. States written
//! before `tags_all` existed (provider < 3.38) only have `tags`.
//!
//! An empty map is the code saying "no tags": the part is kept with the value `None`, so a
//! tag added out of band is drift (apply removes it).

use crate::parts::attr::string_map;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The canonical value of a tag map; `None` when it is empty. Keys with the reserved
/// `aws:` prefix (set by AWS services, e.g. `aws:cloudformation:stack-name`) are left out:
/// no one can set or remove them with the tagging API, and the provider ignores them on
/// read, so they are never the code's and never drift.
pub fn canonical(mut tags: BTreeMap<String, String>) -> Option<Value> {
    tags.retain(|k, _| !k.starts_with("aws:"));
    (!tags.is_empty()).then(|| {
        Value::Object(
            tags.into_iter()
                .map(|(k, v)| (k, Value::String(v)))
                .collect::<Map<_, _>>(),
        )
    })
}

/// The attribute that holds the bucket's effective tags: `tags_all` when the schema has
/// it, else `tags`. `None` when neither key is present.
pub fn source_key(attrs: &Value) -> Option<&'static str> {
    if attrs.get("tags_all").is_some() {
        Some("tags_all")
    } else if attrs.get("tags").is_some() {
        Some("tags")
    } else {
        None
    }
}

/// The canonical tags of an `aws_s3_bucket` (`null` and `{}` are no tags).
pub fn from_bucket(attrs: &Value) -> Option<Value> {
    canonical(string_map(attrs, source_key(attrs)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tags_all_wins_over_tags() {
        let a = json!({"tags": {}, "tags_all": {"Name": "shared", "Terraform": "true"}});
        assert_eq!(
            from_bucket(&a),
            Some(json!({"Name": "shared", "Terraform": "true"}))
        );
        assert_eq!(source_key(&a), Some("tags_all"));
        let old = json!({"tags": {"a": "b"}});
        assert_eq!(from_bucket(&old), Some(json!({"a": "b"})));
        assert_eq!(from_bucket(&json!({"tags": null, "tags_all": {}})), None);
        assert_eq!(source_key(&json!({})), None);
        let live: BTreeMap<String, String> =
            [("aws:cloudformation:stack-name", "s"), ("team", "data")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        assert_eq!(canonical(live), Some(json!({"team": "data"})));
    }
}
