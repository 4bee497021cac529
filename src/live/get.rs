//! One read per part, dispatched to the part's own `live.rs` (with `ExpectedBucketOwner`
//! when the account is known), and the HeadBucket every bucket read starts with.
//!
//! Only read operations appear here and in the parts' reads; the tool never writes to S3.

use crate::aws::answer::Got;
use crate::aws::CallError;
use crate::model::Part;
use aws_sdk_s3::Client;

macro_rules! define_reads {
    ($( $part:ident => $module:ident $(($scope:ident))? [$($code:ident = $id:literal),* $(,)?] ),* $(,)?) => {
        /// Sends a bucket part's read (its module's `live.rs`). Parts read once per account
        /// are read by `live::account`; asked for here, they answer with an error.
        pub async fn get(
            client: &Client,
            part: Part,
            bucket: &str,
            owner: Option<&str>,
        ) -> Result<Got, CallError> {
            match part {
                $( Part::$part => bucket_read!($module $(($scope))?, client, bucket, owner), )*
            }
        }

        /// Sends an account part's read (its module's `live.rs`, through S3 Control). Bucket
        /// parts answer with an error.
        pub async fn get_account(
            client: &aws_sdk_s3control::Client,
            part: Part,
            account: &str,
        ) -> Result<Got, CallError> {
            match part {
                $( Part::$part => account_read!($module $(($scope))?, client, account), )*
            }
        }
    };
}

/// A bucket part's read; a part of the account scope has none.
macro_rules! bucket_read {
    ($module:ident, $client:ident, $bucket:ident, $owner:ident) => {
        crate::parts::$module::live::read($client, $bucket, $owner).await
    };
    ($module:ident (account), $client:ident, $bucket:ident, $owner:ident) => {
        Err(CallError {
            reason: format!(
                "{} is read once per account, not per bucket",
                stringify!($module)
            ),
            ..CallError::default()
        })
    };
}

/// An account part's read; a bucket part has none.
macro_rules! account_read {
    ($module:ident, $client:ident, $account:ident) => {
        Err(CallError {
            reason: format!(
                "{} is read per bucket, not per account",
                stringify!($module)
            ),
            ..CallError::default()
        })
    };
    ($module:ident (account), $client:ident, $account:ident) => {
        crate::parts::$module::live::read($client, $account).await
    };
}

crate::registry::for_each_part!(define_reads);

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

    /// A client answering from `rules`, with the SDK's retry configuration (the one of the
    /// clients that retry inside the SDK; the live reader retries itself, and its own policy
    /// is tested in `aws::throttle`).
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
            .retry_config(crate::aws::retry_config())
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
    fn sdk_retries_are_standard_not_adaptive() {
        // Adaptive mode's client-side rate limiter stalls under steady throttling.
        let config = crate::aws::retry_config();
        assert_eq!(config.mode(), aws_smithy_types::retry::RetryMode::Standard);
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
