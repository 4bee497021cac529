//! One module per monitored part. Pure: no I/O (each part's `live.rs`, its S3 read, belongs
//! to the live stage).
//!
//! A part's module owns everything specific to it, written down once as its [`PartSpec`]:
//! the state schema rows and readers of its split resource and of the provider-v3 inline
//! form, the AWS default, the live read's operation, IAM action and "not configured" codes,
//! the CloudTrail events and their `requestParameters` → canonical value, the access-log
//! tokens, the diff's keys, and its finding codes with severities and messages. Every side
//! (state, live, CloudTrail) builds its values through the same canonical normalisers in the
//! part's module, so the three compare byte for byte.
//!
//! The shared machinery (Terraform attribute readers, `requestParameters` readers, rule
//! keys, the paging of `List*Configurations` reads) is in [`attr`], [`xml`], [`keys`] and
//! [`list_pages`]. The list of parts is `crate::registry`; the
//! part modules themselves are declared from it.

pub mod attr;
mod compact_json;
pub mod inline;
pub mod keys;
pub mod list_pages;
pub mod locate;
pub mod spec;
pub mod table;
pub mod xml;

pub use crate::registry::Part;
pub use compact_json::CompactJson;
pub use spec::{
    AttrType, Change, Claim, CodeInfo, Compare, Context, Inline, InlineForm, InlineSource, Leaf,
    Live, NewValue, Origin, PartSpec, PathRow, Pending, Scope, Shape, Split, Warnings,
};

use crate::code::{Code, Severity, GENERAL};
use std::fmt;

macro_rules! define_specs {
    ($( $part:ident => $module:ident $(($scope:ident))? [$($code:ident = $id:literal),* $(,)?] ),* $(,)?) => {
        $( pub mod $module; )*

        impl Part {
            /// Everything s3drift knows about the part, from its module.
            pub fn spec(self) -> &'static PartSpec {
                match self { $( Part::$part => &$module::SPEC, )* }
            }
        }
    };
}

crate::registry::for_each_part!(define_specs);

impl Part {
    /// The first segment of every path in this part, e.g. `server_side_encryption_configuration`.
    pub fn key(self) -> &'static str {
        self.spec().key
    }

    /// Parses [`Part::key`] back.
    pub fn from_key(key: &str) -> Option<Part> {
        Part::ALL.iter().copied().find(|p| p.key() == key)
    }

    /// The part a canonical path belongs to.
    pub fn of_path(path: &str) -> Option<Part> {
        Part::from_key(path.split(['.', '[']).next()?)
    }

    /// The part a split resource type writes, if it is one.
    pub fn of_split(rtype: &str) -> Option<Part> {
        Part::ALL
            .iter()
            .copied()
            .find(|p| p.spec().split.as_ref().is_some_and(|s| s.resource == rtype))
    }

    /// The part a CloudTrail event name changes, if any.
    pub fn of_event(event_name: &str) -> Option<Part> {
        Part::ALL
            .iter()
            .copied()
            .find(|p| p.spec().events.contains(&event_name))
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The facts of a code live with the part that owns it; the codes of no part are in
/// `code.rs`. These methods look them up.
impl Code {
    /// The code's facts: severity, summary, description and message.
    pub fn info(self) -> &'static CodeInfo {
        let table = match self.part() {
            Some(p) => p.spec().codes,
            None => GENERAL,
        };
        table
            .iter()
            .find(|i| i.code == self)
            .expect("every code has its facts (checked by a test)")
    }

    /// The default severity.
    pub fn default_severity(self) -> Severity {
        self.info().severity
    }

    /// One line saying what the rule means, for listings of the codes.
    pub fn summary(self) -> &'static str {
        self.info().summary
    }

    /// The one-sentence message of a finding with this code.
    pub fn message(self, kind: crate::code::Kind, path: &str) -> String {
        let info = self.info();
        info.message.render(info.summary, kind, path)
    }
}

/// Every inline block or argument name of `aws_s3_bucket` that sets a part which also has a
/// split resource: where a configuration sets both, the provider flip-flops (provider v4
/// upgrade guide).
pub fn inline_config_blocks() -> impl Iterator<Item = (&'static str, Part)> {
    Part::ALL
        .iter()
        .flat_map(|p| p.spec().inline.config_blocks.iter().map(move |b| (*b, *p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_key_is_its_serde_name() {
        for part in Part::ALL {
            let json = serde_json::to_value(part).unwrap();
            assert_eq!(json, part.key(), "{part:?}");
            assert_eq!(Part::from_key(part.key()), Some(*part));
        }
    }

    #[test]
    fn every_code_has_its_facts_in_its_owner() {
        for code in Code::ALL {
            let info = code.info();
            assert_eq!(info.code, *code);
            assert!(!info.summary.is_empty(), "{code}");
            assert!(
                info.description.len() > 40,
                "{code}: describe what it means"
            );
            assert!(info.fix.len() > 40, "{code}: say how to fix it");
            if let Some(part) = code.part() {
                assert!(part.spec().codes.iter().any(|i| i.code == *code), "{code}");
            }
        }
        for part in Part::ALL {
            for info in part.spec().codes {
                assert_eq!(
                    info.code.part(),
                    Some(*part),
                    "{} lists {}",
                    part,
                    info.code
                );
            }
            assert_eq!(part.spec().code.part(), Some(*part));
        }
    }

    #[test]
    fn split_types_map_back() {
        assert_eq!(Part::of_split("aws_s3_bucket_acl"), Some(Part::Acl));
        assert_eq!(Part::of_split("aws_s3_bucket"), None);
        assert_eq!(Part::of_split(""), None);
    }
}
