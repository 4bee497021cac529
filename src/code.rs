//! The one enum of finding kinds.
//!
//! A [`Code`] is stable: it is the `code` of a finding in every output format, the name the
//! README's code table lists, and the one key any rule about findings names. Never rename a
//! variant's string; add a new one instead.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a finding is. Ordered from least to most severe, so `>=` compares thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// The lowercase name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The change class of a finding: what happened to the attribute, independent of which one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Both sides have a value and they differ.
    Changed,
    /// Live has a value the desired side does not (nor is it the AWS default).
    AddedLive,
    /// The desired side has a value that live no longer has.
    RemovedLive,
    /// The live value could not be read. Never drift; always listed.
    Unreadable,
    /// Several resources, or the configuration, claim the same part of one bucket.
    Conflict,
    /// The bucket does not exist live.
    MissingLive,
    /// The bucket name now answers for another account.
    OwnerChanged,
    /// A bucket exists live that no loaded state manages.
    Unmanaged,
    /// A signal from the event trail that is not itself drift (e.g. a burst of denied calls).
    Signal,
}

impl Kind {
    /// The snake_case name used in every output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Changed => "changed",
            Kind::AddedLive => "added_live",
            Kind::RemovedLive => "removed_live",
            Kind::Unreadable => "unreadable",
            Kind::Conflict => "conflict",
            Kind::MissingLive => "missing_live",
            Kind::OwnerChanged => "owner_changed",
            Kind::Unmanaged => "unmanaged",
            Kind::Signal => "signal",
        }
    }

    /// Whether this kind counts as drift for `--fail-on`. Unreadable parts and signals are
    /// reported but are not drift.
    pub fn is_drift(self) -> bool {
        !matches!(self, Kind::Unreadable | Kind::Signal)
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $sev:ident, $summary:literal; )*) => {
        /// A stable rule id for a finding.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $name)] $variant, )*
        }

        impl Code {
            /// Every code, in declaration order (the README's code table).
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable kebab-case id.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The default severity, after the usual S3 drift rules: encryption removed or
            /// downgraded and public exposure are critical, policy changes high, lifecycle and
            /// tags low.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// One line saying what the rule means, for listings of the codes.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// Parses a stable id back into a code.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $( $name => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// Encryption moved to a weaker setting (KMS → SSE-S3, or removed, which on AWS reverts to SSE-S3).
    EncryptionDowngraded = "encryption-downgraded", Critical, "Default encryption was downgraded or removed";
    /// Encryption changed without getting weaker (another KMS key, bucket key toggled).
    EncryptionChanged = "encryption-changed", High, "Default encryption settings changed";
    /// The public access block was deleted.
    PublicAccessBlockRemoved = "public-access-block-removed", Critical, "The bucket's public access block was removed";
    /// A public access block setting was turned off.
    PublicAccessBlockWeakened = "public-access-block-weakened", Critical, "A public access block setting was turned off";
    /// A public access block setting was turned on or added out of band.
    PublicAccessBlockChanged = "public-access-block-changed", Low, "Public access block settings changed without weakening";
    /// The bucket policy now grants public access.
    PolicyPublic = "policy-public", Critical, "The bucket policy grants access to everyone";
    /// The bucket policy changed.
    PolicyChanged = "policy-changed", High, "The bucket policy changed";
    /// A bucket policy exists live that the code does not have.
    PolicyAdded = "policy-added", High, "A bucket policy was added outside the code";
    /// The bucket policy was deleted.
    PolicyRemoved = "policy-removed", High, "The bucket policy was deleted";
    /// The live policy names a principal that no longer exists (S3 shows its unique id).
    PolicyOrphanedPrincipal = "policy-orphaned-principal", Medium, "The bucket policy names a deleted IAM principal";
    /// The ACL now grants access to AllUsers or AuthenticatedUsers.
    AclPublic = "acl-public", Critical, "The bucket ACL grants access to everyone";
    /// The ACL grants changed.
    AclChanged = "acl-changed", High, "The bucket ACL changed";
    /// Object ownership changed (ACLs re-enabled or disabled).
    OwnershipChanged = "ownership-changed", Medium, "Object ownership controls changed";
    /// Versioning was suspended or never turned on where the code wants it.
    VersioningSuspended = "versioning-suspended", High, "Versioning was suspended";
    /// Versioning changed in another way (enabled out of band).
    VersioningChanged = "versioning-changed", Medium, "Versioning status changed";
    /// MFA delete changed.
    MfaDeleteChanged = "mfa-delete-changed", High, "MFA delete changed";
    /// Lifecycle rules changed.
    LifecycleChanged = "lifecycle-changed", Low, "Lifecycle rules changed";
    /// Replication changed or was removed.
    ReplicationChanged = "replication-changed", Medium, "Replication configuration changed";
    /// Server access logging was turned off.
    LoggingDisabled = "logging-disabled", High, "Server access logging was turned off";
    /// Server access logging target changed.
    LoggingChanged = "logging-changed", Medium, "Server access logging target changed";
    /// CORS rules changed.
    CorsChanged = "cors-changed", Medium, "CORS rules changed";
    /// Static website hosting changed.
    WebsiteChanged = "website-changed", Medium, "Static website hosting changed";
    /// Object lock settings changed.
    ObjectLockChanged = "object-lock-changed", High, "Object lock settings changed";
    /// Tags changed.
    TagsChanged = "tags-changed", Low, "Tags changed";
    /// The bucket no longer exists.
    BucketMissing = "bucket-missing", Critical, "The bucket no longer exists";
    /// The bucket name answers for another account: deleted and re-created by someone else.
    BucketOwnerChanged = "bucket-owner-changed", Critical, "The bucket now belongs to another account";
    /// One attribute could not be read (e.g. AccessDenied). Not drift.
    AttributeUnreadable = "attribute-unreadable", Info, "An attribute could not be read";
    /// Every read of a bucket was denied. Not drift.
    BucketUnreadable = "bucket-unreadable", Medium, "No attribute of the bucket could be read";
    /// Several resources in state manage the same part of one bucket.
    ResourceConflict = "resource-conflict", Medium, "Several resources manage the same part of a bucket";
    /// The configuration sets a part both inline and with a split resource (the provider's flip-flop).
    InlineSplitConflict = "inline-split-conflict", Medium, "A part is set both inline and by a split resource";
    /// A bucket exists live that no loaded state manages.
    UnmanagedBucket = "unmanaged-bucket", Medium, "A bucket exists that no loaded state manages";
    /// A burst of denied bucket-configuration calls by one principal.
    DeniedBurst = "denied-burst", High, "A burst of denied bucket-configuration calls";
    /// Several merged reports compared the same bucket: two states manage it, or a job ran twice.
    DuplicateBucket = "duplicate-bucket", Medium, "The bucket is in several merged reports";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate id {code}");
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
        assert_eq!(Code::from_name("no-such-code"), None);
    }

    #[test]
    fn severity_orders_for_thresholds() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Low > Severity::Info);
    }
}
