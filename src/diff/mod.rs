//! Semantic comparison of desired and live trees. Pure: no I/O.
//!
//! [`compare`] walks every desired tree against its live bucket and returns one [`Finding`]
//! per difference worth saying: per leaf for changed values, per rule for added or removed
//! rules, per part for unreadable or conflicting parts, per bucket for missing or re-owned
//! buckets. The equivalences it relies on live in their own modules: [`policy`] (policy
//! JSON), [`defaults`] (what AWS has when nobody configured a part), [`leaves`] (the
//! canonical paths and set-like lists), [`pending`] (leaves unknown until apply), [`classify`]
//! (codes and messages) and [`redact`].

pub mod attribute;
pub mod classify;
pub mod compare;
pub mod defaults;
pub mod finding;
pub mod leaves;
pub mod pending;
pub mod policy;
pub mod redact;

use crate::model::{DesiredSet, Snapshot};
use finding::Finding;

pub use leaves::values_equal;

/// Compares every desired tree with its live counterpart. Buckets in the snapshot that no
/// tree describes are not looked at here. The findings are sorted by [`Finding::sort_key`];
/// `attribution` is `None` on all of them.
pub fn compare(desired: &DesiredSet, live: &Snapshot) -> Vec<Finding> {
    let mut out = Vec::new();
    for tree in &desired.buckets {
        compare::compare_bucket(tree, live.buckets.get(&tree.bucket), &mut out);
    }
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}
