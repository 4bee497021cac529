//! One bucket-configuration event, normalised from a CloudTrail record or an access-log line.

pub use super::origin::Origin;
use crate::model::Part;
pub use crate::parts::NewValue;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What an event did to its bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Changed (or deleted) one monitored part.
    Configure,
    /// `CreateBucket`.
    CreateBucket,
    /// `DeleteBucket`.
    DeleteBucket,
}

/// Where an event was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    Cloudtrail,
    AccessLog,
}

impl Evidence {
    /// The name used in `Attribution::evidence`.
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Cloudtrail => "cloudtrail",
            Evidence::AccessLog => "access-log",
        }
    }
}

/// Who made a call, as far as the record says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Actor {
    /// Rendered for people: `alice`, `role/ops-admin (alice@example.com)`,
    /// `sso/AdminAccess (alice@example.com)`, `root`, `s3.amazonaws.com`.
    pub principal: String,
    /// The caller's ARN, when the record has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// The caller's account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The account root user made the call.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub root: bool,
    /// An AWS service acting on its own (`userIdentity.type` = `AWSService`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

/// One bucket-configuration call.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    /// When the call was made.
    pub time: jiff::Timestamp,
    /// The CloudTrail event name (`PutBucketPolicy`); access-log operations are mapped to it.
    pub name: String,
    pub bucket: String,
    /// The part it changed, for [`Action::Configure`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    pub action: Action,
    /// The new value, for [`Action::Configure`].
    pub value: NewValue,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The account the event was recorded in (`recipientAccountId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub actor: Actor,
    pub via: Via,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The S3 request id: the same in CloudTrail and in the access log, so one call seen in
    /// both is counted once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Set when the call failed (`AccessDenied`, …). A failed call changed nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    pub evidence: Evidence,
    /// The file (or API) and position the event was read from, for messages.
    pub origin: Origin,
}

impl Event {
    /// Whether the call succeeded (and so may have changed something).
    pub fn succeeded(&self) -> bool {
        self.error_code.is_none()
    }

    /// The order every output uses: time, then bucket, name, id and origin.
    pub fn sort_key(&self) -> (jiff::Timestamp, &str, &str, Option<&str>, &Origin) {
        (
            self.time,
            &self.bucket,
            &self.name,
            self.event_id.as_deref(),
            &self.origin,
        )
    }
}

/// How a change was made, from the user agent and identity. Written as one string in every
/// output, the same words as the text report: `console`, `terraform`, `aws-cli`,
/// `sdk:boto3 (python)`, `cloudformation`, `service:…`, `unknown`, or the agent itself.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum Via {
    Console,
    Terraform,
    Cli,
    /// An AWS SDK; the string names it (e.g. `boto3 (python)`).
    Sdk(String),
    Cloudformation,
    /// An AWS service acting on its own.
    Service(String),
    Other(String),
    Unknown,
}

impl Via {
    /// How a call was made: the same words in every output.
    pub fn label(&self) -> String {
        match self {
            Via::Console => "console".into(),
            Via::Terraform => "terraform".into(),
            Via::Cli => "aws-cli".into(),
            Via::Sdk(s) => format!("sdk:{s}"),
            Via::Cloudformation => "cloudformation".into(),
            Via::Service(s) => format!("service:{s}"),
            Via::Other(s) => s.clone(),
            Via::Unknown => "unknown".into(),
        }
    }
}

impl From<Via> for String {
    fn from(via: Via) -> String {
        via.label()
    }
}

impl From<String> for Via {
    /// Reads a label back (a saved JSON report).
    fn from(label: String) -> Via {
        match label.as_str() {
            "console" => Via::Console,
            "terraform" => Via::Terraform,
            "aws-cli" => Via::Cli,
            "cloudformation" => Via::Cloudformation,
            "unknown" => Via::Unknown,
            _ => match (label.strip_prefix("sdk:"), label.strip_prefix("service:")) {
                (Some(sdk), _) => Via::Sdk(sdk.to_string()),
                (_, Some(service)) => Via::Service(service.to_string()),
                _ => Via::Other(label),
            },
        }
    }
}
