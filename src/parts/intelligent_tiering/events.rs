//! `PutBucketIntelligentTieringConfiguration` → the configuration it writes, as one entry.
//! The request is `PUT /?intelligent-tiering&id=<name>` with an
//! `<IntelligentTieringConfiguration>` body (`Id`, `Status`, `Filter` with `Prefix`, `Tag`
//! or `And`, one `Tiering` per access tier; S3 API reference). No public CloudTrail record
//! of the event was found, so the reader follows the request shape, as CloudTrail records
//! every other bucket configuration body.

use super::canon::{entry, one};
use crate::parts::xml::{child, filter_parts, many, number, text};
use crate::parts::NewValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The new value of a `Put` event: only the entry it names changed.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(c) = child(p, "IntelligentTieringConfiguration") else {
        return NewValue::Unknown;
    };
    let Some(name) = text(c, "Id").or_else(|| text(p, "id")) else {
        return NewValue::Unknown;
    };
    let (prefix, tags) = match child(c, "Filter") {
        Some(f) => {
            let (prefix, tags, _, _) = filter_parts(f);
            (prefix, tags)
        }
        None => (None, BTreeMap::new()),
    };
    let tiering: BTreeMap<String, i64> = many(c, "Tiering")
        .into_iter()
        .filter_map(|t| Some((text(t, "AccessTier")?.to_string(), number(t, "Days")?)))
        .collect();
    NewValue::merge(one(name, entry(text(c, "Status"), prefix, tags, tiering)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_configuration_is_merged_into_the_part() {
        let p = json!({"bucketName": "b", "intelligent-tiering": "", "id": "archive",
            "IntelligentTieringConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/",
                "Id": "archive", "Status": "Enabled",
                "Filter": {"And": {"Prefix": "logs/", "Tag": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}},
                "Tiering": [{"AccessTier": "ARCHIVE_ACCESS", "Days": "90"}, {"AccessTier": "DEEP_ARCHIVE_ACCESS", "Days": 180}]}});
        assert_eq!(
            new_value("PutBucketIntelligentTieringConfiguration", &p),
            NewValue::merge(json!({"archive": {"status": "Enabled",
                "filter": {"prefix": "logs/", "tags": {"a": "1", "b": "2"}},
                "tiering": {"ARCHIVE_ACCESS": 90, "DEEP_ARCHIVE_ACCESS": 180}}}))
        );
        assert_eq!(
            new_value("PutBucketIntelligentTieringConfiguration", &json!({"bucketName": "b"})),
            NewValue::Unknown
        );
    }
}
