//! `notification`: `{"topic"?: {"<id>": rule}, "queue"?: {…}, "lambda_function"?: {…},
//! "eventbridge"?: true}` where a rule is `{"arn", "events": [sorted], "filter_prefix"?,
//! "filter_suffix"?}`. An empty configuration is no value.

use super::KINDS;
use crate::parts::attr::{blocks, flag, string_set, text, Obj};
use crate::parts::keys::keyed_rules;
use serde_json::Value;

/// One canonical rule from its fields (events in any order).
pub fn canonical_rule(
    arn: Option<&str>,
    mut events: Vec<String>,
    prefix: Option<&str>,
    suffix: Option<&str>,
) -> Value {
    events.retain(|e| !e.is_empty());
    events.sort();
    events.dedup();
    Obj::new()
        .text("arn", arn)
        .list("events", events)
        .text("filter_prefix", prefix)
        .text("filter_suffix", suffix)
        .build()
}

/// The whole configuration from its rule collections (in [`KINDS`] order), `None` when it
/// has nothing.
pub fn canonical(collections: [Option<Value>; 3], eventbridge: bool) -> Option<Value> {
    let mut obj = Obj::new();
    for ((key, _), rules) in KINDS.iter().zip(collections) {
        obj = obj.value(key, rules);
    }
    if eventbridge {
        obj = obj.flag("eventbridge", true);
    }
    obj.finish()
}

/// `aws_s3_bucket_notification`.
pub fn from_split(attrs: &Value) -> Option<Value> {
    let collections = KINDS.map(|(block, arn)| {
        keyed_rules(blocks(attrs, block).into_iter().map(|r| {
            let rule = canonical_rule(
                text(r, arn),
                string_set(r, "events"),
                text(r, "filter_prefix"),
                text(r, "filter_suffix"),
            );
            (text(r, "id"), rule)
        }))
    });
    canonical(collections, flag(attrs, "eventbridge").unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_keyed_by_id_and_events_sorted() {
        let a = json!({"bucket": "b", "eventbridge": false,
            "queue": [{"id": "uploads", "queue_arn": "arn:aws:sqs:eu-west-1:1:q", "events": ["s3:ObjectRemoved:*", "s3:ObjectCreated:*"], "filter_prefix": "in/", "filter_suffix": ""}],
            "topic": [], "lambda_function": []});
        assert_eq!(
            from_split(&a),
            Some(
                json!({"queue": {"uploads": {"arn": "arn:aws:sqs:eu-west-1:1:q",
                "events": ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"], "filter_prefix": "in/"}}})
            )
        );
        assert_eq!(
            from_split(&json!({"eventbridge": true, "topic": []})),
            Some(json!({"eventbridge": true}))
        );
        assert_eq!(from_split(&json!({"eventbridge": false})), None);
    }
}
