//! The claims an `aws_s3_bucket` instance makes on a part through its own attributes, and
//! how strong they are, per provider generation.
//!
//! - Provider v3: inline blocks are read/write (provider v3 docs), origin
//!   [`Origin::Inline`]. An empty block is the code saying "none": v3 removes a lifecycle,
//!   CORS, website, logging, replication, encryption or Object Lock configuration that its
//!   config does not have (each part says whether its block works this way).
//! - Provider v4+: inline blocks are computed mirrors of the provider's last read and go
//!   stale (provider v4 upgrade guide; seen in real public states), origin
//!   [`Origin::Mirror`]. An empty mirror says nothing, so the part is left unmanaged and the
//!   diff compares it with AWS's defaults. When a plan's configuration does set the block
//!   inline (deprecated but read/write since v4.9), it is a real claim: origin `Inline`.
//!
//! A split resource for the same part wins over all of this; the model only asks for inline
//! claims of parts without one.

use super::attr::has_blocks;
use super::spec::{Claim, InlineSource, Origin, Warnings};
use serde_json::Value;

/// A claim on `keys` with `value`.
pub fn claim(
    value: Option<Value>,
    origin: Origin,
    pending: Vec<String>,
    keys: &[&'static str],
) -> Claim {
    Claim {
        value,
        origin,
        pending,
        keys: keys.to_vec(),
    }
}

/// The attribute as a whole is unknown until apply: a claim with everything pending when the
/// configuration sets it, else nothing (it is only computed).
pub fn unknown(src: &dyn InlineSource, keys: &[&'static str], origin: Origin) -> Option<Claim> {
    src.configured(keys)
        .then(|| claim(None, origin, vec!["*".into()], keys))
}

/// `Inline` under provider v3 or where the plan's configuration sets one of `keys`, else a
/// v4+ `Mirror`.
pub fn origin_of(src: &dyn InlineSource, keys: &[&str]) -> Origin {
    if src.v3() || src.configured(keys) {
        Origin::Inline
    } else {
        Origin::Mirror
    }
}

/// The claim of one nested block (`versioning`, `logging`, …), read with `read`.
pub fn block(
    src: &dyn InlineSource,
    attribute: &'static str,
    v3_empty_is_none: bool,
    read: fn(&Value, &mut Warnings<'_>) -> Option<Value>,
    warnings: &mut Warnings<'_>,
) -> Option<Claim> {
    let keys = [attribute];
    let origin = origin_of(src, &keys);
    if src.unknown_whole(attribute) {
        return unknown(src, &keys, origin);
    }
    let a = src.attrs();
    a.get(attribute)?;
    if !has_blocks(a, attribute) {
        return (src.v3() && v3_empty_is_none)
            .then(|| claim(None, Origin::Inline, Vec::new(), &keys));
    }
    let value = read(a, warnings);
    Some(claim(value, origin, src.pending(&keys, true), &keys))
}
