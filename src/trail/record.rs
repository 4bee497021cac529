//! One CloudTrail record (a JSON object) → one [`Event`], for bucket-configuration events.
//!
//! The event names are S3's bucket-configuration events (the twelve a Falco S3 drift rule set
//! watches, the CIS CWL-012 alarm's list, and the rest of the monitored parts), taken from
//! each part's module so the two cannot disagree, plus `CreateBucket` and `DeleteBucket`.

use super::event::{Action, Event, Evidence, NewValue, Origin};
use super::{identity, time, values};
use crate::model::Part;
use crate::parts::xml::text;
use serde_json::Value;
use std::sync::Arc;

/// What a bucket-configuration event name does: the action and, for configuration events,
/// the part it changes. `None` for every other event.
pub fn classify(event_name: &str) -> Option<(Action, Option<Part>)> {
    match event_name {
        "CreateBucket" => return Some((Action::CreateBucket, None)),
        "DeleteBucket" => return Some((Action::DeleteBucket, None)),
        _ => {}
    }
    Part::of_event(event_name).map(|part| (Action::Configure, Some(part)))
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
pub fn from_record(record: &Value, origin: &Origin) -> Result<Event, Skip> {
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
    // An account-level call (S3 Control) names no bucket; its `Host` is
    // `<account>.s3-control.<region>.amazonaws.com`, which must not be read as one.
    let account_level = part.is_some_and(|p| p.spec().live.scope == crate::parts::Scope::Account);
    let bucket = params
        .filter(|_| !account_level)
        .and_then(|p| text(p, "bucketName"))
        .map(str::to_string)
        .or_else(|| bucket_of_resources(record).filter(|_| !account_level))
        .or_else(|| {
            params
                .and_then(|p| text(p, "Host").or_else(|| text(p, "host")))
                .and_then(bucket_of_host)
        })
        .unwrap_or_default();
    let identity = record.get("userIdentity").cloned().unwrap_or(Value::Null);
    let actor = identity::actor(&identity);
    let user_agent = text(record, "userAgent").map(Arc::from);
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
        origin: origin.clone(),
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

/// The bucket a virtual-hosted-style S3 host name names: `<bucket>.s3.<region>.amazonaws.com`,
/// `<bucket>.s3.amazonaws.com`, the legacy `<bucket>.s3-<region>.amazonaws.com`, and the
/// `dualstack` and `s3-fips` variants. A path-style host (`s3.<region>.amazonaws.com`)
/// names no bucket: the bucket is in the path, which CloudTrail does not record here.
pub fn bucket_of_host(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.rsplit_once(':').map_or(host.as_str(), |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host.as_str()
        }
    });
    let rest = host
        .strip_suffix(".amazonaws.com")
        .or_else(|| host.strip_suffix(".amazonaws.com.cn"))?;
    let labels: Vec<&str> = rest.split('.').collect();
    // The endpoint's own labels are at the end; a bucket name may hold dots (and an "s3"
    // label), so the rightmost split that leaves a valid endpoint wins.
    (1..labels.len()).rev().find_map(|i| {
        let endpoint = &labels[i..];
        if !is_s3_endpoint(endpoint) {
            return None;
        }
        let bucket = labels[..i].join(".");
        is_bucket_name(&bucket).then_some(bucket)
    })
}

/// `s3`, `s3-fips`, `s3-<region>` or `s3-external-1`, then optionally `dualstack`, then
/// optionally a region.
fn is_s3_endpoint(labels: &[&str]) -> bool {
    let Some((first, rest)) = labels.split_first() else {
        return false;
    };
    let legacy_region = first.strip_prefix("s3-").filter(|r| is_region(r));
    if !(*first == "s3" || *first == "s3-fips" || legacy_region.is_some()) {
        return false;
    }
    let rest = match rest.split_first() {
        Some((&"dualstack", after)) => after,
        _ => rest,
    };
    match rest {
        [] => true,
        [region] => legacy_region.is_none() && is_region(region),
        _ => false,
    }
}

