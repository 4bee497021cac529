//! The claim a split resource (`aws_s3_bucket_versioning`, …) makes on its part. A split
//! resource is authoritative for its part (provider v4 upgrade guide), so it always makes a
//! claim; its value is `None` only where the resource itself says "absent".

use super::marks;
use crate::model::{DesiredPart, Origin, Part};
use crate::parts::Warnings;
use crate::state::Resource;
use crate::warning::Warning;

/// The claim of split resource `res` on `part`. `None` (with a warning) only when the
/// resource cannot be read, e.g. a canned ACL S3 does not know.
pub fn claim(
    res: &Resource,
    part: Part,
    planned_create: bool,
    warnings: &mut Vec<Warning>,
) -> Option<DesiredPart> {
    let split = part.spec().split.as_ref()?;
    let a = &res.attributes;
    let mut w = Warnings {
        address: &res.address,
        out: warnings,
    };
    let value = (split.read)(a, &mut w).ok()?;
    // Attributes apply computes from the others are not pending on their own.
    let skip = (split.derived)(a);
    let read: Vec<&str> = split
        .attributes
        .iter()
        .copied()
        .filter(|k| !skip.contains(k))
        .collect();
    Some(DesiredPart {
        value: value.map(Into::into),
        origin: Origin::Split,
        address: res.address.clone(),
        sensitive: marks::sensitive(res, split.attributes),
        pending: marks::pending(res, &read, false),
        planned_create,
        entries: Default::default(),
    })
}
