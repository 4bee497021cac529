//! The one enum of finding codes, with severities and kinds.
//!
//! A [`Code`] is stable: it is the `code` of a finding in every output format, the name the
//! README's code table lists, and the one key any rule about findings names. Never rename a
//! variant's string; add a new one instead.

use crate::registry::Part;
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
    /// Every severity, the most severe first (the order reports list them in).
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

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
    /// A bucket of the loaded states that was not compared at all (a snapshot without it).
    NotCompared,
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
            Kind::NotCompared => "not_compared",
        }
    }

    /// Whether this kind is drift: the code and live disagree (a changed, added or removed
    /// value, a conflict, a missing or re-owned bucket). Unmanaged buckets, signals,
    /// unreadable parts and buckets not compared are counted apart (see the report summary).
    pub fn is_drift(self) -> bool {
        matches!(
            self,
            Kind::Changed
                | Kind::AddedLive
                | Kind::RemovedLive
                | Kind::Conflict
                | Kind::MissingLive
                | Kind::OwnerChanged
        )
    }

    /// Whether `--fail-on` counts this kind at its severity: drift, signals, and unmanaged
    /// buckets (a bucket nobody manages is what a team wants to hear about).
    pub fn counts_for_fail_on(self) -> bool {
        self.is_drift() || matches!(self, Kind::Signal | Kind::Unmanaged)
    }

    /// Whether this kind is a gap in coverage: something that was not compared. Never drift;
    /// it fails a run only with `--fail-on-unreadable`.
    pub fn is_gap(self) -> bool {
        matches!(self, Kind::Unreadable | Kind::NotCompared)
    }
}

/// What a code means, for people and for code-scanning tools: its default severity, a
/// one-line summary, a description that says why it matters, and its message.
#[derive(Clone, Copy, Debug)]
pub struct CodeInfo {
    pub code: Code,
    /// The default severity, after the usual S3 drift rules: encryption removed or
    /// downgraded and public exposure are critical, policy changes high, lifecycle and tags
    /// low. Rules may raise it (a change by the root user is critical).
    pub severity: Severity,
    /// One line saying what the rule means (the README's code table).
    pub summary: &'static str,
    /// What it means and why it matters (SARIF's full description).
    pub description: &'static str,
    /// How to fix it, in Markdown (SARIF's help, the Markdown report).
    pub fix: &'static str,
    /// The finding's one-sentence message.
    pub message: Message,
}

/// The fix of an ordinary change: find out who made it, then put the code's value back or
/// adopt the change in the code.
pub const REVERT: &str = "Check who made the change (the alert names the CloudTrail event when one was found). If the change was not intended, run `terraform apply` to put the code's value back. If it was, write the new value into the code so the two agree.";

/// How a code's message is written. Messages never contain values, so redaction only has to
/// replace a finding's `expected` and `actual`.
#[derive(Clone, Copy, Debug)]
pub enum Message {
    /// `"<what> `<path>` is set live but not in the code."` and the like, by kind.
    Generic(&'static str),
    /// Always this sentence.
    Fixed(&'static str),
    /// This sentence with `{path}` replaced by the finding's path.
    Path(&'static str),
    /// The summary, as a sentence.
    Summary,
}

impl Message {
    /// The message for a finding of `kind` at `path`.
    pub fn render(self, summary: &str, kind: Kind, path: &str) -> String {
        match self {
            Message::Generic(what) => match kind {
                Kind::AddedLive => format!("{what} `{path}` is set live but not in the code."),
                Kind::RemovedLive => {
                    format!("{what} `{path}` is in the code but no longer set live.")
                }
                _ => format!("{what} `{path}` differs from the code."),
            },
            Message::Fixed(text) => text.to_string(),
            Message::Path(text) => text.replace("{path}", path),
            Message::Summary => format!("{summary}."),
        }
    }
}

macro_rules! define_codes {
    ($( $part:ident => $module:ident $(($scope:ident))? [$($code:ident = $id:literal),* $(,)?] ),* $(,)?) => {
        define_codes! {
            @all [$( $( ($part) $code = $id, )* )*]
            // Codes that belong to no part: the bucket as a whole, the desired side, the
            // event trail.
            BucketMissing = "bucket-missing",
            BucketOwnerChanged = "bucket-owner-changed",
            AttributeUnreadable = "attribute-unreadable",
            BucketUnreadable = "bucket-unreadable",
            NotInSnapshot = "not-in-snapshot",
            ResourceConflict = "resource-conflict",
            InlineSplitConflict = "inline-split-conflict",
            UnmanagedBucket = "unmanaged-bucket",
            DuplicateBucket = "duplicate-bucket",
            DeniedBurst = "denied-burst",
        }
    };
    (@all [$( ($part:ident) $code:ident = $id:literal, )*] $( $general:ident = $gid:literal, )*) => {
        /// A stable rule id for a finding: a part's codes (from the registry) and the codes
        /// that belong to no part.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $code, )*
            $( $general, )*
        }

        impl Code {
            /// Every code: each part's in registry order, then the others (the README's code
            /// table).
            pub const ALL: &'static [Code] = &[ $( Code::$code, )* $( Code::$general, )* ];

            /// The stable kebab-case id.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$code => $id, )* $( Code::$general => $gid, )* }
            }

            /// Parses a stable id back into a code.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $( $id => Some(Code::$code), )* $( $gid => Some(Code::$general), )* _ => None }
            }

            /// The part whose module owns the code; `None` for the codes of no part.
            pub fn part(self) -> Option<Part> {
                match self { $( Code::$code => Some(Part::$part), )* _ => None }
            }
        }
    };
}

