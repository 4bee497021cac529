//! One monitored GET per part: the call from [`crate::model::paths::PARTS`], with
//! `ExpectedBucketOwner` when the account is known, turned into a canonical value.
//!
//! Only read operations appear here; the tool never writes to S3.

use super::shape;
use crate::aws::CallError;
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

#[cfg(test)]
mod tests {
    use super::*;
    use aws_credential_types::Credentials;
    use aws_sdk_s3::config::{BehaviorVersion, Region};
    use aws_sdk_s3::operation::get_bucket_tagging::GetBucketTaggingOutput;
    use aws_sdk_s3::types::Tag;
    use aws_smithy_mocks::{mock, MockResponseInterceptor, Rule, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use serde_json::json;

    /// A client answering from `rules`, with the retry configuration the reader uses, in
    /// standard mode: which errors are retried is the same, but adaptive mode's client-side
    /// rate limiter would make a throttled single call wait for seconds of real time.
    fn client(rules: &[&Rule]) -> Client {
        let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::Sequential);
        for rule in rules {
            interceptor = interceptor.with_rule(rule);
        }
        let conf = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_client(aws_smithy_mocks::create_mock_http_client())
            .interceptor(interceptor)
            .retry_config(
                crate::aws::retry_config()
                    .with_retry_mode(aws_smithy_types::retry::RetryMode::Standard),
            )
            .build();
        Client::from_conf(conf)
    }

    fn error(status: u16, code: &str) -> HttpResponse {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>m</Message></Error>"
        );
        HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body),
        )
    }

    fn tags() -> GetBucketTaggingOutput {
        GetBucketTaggingOutput::builder()
            .tag_set(Tag::builder().key("k").value("v").build().expect("tag"))
            .build()
            .expect("output")
    }

    #[tokio::test]
    async fn slowdown_is_retried_until_it_succeeds() {
        let rule = mock!(aws_sdk_s3::Client::get_bucket_tagging)
            .sequence()
            .http_response(|| error(503, "SlowDown"))
            .times(2)
            .output(tags)
            .build();
        let got = get(&client(&[&rule]), Part::Tags, "b", None).await;
        assert_eq!(got.expect("retried").value, Some(json!({"k": "v"})));
        assert_eq!(rule.num_calls(), 3);
    }

    #[test]
    fn the_reader_retries_adaptively() {
        let config = crate::aws::retry_config();
        assert_eq!(config.mode(), aws_smithy_types::retry::RetryMode::Adaptive);
        assert!(config.max_attempts() >= 3);
    }

    #[tokio::test]
    async fn access_denied_is_not_retried() {
        let rule = mock!(aws_sdk_s3::Client::get_bucket_tagging)
            .sequence()
            .http_response(|| error(403, "AccessDenied"))
            .output(tags)
            .build();
        let err = get(&client(&[&rule]), Part::Tags, "b", Some("111122223333"))
            .await
            .unwrap_err();
        assert!(err.is_access_denied());
        assert_eq!(err.reason, "AccessDenied: m");
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn not_configured_codes_come_through() {
        let rule = mock!(aws_sdk_s3::Client::get_bucket_policy)
            .then_http_response(|| error(404, "NoSuchBucketPolicy"));
        let err = get(&client(&[&rule]), Part::Policy, "b", None)
            .await
            .unwrap_err();
        assert_eq!(err.code.as_deref(), Some("NoSuchBucketPolicy"));
        assert!(!err.is_no_such_bucket());
    }

    #[tokio::test]
    async fn a_wrong_region_error_names_the_region_in_its_message() {
        let rule = mock!(aws_sdk_s3::Client::get_bucket_acl).then_http_response(|| {
            HttpResponse::new(
                StatusCode::try_from(400).expect("status"),
                SdkBody::from(
                    "<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization \
                     header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'\
                     </Message></Error>",
                ),
            )
        });
        let err = get(&client(&[&rule]), Part::Acl, "b", None)
            .await
            .unwrap_err();
        assert_eq!(err.redirect_region(), Some("eu-west-1"));
    }

    #[tokio::test]
    async fn head_redirect_names_the_region() {
        let rule = mock!(aws_sdk_s3::Client::head_bucket).then_http_response(|| {
            let mut r =
                HttpResponse::new(StatusCode::try_from(301).expect("status"), SdkBody::empty());
            r.headers_mut().insert("x-amz-bucket-region", "eu-west-3");
            r
        });
        let err = head(&client(&[&rule]), "b", None).await.unwrap_err();
        assert_eq!(err.redirect_region(), Some("eu-west-3"));
        assert_eq!(rule.num_calls(), 1);
    }
}
