//! Which provider schema generation wrote an `aws_s3_bucket` instance. State does not record
//! the provider version (Terraform state format), but each generation leaves a mark:
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Step;
    use serde_json::json;

    fn bucket(attributes: Value, unknown: &[&str]) -> Resource {
        Resource {
            unknown: unknown
                .iter()
                .map(|k| vec![Step::Attr(k.to_string())])
                .collect(),
            ..Resource::test_bucket(attributes)
        }
    }

    #[test]
    fn marks_of_each_generation() {
        let v6 = json!({"acl": null, "bucket_region": "ap-south-1", "object_lock_enabled": false});
        assert_eq!(infer(&bucket(v6, &[])), SchemaGeneration::V6);
        let v4 = json!({"acl": null, "object_lock_enabled": false});
        assert_eq!(infer(&bucket(v4, &[])), SchemaGeneration::V4);
        // v4.0-4.8 with `acl` set in the configuration: object_lock_enabled tells.
        let v4_acl = json!({"acl": "private", "object_lock_enabled": false});
        assert_eq!(infer(&bucket(v4_acl, &[])), SchemaGeneration::V4);
        let v3 = json!({"acl": "private", "versioning": [{"enabled": false, "mfa_delete": false}]});
        assert_eq!(infer(&bucket(v3, &[])), SchemaGeneration::V3);
    }

    #[test]
    fn unknown_attributes_count_as_present() {
        let planned = json!({"bucket": "b", "force_destroy": false});
        assert_eq!(
            infer(&bucket(planned.clone(), &["acl", "tags_all"])),
            SchemaGeneration::V4
        );
        assert_eq!(
            infer(&bucket(planned.clone(), &["bucket_region"])),
            SchemaGeneration::V6
        );
        assert_eq!(infer(&bucket(planned, &[])), SchemaGeneration::V4);
        let v3_plan = json!({"acl": "private", "bucket": "b"});
        assert_eq!(
            infer(&bucket(v3_plan, &["versioning"])),
            SchemaGeneration::V3
        );
    }
}
