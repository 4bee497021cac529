//! One monitored GET per part: the call from [`crate::model::paths::PARTS`], with
//! `ExpectedBucketOwner` when the account is known, turned into a canonical value.
//!
//! Only read operations appear here; the tool never writes to S3.

use super::error::CallError;
use super::shape;
use crate::model::Part;
use aws_sdk_s3::Client;
use serde_json::Value;

/// A successful read: the canonical value (`None` when the answer says "not configured"
/// without an error code, e.g. logging off or an empty tag set), and for the ACL the
/// owner's canonical id.
#[derive(Clone, Debug, PartialEq)]
pub struct Got {
    pub value: Option<Value>,
    pub owner_id: Option<String>,
}

impl Got {
    fn value(value: Option<Value>) -> Got {
        Got {
            value,
            owner_id: None,
        }
    }
}

/// Sends the part's GET.
pub async fn get(
    client: &Client,
    part: Part,
    bucket: &str,
    owner: Option<&str>,
) -> Result<Got, CallError> {
    let owner = owner.map(str::to_string);
    match part {
        Part::Versioning => client
            .get_bucket_versioning()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::versioning(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::ServerSideEncryptionConfiguration => client
            .get_bucket_encryption()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::encryption(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::LifecycleRule => client
            .get_bucket_lifecycle_configuration()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::lifecycle(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::ReplicationConfiguration => client
            .get_bucket_replication()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::replication(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::Logging => client
            .get_bucket_logging()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::logging(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::PublicAccessBlock => client
            .get_public_access_block()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::public_access_block(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::CorsRule => client
            .get_bucket_cors()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::cors(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::Website => client
            .get_bucket_website()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::website(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::ObjectLockConfiguration => client
            .get_object_lock_configuration()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::object_lock(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::Policy => client
            .get_bucket_policy()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::policy(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::Acl => client
            .get_bucket_acl()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| {
                let (value, owner_id) = shape::acl(&o);
                Got { value, owner_id }
            })
            .map_err(|e| CallError::from_sdk(&e)),
        Part::OwnershipControls => client
            .get_bucket_ownership_controls()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::ownership(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
        Part::Tags => client
            .get_bucket_tagging()
            .bucket(bucket)
            .set_expected_bucket_owner(owner)
            .send()
            .await
            .map(|o| Got::value(shape::tags(&o)))
            .map_err(|e| CallError::from_sdk(&e)),
    }
}

/// What HeadBucket said: the bucket's region (from `x-amz-bucket-region`, on success and
/// on errors alike) or the error.
pub async fn head(
    client: &Client,
    bucket: &str,
    owner: Option<&str>,
) -> Result<Option<String>, CallError> {
    client
        .head_bucket()
        .bucket(bucket)
        .set_expected_bucket_owner(owner.map(str::to_string))
        .send()
        .await
        .map(|o| o.bucket_region().map(str::to_string))
        .map_err(|e| CallError::from_sdk(&e))
}
