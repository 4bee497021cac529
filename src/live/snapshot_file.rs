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
    let found = |key: &str| match head.get(key) {
        None => format!("no {key}"),
        Some(v) => format!("{key} {v}"),
    };
    if head.get("schema").and_then(|s| s.as_str()) != Some(SNAPSHOT_SCHEMA) {
        return Err(InputError::new(
            ErrorCode::Snapshot,
            format!(
                "{name} is not an s3drift snapshot: it has {}, expected \"{SNAPSHOT_SCHEMA}\"",
                found("schema")
            ),
        )
        .help("state and plan files go to --state and --plan; --snapshot takes the output of `s3drift snapshot`"));
    }
    if head.get("version").and_then(|v| v.as_u64()) != Some(u64::from(SNAPSHOT_VERSION)) {
        let at = text.find("\"version\"").unwrap_or(0);
        return Err(InputError::new(
            ErrorCode::Snapshot,
            format!(
                "snapshot {name} has {}; this build reads version {SNAPSHOT_VERSION}",
                found("version")
            ),
        )
        .with_source(
            name,
            text,
            (at, "\"version\"".len()).into(),
            "this version",
            &[],
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

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> (ErrorCode, String) {
        let e = parse("live.json", text).unwrap_err();
        (e.code, e.message)
    }

    #[test]
    fn bad_snapshots_say_what_they_are() {
        assert_eq!(message("  ").0, ErrorCode::Empty);
        assert_eq!(message("{\"schema\": ").0, ErrorCode::NotJson);
        let (code, msg) = message(r#"{"version": 4, "resources": []}"#);
        assert_eq!(code, ErrorCode::Snapshot);
        assert_eq!(
            msg,
            "live.json is not an s3drift snapshot: it has no schema, expected \"s3drift/snapshot\""
        );
        let (code, msg) = message(r#"{"schema": "s3drift/snapshot", "version": 2}"#);
        assert_eq!(code, ErrorCode::Snapshot);
        assert_eq!(
            msg,
            "snapshot live.json has version 2; this build reads version 1"
        );
        let (code, _) = message(
            r#"{"schema": "s3drift/snapshot", "version": 1, "captured_at": "yesterday", "buckets": {}}"#,
        );
        assert_eq!(code, ErrorCode::Shape);
    }

    #[test]
    fn snapshots_round_trip() {
        let snap = Snapshot::new("2026-11-20T09:00:00Z".parse().unwrap());
        assert_eq!(parse("x", &to_string(&snap)).unwrap(), snap);
    }
}
