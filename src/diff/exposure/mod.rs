//! Severity by effective exposure. Pure: no I/O.
//!
//! A finding's default severity is its code's. For the parts that decide who can reach a
//! bucket (policy, ACL, public access block, object ownership), [`regrade`] computes the
//! bucket's effective exposure from the code's values ("before") and from live ("after")
//! and grades the change by what it opens:
//!
//! | change | severity |
//! |---|---|
//! | reachable from the internet now, not before | critical |
//! | open to another account now, not before | high |
//! | an `aws:SecureTransport` deny dropped from the policy | high |
//! | a weakening another guard keeps from taking effect | low |
//! | anything else | the code's default |
//!
//! Default encryption removed or downgraded (`aws:kms` to `AES256`) stays critical. Every
//! graded finding gets a one-line note naming the exposure path. An account public access
//! block that is not known is graded as off, which only ever raises a grade, and the note
//! says so; a part unreadable live never lowers one.

mod side;
mod statements;

pub use side::{exposure, AccessBlock, Exposure, Side};
pub use statements::{grants, PolicyGrants};

use super::finding::Finding;
use crate::code::{Code, Kind, Severity};
use crate::model::{
    CompactJson, DesiredSet, DesiredState, DesiredTree, LiveBucket, LivePart, LiveStatus, Part,
    Snapshot,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// The parts whose values decide the exposure.
const EXPOSURE_PARTS: [Part; 4] = [
    Part::PublicAccessBlock,
    Part::Policy,
    Part::Acl,
    Part::OwnershipControls,
];

/// Re-grades the findings of every compared bucket. `account_blocks` holds the account-level
/// public access block of each account whose block was read; a bucket whose account is not
/// in it is graded as if its account block were off.
pub fn regrade(
    findings: &mut [Finding],
    desired: &crate::model::DesiredSet,
    live: &Snapshot,
    account_blocks: &BTreeMap<String, AccessBlock>,
) {
    for tree in &desired.buckets {
        let Some(bucket) = live.buckets.get(&tree.bucket) else {
            continue;
        };
        let account = bucket
            .account
            .as_deref()
            .or(tree.account.as_deref())
            .or_else(|| same_file_account(desired, tree))
            .and_then(|a| account_blocks.get(a))
            .copied();
        let mine = findings.iter_mut().filter(|f| f.bucket == tree.bucket);
        grade_bucket(tree, bucket, account, mine);
    }
}

/// The values of the exposure parts on both sides of one bucket.
struct Sides {
    before: [Option<Value>; 4],
    after: [Option<Value>; 4],
    /// Why a side is not fully known (a part unreadable live, a conflict in the code).
    unknown: Vec<String>,
    /// The state or plan marks an exposure part sensitive: notes name no statement, grant
    /// or account, only the levels.
    sensitive: bool,
}

fn sides(tree: &DesiredTree, bucket: &LiveBucket) -> Sides {
    let mut out = Sides {
        before: Default::default(),
        after: Default::default(),
        unknown: Vec::new(),
        sensitive: false,
    };
    for (i, part) in EXPOSURE_PARTS.into_iter().enumerate() {
        let live = match bucket.parts.get(&part) {
            Some(LivePart::Present { value }) => Ok(Some(value.to_value())),
            Some(LivePart::Absent) => Ok(None),
            Some(LivePart::Unreadable { .. }) => Err("unreadable live"),
            None => Err("not read live"),
        };
        let code = match tree.parts.get(&part) {
            Some(DesiredState::Managed(p)) => {
                out.sensitive |= p.sensitive;
                Ok(p.value.as_ref().map(CompactJson::to_value))
            }
            Some(DesiredState::Conflict { .. }) => Err(()),
            // A part the code leaves alone is compared with AWS's default (diff::defaults).
            None => Ok((part.spec().default)()),
        };
        match (code, live) {
            (Ok(c), Ok(l)) => {
                out.before[i] = c;
                out.after[i] = l;
            }
            (Ok(v), Err(why)) => {
                out.unknown.push(format!("{} {why}", part.key()));
                out.before[i] = v.clone();
                out.after[i] = v;
            }
            (Err(()), Ok(v)) => {
                out.unknown
                    .push(format!("{} claimed by several resources", part.key()));
                out.before[i] = v.clone();
                out.after[i] = v;
            }
            (Err(()), Err(_)) => {
                out.unknown.push(format!("{} unknown", part.key()));
            }
        }
    }
    out
}

fn side(values: &[Option<Value>; 4]) -> Side<'_> {
    Side {
        public_access_block: values[0].as_ref(),
        policy: values[1].as_ref(),
        acl: values[2].as_ref(),
        ownership: values[3].as_ref(),
    }
}

