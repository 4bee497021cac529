//! `website`: `{"index_document"?, "error_document"?, "redirect_all_requests_to"?,
//! "routing_rules"?}`.
//!
//! Provider v3 writes the inline block as strings: `redirect_all_requests_to` is `host` or
//! `protocol://host`, and `routing_rules` is the S3 API's JSON. The split resource uses
//! nested blocks (`index_document.suffix`, `redirect_all_requests_to.{host_name, protocol}`,
//! `routing_rule` blocks) and also keeps `routing_rules` as JSON (provider docs for aws_s3_bucket_website_configuration). Routing rules
//! become S3 API-shaped objects (`Condition`, `Redirect` with the API's field names), in
//! order (S3 applies the first match), with empty strings and empty objects left out:
//! state writes `""` for every unset field, so an explicit empty value cannot be told apart.

use crate::parts::attr::{block, blocks, text, Obj};
use crate::parts::Warnings;
use crate::warning::WarningCode;
use serde_json::{Map, Value};

/// `host` or `protocol://host`, the form the inline block and the API's pair both reduce to.
pub fn redirect_target(host_name: Option<&str>, protocol: Option<&str>) -> Option<String> {
    let host = host_name.filter(|h| !h.is_empty())?;
    Some(match protocol.filter(|p| !p.is_empty()) {
        Some(p) => format!("{p}://{host}"),
        None => host.to_string(),
    })
}

/// Drops empty strings, `null` and empty objects, recursively.
fn prune(v: Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Object(m) => {
            let out: Map<String, Value> = m
                .into_iter()
                .filter_map(|(k, v)| prune(v).map(|v| (k, v)))
                .collect();
            (!out.is_empty()).then_some(Value::Object(out))
        }
        Value::Number(n) => Some(Value::String(n.to_string())),
        other => Some(other),
    }
}

/// Canonical routing rules from S3 API-shaped rules (parsed `routing_rules` JSON, the live
/// `RoutingRules`, or CloudTrail's). `HttpErrorCodeReturnedEquals`/`HttpRedirectCode` are
/// strings in the API; numbers are turned into strings.
pub fn canonical_routing_rules(rules: &[Value]) -> Option<Value> {
    let out: Vec<Value> = rules.iter().filter_map(|r| prune(r.clone())).collect();
    (!out.is_empty()).then_some(Value::Array(out))
}

/// Parses a `routing_rules` JSON string. `Err` carries the parser's message.
pub fn parse_routing_rules(json: &str) -> Result<Option<Value>, String> {
    if json.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Array(rules)) => Ok(canonical_routing_rules(&rules)),
        Ok(_) => Err("routing_rules is not a JSON array".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// A split `routing_rule` block as an S3 API-shaped rule.
fn split_routing_rule(r: &Value) -> Value {
    let cond = block(r, "condition").map(|c| {
        Obj::new()
            .text(
                "HttpErrorCodeReturnedEquals",
                text(c, "http_error_code_returned_equals"),
            )
            .text("KeyPrefixEquals", text(c, "key_prefix_equals"))
            .build()
    });
    let redirect = block(r, "redirect").map(|d| {
        Obj::new()
            .text("HostName", text(d, "host_name"))
            .text("HttpRedirectCode", text(d, "http_redirect_code"))
            .text("Protocol", text(d, "protocol"))
            .text("ReplaceKeyPrefixWith", text(d, "replace_key_prefix_with"))
            .text("ReplaceKeyWith", text(d, "replace_key_with"))
            .build()
    });
    Obj::new()
        .value("Condition", cond)
        .value("Redirect", redirect)
        .build()
}

/// `aws_s3_bucket_website_configuration`. `routing_rule` blocks win over the computed
/// `routing_rules` JSON; a JSON that does not parse is kept as a string, with a warning.
pub fn from_split(attrs: &Value, warnings: &mut Warnings<'_>) -> Option<Value> {
    let rules: Vec<Value> = blocks(attrs, "routing_rule")
        .into_iter()
        .map(split_routing_rule)
        .collect();
    let routing = if rules.is_empty() {
        routing_json(text(attrs, "routing_rules"), warnings)
    } else {
        canonical_routing_rules(&rules)
    };
    let redirect = block(attrs, "redirect_all_requests_to")
        .and_then(|r| redirect_target(text(r, "host_name"), text(r, "protocol")));
    Some(
        Obj::new()
            .text(
                "index_document",
                block(attrs, "index_document").and_then(|d| text(d, "suffix")),
            )
            .text(
                "error_document",
                block(attrs, "error_document").and_then(|d| text(d, "key")),
            )
            .text("redirect_all_requests_to", redirect.as_deref())
            .value("routing_rules", routing)
            .build(),
    )
}

fn routing_json(json: Option<&str>, warnings: &mut Warnings<'_>) -> Option<Value> {
    let json = json?;
    match parse_routing_rules(json) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(
                WarningCode::UnreadableValue,
                format!("routing_rules is not valid routing-rule JSON ({e}); compared as text"),
            );
            Some(Value::String(json.to_string()))
        }
    }
}

