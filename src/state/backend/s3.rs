//! The merged settings of a `backend "s3"` block as an [`S3Backend`]: the object key under
//! the workspace prefix, the endpoint, the path style and the role, in the current and the
//! legacy spellings.

use super::settings::{map, text, truthy, Setting, Settings};
use super::{S3Backend, DEFAULT_WORKSPACE_KEY_PREFIX};
use crate::aws::AssumeRole;
use crate::diag::{ErrorCode, InputError};
use std::path::Path;

/// The backend the settings describe, for `workspace`; `bucket` and `key` are required.
pub(super) fn s3_backend(
    file: &Path,
    s: Settings,
    workspace: &str,
) -> Result<S3Backend, InputError> {
    let missing: Vec<&str> = ["bucket", "key"]
        .into_iter()
        .filter(|k| text(&s, k).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(InputError::new(
            ErrorCode::Config,
            format!(
                "the backend \"s3\" block in {} has no {}",
                file.display(),
                missing.join(" and ")
            ),
        )
        .help(format!(
            "complete the partial configuration the way `terraform init` takes it: {}",
            missing
                .iter()
                .map(|k| format!("--backend-config {k}=…"))
                .collect::<Vec<_>>()
                .join(" ")
        )));
    }
    let bucket = text(&s, "bucket").unwrap_or_default().to_string();
    let base_key = text(&s, "key").unwrap_or_default();
    // The S3 backend keeps non-default workspaces under <prefix>/<workspace>/<key>.
    let key = if workspace == "default" {
        base_key.to_string()
    } else {
        let prefix = match s.get("workspace_key_prefix") {
            Some(Setting::Text(p)) => p.as_str(),
            _ => DEFAULT_WORKSPACE_KEY_PREFIX,
        };
        if prefix.is_empty() {
            format!("{workspace}/{base_key}")
        } else {
            format!("{prefix}/{workspace}/{base_key}")
        }
    };
    let endpoint = map(&s, "endpoints")
        .and_then(|e| text(e, "s3"))
        .or_else(|| text(&s, "endpoint"))
        .map(str::to_string);
    let use_path_style = truthy(text(&s, "use_path_style")) || truthy(text(&s, "force_path_style"));
    let assume_role = match map(&s, "assume_role") {
        Some(r) => text(r, "role_arn").map(|arn| AssumeRole {
            role_arn: arn.to_string(),
            external_id: text(r, "external_id").map(str::to_string),
            session_name: text(r, "session_name").map(str::to_string),
        }),
        // Backends written before Terraform 1.6 put the role at the top level.
        None => text(&s, "role_arn").map(|arn| AssumeRole {
            role_arn: arn.to_string(),
            external_id: text(&s, "external_id").map(str::to_string),
            session_name: text(&s, "session_name").map(str::to_string),
        }),
    };
    Ok(S3Backend {
        bucket,
        key,
        region: text(&s, "region").map(str::to_string),
        endpoint,
        use_path_style,
        assume_role,
        profile: text(&s, "profile").map(str::to_string),
    })
}
