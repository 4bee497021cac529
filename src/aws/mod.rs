//! The one AWS edge: settings, credentials, regions, endpoints and the clients of every
//! service s3drift calls (S3, CloudTrail, STS through assume-role). `live/`, `trail/` and
//! `state::remote` build their clients here and nowhere else, so a retry policy, a TLS stack
//! or an endpoint rule is decided once.
//!
//! Every call s3drift makes is a read: Get, List, Head, Describe and LookupEvents only.

pub mod answer;
mod clients;
mod credentials;
mod error;
mod settings;
pub mod throttle;

#[cfg(test)]
pub(crate) use clients::retry_config;
pub use clients::{
    cloudtrail_client, cloudwatch_client, logs_client, s3_client, s3_client_at, s3_client_paced,
    s3_control_client,
};
pub use credentials::sdk_config;
pub use error::{normalise_region, CallError};
pub use settings::{s3_endpoint, AssumeRole, AwsSettings, DEFAULT_SESSION_NAME, FALLBACK_REGION};
