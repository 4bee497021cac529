//! `PutBucketMetricsConfiguration` → the configuration it writes, as one entry. The request
//! is `PUT /?metrics&id=<name>` with a `<MetricsConfiguration>` body (`Id`, and a `Filter`
//! with `Prefix`, `Tag`, `AccessPointArn` or `And`; S3 API reference). No public CloudTrail
//! record of the event was found, so the reader follows the request shape, as CloudTrail
//! records every other bucket configuration body.

use super::canon::{entry, one};
use crate::parts::xml::{child, tag_map, text};
use crate::parts::NewValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The new value of a `Put` event: only the entry it names changed.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(c) = child(p, "MetricsConfiguration") else {
        return NewValue::Unknown;
    };
    let Some(name) = text(c, "Id").or_else(|| text(p, "id")) else {
        return NewValue::Unknown;
    };
    let value = match child(c, "Filter") {
        Some(f) => {
            let source = child(f, "And").unwrap_or(f);
            let mut tags = tag_map(f);
            tags.extend(tag_map(source));
            entry(
                name,
                text(source, "Prefix"),
                tags,
                text(source, "AccessPointArn"),
            )
        }
        None => entry(name, None, BTreeMap::new(), None),
    };
    NewValue::merge(one(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_configuration_is_merged_into_the_part() {
        let p = json!({"bucketName": "b", "metrics": "", "id": "docs",
            "MetricsConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Id": "docs",
                "Filter": {"And": {"Prefix": "docs/", "Tag": {"Key": "a", "Value": "1"}}}}});
        assert_eq!(
            new_value("PutBucketMetricsConfiguration", &p),
            NewValue::merge(
                json!({"docs": {"name": "docs", "filter": {"prefix": "docs/", "tags": {"a": "1"}}}})
            )
        );
        let whole = json!({"MetricsConfiguration": {"Id": "all"}});
        assert_eq!(
            new_value("PutBucketMetricsConfiguration", &whole),
            NewValue::merge(json!({"all": {"name": "all"}}))
        );
    }
}
