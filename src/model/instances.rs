//! Gathers every instance a bucket tree can be built from: the state side of every loaded
//! file, plus the instances only a plan's `planned_values` has (those the plan will create),
//! each with what its file says about it (source, write time, the plan's marks).
//!
//! Kept apart from tying instances to buckets and from assembling trees because it is the
//! one step that reads the loaded files' shape; the later steps only see [`Entry`] values.

use super::canon::marks;
use super::Part;
use crate::parts::attr;
use crate::state::{AttrPath, Loaded, PlanInfo, Resource};
use std::collections::BTreeSet;

/// What an instance is to the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `aws_s3_bucket`.
    Bucket,
    /// A split resource writing one part.
    Split(Part),
    /// Recognised, not monitored.
    Unmonitored,
}

/// One instance from one file, with what the file says about it.
pub(super) struct Entry<'a> {
    pub(super) res: &'a Resource,
    pub(super) kind: Kind,
    pub(super) file: usize,
    /// The index in its file's `resources`; `None` for an instance taken from a plan's
    /// `planned_values` (the address is not in the state side).
    pub(super) index: Option<usize>,
    pub(super) source: &'a str,
    pub(super) written_at: Option<jiff::Timestamp>,
    pub(super) plan: Option<&'a PlanInfo>,
    /// For a state-side instance the plan updates or replaces: the `after_unknown` marks of
    /// its planned values. Those values are pending until apply and never compared.
    pub(super) after_unknown: Option<&'a [AttrPath]>,
}

impl Entry<'_> {
    /// A plan will create this instance (taken from its `planned_values`).
    pub(super) fn planned_create(&self) -> bool {
        self.index.is_none()
            && self
                .plan
                .is_some_and(|p| p.creates.contains(&self.res.address))
    }

    pub(super) fn planned_delete(&self) -> bool {
        self.plan.is_some_and(|p| {
            p.deletes.contains(&self.res.address) && !p.creates.contains(&self.res.address)
        })
    }
}

fn kind_of(rtype: &str) -> Kind {
    if rtype == "aws_s3_bucket" {
        Kind::Bucket
    } else if let Some(part) = Part::of_split(rtype) {
        Kind::Split(part)
    } else {
        // Recognised types that are not parts, and any other aws_s3_* type: listed, never
        // an error.
        Kind::Unmonitored
    }
}

/// The state side of every file, plus the instances only a plan's `planned_values` has
/// (those the plan will create).
pub(super) fn collect(loaded: &[Loaded]) -> Vec<Entry<'_>> {
    let mut out = Vec::with_capacity(loaded.iter().map(|l| l.resources.len()).sum());
    for (file, l) in loaded.iter().enumerate() {
        let plan = l.plan.as_ref();
        // Only a plan has instances to check against the state's; a large state alone
        // would sort its addresses for nothing.
        let in_state: BTreeSet<&str> = match plan {
            Some(_) => l.resources.iter().map(|r| r.address.as_str()).collect(),
            None => BTreeSet::new(),
        };
        let planned = plan
            .into_iter()
            .flat_map(|p| p.planned.values())
            .filter(|r| !in_state.contains(r.address.as_str()))
            .map(|r| (r, None));
        let state_side = l.resources.iter().enumerate().map(|(i, r)| (r, Some(i)));
        for (res, index) in state_side.chain(planned) {
            let after_unknown = plan
                .filter(|p| index.is_some() && p.updates.contains(&res.address))
                .and_then(|p| p.planned.get(&res.address))
                .map(|r| r.unknown.as_slice())
                .filter(|u| !u.is_empty());
            out.push(Entry {
                res,
                kind: kind_of(&res.rtype),
                file,
                index,
                source: &l.source,
                written_at: l.written_at,
                plan,
                after_unknown,
            });
        }
    }
    out
}

/// A known, non-empty string attribute (not unknown until apply).
pub(super) fn known_text<'a>(res: &'a Resource, key: &str) -> Option<&'a str> {
    if marks::unknown_whole(res, key) {
        return None;
    }
    attr::text(&res.attributes, key)
}

pub(super) fn identity_text<'a>(res: &'a Resource, key: &str) -> Option<&'a str> {
    res.identity.as_ref().and_then(|i| attr::text(i, key))
}