/// `eu-west-1`, `us-gov-west-1`, `ap-southeast-2`, and the legacy `external-1`.
fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    match parts.as_slice() {
        ["external", "1"] => true,
        [first, middle @ .., last] if !middle.is_empty() => {
            first.len() == 2
                && first.bytes().all(|b| b.is_ascii_lowercase())
                && middle
                    .iter()
                    .all(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_lowercase()))
                && !last.is_empty()
                && last.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// S3's bucket naming rules, enough to tell a bucket from an access point or endpoint label.
fn is_bucket_name(s: &str) -> bool {
    (3..=63).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.ends_with(|c: char| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_event_of_the_issue_classifies_to_its_part() {
        use Part::*;
        let configure = [
            // The twelve events Falco's S3 drift rules watch (CreateBucket and DeleteBucket below).
            ("PutBucketVersioning", Versioning),
            ("PutBucketEncryption", ServerSideEncryptionConfiguration),
            ("DeleteBucketEncryption", ServerSideEncryptionConfiguration),
            ("PutBucketPolicy", Policy),
            ("DeleteBucketPolicy", Policy),
            ("PutBucketAcl", Acl),
            ("PutBucketPublicAccessBlock", PublicAccessBlock),
            ("PutBucketLogging", Logging),
            ("PutBucketLifecycle", LifecycleRule),
            ("PutBucketReplication", ReplicationConfiguration),
            // The CIS "S3 bucket changes" alarm's list (CWL-012).
            ("PutBucketCors", CorsRule),
            ("DeleteBucketCors", CorsRule),
            ("DeleteBucketLifecycle", LifecycleRule),
            ("DeleteBucketReplication", ReplicationConfiguration),
            // The rest of the monitored parts.
            ("PutBucketWebsite", Website),
            ("DeleteBucketWebsite", Website),
            ("PutObjectLockConfiguration", ObjectLockConfiguration),
            ("PutBucketOwnershipControls", OwnershipControls),
            ("DeleteBucketOwnershipControls", OwnershipControls),
            ("PutBucketTagging", Tags),
            ("DeleteBucketTagging", Tags),
            ("DeleteBucketPublicAccessBlock", PublicAccessBlock),
            // The API name of PutBucketLifecycle.
            ("PutBucketLifecycleConfiguration", LifecycleRule),
        ];
        for (name, part) in configure {
            assert_eq!(
                classify(name),
                Some((Action::Configure, Some(part))),
                "{name}"
            );
        }
        assert_eq!(classify("CreateBucket"), Some((Action::CreateBucket, None)));
        assert_eq!(classify("DeleteBucket"), Some((Action::DeleteBucket, None)));
        for other in [
            "GetBucketPolicy",
            "PutObject",
            "GetBucketReplication",
            "PutObjectAcl",
            "PutObjectTagging",
            "ListBuckets",
        ] {
            assert_eq!(classify(other), None, "{other}");
        }
    }

    #[test]
    fn virtual_hosted_names_give_the_bucket() {
        let cases = [
            (
                "acme-prod-data.s3.eu-west-1.amazonaws.com",
                Some("acme-prod-data"),
            ),
            ("acme-prod-data.s3.amazonaws.com", Some("acme-prod-data")),
            (
                "acme-prod-data.s3-eu-west-1.amazonaws.com",
                Some("acme-prod-data"),
            ),
            (
                "acme-prod-data.s3-external-1.amazonaws.com",
                Some("acme-prod-data"),
            ),
            (
                "acme-prod-data.s3.dualstack.eu-west-1.amazonaws.com",
                Some("acme-prod-data"),
            ),
            (
                "acme-prod-data.s3-fips.us-gov-west-1.amazonaws.com",
                Some("acme-prod-data"),
            ),
            (
                "acme-prod-data.s3-fips.dualstack.us-east-1.amazonaws.com",
                Some("acme-prod-data"),
            ),
            (
                "ACME-prod-data.S3.eu-west-1.amazonaws.com:443",
                Some("acme-prod-data"),
            ),
            (
                "logs.example.com.s3.us-east-1.amazonaws.com",
                Some("logs.example.com"),
            ),
            ("backup.s3.s3.us-east-1.amazonaws.com", Some("backup.s3")),
            ("acme-cn.s3.cn-north-1.amazonaws.com.cn", Some("acme-cn")),
            // Path-style: the bucket is in the path.
            ("s3.eu-west-1.amazonaws.com", None),
            ("s3.amazonaws.com", None),
            ("s3-eu-west-1.amazonaws.com", None),
            ("s3.dualstack.eu-west-1.amazonaws.com", None),
            // Not S3 bucket endpoints.
            (
                "ap-111122223333.s3-accesspoint.eu-west-1.amazonaws.com",
                None,
            ),
            ("acme.s3-website-eu-west-1.amazonaws.com", None),
            ("acme-prod-data.s3.eu-west-1.example.com", None),
            ("", None),
        ];
        for (host, bucket) in cases {
            assert_eq!(bucket_of_host(host).as_deref(), bucket, "{host}");
        }
    }

    #[test]
    fn other_services_are_skipped() {
        let r = json!({"eventName": "DeleteBucket", "eventSource": "lightsail.amazonaws.com", "eventTime": "2024-01-01T00:00:00Z"});
        assert_eq!(from_record(&r, &"x".into()), Err(Skip::Other));
    }

    #[test]
    fn insights_events_are_not_calls() {
        let r = json!({"eventName": "PutBucketPolicy", "eventSource": "s3.amazonaws.com", "eventType": "AwsCloudTrailInsight", "eventTime": "2024-01-01T00:00:00Z"});
        assert_eq!(from_record(&r, &"x".into()), Err(Skip::Other));
    }

    #[test]
    fn bad_time_is_malformed() {
        let r = json!({"eventName": "PutBucketAcl", "eventTime": "..."});
        assert!(matches!(
            from_record(&r, &"x".into()),
            Err(Skip::Malformed(_))
        ));
    }
}
