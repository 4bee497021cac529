//! AWS configuration: the standard credential chain, profiles, assume-role and endpoints.
//!
//! Credentials come from aws-config's default chain, the one every AWS tool uses: environment
//! variables, shared config/credentials profiles (SSO included), web identity tokens (how
//! GitHub Actions OIDC arrives), ECS and EC2 instance metadata. `--profile`, `--region` and
//! `--assume-role` narrow it down; nothing here invents a credential source of its own.

use crate::diag::{ErrorCode, InputError};
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_smithy_types::retry::RetryConfig;
use std::time::{Duration, SystemTime};

/// Assume a role before reading (scanning another account).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AssumeRole {
    pub role_arn: String,
    pub external_id: Option<String>,
    pub session_name: Option<String>,
}

/// What the user said about AWS access. Empty fields fall back to aws-config's standard chain.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AwsSettings {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub assume_role: Option<AssumeRole>,
    /// The S3 endpoint (`--endpoint-url`); also read from `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`.
    pub endpoint_url: Option<String>,
}

/// The region used when neither the flags, the environment nor the profile name one. S3
/// answers bucket-location questions from any region, so the first client only has to exist.
pub const FALLBACK_REGION: &str = "us-east-1";

/// The session name used for `--assume-role` without `--role-session-name`. It shows in the
/// target account's CloudTrail, so it names the tool.
pub const DEFAULT_SESSION_NAME: &str = "s3drift";

/// Attempts per call, the first included. Adaptive retry also slows the whole client down
/// when S3 answers `SlowDown`/503, so a large scan backs off instead of hammering.
const MAX_ATTEMPTS: u32 = 6;

/// The HTTP client for every AWS call: hyper with rustls on ring (one TLS stack).
fn http_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    aws_smithy_http_client::Builder::new()
        .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
            aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
        ))
        .build_https()
}

/// Loads the AWS configuration from the standard chain, applies `--profile`, `--region` and
/// `--assume-role`, and checks that credentials resolve, so a missing or expired login is
/// one clear error up front instead of one unreadable attribute per call.
pub async fn sdk_config(aws: &AwsSettings) -> Result<SdkConfig, InputError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http_client())
        .retry_config(retry_config());
    if let Some(profile) = &aws.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &aws.region {
        loader = loader.region(Region::new(region.clone()));
    }
    let mut config = loader.load().await;
    if config.region().is_none() {
        config = config
            .into_builder()
            .region(Region::new(FALLBACK_REGION))
            .build();
    }
    if let Some(role) = &aws.assume_role {
        let mut builder = aws_config::sts::AssumeRoleProvider::builder(role.role_arn.clone())
            .session_name(
                role.session_name
                    .clone()
                    .unwrap_or_else(|| DEFAULT_SESSION_NAME.to_string()),
            )
            .configure(&config);
        if let Some(id) = &role.external_id {
            builder = builder.external_id(id.clone());
        }
        let provider = builder.build().await;
        config = config
            .into_builder()
            .credentials_provider(SharedCredentialsProvider::new(provider))
            .build();
    }
    check_credentials(&config, aws).await?;
    Ok(config)
}

/// Resolves the credentials once (the SDK caches them) and turns a failure into a hint.
async fn check_credentials(config: &SdkConfig, aws: &AwsSettings) -> Result<(), InputError> {
    let Some(provider) = config.credentials_provider() else {
        return Err(no_credentials(aws, "no credential source is configured"));
    };
    match provider.provide_credentials().await {
        Ok(creds) => match creds.expiry() {
            Some(expiry) if expiry <= SystemTime::now() => Err(expired(aws)),
            _ => Ok(()),
        },
        Err(e @ CredentialsError::CredentialsNotLoaded(_)) => {
            Err(no_credentials(aws, &error_chain(&e)))
        }
        Err(e) => {
            let text = error_chain(&e);
            let lower = text.to_ascii_lowercase();
            if lower.contains("expired") || lower.contains("token has expired") {
                Err(expired(aws).help_more(&text))
            } else if let Some(role) = &aws.assume_role {
                Err(InputError::new(
                    ErrorCode::Aws,
                    format!("cannot assume role {}: {text}", role.role_arn),
                )
                .help(
                    "check the role's trust policy allows the calling identity (and the \
                     --external-id it expects), and that the base credentials are valid",
                ))
            } else {
                Err(InputError::new(
                    ErrorCode::Aws,
                    format!("cannot load AWS credentials: {text}"),
                )
                .help(credentials_help(aws)))
            }
        }
    }
}

fn no_credentials(aws: &AwsSettings, detail: &str) -> InputError {
    InputError::new(
        ErrorCode::Aws,
        format!("no AWS credentials found ({detail})"),
    )
    .help(credentials_help(aws))
}

fn expired(aws: &AwsSettings) -> InputError {
    let help = match &aws.profile {
        Some(p) => format!(
            "log in again (`aws sso login --profile {p}` for an SSO profile) or refresh the profile's credentials"
        ),
        None => "log in again (`aws sso login` for an SSO profile) or export fresh credentials".to_string(),
    };
    InputError::new(ErrorCode::Aws, "the AWS credentials have expired").help(help)
}

fn credentials_help(aws: &AwsSettings) -> String {
    match &aws.profile {
        Some(p) => format!(
            "check profile `{p}` in ~/.aws/config; for an SSO profile run `aws sso login --profile {p}`"
        ),
        None => "log in the way the AWS CLI does: `aws sso login --profile NAME` and pass --profile NAME, \
                 export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role is available \
                 (GitHub OIDC via aws-actions/configure-aws-credentials, ECS, EC2)"
            .to_string(),
    }
}

/// The error and its sources, joined: the SDK's top-level messages alone are often vague.
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = s.source();
    }
    text
}

trait HelpMore {
    fn help_more(self, detail: &str) -> Self;
}

impl HelpMore for InputError {
    fn help_more(mut self, detail: &str) -> Self {
        self.message = format!("{} ({detail})", self.message);
        self
    }
}

/// Adaptive retry: throttling (`SlowDown`, 503) and transient errors are retried with
/// backoff, and the client slows down as a whole while S3 keeps throttling.
pub(crate) fn retry_config() -> RetryConfig {
    RetryConfig::adaptive()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(Duration::from_millis(200))
        .with_max_backoff(Duration::from_secs(10))
}

/// The S3 endpoint override in effect: `--endpoint-url`, else `AWS_ENDPOINT_URL_S3`, else
/// `AWS_ENDPOINT_URL` (the variables aws-config itself honours).
pub fn s3_endpoint(aws: &AwsSettings) -> Option<String> {
    aws.endpoint_url
        .clone()
        .or_else(|| env_nonempty("AWS_ENDPOINT_URL_S3"))
        .or_else(|| env_nonempty("AWS_ENDPOINT_URL"))
}

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_endpoint_wins() {
        let aws = AwsSettings {
            endpoint_url: Some("http://127.0.0.1:9".into()),
            ..Default::default()
        };
        assert_eq!(s3_endpoint(&aws).as_deref(), Some("http://127.0.0.1:9"));
    }

    #[test]
    fn error_chain_joins_sources() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl std::fmt::Display for Outer {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("outer")
            }
        }
        impl std::error::Error for Outer {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let e = Outer(std::io::Error::other("inner"));
        assert_eq!(error_chain(&e), "outer: inner");
    }
}
