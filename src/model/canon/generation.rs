//! Which provider schema generation wrote an `aws_s3_bucket` instance. State does not record
//! the provider version (FACTS.md), but each generation leaves a mark:
//!
//! - v6 adds `bucket_region` → [`SchemaGeneration::V6`];
//! - v4 adds the top-level `object_lock_enabled` argument, and its `acl` is `null` unless
//!   set (v3 defaults it to `"private"`) → [`SchemaGeneration::V4`];
//! - `acl` a string and no top-level `object_lock_enabled` → [`SchemaGeneration::V3`].
//!
//! In a plan, an attribute that is unknown until apply is absent from the values but listed
//! as unknown; it counts as present. With none of the marks (a bare planned value), the
//! generation is taken as v4: inline values are then read as mirrors, the weaker claim.

use super::marks::unknown_whole;
use crate::model::SchemaGeneration;
use crate::state::Resource;
use serde_json::Value;

/// The generation of an `aws_s3_bucket` instance.
pub fn infer(res: &Resource) -> SchemaGeneration {
    let a = &res.attributes;
    let has = |k: &str| a.get(k).is_some() || unknown_whole(res, k);
    if has("bucket_region") {
        SchemaGeneration::V6
    } else if has("object_lock_enabled")
        || matches!(a.get("acl"), Some(Value::Null))
        || unknown_whole(res, "acl")
    {
        SchemaGeneration::V4
    } else if a.get("acl").is_some_and(Value::is_string) {
        SchemaGeneration::V3
    } else {
        SchemaGeneration::V4
    }
}
