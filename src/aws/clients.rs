//! The clients of every AWS service s3drift calls, built one way: one HTTP stack, one retry
//! policy, and endpoint overrides that reach only the service they name.

use super::settings::{s3_endpoint, AwsSettings};
use aws_config::{Region, SdkConfig};
use aws_smithy_types::retry::RetryConfig;
use std::time::Duration;

/// Attempts per call, the first included, for the clients that retry inside the SDK.
const MAX_ATTEMPTS: u32 = 6;

/// The HTTP client for every AWS call: hyper with rustls on ring (one TLS stack).
pub(super) fn http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// Standard retry: throttling (`SlowDown`, 503) and transient errors are retried with
/// jittered exponential backoff. Not adaptive: its client-side rate limiter drops to about
/// half a request per second under a steady share of throttles and does not recover, which
/// stalls a large scan (see [`super::throttle`]). The live reader paces and retries itself
/// ([`s3_client_paced`]).
pub(crate) fn retry_config() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(200))
        .with_max_backoff(Duration::from_secs(10))
}

/// An S3 client for one region. With an endpoint override (an S3-compatible server, a VPC
/// endpoint URL, a test server), addressing is path-style: virtual-host names would need DNS
/// for every bucket under that endpoint.
pub fn s3_client(config: &SdkConfig, aws: &AwsSettings, region: &str) -> aws_sdk_s3::Client {
    s3_client_at(config, s3_endpoint(aws).as_deref(), false, region)
}

/// An S3 client for one region with an explicit endpoint (`None`: AWS's own) and addressing
/// style (path-style is forced anyway when an endpoint is given).
pub fn s3_client_at(
    config: &SdkConfig,
    endpoint: Option<&str>,
    path_style: bool,
    region: &str,
) -> aws_sdk_s3::Client {
    let mut builder = aws_sdk_s3::config::Builder::from(config)
        .region(Region::new(region.to_string()))
        .retry_config(retry_config());
    if let Some(url) = endpoint {
        builder = builder.endpoint_url(url).force_path_style(true);
    } else if path_style {
        builder = builder.force_path_style(true);
    }
    aws_sdk_s3::Client::from_conf(builder.build())
}

/// An S3 client for the live reader, which retries and paces every call itself
/// ([`super::throttle::Retry`]): the SDK sends each attempt once, so every throttle is
/// seen, counted and acted on by one policy shared across buckets and parts.
pub fn s3_client_paced(
    config: &SdkConfig,
    endpoint: Option<&str>,
    region: &str,
) -> aws_sdk_s3::Client {
    let mut builder = aws_sdk_s3::config::Builder::from(config)
        .region(Region::new(region.to_string()))
        .retry_config(RetryConfig::disabled());
    if let Some(url) = endpoint {
        builder = builder.endpoint_url(url).force_path_style(true);
    }
    aws_sdk_s3::Client::from_conf(builder.build())
}

/// An S3 Control client for the live reader (account-level reads), which retries itself
/// like [`s3_client_paced`].
///
/// Without an endpoint override the SDK's rules address `<account>.s3-control.<region>.
/// amazonaws.com`: S3 Control puts the account id in front of the host. With one
/// (`--endpoint-url`, `AWS_ENDPOINT_URL_S3`), requests go to the URL as given and the
/// account travels only in the `x-amz-account-id` header every S3 Control request carries:
/// the same choice as path-style addressing for buckets, since a loopback address or a
/// single-host S3-compatible server has no per-account names (`123456789012.127.0.0.1`
/// resolves nowhere).
pub fn s3_control_client(
    config: &SdkConfig,
    endpoint: Option<&str>,
    region: &str,
) -> aws_sdk_s3control::Client {
    let mut builder = aws_sdk_s3control::config::Builder::from(config)
        .region(Region::new(region.to_string()))
        .retry_config(RetryConfig::disabled());
    if let Some(url) = endpoint {
        builder = builder.endpoint_resolver(AsGiven(url.to_string()));
    }
    aws_sdk_s3control::Client::from_conf(builder.build())
}

/// An S3 Control endpoint override used as given, without the account-id host prefix.
#[derive(Debug)]
struct AsGiven(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for AsGiven {
    fn resolve_endpoint<'a>(
        &'a self,
        _: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(
            aws_smithy_types::endpoint::Endpoint::builder()
                .url(self.0.clone())
                .build(),
        ))
    }
}

/// A CloudWatch Logs client for one region (`doctor`'s metric filters).
pub fn logs_client(config: &SdkConfig, region: &str) -> aws_sdk_cloudwatchlogs::Client {
    let conf = aws_sdk_cloudwatchlogs::config::Builder::from(config)
        .region(Region::new(region.to_string()))
        .retry_config(retry_config())
        .build();
    aws_sdk_cloudwatchlogs::Client::from_conf(conf)
}

/// A CloudWatch client for one region (`doctor`'s alarms).
pub fn cloudwatch_client(config: &SdkConfig, region: &str) -> aws_sdk_cloudwatch::Client {
    let conf = aws_sdk_cloudwatch::config::Builder::from(config)
        .region(Region::new(region.to_string()))
        .retry_config(retry_config())
        .build();
    aws_sdk_cloudwatch::Client::from_conf(conf)
}

/// A CloudTrail client for one region. It never takes the S3 endpoint: an S3-compatible
/// server does not answer CloudTrail. `AWS_ENDPOINT_URL_CLOUDTRAIL` (and the global
/// `AWS_ENDPOINT_URL`) still apply through aws-config.
pub fn cloudtrail_client(config: &SdkConfig, region: &str) -> aws_sdk_cloudtrail::Client {
    let conf = aws_sdk_cloudtrail::config::Builder::from(config)
        .region(Region::new(region.to_string()))
        .retry_config(retry_config())
        .build();
    aws_sdk_cloudtrail::Client::from_conf(conf)
}
