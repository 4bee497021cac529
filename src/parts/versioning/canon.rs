//! `versioning`: `{"status": "Enabled"|"Suspended"|"Disabled", "mfa_delete": bool}`.
//!
//! `Disabled` means "never enabled": GetBucketVersioning answers with no `Status`, and
//! `aws_s3_bucket_versioning` records `"Disabled"` for it (provider docs for aws_s3_bucket_versioning). The inline block only
//! has `enabled`, a bool, so `false` cannot tell Suspended from never-enabled; it is written
//! as `Disabled`, and the diff treats an inline or mirror `Disabled` as equal to a live
//! `Suspended` because the provider maps both to `false`.

use crate::parts::attr::{block, text, Obj};
use serde_json::Value;

/// The canonical value from the S3 API's answer (`Status`, `MFADelete`): the live reader's
/// and the CloudTrail parser's entry point. A missing or empty status is `Disabled`.
pub fn canonical(status: Option<&str>, mfa_delete: Option<&str>) -> Value {
    let status = match status {
        Some("Enabled") => "Enabled",
        Some("Suspended") => "Suspended",
        _ => "Disabled",
    };
    Obj::new()
        .text("status", Some(status))
        .flag("mfa_delete", mfa_delete == Some("Enabled"))
        .build()
}

/// `aws_s3_bucket_versioning`: `versioning_configuration[0].{status, mfa_delete}`, where
/// `mfa_delete` is `"Enabled"`, `"Disabled"` or `""` (unset, the API default: off).
pub fn from_split(attrs: &Value) -> Option<Value> {
    let cfg = block(attrs, "versioning_configuration")?;
    Some(canonical(text(cfg, "status"), text(cfg, "mfa_delete")))
}

/// The inline `versioning[0].{enabled, mfa_delete}` block of `aws_s3_bucket` (both bools).
pub fn from_inline(attrs: &Value) -> Option<Value> {
    let cfg = block(attrs, "versioning")?;
    let enabled = cfg.get("enabled").and_then(Value::as_bool).unwrap_or(false);
    let mfa = cfg
        .get("mfa_delete")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Some(
        Obj::new()
            .text("status", Some(if enabled { "Enabled" } else { "Disabled" }))
            .flag("mfa_delete", mfa)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn split_status_and_mfa() {
        let a = json!({"bucket": "b", "versioning_configuration": [{"mfa_delete": "", "status": "Enabled"}]});
        assert_eq!(
            from_split(&a),
            Some(json!({"status": "Enabled", "mfa_delete": false}))
        );
        let a =
            json!({"versioning_configuration": [{"mfa_delete": "Enabled", "status": "Suspended"}]});
        assert_eq!(
            from_split(&a),
            Some(json!({"status": "Suspended", "mfa_delete": true}))
        );
        let a =
            json!({"versioning_configuration": [{"mfa_delete": "Disabled", "status": "Disabled"}]});
        assert_eq!(
            from_split(&a),
            Some(json!({"status": "Disabled", "mfa_delete": false}))
        );
        assert_eq!(from_split(&json!({"versioning_configuration": []})), None);
    }

    #[test]
    fn inline_bool_maps_to_status() {
        let a = json!({"versioning": [{"enabled": true, "mfa_delete": false}]});
        assert_eq!(
            from_inline(&a),
            Some(json!({"status": "Enabled", "mfa_delete": false}))
        );
        let a = json!({"versioning": [{"enabled": false, "mfa_delete": true}]});
        assert_eq!(
            from_inline(&a),
            Some(json!({"status": "Disabled", "mfa_delete": true}))
        );
        assert_eq!(from_inline(&json!({"versioning": []})), None);
    }

    #[test]
    fn api_answer_without_status_is_never_enabled() {
        assert_eq!(
            canonical(None, None),
            json!({"status": "Disabled", "mfa_delete": false})
        );
        assert_eq!(
            canonical(Some("Suspended"), Some("Disabled"))["status"],
            "Suspended"
        );
    }
}
