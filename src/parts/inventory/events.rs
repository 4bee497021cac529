//! `PutBucketInventoryConfiguration` → the configuration it writes, as one entry. The
//! request is `PUT /?inventory&id=<name>` with an `<InventoryConfiguration>` body (`Id`,
//! `IsEnabled`, `Destination.S3BucketDestination` with `AccountId`, `Bucket`, `Format`,
//! `Prefix`, `Encryption`; `Filter.Prefix`, `IncludedObjectVersions`,
//! `OptionalFields.Field`, `Schedule.Frequency`; S3 API reference). No public CloudTrail
//! record of the event was found, so the reader follows the request shape, as CloudTrail
//! records every other bucket configuration body.

use super::canon::{encryption, entry, one, Destination};
use crate::parts::xml::{boolean, child, text, texts};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event: only the entry it names changed.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(c) = child(p, "InventoryConfiguration") else {
        return NewValue::Unknown;
    };
    let Some(name) = text(c, "Id").or_else(|| text(p, "id")) else {
        return NewValue::Unknown;
    };
    let dest = child(c, "Destination").and_then(|d| child(d, "S3BucketDestination"));
    let enc = dest.and_then(|d| child(d, "Encryption"));
    let destination = Destination {
        bucket_arn: dest.and_then(|d| text(d, "Bucket")),
        account_id: dest.and_then(|d| text(d, "AccountId")),
        format: dest.and_then(|d| text(d, "Format")),
        prefix: dest.and_then(|d| text(d, "Prefix")),
        encryption: encryption(
            enc.is_some_and(|e| e.get("SSE-S3").is_some()),
            enc.and_then(|e| child(e, "SSE-KMS")).and_then(|k| text(k, "KeyId")),
        ),
    };
    let value = entry(
        boolean(c, "IsEnabled").unwrap_or(false),
        text(c, "IncludedObjectVersions"),
        child(c, "Schedule").and_then(|s| text(s, "Frequency")),
        child(c, "Filter").and_then(|f| text(f, "Prefix")),
        child(c, "OptionalFields")
            .map(|f| texts(f, "Field"))
            .unwrap_or_default(),
        destination,
    );
    NewValue::merge(one(name, value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_configuration_is_merged_into_the_part() {
        let p = json!({"bucketName": "b", "inventory": "", "id": "weekly",
            "InventoryConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Id": "weekly",
                "IsEnabled": "true", "IncludedObjectVersions": "Current",
                "Destination": {"S3BucketDestination": {"AccountId": "444455556666",
                    "Bucket": "arn:aws:s3:::elsewhere", "Format": "CSV", "Encryption": {"SSE-S3": ""}}},
                "Schedule": {"Frequency": "Weekly"},
                "OptionalFields": {"Field": ["Size", "ETag"]}}});
        assert_eq!(
            new_value("PutBucketInventoryConfiguration", &p),
            NewValue::merge(json!({"weekly": {"enabled": true, "included_object_versions": "Current",
                "frequency": "Weekly", "optional_fields": ["ETag", "Size"],
                "destination": {"bucket_arn": "arn:aws:s3:::elsewhere", "account_id": "444455556666",
                    "format": "CSV", "encryption": "SSE-S3"}}}))
        );
    }
}
