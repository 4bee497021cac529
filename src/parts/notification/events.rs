//! `PutBucketNotification(Configuration)` → the new configuration. The request body is
//! `<NotificationConfiguration>` with `TopicConfiguration` (`Topic`), `QueueConfiguration`
//! (`Queue`) and `CloudFunctionConfiguration` (`CloudFunction`) elements, each with `Id`,
//! repeated `Event` and `Filter.S3Key.FilterRule` (`Name` prefix or suffix, `Value`), and
//! an empty `EventBridgeConfiguration` (S3 API reference). No public CloudTrail record of
//! these events was at hand, so the shape is the API's, read with the same XML-to-JSON
//! rules as every other event.

use super::{canonical, canonical_rule};
use crate::parts::keys::keyed_rules;
use crate::parts::xml::{child, many, text, texts};
use crate::parts::NewValue;
use serde_json::Value;

/// The request's element and ARN names for each destination kind, in `KINDS` order.
const ELEMENTS: [(&str, &str); 3] = [
    ("TopicConfiguration", "Topic"),
    ("QueueConfiguration", "Queue"),
    ("CloudFunctionConfiguration", "CloudFunction"),
];

/// The new value of a `Put` event; an empty configuration removes every notification.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(cfg) = child(p, "NotificationConfiguration") else {
        return NewValue::Unknown;
    };
    let collections = ELEMENTS.map(|(element, arn)| {
        keyed_rules(many(cfg, element).into_iter().map(|r| {
            let rule = canonical_rule(
                text(r, arn),
                texts(r, "Event"),
                filter(r, "prefix"),
                filter(r, "suffix"),
            );
            (text(r, "Id"), rule)
        }))
    });
    let eventbridge = cfg
        .get("EventBridgeConfiguration")
        .is_some_and(|v| !v.is_null());
    NewValue::or_absent(canonical(collections, eventbridge))
}

/// The value of the key filter rule called `name` (S3 accepts either case).
fn filter<'a>(rule: &'a Value, name: &str) -> Option<&'a str> {
    let key = child(rule, "Filter").and_then(|f| child(f, "S3Key"))?;
    many(key, "FilterRule")
        .into_iter()
        .find(|r| text(r, "Name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
        .and_then(|r| text(r, "Value"))
}
