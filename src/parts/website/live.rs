//! GetBucketWebsite: S3 API-shaped routing rules, in order.

use crate::aws::answer::opt;
use crate::aws::answer::Got;
use crate::aws::CallError;
use aws_sdk_s3::operation::get_bucket_website::GetBucketWebsiteOutput;
use aws_sdk_s3::Client;
use serde_json::Value;
use serde_json::{json, Map};

/// Reads the part.
pub async fn read(client: &Client, bucket: &str, owner: Option<&str>) -> Result<Got, CallError> {
    client
        .get_bucket_website()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| Got::value(value(&o)))
        .map_err(|e| CallError::from_sdk(&e))
}

/// `website`: S3 API-shaped routing rules, in order.
pub fn value(out: &GetBucketWebsiteOutput) -> Option<Value> {
    let redirect = out.redirect_all_requests_to().and_then(|r| {
        super::redirect_target(Some(r.host_name()), r.protocol().map(|p| p.as_str()))
    });
    let rules: Vec<Value> = out
        .routing_rules()
        .iter()
        .map(|r| {
            let mut rule = Map::new();
            if let Some(c) = r.condition() {
                rule.insert(
                    "Condition".into(),
                    json!({
                        "HttpErrorCodeReturnedEquals": opt(c.http_error_code_returned_equals()),
                        "KeyPrefixEquals": opt(c.key_prefix_equals()),
                    }),
                );
            }
            if let Some(d) = r.redirect() {
                rule.insert(
                    "Redirect".into(),
                    json!({
                        "HostName": opt(d.host_name()),
                        "HttpRedirectCode": opt(d.http_redirect_code()),
                        "Protocol": opt(d.protocol().map(|p| p.as_str())),
                        "ReplaceKeyPrefixWith": opt(d.replace_key_prefix_with()),
                        "ReplaceKeyWith": opt(d.replace_key_with()),
                    }),
                );
            }
            Value::Object(rule)
        })
        .collect();
    let mut value = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            value.insert(k.to_string(), v);
        }
    };
    let nonempty = |s: &str| (!s.is_empty()).then(|| Value::String(s.to_string()));
    put(
        "index_document",
        out.index_document().and_then(|d| nonempty(d.suffix())),
    );
    put(
        "error_document",
        out.error_document().and_then(|d| nonempty(d.key())),
    );
    put("redirect_all_requests_to", redirect.map(Value::String));
    put("routing_rules", super::canonical_routing_rules(&rules));
    Some(Value::Object(value))
}
