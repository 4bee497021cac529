//! The kind and code of a differing leaf. Which code a leaf of a part gets, with its
//! severity and message, is the part's own knowledge (its module's `classify` and codes);
//! messages never contain values, so redaction only has to replace `expected`/`actual`.

use super::leaves::Leaf;
use crate::code::{Code, Kind};
use crate::model::Part;

/// The kind of a leaf difference from which sides have a value.
pub fn kind_of(leaf: &Leaf) -> Kind {
    match (&leaf.expected, &leaf.actual) {
        (Some(_), None) => Kind::RemovedLive,
        (None, Some(_)) => Kind::AddedLive,
        _ => Kind::Changed,
    }
}

/// The code for one differing leaf of `part`.
pub fn code_for(part: Part, leaf: &Leaf) -> Code {
    (part.spec().classify)(leaf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn leaf(path: &str, e: Option<Value>, a: Option<Value>) -> Leaf {
        Leaf {
            path: path.into(),
            expected: e,
            actual: a,
        }
    }

    #[test]
    fn pab_off_is_weakened_on_is_changed() {
        let p = "public_access_block.block_public_acls";
        let off = leaf(p, Some(json!(true)), Some(json!(false)));
        let on = leaf(p, Some(json!(false)), Some(json!(true)));
        assert_eq!(
            code_for(Part::PublicAccessBlock, &off),
            Code::PublicAccessBlockWeakened
        );
        assert_eq!(
            code_for(Part::PublicAccessBlock, &on),
            Code::PublicAccessBlockChanged
        );
    }

    #[test]
    fn versioning_enabled_to_suspended_is_suspended() {
        let s = leaf(
            "versioning.status",
            Some(json!("Enabled")),
            Some(json!("Suspended")),
        );
        let e = leaf(
            "versioning.status",
            Some(json!("Disabled")),
            Some(json!("Enabled")),
        );
        assert_eq!(code_for(Part::Versioning, &s), Code::VersioningSuspended);
        assert_eq!(code_for(Part::Versioning, &e), Code::VersioningChanged);
    }

    #[test]
    fn every_part_classifies_to_its_own_codes() {
        for &part in Part::ALL {
            let spec = part.spec();
            let l = leaf(&format!("{}.x", spec.key), Some(json!(1)), Some(json!(2)));
            let code = code_for(part, &l);
            assert!(spec.codes.iter().any(|i| i.code == code), "{part}: {code}");
        }
    }
}
