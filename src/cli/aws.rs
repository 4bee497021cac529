//! AWS access: profile, region, role and endpoint.

use clap::Args;
use s3drift::aws::{AssumeRole, AwsSettings};

/// AWS access.
#[derive(Debug, Args)]
#[command(next_help_heading = "AWS")]
pub struct AwsArgs {
    /// AWS profile (SSO profiles work). Default: the standard credential chain.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Region for calls that need one before the bucket's own region is known.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Assume this role first (scanning another account).
    #[arg(long, value_name = "ARN")]
    pub assume_role: Option<String>,
    /// External id for --assume-role.
    #[arg(long, value_name = "ID", requires = "assume_role")]
    pub external_id: Option<String>,
    /// Session name for --assume-role [default: s3drift].
    #[arg(long, value_name = "NAME", requires = "assume_role")]
    pub role_session_name: Option<String>,
    /// S3 endpoint (S3-compatible stores, local test servers); path-style addressing is used.
    /// AWS_ENDPOINT_URL_S3 and AWS_ENDPOINT_URL are honoured too.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

impl AwsArgs {
    pub(super) fn into_settings(self) -> AwsSettings {
        AwsSettings {
            profile: self.profile,
            region: self.region,
            assume_role: self.assume_role.map(|role_arn| AssumeRole {
                role_arn,
                external_id: self.external_id,
                session_name: self.role_session_name,
            }),
            endpoint_url: self.endpoint_url,
        }
    }
}
