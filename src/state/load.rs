//! Local state and plan files: expanding the paths and globs given on the command line,
//! and reading one file into a [`Loaded`].

use super::{parse_plan, parse_state, Loaded, SourceKind};
use crate::diag::{ErrorCode, InputError};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Whether an argument names remote state (`s3://bucket/key`) rather than a local path.
pub fn is_remote(s: &str) -> bool {
    s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("s3://"))
}

/// Reads a local state or plan file. The content decides the reader's error messages (a
/// plan given as a state names `--plan`, and the reverse), `kind` which reader is used.
pub fn load_local(path: &Path, kind: SourceKind) -> Result<Loaded, InputError> {
    let name = path.display().to_string();
    let flag = match kind {
        SourceKind::State => "--state",
        SourceKind::Plan => "--plan",
    };
    let bytes = std::fs::read(path).map_err(|e| {
        let (what, hint) = match e.kind() {
            std::io::ErrorKind::NotFound => (
                "no such file".to_string(),
                format!(
                    "check the path given to {flag}; globs are expanded by s3drift, so quote them"
                ),
            ),
            std::io::ErrorKind::PermissionDenied => (
                "permission denied".to_string(),
                "the file is not readable by this user".to_string(),
            ),
            _ if path.is_dir() => (
                "it is a directory".to_string(),
                format!("{flag} takes a file; point it at the .tfstate/.json file inside"),
            ),
            _ => (e.to_string(), format!("check the path given to {flag}")),
        };
        InputError::new(ErrorCode::Io, format!("cannot read {name}: {what}")).help(hint)
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::new(
            ErrorCode::NotJson,
            format!(
                "{name} is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .help(if e.as_bytes().starts_with(&[0xff, 0xfe]) || e.as_bytes().starts_with(&[0xfe, 0xff]) {
            "the file is UTF-16 text (PowerShell's `>` writes it); write it as UTF-8, e.g. \
             `terraform state pull | Out-File -Encoding utf8 state.json`"
                .to_string()
        } else if e.as_bytes().starts_with(&[0x1f, 0x8b]) {
            "the file is gzip-compressed; decompress it first (`gunzip -k`)".to_string()
        } else if e.as_bytes().starts_with(b"PK") {
            "this looks like a binary plan file; convert it with `terraform show -json plan.out > plan.json`"
                .to_string()
        } else {
            format!("{flag} expects the JSON that Terraform or OpenTofu wrote")
        })
    })?;
    match kind {
        SourceKind::State => parse_state(&name, &text),
        SourceKind::Plan => parse_plan(&name, &text),
    }
}

/// Expands local paths and glob patterns into a sorted, de-duplicated list of files. A
/// pattern that matches nothing, or a path that does not exist, is an error: a typo must
/// not turn into an empty, drift-free run. `s3://` URLs are not accepted here; callers
/// split them off with [`is_remote`].
pub fn expand_patterns(patterns: &[String]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = BTreeSet::new();
    for pattern in patterns {
        if is_remote(pattern) {
            return Err(InputError::new(
                ErrorCode::Pattern,
                format!("{pattern} is remote state and cannot be expanded as a local path"),
            )
            .help("s3:// URLs are read directly; globs are not supported in them"));
        }
        // A literal file whose name has glob characters (`env[prod].tfstate`) is taken as is.
        if !pattern.contains(['*', '?', '[']) || Path::new(pattern).is_file() {
            let path = PathBuf::from(pattern);
            if !path.exists() {
                return Err(InputError::new(
                    ErrorCode::Io,
                    format!("cannot read {pattern}: no such file"),
                )
                .help("check the path; use a glob such as 'envs/*/terraform.tfstate' for several files"));
            }
            if path.is_dir() {
                return Err(InputError::new(
                    ErrorCode::Io,
                    format!("{pattern} is a directory, not a state or plan file"),
                )
                .help(format!(
                    "pass the file inside, or a glob such as '{}/*.tfstate'",
                    pattern.trim_end_matches('/')
                )));
            }
            out.insert(path);
            continue;
        }
        let paths = glob::glob(pattern).map_err(|e| {
            InputError::new(
                ErrorCode::Pattern,
                format!("{pattern:?} is not a valid glob: {} (at character {})", e.msg, e.pos + 1),
            )
            .help("`*` matches within a directory, `**` across directories, `[ab]` one of a set; quote the pattern so the shell leaves it alone")
        })?;
        let mut matched = 0usize;
        for entry in paths {
            let path = entry.map_err(|e| {
                InputError::new(
                    ErrorCode::Io,
                    format!(
                        "cannot read {} while expanding {pattern:?}: {}",
                        e.path().display(),
                        e.error()
                    ),
                )
                .help("check the directory's permissions")
            })?;
            if path.is_file() {
                matched += 1;
                out.insert(path);
            }
        }
        if matched == 0 {
            return Err(InputError::new(
                ErrorCode::Pattern,
                format!("{pattern:?} matches no files"),
            )
            .help("check the pattern relative to the current directory; `**` is needed to match in subdirectories (e.g. 'envs/**/terraform.tfstate')"));
        }
    }
    Ok(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_detection() {
        assert!(is_remote("s3://bucket/key"));
        assert!(is_remote("S3://bucket/key"));
        assert!(!is_remote("s3:/x"));
        assert!(!is_remote("./s3://x"));
        assert!(!is_remote("é"));
    }
}
