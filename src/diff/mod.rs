//! Semantic comparison of desired and live trees. Pure: no I/O.

pub mod finding;

use crate::model::{DesiredSet, Snapshot};
use finding::Finding;

/// Compares every desired tree with its live counterpart.
pub fn compare(_desired: &DesiredSet, _live: &Snapshot) -> Vec<Finding> {
    Vec::new()
}
