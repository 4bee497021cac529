//! Semantic comparison of desired and live trees. Pure: no I/O.
//!
//! [`compare`] walks every desired tree against its live bucket and returns one [`Finding`]
//! per difference worth saying: per leaf for changed values, per rule for added or removed
//! rules, per part for unreadable or conflicting parts, per bucket for missing or re-owned
//! buckets. Part-specific equivalences (policy documents, ACL owners, encryption ranks) are
//! each part's own (`parts/`); the generic ones are here: [`defaults`] (what AWS has when
//! nobody configured a part), [`leaves`] (the canonical paths and set-like lists),
//! [`pending`] (leaves unknown until apply), [`classify`] (kinds and codes) and [`redact`].

pub mod account;
pub mod classify;
pub mod compare;
pub mod defaults;
pub mod exposure;
pub mod finding;
pub mod leaves;
pub mod pending;
pub mod redact;
pub mod three_way;

use crate::model::{DesiredSet, Snapshot};
use finding::Finding;

pub use compare::normalise;
pub use leaves::values_equal;

/// Compares every desired tree (bucket and account) with its live counterpart, and reports the buckets a live
/// listing (`--unmanaged`) shows that no tree describes. Other buckets in the snapshot are
/// not looked at. The findings are sorted by [`Finding::sort_key`]; `attribution` is `None`
/// on all of them.
pub fn compare(desired: &DesiredSet, live: &Snapshot) -> Vec<Finding> {
    let mut out = Vec::new();
    for tree in &desired.buckets {
        compare::compare_bucket(tree, live.buckets.get(&tree.bucket), &mut out);
    }
    for tree in &desired.accounts {
        account::compare_account(tree, live.accounts.get(&tree.account), &mut out);
    }
    out.extend(unmanaged(desired, live));
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// One finding per listed bucket that no loaded state manages.
fn unmanaged<'a>(
    desired: &'a DesiredSet,
    live: &'a Snapshot,
) -> impl Iterator<Item = Finding> + 'a {
    let managed: std::collections::BTreeSet<&str> =
        desired.buckets.iter().map(|t| t.bucket.as_str()).collect();
    live.listed
        .iter()
        .flatten()
        .filter(move |b| !managed.contains(b.name.as_str()))
        .map(|b| {
            let mut notes = Vec::new();
            if let Some(region) = &b.region {
                notes.push(format!("region {region}"));
            }
            if let Some(created) = b.created {
                notes.push(format!("created {created}"));
            }
            let mut f = unmanaged_bucket(&b.name);
            f.notes = notes;
            f
        })
}

/// The finding for a bucket that exists but that no loaded state manages, whether a live
/// listing or a `CreateBucket` event revealed it.
pub fn unmanaged_bucket(bucket: &str) -> Finding {
    let code = crate::code::Code::UnmanagedBucket;
    Finding {
        bucket: bucket.to_string(),
        account: None,
        address: String::new(),
        path: String::new(),
        kind: crate::code::Kind::Unmanaged,
        code,
        severity: code.default_severity(),
        expected: None,
        actual: None,
        message: format!("Bucket {bucket} exists, but no loaded state manages it."),
        notes: Vec::new(),
        sensitive: false,
        attribution: None,
        location: None,
        suppression: None,
        expected_actor: None,
        status: None,
        plan: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::snapshot::ListedBucket;

    #[test]
    fn listed_buckets_without_state_are_unmanaged() {
        let mut live = Snapshot::new("2026-11-20T09:00:00Z".parse().unwrap());
        let desired: DesiredSet = serde_json::from_value(serde_json::json!({"buckets": [{
            "bucket": "managed", "address": "aws_s3_bucket.m", "source": "s.tfstate",
            "bucket_managed": true, "parts": {}, "resources": ["aws_s3_bucket.m"]}]}))
        .unwrap();
        assert!(compare(&desired, &live)
            .iter()
            .all(|f| f.code != crate::code::Code::UnmanagedBucket));
        live.listed = Some(vec![
            ListedBucket {
                name: "managed".into(),
                region: None,
                created: None,
            },
            ListedBucket {
                name: "stray".into(),
                region: Some("us-east-1".into()),
                created: None,
            },
        ]);
        let found: Vec<_> = compare(&desired, &live)
            .into_iter()
            .filter(|f| f.code == crate::code::Code::UnmanagedBucket)
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].bucket, "stray");
        assert_eq!(found[0].kind, crate::code::Kind::Unmanaged);
    }
}
