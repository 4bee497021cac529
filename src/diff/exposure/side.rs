//! The effective exposure of one side of a bucket (the code's values, or live): who can
//! reach it once the account and bucket public access blocks, the policy, the ACL and
//! object ownership are taken together.

use super::statements::{grants, PolicyGrants};
use serde_json::Value;
use std::collections::BTreeSet;

/// The four public access block settings (bucket or account). Absent means all off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

impl AccessBlock {
    /// Every setting on.
    pub const ALL_ON: AccessBlock = AccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };

    /// Reads the canonical value (`public_access_block` part, the same keys at account
    /// level); `None` (not configured) is all off.
    pub fn from_value(value: Option<&Value>) -> AccessBlock {
        let flag = |k: &str| {
            value
                .and_then(|v| v.get(k))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        AccessBlock {
            block_public_acls: flag("block_public_acls"),
            ignore_public_acls: flag("ignore_public_acls"),
            block_public_policy: flag("block_public_policy"),
            restrict_public_buckets: flag("restrict_public_buckets"),
        }
    }

    /// S3 applies the most restrictive combination of the account and bucket settings.
    pub fn or(self, other: AccessBlock) -> AccessBlock {
        AccessBlock {
            block_public_acls: self.block_public_acls || other.block_public_acls,
            ignore_public_acls: self.ignore_public_acls || other.ignore_public_acls,
            block_public_policy: self.block_public_policy || other.block_public_policy,
            restrict_public_buckets: self.restrict_public_buckets || other.restrict_public_buckets,
        }
    }
}

/// The exposure-related parts of one side of a bucket. `None` is "not configured".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Side<'a> {
    pub public_access_block: Option<&'a Value>,
    pub policy: Option<&'a Value>,
    pub acl: Option<&'a Value>,
    pub ownership: Option<&'a Value>,
}

/// Who can reach the bucket, and what is open but kept from taking effect.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exposure {
    /// How the bucket is reachable from the internet, one phrase per path; empty: it is not.
    pub public: Vec<String>,
    /// Other accounts (or condition-limited callers) an `Allow` or ACL grant names.
    pub accounts: BTreeSet<String>,
    /// Public grants that a guard keeps from taking effect, with the guard.
    pub neutralised: Vec<String>,
    /// The effective public access block (account and bucket together).
    pub block: AccessBlock,
    /// The policy denies requests without TLS.
    pub denies_insecure_transport: bool,
}

impl Exposure {
    /// The one word for the level: `internet-public`, `other-account` or `private`.
    pub fn level(&self) -> &'static str {
        if !self.public.is_empty() {
            "internet-public"
        } else if !self.accounts.is_empty() {
            "other-account"
        } else {
            "private"
        }
    }
}

/// The exposure of `side` under the account block `account` (already resolved: an unknown
/// account block is passed as all off). `owner` is the bucket's account, `owner_id` its
/// canonical user id (ACL grants to it are the owner's).
pub fn exposure(
    side: &Side<'_>,
    account: AccessBlock,
    owner: Option<&str>,
    owner_id: Option<&str>,
) -> Exposure {
    let bucket = AccessBlock::from_value(side.public_access_block);
    let block = account.or(bucket);
    let mut out = Exposure {
        block,
        ..Exposure::default()
    };
    let who = |acct: bool, bkt: bool| match (acct, bkt) {
        (true, true) => "the account and bucket",
        (true, false) => "the account",
        _ => "the bucket",
    };
    if let Some(doc) = side.policy {
        let PolicyGrants {
            public,
            accounts,
            denies_insecure_transport,
        } = grants(doc, owner);
        out.denies_insecure_transport = denies_insecure_transport;
        let had_public = !public.is_empty();
        for sid in public {
            // RestrictPublicBuckets limits a public policy to AWS service principals and the
            // owner's account. BlockPublicPolicy only refuses *new* public policies: an
            // existing one still takes effect (S3 user guide, "Blocking public access").
            if block.restrict_public_buckets {
                out.neutralised.push(format!(
                    "public policy statement {sid} kept from taking effect by {} RestrictPublicBuckets",
                    who(
                        account.restrict_public_buckets,
                        bucket.restrict_public_buckets
                    )
                ));
            } else {
                out.public
                    .push(format!("policy statement {sid} allows everyone"));
            }
        }
        // Of a *public* policy, RestrictPublicBuckets also cuts off other accounts.
        if !(had_public && block.restrict_public_buckets) {
            out.accounts.extend(accounts);
        }
    }
    let enforced = side
        .ownership
        .and_then(|v| v.get("object_ownership"))
        .and_then(Value::as_str)
        == Some("BucketOwnerEnforced");
    for grant in acl_grants(side.acl) {
        let Some((permission, grantee)) = grant.split_once(' ') else {
            continue;
        };
        let public = match grantee {
            "group:AllUsers" => Some("everyone (AllUsers)"),
            // Any AWS account's user: as open as the internet for a bucket.
            "group:AuthenticatedUsers" => Some("any AWS user (AuthenticatedUsers)"),
            _ => None,
        };
        let account_grant = grantee
            .strip_prefix("id:")
            .filter(|id| owner_id.is_some_and(|o| o != *id));
        if public.is_none() && account_grant.is_none() {
            continue;
        }
        if enforced {
            // BucketOwnerEnforced disables ACLs: S3 ignores every grant.
            if let Some(p) = public {
                out.neutralised.push(format!(
                    "ACL grant of {permission} to {p} disabled by BucketOwnerEnforced"
                ));
            }
            continue;
        }
        match (public, account_grant) {
            (Some(p), _) if block.ignore_public_acls => out.neutralised.push(format!(
                "ACL grant of {permission} to {p} ignored by {} IgnorePublicAcls",
                who(account.ignore_public_acls, bucket.ignore_public_acls)
            )),
            (Some(p), _) => out.public.push(format!("ACL grants {permission} to {p}")),
            (None, Some(id)) => {
                out.accounts.insert(format!("canonical user {id}"));
            }
            (None, None) => {}
        }
    }
    out
}

fn acl_grants(acl: Option<&Value>) -> impl Iterator<Item = &str> {
    acl.and_then(|v| v.get("grant"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}
