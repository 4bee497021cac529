//! Credentials: the standard chain, profiles and assume-role, checked once up front.
//!
//! Credentials come from aws-config's default chain, the one every AWS tool uses: environment
//! variables, shared config/credentials profiles (SSO included), web identity tokens (how
//! GitHub Actions OIDC arrives), ECS and EC2 instance metadata. `--profile`, `--region` and
//! `--assume-role` narrow it down; nothing here invents a credential source of its own.

use super::clients::{http_client, retry_config};
use super::settings::{AwsSettings, DEFAULT_SESSION_NAME, FALLBACK_REGION};
use crate::diag::{ErrorCode, InputError};
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use std::time::SystemTime;

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

#[cfg(test)]
mod tests {
    use super::*;

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
