//! Ties each gathered instance to a bucket name and, where one is stated, an account.
//!
//! The name is the instance's own (`bucket`, `id` for `aws_s3_bucket`, the v6 `identity`),
//! or, for a plan where `bucket` is unknown until apply, the name of the `aws_s3_bucket` its
//! configuration references. The account is `expected_bucket_owner` or
//! `identity.account_id`. Resources that name one bucket for several accounts are split by
//! account, because each account's bucket of that name is a different bucket.

use super::canon::marks;
use super::instances::{identity_text, known_text, Entry, Kind};
use super::Unresolved;
use crate::state::{config_address, index_suffix, module_prefix, Resource};
use std::collections::{BTreeMap, BTreeSet};

/// An entry tied to a bucket.
pub(super) struct Placed<'a> {
    pub(super) entry: Entry<'a>,
    pub(super) bucket: String,
    pub(super) account: Option<String>,
}

/// The bucket name an instance names itself.
fn own_name(res: &Resource, kind: Kind) -> Option<String> {
    known_text(res, "bucket")
        .or_else(|| {
            (kind == Kind::Bucket)
                .then(|| known_text(res, "id"))
                .flatten()
        })
        .or_else(|| identity_text(res, "bucket"))
        .map(str::to_string)
}

/// Bucket names of `aws_s3_bucket` instances, per file and instance address.
pub(super) fn bucket_names(entries: &[Entry<'_>]) -> BTreeMap<(usize, String), String> {
    entries
        .iter()
        .filter(|e| e.kind == Kind::Bucket)
        .filter_map(|e| own_name(e.res, e.kind).map(|n| ((e.file, e.res.address.clone()), n)))
        .collect()
}

/// Follows a plan's `bucket_refs` from a resource whose `bucket` is unknown to the name of
/// the referenced `aws_s3_bucket`. The reference may name an instance or (without an
/// index) the resource: then the bucket instance with the same index key as the referrer
/// is meant when both are counted, else the only instance.
fn referenced_name(
    entry: &Entry<'_>,
    names: &BTreeMap<(usize, String), String>,
) -> Result<String, String> {
    let address = &entry.res.address;
    let Some(plan) = entry.plan else {
        return Err("has no known `bucket`".into());
    };
    let Some(target) = plan
        .bucket_refs
        .get(address)
        .or_else(|| plan.bucket_refs.get(&config_address(address)))
    else {
        return Err("`bucket` is unknown until apply and the configuration does not reference an aws_s3_bucket".into());
    };
    if let Some(n) = names.get(&(entry.file, target.clone())) {
        return Ok(n.clone());
    }
    let target_config = config_address(target);
    // References are module-relative: only buckets in the referrer's module instance count.
    let module = module_prefix(address);
    let candidates: Vec<(&String, &String)> = names
        .iter()
        .filter(|((f, a), _)| {
            *f == entry.file && config_address(a) == target_config && module_prefix(a) == module
        })
        .map(|((_, a), n)| (a, n))
        .collect();
    let suffix = index_suffix(address);
    if !suffix.is_empty() {
        if let Some((_, n)) = candidates.iter().find(|(a, _)| index_suffix(a) == suffix) {
            return Ok((*n).clone());
        }
    }
    match candidates.as_slice() {
        [(_, n)] => Ok((*n).clone()),
        [] => Err(format!(
            "`bucket` is unknown until apply and the referenced `{target}` has no known bucket name"
        )),
        _ => Err(format!(
            "`bucket` is unknown until apply and `{target}` has several instances; none matches this one's key"
        )),
    }
}

/// Ties an entry to a bucket name and, where stated, an account.
pub(super) fn resolve(
    entry: &Entry<'_>,
    names: &BTreeMap<(usize, String), String>,
) -> Result<(String, Option<String>), String> {
    let res = entry.res;
    let account = known_text(res, "expected_bucket_owner")
        .or_else(|| identity_text(res, "account_id"))
        .map(str::to_string);
    if let Some(name) = own_name(res, entry.kind) {
        return Ok((name, account));
    }
    match entry.kind {
        Kind::Bucket => Err(if entry.planned_create() {
            "the plan creates this bucket under a name chosen at apply (no `bucket`, or `bucket_prefix`)".into()
        } else if marks::unknown_whole(res, "bucket") {
            "the bucket name is unknown until apply".into()
        } else {
            "the instance has no bucket name".into()
        }),
        Kind::Split(_) => referenced_name(entry, names).map(|n| (n, account)),
        Kind::Unmonitored => {
            if res.attributes.get("bucket").is_none() && !marks::unknown_whole(res, "bucket") {
                Err(format!(
                    "{} is not monitored and names no bucket",
                    res.rtype
                ))
            } else {
                referenced_name(entry, names).map(|n| (n, account))
            }
        }
    }
}

/// Splits the resources that name one bucket by account. With at most one stated account,
/// they are one bucket. With several, each account is its own bucket, and a resource that
/// states none cannot be placed.
pub(super) fn split_by_account<'a>(
    name: &str,
    members: Vec<Placed<'a>>,
    unresolved: &mut Vec<Unresolved>,
) -> Vec<(Option<String>, Vec<Placed<'a>>)> {
    let accounts: BTreeSet<String> = members.iter().filter_map(|p| p.account.clone()).collect();
    if accounts.len() <= 1 {
        return vec![(accounts.into_iter().next(), members)];
    }
    let listed = accounts.iter().cloned().collect::<Vec<_>>().join(", ");
    let mut groups: BTreeMap<String, Vec<Placed<'a>>> = BTreeMap::new();
    for p in members {
        match p.account.clone() {
            Some(a) => groups.entry(a).or_default().push(p),
            None => unresolved.push(Unresolved {
                address: p.entry.res.address.clone(),
                reason: format!(
                    "bucket `{name}` is named for several accounts ({listed}) and this resource sets no expected_bucket_owner"
                ),
            }),
        }
    }
    groups.into_iter().map(|(a, g)| (Some(a), g)).collect()
}
