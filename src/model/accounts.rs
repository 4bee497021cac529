//! The account side of the desired state: parts set once per account
//! (`aws_s3_account_public_access_block`), tied to the account id the resource records.

use super::canon::split;
use super::{DesiredState, Part, Unresolved};
use crate::parts::attr;
use crate::state::Resource;
use crate::warning::Warning;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One account as the loaded code describes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountTree {
    /// The account id.
    pub account: String,
    /// The first resource's address (for headers).
    pub address: String,
    /// The state file or plan the first resource came from.
    pub source: String,
    /// The account parts the code manages.
    pub parts: BTreeMap<Part, DesiredState>,
    /// Every resource address that contributed, sorted.
    pub resources: Vec<String>,
}

/// One instance of an account-scoped resource, as the builder hands it over.
pub struct AccountEntry<'a> {
    pub res: &'a Resource,
    pub part: Part,
    pub source: &'a str,
    pub planned_create: bool,
}

/// One tree per account id. The provider records the account in `account_id` (Optional,
/// Computed: the caller's account when not set); an instance that does not name one yet
/// (a plan creating it) cannot be read live and is unresolved, never guessed.
pub fn build(
    entries: &[AccountEntry<'_>],
    warnings: &mut Vec<Warning>,
    unresolved: &mut Vec<Unresolved>,
) -> Vec<AccountTree> {
    let mut claims: BTreeMap<(String, Part), Vec<super::DesiredPart>> = BTreeMap::new();
    let mut trees: BTreeMap<String, AccountTree> = BTreeMap::new();
    for e in entries {
        let account = attr::text(&e.res.attributes, "account_id")
            .or_else(|| {
                e.res
                    .identity
                    .as_ref()
                    .and_then(|i| attr::text(i, "account_id"))
            })
            .filter(|_| !super::canon::marks::unknown_whole(e.res, "account_id"));
        let Some(account) = account else {
            unresolved.push(Unresolved {
                address: e.res.address.clone(),
                reason: "its account id is unknown until apply, so the account cannot be read"
                    .into(),
            });
            continue;
        };
        let tree = trees
            .entry(account.to_string())
            .or_insert_with(|| AccountTree {
                account: account.to_string(),
                address: e.res.address.clone(),
                source: e.source.to_string(),
                parts: BTreeMap::new(),
                resources: Vec::new(),
            });
        tree.resources.push(e.res.address.clone());
        if let Some(c) = split::claim(e.res, e.part, e.planned_create, warnings) {
            claims
                .entry((account.to_string(), e.part))
                .or_default()
                .push(c);
        }
    }
    for ((account, part), claims) in claims {
        if let (Some(tree), Some(state)) = (trees.get_mut(&account), DesiredState::settle(claims)) {
            tree.parts.insert(part, state);
        }
    }
    trees
        .into_values()
        .map(|mut t| {
            t.resources.sort();
            t.resources.dedup();
            t.address.clone_from(&t.resources[0]);
            t
        })
        .collect()
}
