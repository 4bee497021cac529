//! Conformity rule CWL-012, "S3 bucket changes alarm": a metric filter on the
//! trail's CloudWatch Logs group that counts every bucket policy, ACL, CORS, lifecycle and
//! replication change, and an alarm on its metric that notifies through SNS.
//!
//! Whether a filter "matches" is decided the way CloudWatch Logs would: its pattern is
//! evaluated ([`super::pattern`]) on one synthetic CloudTrail record per event, shaped like
//! the records a trail delivers (eventVersion 1.11). The events it misses are named.

use super::pattern::Pattern;
use serde_json::{json, Value};

/// The bucket-configuration events CWL-012 requires the filter to count, in the rule's
/// order. `PutBucketLifecycle`/`DeleteBucketLifecycle` are the event names CloudTrail
/// records for the lifecycle configuration calls.
pub const EVENTS: [&str; 9] = [
    "PutBucketAcl",
    "PutBucketPolicy",
    "PutBucketCors",
    "PutBucketLifecycle",
    "PutBucketReplication",
    "DeleteBucketPolicy",
    "DeleteBucketCors",
    "DeleteBucketLifecycle",
    "DeleteBucketReplication",
];

/// The metric namespace and name the rule's remediation uses.
pub const NAMESPACE: &str = "CloudTrailMetrics";
pub const METRIC: &str = "S3BucketEventCount";
/// The filter and alarm name the fixes suggest.
pub const FILTER_NAME: &str = "S3BucketConfigChanges";

/// The filter pattern that matches exactly [`EVENTS`] from S3.
pub fn pattern() -> String {
    let names: Vec<String> = EVENTS
        .iter()
        .map(|e| format!("($.eventName = {e})"))
        .collect();
    format!(
        "{{ ($.eventSource = s3.amazonaws.com) && ({}) }}",
        names.join(" || ")
    )
}

/// A record of `event` in `region`, as a trail delivers it to CloudWatch Logs.
pub fn record(event: &str, region: &str) -> Value {
    let bucket = "s3drift-doctor-probe";
    json!({
        "eventVersion": "1.11",
        "userIdentity": {
            "type": "AssumedRole",
            "principalId": "AROAEXAMPLEDOCTOR0001:doctor",
            "arn": "arn:aws:sts::111122223333:assumed-role/ops/doctor",
            "accountId": "111122223333",
            "accessKeyId": "ASIAEXAMPLEDOCTOR001",
            "sessionContext": {
                "sessionIssuer": {"type": "Role", "principalId": "AROAEXAMPLEDOCTOR0001",
                    "arn": "arn:aws:iam::111122223333:role/ops", "accountId": "111122223333",
                    "userName": "ops"},
                "attributes": {"creationDate": "2026-01-01T00:00:00Z", "mfaAuthenticated": "false"}
            }
        },
        "eventTime": "2026-01-01T00:00:00Z",
        "eventSource": "s3.amazonaws.com",
        "eventName": event,
        "awsRegion": region,
        "sourceIPAddress": "198.51.100.1",
        "userAgent": "aws-cli/2.18.4",
        "requestParameters": {"bucketName": bucket, "Host": format!("{bucket}.s3.{region}.amazonaws.com")},
        "responseElements": null,
        "requestID": "DOCTOR0000000001",
        "eventID": "00000000-0000-4000-8000-000000000001",
        "readOnly": false,
        "resources": [{"accountId": "111122223333", "type": "AWS::S3::Bucket",
                       "ARN": format!("arn:aws:s3:::{bucket}")}],
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": "111122223333",
        "eventCategory": "Management"
    })
}

/// The CWL-012 events `pattern` does not match, in the rule's order.
pub fn missed(pattern: &Pattern, region: &str) -> Vec<&'static str> {
    EVENTS
        .iter()
        .copied()
        .filter(|e| !pattern.matches(&record(e, region)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::pattern::parse;

    #[test]
    fn the_rules_pattern_matches_every_event_and_nothing_else() {
        let p = parse(&pattern()).unwrap();
        assert!(missed(&p, "eu-west-1").is_empty());
        assert!(!p.matches(&record("PutBucketVersioning", "eu-west-1")));
        let mut other = record("PutBucketPolicy", "eu-west-1");
        other["eventSource"] = "iam.amazonaws.com".into();
        assert!(!p.matches(&other));
    }

    #[test]
    fn a_pattern_without_replication_misses_it() {
        let text = "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }";
        let p = parse(text).unwrap();
        assert_eq!(missed(&p, "us-east-1"), vec!["PutBucketReplication"]);
        // Wildcards count: `PutBucket*` covers every Put event.
        let p = parse("{ $.eventSource = s3.amazonaws.com && ($.eventName = PutBucket* || $.eventName = DeleteBucket*) }").unwrap();
        assert!(missed(&p, "us-east-1").is_empty());
        // A filter on errors only counts none of the successful changes.
        let p = parse("{ $.errorCode = AccessDenied }").unwrap();
        assert_eq!(missed(&p, "us-east-1").len(), EVENTS.len());
    }
}
