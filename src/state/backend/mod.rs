//! Finding the state of a Terraform root (`--dir`): its `backend "s3"` block, completed by
//! partial configuration (`--backend-config`), or the local state file.
//!
//! Terraform itself forbids variables and other expressions in a backend block, so every
//! value here is a literal; anything else is reported rather than guessed at.
//!
//! The block is read from the root's `*.tf` and `*.tf.json` files; one in an override file
//! (`override.tf`, `*_override.tf`) replaces the original, as Terraform merges them.
//!
//! The merge order follows `terraform init`: the block in the configuration, then the
//! configuration cached by the last `init` in `.terraform/terraform.tfstate` (which already
//! holds the partial configuration given then), then each `--backend-config` in order.
//!
//! The pieces: `config_files` finds the block among the root's files, `parse` reads a
//! block (HCL via hcl-rs, or JSON) into literal `settings`, `partial` reads the init cache
//! and `--backend-config`, `s3` and `local` resolve the merged settings for the workspace,
//! and `diagnostics` turns a bad file into an error that points at the place.

mod config_files;
mod diagnostics;
mod local;
mod parse;
mod partial;
mod s3;
mod settings;

use crate::aws::{self, AssumeRole, AwsSettings};
use crate::diag::{ErrorCode, InputError};
use crate::state::remote::{fetch_object, RemoteState};
use config_files::find_backend;
use local::local_state;
use parse::backends_of;
use partial::{cached_config, parse_backend_config};
use s3::s3_backend;
use settings::merge;
use std::path::{Path, PathBuf};

/// Where a root's state lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A local state file.
    Local(PathBuf),
    /// An object in S3.
    S3(S3Backend),
}

/// A resolved `backend "s3"` configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Backend {
    pub bucket: String,
    /// The object key, with the workspace prefix already applied.
    pub key: String,
    pub region: Option<String>,
    /// `endpoints.s3`, or the legacy `endpoint`.
    pub endpoint: Option<String>,
    /// `use_path_style`, or the legacy `force_path_style`.
    pub use_path_style: bool,
    /// The `assume_role` block, or the legacy top-level `role_arn`.
    pub assume_role: Option<AssumeRole>,
    pub profile: Option<String>,
}

/// The workspace key prefix of the S3 backend when none is configured.
pub const DEFAULT_WORKSPACE_KEY_PREFIX: &str = "env:";

/// Resolves where the state of the root `dir` lives, for `workspace` (else `TF_WORKSPACE`,
/// else the workspace `terraform workspace select` recorded, else `default`).
pub fn resolve(
    dir: &Path,
    workspace: Option<&str>,
    backend_config: &[String],
) -> Result<Location, InputError> {
    let workspace = workspace_name(dir, workspace);
    match find_backend(dir)? {
        Some(found) if found.kind == "s3" => {
            let mut settings = found.settings;
            merge(&mut settings, cached_config(dir));
            for item in backend_config {
                merge(&mut settings, parse_backend_config(item)?);
            }
            s3_backend(&found.file, settings, &workspace).map(Location::S3)
        }
        Some(found) if found.kind != "local" => Err(InputError::new(
            ErrorCode::Config,
            format!(
                "{} uses the backend \"{}\", which s3drift does not read",
                found.file.display(),
                found.kind
            ),
        )
        .help(
            "pull the state and pass it as a file: `terraform state pull > state.json` \
             and then --state state.json",
        )),
        // No backend block means the local backend, as for Terraform.
        found => {
            let mut settings = found.map(|f| f.settings).unwrap_or_default();
            for item in backend_config {
                merge(&mut settings, parse_backend_config(item)?);
            }
            local_state(dir, &settings, &workspace).map(Location::Local)
        }
    }
}

/// The workspace: the one given, else `TF_WORKSPACE`, else `.terraform/environment`, else
/// `default`.
fn workspace_name(dir: &Path, given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("TF_WORKSPACE").ok())
        .or_else(|| {
            std::fs::read_to_string(dir.join(".terraform").join("environment"))
                .ok()
                .map(|s| s.trim().to_string())
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".to_string())
}

/// The `backend "s3"` block of one configuration file's text, resolved for `workspace`
/// without partial configuration; `None` when the file configures no `s3` backend. A
/// `name` ending in `.tf.json` selects Terraform's JSON syntax, any other HCL.
pub fn s3_backend_in(
    name: &str,
    text: &str,
    workspace: &str,
) -> Result<Option<S3Backend>, InputError> {
    match backends_of(name, text)?
        .into_iter()
        .rfind(|(kind, _)| kind == "s3")
    {
        Some((_, settings)) => s3_backend(Path::new(name), settings, workspace).map(Some),
        None => Ok(None),
    }
}

/// Reads the state a `backend "s3"` block points at. The block's endpoint, profile and role
/// apply unless the command line set them; its region is the state bucket's region.
pub async fn fetch_backend(
    aws: &AwsSettings,
    backend: &S3Backend,
) -> Result<RemoteState, InputError> {
    let settings = AwsSettings {
        profile: aws.profile.clone().or_else(|| backend.profile.clone()),
        region: aws.region.clone().or_else(|| backend.region.clone()),
        assume_role: aws
            .assume_role
            .clone()
            .or_else(|| backend.assume_role.clone()),
        endpoint_url: aws.endpoint_url.clone(),
    };
    let config = aws::sdk_config(&settings).await?;
    // An explicit --endpoint-url wins, as the other command-line flags do; then the block's
    // endpoint, then AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL.
    let endpoint = aws
        .endpoint_url
        .clone()
        .or_else(|| backend.endpoint.clone())
        .or_else(|| aws::s3_endpoint(aws));
    fetch_object(
        &config,
        endpoint.as_deref(),
        backend.use_path_style,
        backend.region.as_deref(),
        &backend.bucket,
        &backend.key,
    )
    .await
}

#[cfg(test)]
mod tests;
