//! AWS configuration: the standard credential chain, profiles, assume-role and endpoints.

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