/// The account of a bucket that neither its state nor the live read names: the account
/// whose block the same state file manages, when that file manages exactly one. A state's
/// buckets and its `aws_s3_account_public_access_block` are applied with the same
/// credentials unless a provider alias points elsewhere, and then the buckets name their
/// account (`expected_bucket_owner`, identity) or the live read does.
fn same_file_account<'a>(desired: &'a DesiredSet, tree: &DesiredTree) -> Option<&'a str> {
    let mut same = desired.accounts.iter().filter(|a| a.source == tree.source);
    match (same.next(), same.next()) {
        (Some(only), None) => Some(only.account.as_str()),
        _ => None,
    }
}

/// The account public access blocks the live side read: a present block as read, an
/// absent one as all off. Accounts whose block was not read or was unreadable are left out
/// (unknown).
pub fn account_blocks(live: &Snapshot) -> BTreeMap<String, AccessBlock> {
    live.accounts
        .iter()
        .filter_map(|(account, l)| {
            let block = match l.parts.get(&Part::AccountPublicAccessBlock)? {
                LivePart::Present { value } => AccessBlock::from_value(Some(&value.to_value())),
                LivePart::Absent => AccessBlock::from_value(None),
                LivePart::Unreadable { .. } => return None,
            };
            Some((account.clone(), block))
        })
        .collect()
}

/// Grades the findings of one bucket; `account` is its account public access block, `None`
/// when unknown.
pub fn grade_bucket<'a>(
    tree: &DesiredTree,
    bucket: &LiveBucket,
    account: Option<AccessBlock>,
    findings: impl Iterator<Item = &'a mut Finding>,
) {
    if bucket.status != LiveStatus::Present {
        return;
    }
    let findings: Vec<&mut Finding> = findings
        .filter(|f| matches!(f.kind, Kind::Changed | Kind::AddedLive | Kind::RemovedLive))
        .collect();
    if findings.is_empty() {
        // Most buckets have no change to grade; their sides are not worth parsing.
        return;
    }
    let sides = sides(tree, bucket);
    let owner = bucket.account.as_deref().or(tree.account.as_deref());
    let owner_id = bucket.owner_id.as_deref();
    let account_block = account.unwrap_or_default();
    let before = exposure(&side(&sides.before), account_block, owner, owner_id);
    let after = exposure(&side(&sides.after), account_block, owner, owner_id);
    let mut caveats = sides.unknown.clone();
    if account.is_none() {
        caveats.insert(
            0,
            "account public access block unknown, graded as off".into(),
        );
    }
    for f in findings {
        let graded = match f.code {
            Code::EncryptionDowngraded => Some(encryption(f)),
            code if code.part().is_some_and(|p| EXPOSURE_PARTS.contains(&p)) => {
                Some(grade(code, &before, &after))
            }
            _ => None,
        };
        let Some((severity, reason)) = graded else {
            continue;
        };
        let default = f.code.default_severity();
        // A side not fully known never lowers a grade.
        f.severity = match severity {
            Some(s) if sides.unknown.is_empty() => s,
            Some(s) => s.max(default),
            None => default,
        };
        let mut note = if (sides.sensitive || f.sensitive) && f.code != Code::EncryptionDowngraded {
            // The details name statements, grants and accounts of a sensitive value.
            let head = reason.split(':').next().unwrap_or_default();
            format!("{head}: details redacted (sensitive)")
        } else {
            reason
        };
        if f.code != Code::EncryptionDowngraded && !caveats.is_empty() {
            note = format!("{note} ({})", caveats.join("; "));
        }
        f.notes.push(note);
    }
}

