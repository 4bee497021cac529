//! Loading the run's controls: the policy file (`--config`, else `.s3drift.hcl` in `--dir`),
//! the `--ignore` flags, and the `--baseline` report. Parsing and applying them are pure
//! ([`crate::report::policy`], [`crate::report::baseline`]); this module only reads files
//! and turns their errors into diagnostics.

use super::CheckSettings;
use crate::diag::{ErrorCode, InputError};
use crate::report::policy::{parse, Ignore, Pattern, Policy};
use crate::report::Report;
use crate::sources::checkout;
use std::path::{Path, PathBuf};

/// The policy file's name in `--dir`.
pub const POLICY_FILE: &str = ".s3drift.hcl";

/// The policy of this run: the file's blocks, then one ignore per `--ignore`.
pub fn load(settings: &CheckSettings) -> Result<Policy, InputError> {
    let mut policy = match file(settings) {
        Some(path) => read(&path)?,
        None => Policy::default(),
    };
    for flag in &settings.ignores {
        policy.ignores.push(flag_ignore(flag)?);
    }
    Ok(policy)
}

/// `--config`, else `.s3drift.hcl` in `--dir` when it exists.
fn file(settings: &CheckSettings) -> Option<PathBuf> {
    if let Some(path) = &settings.config {
        return Some(path.clone());
    }
    let found = settings.inputs.dir.as_ref()?.join(POLICY_FILE);
    found.is_file().then_some(found)
}

/// How findings name the file: relative to the checkout root (as source locations are),
/// else as given.
fn display_name(path: &Path) -> String {
    let absolute = std::fs::canonicalize(path).ok();
    let root = path.parent().and_then(checkout::root_for);
    match (absolute, root) {
        (Some(a), Some(r)) => match a.strip_prefix(std::fs::canonicalize(&r).unwrap_or(r)) {
            Ok(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

fn read(path: &Path) -> Result<Policy, InputError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::new(
            ErrorCode::Io,
            format!("cannot read policy file {shown}: {e}"),
        )
    })?;
    parse::parse(&text, &display_name(path)).map_err(|e| {
        let mut err = InputError::new(ErrorCode::Policy, format!("{shown}: {}", e.message))
            .with_source(
                &shown,
                &text,
                (e.span.start, e.span.len()).into(),
                e.label,
                &[],
            );
        if let Some(help) = e.help {
            err = err.help(help);
        }
        err
    })
}

/// `--ignore 'BUCKET:PATH'` (both globs) as an ignore block.
fn flag_ignore(flag: &str) -> Result<Ignore, InputError> {
    let usage = || {
        InputError::new(
            ErrorCode::Usage,
            format!("--ignore {flag:?} is not BUCKET:PATH"),
        )
        .help("both parts are globs, e.g. --ignore 'logs-*:lifecycle.*' or --ignore 'tmp-*:*'")
    };
    let (bucket, path) = flag.split_once(':').ok_or_else(usage)?;
    if bucket.is_empty() || path.is_empty() {
        return Err(usage());
    }
    let glob = |g: &str| {
        Pattern::new(g).map_err(|e| {
            InputError::new(
                ErrorCode::Pattern,
                format!("--ignore {flag:?}: {g:?} is not a valid glob: {}", e.kind()),
            )
        })
    };
    Ok(Ignore {
        bucket: glob(bucket)?,
        path: glob(path)?,
        code: None,
        principal: None,
        reason: "--ignore on the command line".to_string(),
        owner: None,
        expires: None,
        event_id: None,
        origin: None,
    })
}

/// Reads the `--baseline` report.
pub fn baseline(path: &Path) -> Result<Report, InputError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::new(ErrorCode::Io, format!("cannot read baseline {name}: {e}"))
            .help("pass the JSON report of an earlier run (`s3drift check --format json`)")
    })?;
    super::merge::parse(&name, &text)
}
