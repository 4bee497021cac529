//! Which parts a run reads live (`--parts`). By default: the core parts, plus every part a
//! loaded state manages (on any bucket), so a state that uses `aws_s3_bucket_notification`
//! gets notifications read and one that does not pays no extra request for them.

use crate::diag::{ErrorCode, InputError};
use crate::model::{DesiredSet, Part};
use std::collections::BTreeSet;

/// What `--parts` asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PartSelection {
    /// The core parts and those the loaded states manage.
    #[default]
    Default,
    /// Every part of the registry.
    All,
    /// Exactly these.
    Only(Vec<Part>),
}

impl PartSelection {
    /// Parses `all` or a comma-separated list of part names (`versioning,policy`).
    pub fn parse(text: &str) -> Result<PartSelection, InputError> {
        if text.trim() == "all" {
            return Ok(PartSelection::All);
        }
        let mut parts = Vec::new();
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let part = Part::from_key(name).ok_or_else(|| {
                let known: Vec<&str> = Part::ALL.iter().map(|p| p.key()).collect();
                InputError::new(
                    ErrorCode::Usage,
                    format!("--parts: no part is called `{name}`"),
                )
                .help(format!(
                    "`all`, or a comma-separated list of: {}",
                    known.join(", ")
                ))
            })?;
            parts.push(part);
        }
        if parts.is_empty() {
            return Err(InputError::new(ErrorCode::Usage, "--parts names no part")
                .help("give `all`, or a comma-separated list such as versioning,policy"));
        }
        parts.sort();
        parts.dedup();
        Ok(PartSelection::Only(parts))
    }

    /// The parts to read for `desired`, in tree order.
    pub fn resolve(&self, desired: &DesiredSet) -> Vec<Part> {
        match self {
            PartSelection::All => Part::ALL.to_vec(),
            PartSelection::Only(parts) => parts.clone(),
            PartSelection::Default => {
                let managed: BTreeSet<Part> = desired
                    .buckets
                    .iter()
                    .flat_map(|t| t.parts.keys().copied())
                    .chain(
                        desired
                            .accounts
                            .iter()
                            .flat_map(|t| t.parts.keys().copied()),
                    )
                    .collect();
                Part::ALL
                    .iter()
                    .copied()
                    .filter(|p| p.spec().core || managed.contains(p))
                    .collect()
            }
        }
    }

    /// The accounts whose account-scoped parts are read: those the code manages them for,
    /// and, when the parts were asked for by name (`--parts`), every account a bucket's
    /// state names too.
    pub fn accounts(&self, desired: &DesiredSet) -> Vec<String> {
        let named = !matches!(self, PartSelection::Default);
        let mut out: BTreeSet<String> =
            desired.accounts.iter().map(|t| t.account.clone()).collect();
        if named {
            out.extend(desired.buckets.iter().filter_map(|t| t.account.clone()));
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_reads_the_core_and_what_the_state_manages() {
        let core: Vec<Part> = Part::ALL
            .iter()
            .copied()
            .filter(|p| p.spec().core)
            .collect();
        let empty = DesiredSet::default();
        assert_eq!(PartSelection::Default.resolve(&empty), core);
        let set: DesiredSet = serde_json::from_value(serde_json::json!({"buckets": [{
            "bucket": "b", "address": "aws_s3_bucket.b", "source": "s", "bucket_managed": true,
            "parts": {"accelerate_configuration": {"state": "managed", "value": {"status": "Enabled"},
                "origin": "split", "address": "aws_s3_bucket_accelerate_configuration.b"}},
            "resources": []}]}))
        .unwrap();
        let got = PartSelection::Default.resolve(&set);
        assert_eq!(got.len(), core.len() + 1);
        assert!(got.contains(&Part::AccelerateConfiguration));
        assert!(!got.contains(&Part::Notification));
        assert_eq!(PartSelection::All.resolve(&empty), Part::ALL);
    }

    #[test]
    fn lists_are_checked() {
        assert_eq!(
            PartSelection::parse("policy, versioning").unwrap(),
            PartSelection::Only(vec![Part::Versioning, Part::Policy])
        );
        assert_eq!(PartSelection::parse("all").unwrap(), PartSelection::All);
        let e = PartSelection::parse("versioning,acls").unwrap_err();
        assert!(e.message.contains("`acls`"), "{}", e.message);
        assert!(PartSelection::parse(",").is_err());
    }
}
