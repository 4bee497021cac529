//! One CloudTrail record (a JSON object) → one [`Event`], for bucket-configuration events.
//!
//! The event names are the bucket-configuration list of FACTS.md (seed 000's twelve, seed
//! 003's CWL-012 list, and the rest of the monitored parts), taken from
//! [`paths::PARTS`](crate::model::paths::PARTS) so the two cannot disagree, plus
//! `CreateBucket` and `DeleteBucket`.

use super::event::{Action, Event, Evidence, NewValue};
use super::values::text;
use super::{identity, time, values};
use crate::model::paths::PARTS;
use crate::model::Part;
use serde_json::Value;

/// What a bucket-configuration event name does: the action and, for configuration events,
/// the part it changes. `None` for every other event.
pub fn classify(event_name: &str) -> Option<(Action, Option<Part>)> {
    match event_name {
        "CreateBucket" => return Some((Action::CreateBucket, None)),
        "DeleteBucket" => return Some((Action::DeleteBucket, None)),
        _ => {}
    }
    // The API is PutBucketLifecycleConfiguration, the event PutBucketLifecycle (FACTS.md);
    // accept both, and the Put/GetBucketReplication-style aliases some pipelines write.
    let name = match event_name {
        "PutBucketLifecycleConfiguration" => "PutBucketLifecycle",
        other => other,
    };
    PARTS
        .iter()
        .find(|info| info.events.contains(&name))
        .map(|info| (Action::Configure, Some(info.part)))
}

/// Why a record was not turned into an event.
#[derive(Debug, PartialEq)]
pub enum Skip {
    /// Not a bucket-configuration event (or not from S3): skipped without a word.
    Other,
    /// A bucket-configuration record that cannot be read: a warning, counted.
    Malformed(String),
}

/// Turns one record into an event. `origin` names the file and position for messages.
pub fn from_record(record: &Value, origin: &str) -> Result<Event, Skip> {
    let name = text(record, "eventName").ok_or(Skip::Other)?;
    let (action, part) = classify(name).ok_or(Skip::Other)?;
    // Other services have events of the same name (Lightsail's CreateBucket/DeleteBucket).
    if let Some(source) = text(record, "eventSource") {
        if source != "s3.amazonaws.com" {
            return Err(Skip::Other);
        }
    }
    // CloudTrail Insights events are named after the API whose call rate they measure;
    // they are not calls.
    if text(record, "eventType") == Some("AwsCloudTrailInsight") {
        return Err(Skip::Other);
    }
    let time_text = text(record, "eventTime")
        .ok_or_else(|| Skip::Malformed(format!("{name} record has no eventTime")))?;
    let time = time::parse(time_text).ok_or_else(|| {
        Skip::Malformed(format!(
            "{name} record has an eventTime that is not a time: {time_text:?}"
        ))
    })?;
    // Test data written by hand leaves "..." where a value would be (corpus: streamalert);
    // such a record names nobody and nothing reliably.
    let identity_fields = record.get("userIdentity");
    let placeholder = [
        ("eventID", record.get("eventID")),
        (
            "userIdentity.type",
            identity_fields.and_then(|i| i.get("type")),
        ),
        (
            "userIdentity.arn",
            identity_fields.and_then(|i| i.get("arn")),
        ),
    ]
    .into_iter()
    .find(|(_, v)| v.and_then(Value::as_str) == Some("..."));
    if let Some((field, _)) = placeholder {
        return Err(Skip::Malformed(format!(
            "{name} record has the placeholder \"...\" for {field}"
        )));
    }
    let params = record.get("requestParameters").filter(|p| !p.is_null());
    let bucket = params
        .and_then(|p| text(p, "bucketName"))
        .map(str::to_string)
        .or_else(|| bucket_of_resources(record))
        .unwrap_or_default();
    let identity = record.get("userIdentity").cloned().unwrap_or(Value::Null);
    let actor = identity::actor(&identity);
    let user_agent = text(record, "userAgent").map(str::to_string);
    let via = identity::via(user_agent.as_deref(), &actor, text(&identity, "invokedBy"));
    let value = match (action, part) {
        (Action::Configure, Some(part)) => values::new_value(name, part, params),
        _ => NewValue::Unknown,
    };
    let vpc_endpoint_id = text(record, "vpcEndpointId")
        .or_else(|| {
            record
                .get("additionalEventData")
                .and_then(|a| text(a, "vpcEndpointId"))
        })
        .map(str::to_string);
    Ok(Event {
        time,
        name: name.to_string(),
        bucket,
        part,
        action,
        value,
        region: text(record, "awsRegion").map(str::to_string),
        account: text(record, "recipientAccountId")
            .or(actor.account.as_deref())
            .map(str::to_string),
        actor,
        via,
        source_ip: text(record, "sourceIPAddress").map(str::to_string),
        user_agent,
        vpc_endpoint_id,
        event_id: text(record, "eventID").map(str::to_string),
        request_id: text(record, "requestID").map(str::to_string),
        error_code: text(record, "errorCode").map(str::to_string),
        evidence: Evidence::Cloudtrail,
        origin: origin.to_string(),
    })
}

/// The bucket named in `resources[].ARN` (`arn:aws:s3:::name`).
fn bucket_of_resources(record: &Value) -> Option<String> {
    record
        .get("resources")?
        .as_array()?
        .iter()
        .filter_map(|r| {
            r.get("ARN")
                .or_else(|| r.get("arn"))
                .and_then(Value::as_str)
        })
        .find_map(|arn| arn.strip_prefix("arn:aws:s3:::"))
        .map(|b| b.split('/').next().unwrap_or(b).to_string())
        .filter(|b| !b.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_part_event_classifies() {
        for info in PARTS {
            for e in info.events {
                assert_eq!(classify(e), Some((Action::Configure, Some(info.part))));
            }
        }
        assert_eq!(classify("CreateBucket"), Some((Action::CreateBucket, None)));
        assert_eq!(classify("GetBucketPolicy"), None);
        assert_eq!(classify("PutObject"), None);
    }

    #[test]
    fn other_services_are_skipped() {
        let r = json!({"eventName": "DeleteBucket", "eventSource": "lightsail.amazonaws.com", "eventTime": "2024-01-01T00:00:00Z"});
        assert_eq!(from_record(&r, "x"), Err(Skip::Other));
    }

    #[test]
    fn insights_events_are_not_calls() {
        let r = json!({"eventName": "PutBucketPolicy", "eventSource": "s3.amazonaws.com", "eventType": "AwsCloudTrailInsight", "eventTime": "2024-01-01T00:00:00Z"});
        assert_eq!(from_record(&r, "x"), Err(Skip::Other));
    }

    #[test]
    fn bad_time_is_malformed() {
        let r = json!({"eventName": "PutBucketAcl", "eventTime": "..."});
        assert!(matches!(from_record(&r, "x"), Err(Skip::Malformed(_))));
    }
}
