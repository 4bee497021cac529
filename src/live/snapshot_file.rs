//! Loading and saving snapshot files.

use crate::diag::{offset_of, ErrorCode, InputError};
use crate::model::snapshot::{Snapshot, SNAPSHOT_SCHEMA, SNAPSHOT_VERSION};
use std::path::Path;

/// Reads and checks a snapshot file.
pub fn load(path: &Path) -> Result<Snapshot, InputError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::new(ErrorCode::Io, format!("cannot read snapshot {name}: {e}"))
            .help("pass a file written by `s3drift snapshot`")
    })?;
    parse(&name, &text)
}

/// Parses snapshot text; `name` is used in messages.
pub fn parse(name: &str, text: &str) -> Result<Snapshot, InputError> {
    if text.trim().is_empty() {
        return Err(
            InputError::new(ErrorCode::Empty, format!("snapshot {name} is empty"))
                .help("pass a file written by `s3drift snapshot`"),
        );
    }
    let head: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column());
        InputError::new(
            ErrorCode::NotJson,
            format!("snapshot {name} is not valid JSON: {e}"),
        )
        .with_source(name, text, at.into(), "here", &[])
        .help("pass a file written by `s3drift snapshot`")
    })?;
    let schema = head.get("schema").and_then(|s| s.as_str());
    let version = head.get("version").and_then(|v| v.as_u64());
    if schema != Some(SNAPSHOT_SCHEMA) {
        return Err(InputError::new(
            ErrorCode::Snapshot,
            format!("{name} is not an s3drift snapshot (schema is {schema:?}, expected \"{SNAPSHOT_SCHEMA}\")"),
        )
        .help("state and plan files go to --state and --plan; --snapshot takes the output of `s3drift snapshot`"));
    }
    if version != Some(u64::from(SNAPSHOT_VERSION)) {
        return Err(InputError::new(
            ErrorCode::Snapshot,
            format!("snapshot {name} has version {version:?}; this build reads version {SNAPSHOT_VERSION}"),
        )
        .help("record the snapshot again with this version of s3drift"));
    }
    serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column());
        InputError::new(
            ErrorCode::Shape,
            format!("snapshot {name} does not have the expected shape: {e}"),
        )
        .with_source(name, text, at.into(), "unexpected value", &[])
        .help("see the snapshot format in the README")
    })
}

/// Serialises a snapshot (pretty JSON with a trailing newline; keys sorted).
pub fn to_string(snapshot: &Snapshot) -> String {
    let mut text = serde_json::to_string_pretty(snapshot).expect("a snapshot always serialises");
    text.push('\n');
    text
}
