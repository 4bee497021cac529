//! `PutBucketWebsite` → the new website configuration.

use super::{canonical_routing_rules, redirect_target};
use crate::parts::attr::Obj;
use crate::parts::xml::{child, many, text, without_xmlns};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    NewValue::from_value(value(p))
}

fn value(p: &Value) -> Option<Value> {
    let cfg = child(p, "WebsiteConfiguration")?;
    let redirect = child(cfg, "RedirectAllRequestsTo")
        .and_then(|r| redirect_target(text(r, "HostName"), text(r, "Protocol")));
    let routing = child(cfg, "RoutingRules").and_then(|rr| {
        let rules: Vec<Value> = many(rr, "RoutingRule")
            .into_iter()
            .map(without_xmlns)
            .collect();
        canonical_routing_rules(&rules)
    });
    Obj::new()
        .text(
            "index_document",
            child(cfg, "IndexDocument").and_then(|i| text(i, "Suffix")),
        )
        .text(
            "error_document",
            child(cfg, "ErrorDocument").and_then(|e| text(e, "Key")),
        )
        .text("redirect_all_requests_to", redirect.as_deref())
        .value("routing_rules", routing)
        .finish()
}
