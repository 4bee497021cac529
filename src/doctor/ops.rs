//! The read-only calls `doctor` makes beyond those of `check`, each with the IAM action it
//! needs (Service Authorization Reference for CloudTrail, CloudWatch Logs and CloudWatch).
//! The AWS edge names its calls from this table, and `s3drift iam-policy --doctor` is
//! generated from it, so the two cannot drift apart.
//!
//! `doctor` also reads every bucket the way `check` does (HeadBucket, the part GETs) and lists
//! a trail's delivery folder (ListObjectsV2, `s3:ListBucket`); those actions are in the base
//! policy already.

use serde_json::{json, Value};

/// One API call and the IAM action it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    pub api: &'static str,
    pub action: &'static str,
}

/// `DescribeTrails`, with shadow and organisation trails.
pub const DESCRIBE_TRAILS: Operation = Operation {
    api: "DescribeTrails",
    action: "cloudtrail:DescribeTrails",
};
/// `GetTrailStatus`: `IsLogging` and delivery errors.
pub const GET_TRAIL_STATUS: Operation = Operation {
    api: "GetTrailStatus",
    action: "cloudtrail:GetTrailStatus",
};
/// `GetEventSelectors`: management and data events.
pub const GET_EVENT_SELECTORS: Operation = Operation {
    api: "GetEventSelectors",
    action: "cloudtrail:GetEventSelectors",
};
/// `DescribeMetricFilters` of a trail's log group.
pub const DESCRIBE_METRIC_FILTERS: Operation = Operation {
    api: "DescribeMetricFilters",
    action: "logs:DescribeMetricFilters",
};
/// `DescribeAlarms` of the log group's region.
pub const DESCRIBE_ALARMS: Operation = Operation {
    api: "DescribeAlarms",
    action: "cloudwatch:DescribeAlarms",
};
/// `ListObjectsV2` of a trail's delivery folder (in the base policy as `s3:ListBucket`).
pub const LIST_TRAIL_FOLDER: Operation = Operation {
    api: "ListObjectsV2",
    action: "s3:ListBucket",
};

/// The calls only `doctor` makes, in the order it makes them.
pub const OPERATIONS: &[Operation] = &[
    DESCRIBE_TRAILS,
    GET_TRAIL_STATUS,
    GET_EVENT_SELECTORS,
    DESCRIBE_METRIC_FILTERS,
    DESCRIBE_ALARMS,
];

/// The IAM actions of [`OPERATIONS`], sorted.
pub fn actions() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = OPERATIONS.iter().map(|o| o.action).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The statement `iam-policy --doctor` adds. These APIs take no resource-level condition
/// that would narrow them usefully (DescribeTrails and DescribeAlarms support none), so the
/// resource is `*`.
pub fn statement() -> Value {
    json!({
        "Sid": "DoctorReadTrailAndAlarmConfiguration",
        "Effect": "Allow",
        "Action": actions(),
        "Resource": "*"
    })
}

/// The base policy with the doctor's statement added.
pub fn with_doctor(mut policy: Value) -> Value {
    if let Some(statements) = policy.get_mut("Statement").and_then(Value::as_array_mut) {
        statements.push(statement());
    }
    policy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_doctor_statement_holds_every_operation_and_only_reads() {
        let policy = with_doctor(crate::live::iam::policy());
        let statements = policy["Statement"].as_array().unwrap();
        let doctor = statements.last().unwrap();
        let listed: Vec<&str> = doctor["Action"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(
            listed,
            vec![
                "cloudtrail:DescribeTrails",
                "cloudtrail:GetEventSelectors",
                "cloudtrail:GetTrailStatus",
                "cloudwatch:DescribeAlarms",
                "logs:DescribeMetricFilters",
            ]
        );
        for op in OPERATIONS {
            assert!(listed.contains(&op.action), "{}", op.api);
            let verb = op.action.split(':').nth(1).unwrap();
            assert!(
                ["Describe", "Get", "List"]
                    .iter()
                    .any(|p| verb.starts_with(p)),
                "{} is not a read",
                op.action
            );
        }
        // The trail folder listing is already in the base policy.
        let base = crate::live::iam::bucket_actions();
        assert!(base.contains(&LIST_TRAIL_FOLDER.action));
    }
}
