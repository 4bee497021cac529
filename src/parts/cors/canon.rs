//! `cors_rule`: `{"<key>": {"allowed_headers"?, "allowed_methods", "allowed_origins",
//! "expose_headers"?, "max_age_seconds"?}}`. S3 matches CORS rules by content, so the lists
//! are sorted and rules are keyed by `id` or, without one, by `#` + content key: a reorder
//! is no change. `max_age_seconds` of 0 is the provider's "not set".

use crate::parts::attr::{blocks, count, string_set, text, Obj};
use crate::parts::keys::keyed_rules;
use serde_json::Value;

/// One canonical CORS rule from its fields (lists in any order): the live reader's and
/// the CloudTrail parser's entry point.
pub fn canonical_rule(
    allowed_headers: Vec<String>,
    allowed_methods: Vec<String>,
    allowed_origins: Vec<String>,
    expose_headers: Vec<String>,
    max_age_seconds: Option<i64>,
) -> Value {
    let sorted = |mut v: Vec<String>| {
        v.retain(|s| !s.is_empty());
        v.sort();
        v.dedup();
        v
    };
    Obj::new()
        .list("allowed_headers", sorted(allowed_headers))
        .list("allowed_methods", sorted(allowed_methods))
        .list("allowed_origins", sorted(allowed_origins))
        .list("expose_headers", sorted(expose_headers))
        .count("max_age_seconds", max_age_seconds.filter(|n| *n > 0))
        .build()
}

/// The rules of a `cors_rule` block list (split or inline; inline rules have no `id`).
fn from_rules(holder: &Value) -> Option<Value> {
    keyed_rules(blocks(holder, "cors_rule").into_iter().map(|r| {
        let rule = canonical_rule(
            string_set(r, "allowed_headers"),
            string_set(r, "allowed_methods"),
            string_set(r, "allowed_origins"),
            string_set(r, "expose_headers"),
            count(r, "max_age_seconds"),
        );
        (text(r, "id"), rule)
    }))
}

/// `aws_s3_bucket_cors_configuration`.
pub fn from_split(attrs: &Value) -> Option<Value> {
    from_rules(attrs)
}

/// The inline `cors_rule` list of `aws_s3_bucket`.
pub fn from_inline(attrs: &Value) -> Option<Value> {
    from_rules(attrs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_sorted_and_rules_keyed() {
        let a = json!({"cors_rule": [
            {"allowed_headers": ["*"], "allowed_methods": ["PUT", "GET"], "allowed_origins": ["https://b.example", "https://a.example"], "expose_headers": ["ETag"], "id": "", "max_age_seconds": 3000},
            {"allowed_headers": [], "allowed_methods": ["GET"], "allowed_origins": ["*"], "expose_headers": [], "id": "public", "max_age_seconds": 0}]});
        let got = from_split(&a).unwrap();
        assert_eq!(
            got["public"],
            json!({"allowed_methods": ["GET"], "allowed_origins": ["*"]})
        );
        let first = json!({"allowed_headers": ["*"], "allowed_methods": ["GET", "PUT"], "allowed_origins": ["https://a.example", "https://b.example"], "expose_headers": ["ETag"], "max_age_seconds": 3000});
        assert_eq!(got[crate::parts::keys::rule_key(None, &first)], first);
        // Reordered rules and lists: the same value.
        let b = json!({"cors_rule": [a["cors_rule"][1].clone(), {"allowed_headers": ["*"], "allowed_methods": ["GET", "PUT"], "allowed_origins": ["https://a.example", "https://b.example"], "expose_headers": ["ETag"], "max_age_seconds": 3000}]});
        assert_eq!(from_inline(&b), Some(got));
        assert_eq!(from_inline(&json!({"cors_rule": []})), None);
    }
}
