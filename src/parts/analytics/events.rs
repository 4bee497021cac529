//! `PutBucketAnalyticsConfiguration` → the configuration it writes, as one entry. The
//! request is `PUT /?analytics&id=<name>` with an `<AnalyticsConfiguration>` body (`Id`,
//! `Filter` with `Prefix`, `Tag` or `And`, and
//! `StorageClassAnalysis.DataExport` with `OutputSchemaVersion` and
//! `Destination.S3BucketDestination`; S3 API reference). No public CloudTrail record of the
//! event was found, so the reader follows the request shape, as CloudTrail records every
//! other bucket configuration body.

use super::canon::{entry, one, Export};
use crate::parts::xml::{child, tag_map, text};
use crate::parts::NewValue;
use serde_json::Value;
use std::collections::BTreeMap;

/// The new value of a `Put` event: only the entry it names changed.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(c) = child(p, "AnalyticsConfiguration") else {
        return NewValue::Unknown;
    };
    let Some(name) = text(c, "Id").or_else(|| text(p, "id")) else {
        return NewValue::Unknown;
    };
    let (prefix, tags) = match child(c, "Filter") {
        Some(f) => {
            let source = child(f, "And").unwrap_or(f);
            let mut tags = tag_map(f);
            tags.extend(tag_map(source));
            (text(source, "Prefix"), tags)
        }
        None => (None, BTreeMap::new()),
    };
    let data = child(c, "StorageClassAnalysis").and_then(|s| child(s, "DataExport"));
    let export = data.map(|d| {
        let dest = child(d, "Destination").and_then(|x| child(x, "S3BucketDestination"));
        Export {
            schema: text(d, "OutputSchemaVersion"),
            bucket_arn: dest.and_then(|x| text(x, "Bucket")),
            account_id: dest.and_then(|x| text(x, "BucketAccountId")),
            format: dest.and_then(|x| text(x, "Format")),
            prefix: dest.and_then(|x| text(x, "Prefix")),
        }
    });
    NewValue::merge(one(name, entry(name, prefix, tags, export)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_configuration_is_merged_into_the_part() {
        let p = json!({"bucketName": "b", "analytics": "", "id": "docs",
            "AnalyticsConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Id": "docs",
                "Filter": {"Prefix": "docs/"},
                "StorageClassAnalysis": {"DataExport": {"OutputSchemaVersion": "V_1",
                    "Destination": {"S3BucketDestination": {"Format": "CSV",
                        "BucketAccountId": "444455556666", "Bucket": "arn:aws:s3:::collector"}}}}}});
        assert_eq!(
            new_value("PutBucketAnalyticsConfiguration", &p),
            NewValue::merge(json!({"docs": {"name": "docs", "filter": {"prefix": "docs/"},
                "export": {"output_schema_version": "V_1", "bucket_arn": "arn:aws:s3:::collector",
                    "account_id": "444455556666", "format": "CSV"}}}))
        );
    }
}
