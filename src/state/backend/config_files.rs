//! Finding the backend block among a root's configuration files (`*.tf`, `*.tf.json`),
//! override files last, as Terraform merges them.

use super::parse::backends_of;
use super::settings::Settings;
use crate::diag::{ErrorCode, InputError};
use std::path::{Path, PathBuf};

/// The backend block found in the `.tf` files.
pub(super) struct Found {
    pub(super) kind: String,
    pub(super) file: PathBuf,
    pub(super) settings: Settings,
}

/// Whether `path` is a Terraform configuration file (`*.tf` or `*.tf.json`).
fn is_config(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// Whether `path` is an override file (`override.tf`, `*_override.tf`, and their `.tf.json`).
fn is_override(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"))
        .unwrap_or(name);
    stem == "override" || stem.ends_with("_override")
}

/// Reads the root's configuration files (sorted; override files last, as Terraform merges
/// them) and returns the backend block, if any.
pub(super) fn find_backend(dir: &Path) -> Result<Option<Found>, InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        InputError::new(
            ErrorCode::Io,
            format!("cannot read directory {}: {e}", dir.display()),
        )
        .help("--dir takes the Terraform root directory (where `terraform init` runs)")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_config(p) && p.is_file())
        .collect();
    files.sort();
    let (overrides, primary): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|p| is_override(p));
    let mut found: Option<Found> = None;
    for file in primary {
        for (kind, settings) in backends_in(&file)? {
            if let Some(first) = &found {
                return Err(InputError::new(
                    ErrorCode::Config,
                    format!(
                        "{} and {} both configure a backend; Terraform allows one",
                        first.file.display(),
                        file.display()
                    ),
                )
                .help("remove one of the backend blocks"));
            }
            found = Some(Found {
                kind,
                file: file.clone(),
                settings,
            });
        }
    }
    // A backend block in an override file replaces the original one.
    for file in overrides {
        for (kind, settings) in backends_in(&file)? {
            found = Some(Found {
                kind,
                file: file.clone(),
                settings,
            });
        }
    }
    Ok(found)
}

/// The `terraform { backend "<kind>" { … } }` blocks of one file.
fn backends_in(file: &Path) -> Result<Vec<(String, Settings)>, InputError> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        InputError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    backends_of(&file.display().to_string(), &text)
}
