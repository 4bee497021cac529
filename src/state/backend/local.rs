//! The local backend: where a root without a `backend "s3"` block keeps its state.

use super::settings::{text, Settings};
use crate::diag::{ErrorCode, InputError};
use std::path::{Path, PathBuf};

/// The local backend: `terraform.tfstate`, or `terraform.tfstate.d/<ws>/terraform.tfstate`
/// for a non-default workspace (with `path` / `workspace_dir` when the block sets them).
pub(super) fn local_state(
    dir: &Path,
    s: &Settings,
    workspace: &str,
) -> Result<PathBuf, InputError> {
    let path = if workspace == "default" {
        dir.join(text(s, "path").unwrap_or("terraform.tfstate"))
    } else {
        dir.join(text(s, "workspace_dir").unwrap_or("terraform.tfstate.d"))
            .join(workspace)
            .join("terraform.tfstate")
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(InputError::new(
            ErrorCode::Io,
            format!(
                "no state found for {}: no backend \"s3\" block and no {}",
                dir.display(),
                path.display()
            ),
        )
        .help("pass the state with --state FILE or s3://BUCKET/KEY, or point --dir at the Terraform root"))
    }
}
