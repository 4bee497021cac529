//! Loading and saving snapshot files.

use crate::diag::{offset_of, ErrorCode, InputError, Skip};
use crate::model::snapshot::{Snapshot, SNAPSHOT_SCHEMA, SNAPSHOT_VERSION};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;
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
    // Only the header is kept of this first reading, which checks the text is JSON: the
    // snapshot of a large fleet, built as a `Value`, was most of the memory of loading it.
    let head: Head = serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column());
        InputError::new(
            ErrorCode::NotJson,
            format!("snapshot {name} is not valid JSON: {e}"),
        )
        .with_source(name, text, at.into(), "here", &[])
        .help("pass a file written by `s3drift snapshot`")
    })?;
    let found = |key: &str, v: &Option<Value>| match v {
        None => format!("no {key}"),
        Some(v) => format!("{key} {v}"),
    };
    if head.schema.as_ref().and_then(Value::as_str) != Some(SNAPSHOT_SCHEMA) {
        return Err(InputError::new(
            ErrorCode::Snapshot,
            format!(
                "{name} is not an s3drift snapshot: it has {}, expected \"{SNAPSHOT_SCHEMA}\"",
                found("schema", &head.schema)
            ),
        )
        .help("state and plan files go to --state and --plan; --snapshot takes the output of `s3drift snapshot`"));
    }
    if head.version.as_ref().and_then(Value::as_u64) != Some(u64::from(SNAPSHOT_VERSION)) {
        let at = text.find("\"version\"").unwrap_or(0);
        return Err(InputError::new(
            ErrorCode::Snapshot,
            format!(
                "snapshot {name} has {}; this build reads version {SNAPSHOT_VERSION}",
                found("version", &head.version)
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

/// The top-level `schema` and `version` of any JSON text, which is otherwise only checked:
/// it accepts exactly what `Value` accepts, and a key given twice keeps its last value, as
/// in a `Value`.
#[derive(Default)]
struct Head {
    schema: Option<Value>,
    version: Option<Value>,
}

impl<'de> Deserialize<'de> for Head {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Head, D::Error> {
        d.deserialize_any(HeadVisitor)
    }
}

struct HeadVisitor;

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = Head;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Head, E> {
        Ok(Head::default())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Head, E> {
        Ok(Head::default())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Head, E> {
        Ok(Head::default())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Head, E> {
        Ok(Head::default())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Head, E> {
        Ok(Head::default())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Head, E> {
        Ok(Head::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Head, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Head::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head, A::Error> {
        let mut head = Head::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema" => head.schema = Some(map.next_value()?),
                "version" => head.version = Some(map.next_value()?),
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(head)
    }
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
        // The header is read as a `Value` reads it: any JSON, the last of a repeated key.
        assert_eq!(
            message("[1]").1,
            "live.json is not an s3drift snapshot: it has no schema, expected \"s3drift/snapshot\""
        );
        assert_eq!(
            message(r#"{"schema": "s3drift/snapshot", "schema": {"a": [1]}}"#).1,
            "live.json is not an s3drift snapshot: it has schema {\"a\":[1]}, expected \"s3drift/snapshot\""
        );
        // What a `Value` rejects anywhere in the file is not JSON, not a shape error.
        let (code, msg) = message(
            r#"{"schema": "s3drift/snapshot", "version": 1, "x": [1e999], "captured_at": "2026-11-20T09:00:00Z", "buckets": {}}"#,
        );
        assert_eq!(code, ErrorCode::NotJson, "{msg}");
    }

    #[test]
    fn snapshots_round_trip() {
        let snap = Snapshot::new("2026-11-20T09:00:00Z".parse().unwrap());
        assert_eq!(parse("x", &to_string(&snap)).unwrap(), snap);
    }
}