crate::registry::for_each_part!(define_codes);

/// The facts of the codes that belong to no part (the parts' codes are in their modules).
pub const GENERAL: &[CodeInfo] = &[
    CodeInfo {
        code: Code::BucketMissing,
        severity: Severity::Critical,
        summary: "The bucket no longer exists",
        description: "The bucket in the state no longer exists. Anyone can now create a bucket with that name and receive what still writes to it.",
        fix: "If the bucket should exist, run `terraform apply` to create it again before someone else claims the name. If it was retired on purpose, remove it from the code and the state.",
        message: Message::Summary,
    },
    CodeInfo {
        code: Code::BucketOwnerChanged,
        severity: Severity::Critical,
        summary: "The bucket now belongs to another account",
        description: "The bucket name now answers for another AWS account: it was deleted and created again by someone else. Do not write to it.",
        fix: "Stop every writer to this bucket name: it belongs to another account. Remove it from the state (`terraform state rm`), pick a new name, and find out how the bucket came to be deleted.",
        message: Message::Summary,
    },
    CodeInfo {
        code: Code::AttributeUnreadable,
        severity: Severity::Info,
        summary: "An attribute could not be read",
        description: "One part of the bucket's configuration could not be read (for example AccessDenied). It was not compared; this is not drift.",
        fix: "Grant the role s3drift runs as the read permissions `s3drift iam-policy` prints, so the part can be compared next time.",
        message: Message::Summary,
    },
    CodeInfo {
        code: Code::BucketUnreadable,
        severity: Severity::Medium,
        summary: "No attribute of the bucket could be read",
        description: "No part of the bucket's configuration could be read. The bucket was not compared.",
        fix: "Grant the role s3drift runs as the read permissions `s3drift iam-policy` prints, so the part can be compared next time.",
        message: Message::Summary,
    },
    CodeInfo {
        code: Code::NotInSnapshot,
        severity: Severity::Medium,
        summary: "The bucket is not in the snapshot",
        description: "The live snapshot the run compared with has no entry for this bucket of the state, so it was not compared. Not drift; take a fresh snapshot that covers it.",
        fix: "Take a fresh snapshot (`s3drift snapshot`) that covers every bucket of the state, or compare with live AWS instead of `--snapshot`.",
        message: Message::Fixed("The live snapshot has no entry for this bucket, so it was not compared."),
    },
    CodeInfo {
        code: Code::ResourceConflict,
        severity: Severity::Medium,
        summary: "Several resources manage the same part of a bucket",
        description: "Several resources in the state manage the same part of one bucket. Each apply makes one of them win; the live value flips between them.",
        fix: "Keep one resource per part: remove the inline block from `aws_s3_bucket` (or the duplicate split resource) in the code, then apply.",
        message: Message::Summary,
    },
    CodeInfo {
        code: Code::InlineSplitConflict,
        severity: Severity::Medium,
        summary: "A part is set both inline and by a split resource",
        description: "The configuration sets a part both inline on `aws_s3_bucket` and with its split resource, the setup the AWS provider warns flip-flops on every apply.",
        fix: "Keep one resource per part: remove the inline block from `aws_s3_bucket` (or the duplicate split resource) in the code, then apply.",
        message: Message::Summary,
    },
    CodeInfo {
        code: Code::UnmanagedBucket,
        severity: Severity::Medium,
        summary: "A bucket exists that no loaded state manages",
        description: "A bucket exists that no loaded state manages: created outside the code, or managed by a state that was not loaded.",
        fix: "Import the bucket into the state that should manage it (`terraform import` or an `import` block), or delete it if it is not needed.",
        message: Message::Summary,
    },
    CodeInfo {
        code: Code::DuplicateBucket,
        severity: Severity::Medium,
        summary: "The bucket is in several merged reports",
        description: "Several of the merged reports compared this bucket. Either two states manage it (each apply undoes the other's changes), or one account or state was checked by two jobs of the matrix.",
        fix: "Keep the bucket in one state: remove it from the others (`terraform state rm`, or a `removed` block), or fix the matrix so each account or state is checked once.",
        message: Message::Summary,
    },
    CodeInfo {
        code: Code::DeniedBurst,
        severity: Severity::High,
        summary: "A burst of denied bucket-configuration calls",
        description: "One principal made a burst of bucket-configuration calls that were denied: someone or something is trying to change buckets it may not change.",
        fix: "Find out who the principal is and why it tried to change bucket configuration; if the calls are not expected, treat its credentials as compromised.",
        message: Message::Summary,
    },
];

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let name = String::deserialize(d)?;
        Code::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding code `{name}`")))
    }
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
