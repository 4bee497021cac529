//! What the read-only calls of `doctor` found, as plain data: the input of
//! `assess`. The AWS edge (`read`) fills it; tests build it by hand.
//!
//! Every call that can fail keeps its failure ([`Failure`]) where its answer would be, so a
//! denied call makes the verdicts that depend on it *unknown*, with the reason, and lands in
//! the report's permission list.

use super::selectors::Selectors;

/// A call that did not answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The API operation, e.g. `GetTrailStatus`.
    pub api: String,
    /// The IAM action it needs, e.g. `cloudtrail:GetTrailStatus`.
    pub action: String,
    /// Where it was asked: a region, a bucket or a trail.
    pub scope: String,
    /// The service refused it for lack of permission.
    pub denied: bool,
    /// The error, one line.
    pub reason: String,
}

/// An answer, or why there is none.
pub type Outcome<T> = Result<T, Failure>;

/// One bucket in scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BucketSeen {
    pub name: String,
    /// The bucket's region: S3's answer, else the state's record; `None` when neither knows.
    pub region: Option<String>,
    /// The bucket does not exist (HeadBucket 404).
    pub missing: bool,
    /// Server access logging: `Some((target bucket, prefix))` when on, `None` when off.
    pub logging: Outcome<Option<(String, String)>>,
    /// The configuration reads `check` makes that were refused (API, IAM action, reason).
    pub denied_reads: Vec<(String, String, String)>,
}

/// `GetTrailStatus`, the parts that matter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrailStatus {
    pub is_logging: bool,
    /// `LatestDeliveryError`: the last delivery to the S3 bucket failed.
    pub latest_delivery_error: Option<String>,
}

/// What listing the trail's delivery folder (`<prefix>/AWSLogs/`) found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// The folder names under `AWSLogs/`: account ids, or organisation ids (`o-…`).
    Found(Vec<String>),
    /// Nothing delivered yet.
    Empty,
}

/// One trail, from `DescribeTrails` in any of the regions asked (shadow and organisation
/// trails included), with what the calls about it answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrailSeen {
    pub name: String,
    pub arn: String,
    pub home_region: String,
    pub multi_region: bool,
    pub organization: bool,
    /// The delivery bucket (`S3BucketName`) and key prefix.
    pub s3_bucket: Option<String>,
    pub s3_key_prefix: Option<String>,
    /// `CloudWatchLogsLogGroupArn`.
    pub log_group_arn: Option<String>,
    pub status: Outcome<TrailStatus>,
    pub selectors: Outcome<Selectors>,
    /// The listing of the delivery folder; `None` when the trail has no bucket.
    pub delivery: Option<Outcome<Delivery>>,
}

impl TrailSeen {
    /// `--cloudtrail s3://bucket/prefix`: the source that reads this trail's files.
    pub fn source(&self) -> Option<String> {
        let bucket = self.s3_bucket.as_deref()?;
        Some(
            match self.s3_key_prefix.as_deref().map(|p| p.trim_matches('/')) {
                Some(p) if !p.is_empty() => format!("s3://{bucket}/{p}"),
                _ => format!("s3://{bucket}"),
            },
        )
    }

    /// Whether the trail records events of `region`.
    pub fn covers(&self, region: &str) -> bool {
        self.multi_region || self.home_region == region
    }

    /// The log group's region and name, from its ARN
    /// (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`).
    pub fn log_group(&self) -> Option<(String, String)> {
        log_group_of(self.log_group_arn.as_deref()?)
    }
}

/// The region and name of a log group ARN.
pub fn log_group_of(arn: &str) -> Option<(String, String)> {
    let mut parts = arn.splitn(7, ':');
    let (_arn, _partition, service, region, _account, kind) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if service != "logs" || kind != "log-group" {
        return None;
    }
    let rest = parts.next()?;
    let name = rest.strip_suffix(":*").unwrap_or(rest);
    (!name.is_empty() && !region.is_empty()).then(|| (region.to_string(), name.to_string()))
}

/// One metric filter of a log group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricFilter {
    pub name: String,
    pub pattern: String,
    /// `(namespace, metric name)` of each metric transformation.
    pub metrics: Vec<(String, String)>,
}

/// One CloudWatch metric alarm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alarm {
    pub name: String,
    /// `(namespace, metric name)` the alarm watches: its own metric, or the metrics of its
    /// metric-math queries.
    pub metrics: Vec<(String, String)>,
    pub actions_enabled: bool,
    pub alarm_actions: Vec<String>,
}

impl Alarm {
    /// The SNS topics among the alarm's actions (CWL-012 notifies through SNS).
    pub fn sns_actions(&self) -> Vec<&str> {
        self.alarm_actions
            .iter()
            .map(String::as_str)
            .filter(|a| a.starts_with("arn:aws:sns:") || a.contains(":sns:"))
            .collect()
    }
}

/// A log group: its region and name.
pub type LogGroup = (String, String);

/// Everything `doctor` read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    /// The region of the profile (or `--region`).
    pub profile_region: String,
    /// The buckets in scope, sorted by name.
    pub buckets: Vec<BucketSeen>,
    /// Per region asked: `DescribeTrails` answered (the ARNs it listed), or failed.
    pub described: Vec<(String, Outcome<Vec<String>>)>,
    /// Every trail found, once, sorted by ARN.
    pub trails: Vec<TrailSeen>,
    /// Per log group (region, name): its metric filters.
    pub filters: Vec<(LogGroup, Outcome<Vec<MetricFilter>>)>,
    /// Per region: its metric alarms.
    pub alarms: Vec<(String, Outcome<Vec<Alarm>>)>,
}

impl Observed {
    /// The regions that hold a bucket in scope, sorted.
    pub fn bucket_regions(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .buckets
            .iter()
            .filter_map(|b| b.region.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_group_arns() {
        assert_eq!(
            log_group_of("arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/Default:*"),
            Some(("us-east-1".into(), "CloudTrail/Default".into()))
        );
        assert_eq!(
            log_group_of("arn:aws:logs:eu-west-1:123456789012:log-group:a:b"),
            Some(("eu-west-1".into(), "a:b".into()))
        );
        assert_eq!(log_group_of("arn:aws:s3:::bucket"), None);
    }

    #[test]
    fn trail_source_flag() {
        let mut t = TrailSeen {
            name: "t".into(),
            arn: "arn".into(),
            home_region: "us-east-1".into(),
            multi_region: false,
            organization: false,
            s3_bucket: Some("trail-bucket".into()),
            s3_key_prefix: Some("/org/".into()),
            log_group_arn: None,
            status: Ok(TrailStatus::default()),
            selectors: Ok(Selectors::default()),
            delivery: None,
        };
        assert_eq!(t.source().as_deref(), Some("s3://trail-bucket/org"));
        t.s3_key_prefix = None;
        assert_eq!(t.source().as_deref(), Some("s3://trail-bucket"));
        assert!(t.covers("us-east-1") && !t.covers("eu-west-1"));
    }
}
