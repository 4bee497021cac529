//! What the user said about AWS access: profile, region, a role to assume, endpoints.
//! Empty fields fall back to aws-config's standard chain.

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
}
