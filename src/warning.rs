//! Warnings as data: a non-fatal note for the user, with a stable code, the file, resource or
//! source it is about, and a message. Every renderer shows them; JSON lists them in
//! `warnings[]`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A note that does not stop the run.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Warning {
    /// What kind of note it is (stable).
    pub code: WarningCode,
    /// What it is about: a file, a resource address, an event source.
    pub source: String,
    /// One sentence.
    pub message: String,
}

impl Warning {
    /// A warning about `source`.
    pub fn new(code: WarningCode, source: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            code,
            source: source.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.source.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.source, self.message)
        }
    }
}

/// Stable codes of warnings, kebab-case in every output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningCode {
    /// A state or plan file with no S3 resource.
    NoS3Resources,
    /// Something in a state or plan file that is read around (a data source, a deposed
    /// instance, a resource change without values).
    StateContent,
    /// An `aws_s3_*` resource that cannot be tied to a bucket.
    UnresolvedResource,
    /// A bucket managed by several `aws_s3_bucket` resources, or one resource in several files.
    DuplicateResource,
    /// A value the reader cannot use (a canned ACL S3 does not know, a policy that is not
    /// JSON, routing rules that are not JSON): the part is compared as well as it can be.
    UnreadableValue,
    /// A CloudTrail record or access-log line that cannot be read; the rest is.
    MalformedRecord,
    /// Terraform code that source locations cannot be read from (a file that does not
    /// parse, a module source that cannot be followed): findings point at less.
    SourceLocation,
    /// An event source that reaches less far than asked (LookupEvents' 90 days, a region
    /// not covered, a trail bucket's location).
    SourceLimit,
    /// A state or plan file that was not plain UTF-8 (gzip-compressed, UTF-16 with a byte
    /// order mark) and was decoded first.
    InputEncoding,
    /// AWS throttled the live read: how many answers said "slow down", how many retries
    /// were sent and how many calls were given up.
    Throttled,
    /// A policy file `ignore` past its `expires` date: it no longer suppresses anything.
    IgnoreExpired,
}

impl WarningCode {
    /// The stable kebab-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::NoS3Resources => "no-s3-resources",
            WarningCode::StateContent => "state-content",
            WarningCode::UnresolvedResource => "unresolved-resource",
            WarningCode::DuplicateResource => "duplicate-resource",
            WarningCode::UnreadableValue => "unreadable-value",
            WarningCode::MalformedRecord => "malformed-record",
            WarningCode::SourceLocation => "source-location",
            WarningCode::SourceLimit => "source-limit",
            WarningCode::InputEncoding => "input-encoding",
            WarningCode::Throttled => "throttled",
            WarningCode::IgnoreExpired => "ignore-expired",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_serde() {
        for code in [
            WarningCode::NoS3Resources,
            WarningCode::StateContent,
            WarningCode::UnresolvedResource,
            WarningCode::DuplicateResource,
            WarningCode::UnreadableValue,
            WarningCode::MalformedRecord,
            WarningCode::SourceLocation,
            WarningCode::SourceLimit,
            WarningCode::InputEncoding,
            WarningCode::Throttled,
            WarningCode::IgnoreExpired,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
    }
}