/// The grade of a change to an exposure part: the severity (`None`: the code's default) and
/// the one-line reason.
pub fn grade(code: Code, before: &Exposure, after: &Exposure) -> (Option<Severity>, String) {
    let head = format!("exposure {} → {}", before.level(), after.level());
    let mut raised: Vec<(Severity, String)> = Vec::new();
    if !after.public.is_empty() && before.public.is_empty() {
        raised.push((
            Severity::Critical,
            format!(
                "now reachable from the internet: {}",
                after.public.join("; ")
            ),
        ));
    } else {
        let new: Vec<&str> = after
            .accounts
            .difference(&before.accounts)
            .map(String::as_str)
            .collect();
        if !new.is_empty() {
            raised.push((
                Severity::High,
                format!("now open to another account: {}", new.join(", ")),
            ));
        }
    }
    if code.part() == Some(Part::Policy)
        && before.denies_insecure_transport
        && !after.denies_insecure_transport
    {
        raised.push((
            Severity::High,
            "the policy no longer denies requests without TLS (aws:SecureTransport)".into(),
        ));
    }
    if let Some(top) = raised.iter().map(|(s, _)| *s).max() {
        let why: Vec<String> = raised.into_iter().map(|(_, r)| r).collect();
        return (Some(top), format!("{head}: {}", why.join("; ")));
    }
    if before.level() == after.level() {
        let kept: Vec<&str> = after
            .neutralised
            .iter()
            .filter(|n| !before.neutralised.contains(n))
            .map(String::as_str)
            .collect();
        if !kept.is_empty() {
            return (
                Some(Severity::Low),
                format!("{head}, no effective change: {}", kept.join("; ")),
            );
        }
        if code.part() == Some(Part::PublicAccessBlock) && weaker(before.block, after.block) {
            return (
                None,
                format!(
                    "{head}, no effective change yet, but the effective public access block is weaker: {}",
                    turned_off(before.block, after.block).join(", ")
                ),
            );
        }
        if code.part() == Some(Part::PublicAccessBlock) {
            return (
                Some(Severity::Low),
                format!("{head}, no effective change: the account public access block still blocks what the bucket's no longer does"),
            );
        }
        return (None, format!("{head}, no effective change"));
    }
    (None, head)
}

fn weaker(before: AccessBlock, after: AccessBlock) -> bool {
    !turned_off(before, after).is_empty()
}

fn turned_off(before: AccessBlock, after: AccessBlock) -> Vec<&'static str> {
    [
        (
            before.block_public_acls,
            after.block_public_acls,
            "BlockPublicAcls",
        ),
        (
            before.ignore_public_acls,
            after.ignore_public_acls,
            "IgnorePublicAcls",
        ),
        (
            before.block_public_policy,
            after.block_public_policy,
            "BlockPublicPolicy",
        ),
        (
            before.restrict_public_buckets,
            after.restrict_public_buckets,
            "RestrictPublicBuckets",
        ),
    ]
    .into_iter()
    .filter(|(b, a, _)| *b && !*a)
    .map(|(_, _, n)| n)
    .collect()
}

/// Encryption removed, or downgraded from `aws:kms`: critical whatever the exposure.
fn encryption(f: &Finding) -> (Option<Severity>, String) {
    let reason = match (&f.expected, &f.actual) {
        (Some(Value::String(e)), Some(Value::String(a))) => {
            format!("default encryption downgraded from {e} to {a}")
        }
        (_, None) | (_, Some(Value::Null)) => "default encryption removed".to_string(),
        _ => "default encryption downgraded".to_string(),
    };
    (Some(Severity::Critical), reason)
}

#[cfg(test)]
mod tests;
