//! `object_lock_configuration`: `{"object_lock_enabled": "Enabled", "rule"?:
//! {"default_retention": {"mode", "days"?, "years"?}}}`. Object Lock can only be turned on,
//! so the value exists only when it is enabled. Zero days/years are "not set".

use crate::parts::attr::{block, count, text, Obj};
use serde_json::Value;

/// The canonical value from the API's fields; `None` when Object Lock is not enabled.
pub fn canonical(
    enabled: bool,
    mode: Option<&str>,
    days: Option<i64>,
    years: Option<i64>,
) -> Option<Value> {
    if !enabled {
        return None;
    }
    let rule = mode.filter(|m| !m.is_empty()).map(|m| {
        let retention = Obj::new()
            .text("mode", Some(m))
            .count("days", days.filter(|d| *d > 0))
            .count("years", years.filter(|y| *y > 0))
            .build();
        Obj::new()
            .value("default_retention", Some(retention))
            .build()
    });
    Some(
        Obj::new()
            .text("object_lock_enabled", Some("Enabled"))
            .value("rule", rule)
            .build(),
    )
}

/// `rule[0].default_retention[0]` of a holder (split resource or inline block).
fn retention(holder: &Value) -> (Option<&str>, Option<i64>, Option<i64>) {
    match block(holder, "rule").and_then(|r| block(r, "default_retention")) {
        Some(d) => (text(d, "mode"), count(d, "days"), count(d, "years")),
        None => (None, None, None),
    }
}

/// `aws_s3_bucket_object_lock_configuration` (its `object_lock_enabled` is `"Enabled"`,
/// the only value it accepts, and defaults to it).
pub fn from_split(attrs: &Value) -> Option<Value> {
    let (mode, days, years) = retention(attrs);
    canonical(true, mode, days, years)
}

/// Provider v3's inline `object_lock_configuration[0].{object_lock_enabled, rule}`.
pub fn from_inline_v3(attrs: &Value) -> Option<Value> {
    let cfg = block(attrs, "object_lock_configuration")?;
    let (mode, days, years) = retention(cfg);
    canonical(
        text(cfg, "object_lock_enabled") == Some("Enabled"),
        mode,
        days,
        years,
    )
}

/// Provider v4+: the top-level `object_lock_enabled` argument (a bool, set at creation)
/// with the retention rule from the inline mirror, if it has one.
pub fn from_top_level(attrs: &Value) -> Option<Value> {
    let enabled = attrs
        .get("object_lock_enabled")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let (mode, days, years) = block(attrs, "object_lock_configuration")
        .map(retention)
        .unwrap_or((None, None, None));
    canonical(enabled, mode, days, years)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn split_inline_and_top_level() {
        let split = json!({"bucket": "b", "object_lock_enabled": "Enabled", "token": null,
            "rule": [{"default_retention": [{"days": 0, "mode": "COMPLIANCE", "years": 1}]}]});
        let want = json!({"object_lock_enabled": "Enabled", "rule": {"default_retention": {"mode": "COMPLIANCE", "years": 1}}});
        assert_eq!(from_split(&split), Some(want.clone()));
        let v3 = json!({"object_lock_configuration": [{"object_lock_enabled": "Enabled",
            "rule": [{"default_retention": [{"days": 0, "mode": "COMPLIANCE", "years": 1}]}]}]});
        assert_eq!(from_inline_v3(&v3), Some(want.clone()));
        let v4 = json!({"object_lock_enabled": true, "object_lock_configuration": v3["object_lock_configuration"].clone()});
        assert_eq!(from_top_level(&v4), Some(want));
        assert_eq!(
            from_top_level(&json!({"object_lock_enabled": true, "object_lock_configuration": []})),
            Some(json!({"object_lock_enabled": "Enabled"}))
        );
        assert_eq!(
            from_top_level(&json!({"object_lock_enabled": false, "object_lock_configuration": []})),
            None
        );
        assert_eq!(
            from_inline_v3(&json!({"object_lock_configuration": []})),
            None
        );
    }
}
