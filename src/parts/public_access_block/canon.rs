//! `public_access_block`: the four booleans, always present. `null` (a plan's unset
//! optional) is the provider default, `false`.

use crate::parts::attr::{flag, Obj};
use serde_json::Value;

/// The four flags, in their canonical names.
pub const FLAGS: [&str; 4] = [
    "block_public_acls",
    "block_public_policy",
    "ignore_public_acls",
    "restrict_public_buckets",
];

/// The canonical value from the four API booleans (in [`FLAGS`] order).
pub fn canonical(flags: [bool; 4]) -> Value {
    FLAGS
        .iter()
        .zip(flags)
        .fold(Obj::new(), |o, (k, v)| o.flag(k, v))
        .build()
}

/// `aws_s3_bucket_public_access_block`.
pub fn from_split(attrs: &Value) -> Option<Value> {
    Some(canonical(FLAGS.map(|k| flag(attrs, k).unwrap_or(false))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flags_null_is_false() {
        let a = json!({"block_public_acls": true, "block_public_policy": true, "bucket": "b", "ignore_public_acls": false, "restrict_public_buckets": null, "skip_destroy": null});
        assert_eq!(
            from_split(&a),
            Some(
                json!({"block_public_acls": true, "block_public_policy": true, "ignore_public_acls": false, "restrict_public_buckets": false})
            )
        );
    }
}
