//! The least-privilege IAM policy, generated from the parts' own read specifications (the
//! ones the reader uses), so the two cannot drift apart.
//!
//! IAM action names differ from the API names (GetBucketEncryption needs
//! `s3:GetEncryptionConfiguration`, HeadBucket needs `s3:ListBucket`; see the Service
//! Authorization Reference for Amazon S3).

use crate::model::Part;
use crate::parts::Scope;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The bucket-level calls besides the per-part GETs, with the IAM action each needs.
pub const BUCKET_CALLS: &[(&str, &str)] = &[
    // The reader's existence, region and ownership check of every bucket; the same action
    // covers ListObjectsV2 on a CloudTrail or access-log bucket.
    ("HeadBucket", "s3:ListBucket"),
    // The region of a CloudTrail log bucket (`--cloudtrail s3://…`).
    ("GetBucketLocation", "s3:GetBucketLocation"),
];

/// Every bucket-level IAM action the tool uses, sorted.
pub fn bucket_actions() -> Vec<&'static str> {
    let set: BTreeSet<&'static str> = Part::ALL
        .iter()
        .filter(|p| p.spec().live.scope == Scope::Bucket)
        .map(|p| p.spec().live.iam_action)
        .chain(BUCKET_CALLS.iter().map(|(_, action)| *action))
        .collect();
    set.into_iter().collect()
}

/// Every account-level IAM action the tool uses (S3 Control reads), sorted. They take no
/// bucket ARN: their resource is `*` (Service Authorization Reference for Amazon S3).
pub fn account_actions() -> Vec<&'static str> {
    let set: BTreeSet<&'static str> = Part::ALL
        .iter()
        .filter(|p| p.spec().live.scope == Scope::Account)
        .map(|p| p.spec().live.iam_action)
        .collect();
    set.into_iter().collect()
}

/// The IAM policy document s3drift needs: read-only, nothing else.
pub fn policy() -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadBucketConfiguration",
                "Effect": "Allow",
                "Action": bucket_actions(),
                "Resource": "arn:aws:s3:::*"
            },
            {
                "Sid": "ReadAccountConfiguration",
                "Effect": "Allow",
                "Action": account_actions(),
                "Resource": "*"
            },
            {
                "Sid": "ListBucketsForUnmanagedFindings",
                "Effect": "Allow",
                "Action": ["s3:ListAllMyBuckets"],
                "Resource": "*"
            },
            {
                "Sid": "ReadStateAndTrailObjects",
                "Effect": "Allow",
                "Action": ["s3:GetObject"],
                "Resource": "arn:aws:s3:::*/*"
            },
            {
                "Sid": "LookUpCloudTrailEvents",
                "Effect": "Allow",
                "Action": ["cloudtrail:LookupEvents"],
                "Resource": "*"
            },
            {
                "Sid": "DecryptStateAndTrailObjects",
                "Effect": "Allow",
                "Action": ["kms:Decrypt"],
                "Resource": "*",
                "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}
            }
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actions(policy: &Value) -> Vec<String> {
        policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["Action"].as_array().unwrap().iter())
            .map(|a| a.as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn every_part_get_has_its_iam_action() {
        let all = actions(&policy());
        for part in Part::ALL {
            let live = part.spec().live;
            assert!(
                all.contains(&live.iam_action.to_string()),
                "{}",
                live.operation
            );
        }
        // The names that differ from the API names (Service Authorization Reference for Amazon S3).
        for a in [
            "s3:GetEncryptionConfiguration",
            "s3:ListBucket",
            "s3:GetLifecycleConfiguration",
            "s3:GetReplicationConfiguration",
            "s3:GetBucketPublicAccessBlock",
            "s3:GetBucketCORS",
            "s3:GetBucketObjectLockConfiguration",
            "s3:GetBucketLocation",
            "s3:ListAllMyBuckets",
            "s3:GetObject",
            "cloudtrail:LookupEvents",
            "kms:Decrypt",
        ] {
            assert!(all.contains(&a.to_string()), "{a}");
        }
    }

    #[test]
    fn read_only() {
        for a in actions(&policy()) {
            let verb = a.split(':').nth(1).unwrap();
            assert!(
                ["Get", "List", "Lookup", "Decrypt"]
                    .iter()
                    .any(|p| verb.starts_with(p)),
                "{a} is not a read action"
            );
        }
    }

    #[test]
    fn bucket_actions_are_sorted_and_unique() {
        let a = bucket_actions();
        let mut sorted = a.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(a, sorted);
        assert!(a.len() <= Part::ALL.len() + BUCKET_CALLS.len());
    }
}
