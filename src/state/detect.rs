//! What kind of Terraform/OpenTofu JSON a file holds, from its top-level keys, so a plan
//! given to `--state` (or the reverse) gets an error that names the right flag.

use super::locate::{self, Seg};
use super::problem::kind;
use super::SourceKind;
use crate::diag::{ErrorCode, InputError};
use serde_json::Value;

/// The kinds of file a user may hand us.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detected {
    /// A raw state (`terraform.tfstate`, `terraform state pull`): has `version`.
    State,
    /// `terraform show -json` of a state: `format_version` and `values` (or nothing else,
    /// for an empty state).
    StateJson,
    /// `terraform show -json plan.out`.
    Plan,
    /// An OpenTofu state or plan encrypted client-side (`encrypted_data`, `meta`,
    /// `encryption_version`).
    Encrypted,
    /// A JSON object that is none of the above.
    Unknown,
    /// Not a JSON object at all.
    NotObject,
}

/// Plan-only top-level keys of `terraform show -json` (format 0.1–1.x).
const PLAN_KEYS: [&str; 6] = [
    "planned_values",
    "resource_changes",
    "resource_drift",
    "prior_state",
    "configuration",
    "output_changes",
];

/// Classifies a parsed file.
pub fn detect(root: &Value) -> Detected {
    let Some(map) = root.as_object() else {
        return Detected::NotObject;
    };
    if map.contains_key("encrypted_data") {
        Detected::Encrypted
    } else if map.contains_key("format_version") {
        if PLAN_KEYS.iter().any(|k| map.contains_key(*k)) {
            Detected::Plan
        } else {
            Detected::StateJson
        }
    } else if map.contains_key("version")
        || map.contains_key("resources")
        || map.contains_key("modules")
    {
        Detected::State
    } else {
        Detected::Unknown
    }
}

/// The error for a file that is not what `want` reads, or `Ok` when it is. Nothing has
/// been read for secrets yet, so every string value in the snippet is masked.
pub fn reject(name: &str, text: &str, root: &Value, want: SourceKind) -> Result<(), InputError> {
    let found = detect(root);
    let (code, message, key, label, help) = match (found, want) {
        (Detected::State | Detected::StateJson, SourceKind::State) | (Detected::Plan, SourceKind::Plan) => {
            return Ok(())
        }
        (Detected::Plan, SourceKind::State) => (
            ErrorCode::WrongFlag,
            format!("{name} is a plan (`terraform show -json` output), not a state"),
            "format_version",
            "plan JSON starts like this",
            "use --plan to read a plan file; --state takes a state (`terraform state pull`)".to_string(),
        ),
        (Detected::State | Detected::StateJson, SourceKind::Plan) => (
            ErrorCode::WrongFlag,
            format!("{name} is a state, not a plan"),
            if found == Detected::State { "version" } else { "format_version" },
            "state files have this key",
            "use --state to read a state file; --plan takes `terraform show -json plan.out` output"
                .to_string(),
        ),
        (Detected::Encrypted, _) => (
            ErrorCode::Encrypted,
            format!("{name} is encrypted with OpenTofu state encryption, so its resources cannot be read"),
            "encrypted_data",
            "the content is ciphertext",
            "decrypt it first: in the configuration that has the `encryption` block (and its key \
             provider's passphrase or KMS access), run `tofu state pull > plain.tfstate` (or \
             `tofu show -json plan.out > plan.json` for a plan) and pass that file"
                .to_string(),
        ),
        (Detected::NotObject, _) => (
            ErrorCode::Shape,
            format!("{name} must hold a JSON object at the top, found {}", kind(root)),
            "",
            "expected an object",
            "pass a Terraform/OpenTofu state (`terraform state pull`) or plan (`terraform show -json plan.out`)"
                .to_string(),
        ),
        (Detected::Unknown, _) => (
            ErrorCode::Shape,
            format!("{name} is JSON, but not a Terraform/OpenTofu state or plan"),
            "",
            "no `version` (state) or `format_version` (plan) key in this object",
            "pass a Terraform/OpenTofu state (`terraform state pull`) or plan (`terraform show -json plan.out`)"
                .to_string(),
        ),
    };
    if code == ErrorCode::WrongFlag {
        // The message says what the file is; a snippet of it would add nothing.
        return Err(InputError::new(code, message).help(help));
    }
    let span = if key.is_empty() {
        let start = text.len() - text.trim_start().len();
        start..(start + 1).min(text.len())
    } else {
        locate::nearest_span(text, &[Seg::Key(key.to_string())])
    };
    let secret = locate::string_value_ranges(text);
    Err(InputError::new(code, message).help(help).with_source(
        name,
        text,
        span.into(),
        label,
        &secret,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds() {
        assert_eq!(
            detect(&json!({"version": 4, "resources": []})),
            Detected::State
        );
        assert_eq!(
            detect(&json!({"version": 3, "modules": []})),
            Detected::State
        );
        assert_eq!(
            detect(&json!({"format_version": "1.2", "planned_values": {}})),
            Detected::Plan
        );
        assert_eq!(
            detect(&json!({"format_version": "1.0", "values": {}})),
            Detected::StateJson
        );
        assert_eq!(
            detect(&json!({"meta": {}, "encrypted_data": "x", "encryption_version": "v0"})),
            Detected::Encrypted
        );
        assert_eq!(detect(&json!({"Records": []})), Detected::Unknown);
        assert_eq!(detect(&json!([1])), Detected::NotObject);
    }
}