/// The inline `website[0]` block of `aws_s3_bucket`.
pub fn from_inline(attrs: &Value, warnings: &mut Warnings<'_>) -> Option<Value> {
    let w = block(attrs, "website")?;
    Some(
        Obj::new()
            .text("index_document", text(w, "index_document"))
            .text("error_document", text(w, "error_document"))
            .text(
                "redirect_all_requests_to",
                text(w, "redirect_all_requests_to"),
            )
            .value(
                "routing_rules",
                routing_json(text(w, "routing_rules"), warnings),
            )
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn split_blocks_and_inline_strings_agree() {
        let split = json!({"bucket": "b", "error_document": [{"key": "error.html"}], "expected_bucket_owner": "",
            "index_document": [{"suffix": "index.html"}], "redirect_all_requests_to": [],
            "routing_rule": [{"condition": [{"http_error_code_returned_equals": "", "key_prefix_equals": "docs/"}],
                "redirect": [{"host_name": "", "http_redirect_code": "", "protocol": "", "replace_key_prefix_with": "documents/", "replace_key_with": ""}]}],
            "routing_rules": "[{\"Condition\":{\"KeyPrefixEquals\":\"docs/\"},\"Redirect\":{\"ReplaceKeyPrefixWith\":\"documents/\"}}]",
            "website_domain": "s3-website.eu-west-1.amazonaws.com", "website_endpoint": "b.s3-website.eu-west-1.amazonaws.com"});
        let inline = json!({"website": [{"index_document": "index.html", "error_document": "error.html", "redirect_all_requests_to": "",
            "routing_rules": "[{\"Condition\": {\"KeyPrefixEquals\": \"docs/\"}, \"Redirect\": {\"ReplaceKeyPrefixWith\": \"documents/\", \"HostName\": \"\"}}]"}]});
        let want = json!({"index_document": "index.html", "error_document": "error.html",
            "routing_rules": [{"Condition": {"KeyPrefixEquals": "docs/"}, "Redirect": {"ReplaceKeyPrefixWith": "documents/"}}]});
        let mut out = Vec::new();
        let mut w = Warnings {
            address: "a",
            out: &mut out,
        };
        assert_eq!(from_split(&split, &mut w), Some(want.clone()));
        assert_eq!(from_inline(&inline, &mut w), Some(want));
        assert!(out.is_empty());
    }

    #[test]
    fn redirect_all_and_bad_json() {
        let split = json!({"index_document": [], "error_document": [], "routing_rule": [], "routing_rules": "",
            "redirect_all_requests_to": [{"host_name": "example.com", "protocol": "https"}]});
        let mut out = Vec::new();
        let mut w = Warnings {
            address: "aws_s3_bucket.b",
            out: &mut out,
        };
        assert_eq!(
            from_split(&split, &mut w),
            Some(json!({"redirect_all_requests_to": "https://example.com"}))
        );
        let inline = json!({"website": [{"index_document": "i.html", "routing_rules": "[{oops"}]});
        let got = from_inline(&inline, &mut w).unwrap();
        assert_eq!(got["routing_rules"], json!("[{oops"));
        assert_eq!(from_inline(&json!({"website": []}), &mut w), None);
        assert_eq!(out.len(), 1);
        assert!(out[0]
            .to_string()
            .starts_with("aws_s3_bucket.b: routing_rules"));
    }

    #[test]
    fn numeric_codes_become_strings() {
        let r = canonical_routing_rules(&[
            json!({"Condition": {"HttpErrorCodeReturnedEquals": 404}, "Redirect": {"HttpRedirectCode": "301", "HostName": "h"}}),
        ]);
        assert_eq!(
            r,
            Some(
                json!([{"Condition": {"HttpErrorCodeReturnedEquals": "404"}, "Redirect": {"HttpRedirectCode": "301", "HostName": "h"}}])
            )
        );
    }
}
