//! `PutBucketVersioning` → the new versioning value.

use super::canonical;
use crate::parts::xml;
use crate::parts::NewValue;
use serde_json::{Map, Value};

/// `PutBucketVersioning`. The request names MFA delete `MfaDelete` (the GET answer says
/// `MFADelete`), and S3 keeps the MFA delete setting when a request leaves it out, so a
/// request with only one of the two is a partial change.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let Some(cfg) = xml::child(p, "VersioningConfiguration") else {
        return NewValue::Unknown;
    };
    let status = xml::text(cfg, "Status");
    let mfa = xml::text(cfg, "MfaDelete").or_else(|| xml::text(cfg, "MFADelete"));
    let full = canonical(status, mfa);
    let mut out = Map::new();
    for (key, given) in [("status", status.is_some()), ("mfa_delete", mfa.is_some())] {
        if let (true, Some(v)) = (given, full.get(key)) {
            out.insert(key.into(), v.clone());
        }
    }
    match (status.is_some(), mfa.is_some()) {
        (false, false) => NewValue::Unknown,
        (true, true) => NewValue::set(full),
        _ => NewValue::merge(Value::Object(out)),
    }
}
