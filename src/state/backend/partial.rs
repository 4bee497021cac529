//! Partial backend configuration: what the last `terraform init` cached, and each
//! `--backend-config` (`KEY=VALUE`, or a file of `key = "value"` lines).

use super::diagnostics::hcl_error;
use super::parse::{body_settings, literal};
use super::settings::{json_settings, Setting, Settings};
use crate::diag::{ErrorCode, InputError};
use std::path::Path;

/// The backend configuration `terraform init` cached, without its unset (`null`) keys.
pub(super) fn cached_config(dir: &Path) -> Settings {
    let path = dir.join(".terraform").join("terraform.tfstate");
    let Ok(text) = std::fs::read_to_string(path) else {
        return Settings::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Settings::new();
    };
    if json.pointer("/backend/type").and_then(|t| t.as_str()) != Some("s3") {
        return Settings::new();
    }
    match json.pointer("/backend/config") {
        Some(serde_json::Value::Object(m)) => json_settings(m),
        _ => Settings::new(),
    }
}

/// One `--backend-config`: a file of `key = "value"` lines (like `-backend-config=FILE`),
/// or `KEY=VALUE`.
pub(super) fn parse_backend_config(item: &str) -> Result<Settings, InputError> {
    let path = Path::new(item);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| InputError::new(ErrorCode::Io, format!("cannot read {item}: {e}")))?;
        let body = hcl::parse(&text).map_err(|e| hcl_error(item, &text, &e))?;
        return body_settings(&body, item);
    }
    let Some((key, value)) = item.split_once('=') else {
        return Err(InputError::new(
            ErrorCode::Usage,
            format!("--backend-config {item}: not KEY=VALUE and no such file"),
        )
        .help("pass KEY=VALUE (e.g. bucket=my-tfstate) or the path of a file of key = \"value\" lines"));
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(InputError::new(
            ErrorCode::Usage,
            format!("--backend-config {item}: the key is empty"),
        )
        .help("pass KEY=VALUE, e.g. key=prod/terraform.tfstate"));
    }
    let value = value.trim();
    // Nested settings (`assume_role={role_arn="…"}`) are HCL objects, as for Terraform.
    let setting = if value.starts_with('{') {
        let body = hcl::parse(&format!("v = {value}"))
            .map_err(|e| hcl_error("--backend-config", item, &e))?;
        match body.attributes().next() {
            Some(a) => literal(a.expr(), key, "--backend-config")?,
            None => Setting::Text(String::new()),
        }
    } else {
        Setting::Text(value.trim_matches('"').to_string())
    };
    Ok(Settings::from([(key.to_string(), setting)]))
}
