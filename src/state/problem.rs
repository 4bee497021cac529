//! Turning what went wrong in a state or plan file into an [`InputError`] that points at
//! the place in the file, with secrets masked in the snippet.
//!
//! Readers work on `serde_json::Value` and report a [`Problem`] with the JSON pointer of the
//! offending value; [`Problem::into_error`] finds that value's span in the source text.

use super::locate::{self, Seg};
use crate::diag::{offset_of, ErrorCode, InputError};
use serde_json::{Map, Value};
use std::ops::Range;

/// Something wrong at a place in a parsed file.
#[derive(Debug)]
pub struct Problem {
    pub code: ErrorCode,
    /// JSON pointer of the offending value (or of the object missing a key).
    pub at: Vec<Seg>,
    pub message: String,
    pub label: String,
    pub help: String,
}

impl Problem {
    /// A value of the wrong type or a missing key.
    pub fn shape(
        at: &[Seg],
        message: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        Problem {
            code: ErrorCode::Shape,
            at: at.to_vec(),
            message: message.into(),
            label: label.into(),
            help: help.into(),
        }
    }

    /// The diagnostic for file `name`, labelled at the offending value, with every range
    /// in `secret` masked in the snippet.
    pub fn into_error(self, name: &str, text: &str, secret: &[Range<usize>]) -> InputError {
        let span = locate::nearest_span(text, &self.at);
        InputError::new(self.code, format!("{name}: {}", self.message))
            .help(self.help)
            .with_source(name, text, span.into(), self.label, secret)
    }
}

/// Parses `text` as JSON, with the errors every reader shares: an empty file, text that is
/// not JSON, and truncated JSON. Nothing is known about secrets yet, so every string value
/// in the snippet is masked.
pub fn parse_json(name: &str, text: &str, flag: &str) -> Result<Value, InputError> {
    // Windows editors may prefix a byte-order mark; blank it out (same length, so every
    // offset in later messages still matches the file).
    let unmarked;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            unmarked = format!("   {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    if text.trim().is_empty() {
        return Err(
            InputError::new(ErrorCode::Empty, format!("{name} is empty")).help(format!(
                "{flag} expects the JSON that Terraform or OpenTofu wrote; the file may have been \
                 truncated by a failed write or a redirect, or the path points at the wrong file"
            )),
        );
    }
    serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column()).min(text.len());
        let secret = locate::string_value_ranges(text);
        let first = text.trim_start().chars().next().unwrap_or(' ');
        let (code, message, label, help) = if !matches!(first, '{' | '[') {
            // The usual mix-ups: an HCL file, a plan's binary form, a shell transcript.
            let start = text.len() - text.trim_start().len();
            return InputError::new(
                ErrorCode::NotJson,
                format!("{name} is not JSON (it does not start with `{{`)"),
            )
            .help(format!(
                "{flag} expects a Terraform/OpenTofu JSON file: a state (`terraform state pull`) \
                 or a plan converted with `terraform show -json plan.out > plan.json`"
            ))
            .with_source(name, text, (start, first.len_utf8()).into(), "expected `{` here", &secret);
        } else if e.is_eof() {
            (
                ErrorCode::NotJson,
                format!("{name} ends in the middle of the JSON (truncated?)"),
                "the file ends here".to_string(),
                "the file was cut short; fetch it again (e.g. `terraform state pull > state.json`)"
                    .to_string(),
            )
        } else {
            (
                ErrorCode::NotJson,
                format!("{name} is not valid JSON: {}", strip_position(&e)),
                "here".to_string(),
                format!(
                    "{flag} expects a Terraform/OpenTofu JSON file: a state (`terraform state pull`) \
                     or a plan (`terraform show -json plan.out`)"
                ),
            )
        };
        InputError::new(code, message)
            .help(help)
            .with_source(name, text, (at, 0).into(), label, &secret)
    })
}

/// serde's message without its " at line X column Y" tail (the snippet shows the place).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// How a JSON value is described in messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Appends one step to a pointer.
pub fn at(base: &[Seg], seg: impl Into<Seg>) -> Vec<Seg> {
    let mut v = base.to_vec();
    v.push(seg.into());
    v
}

/// `v` as an object, or a shape problem naming `what`.
pub fn object<'a>(
    v: &'a Value,
    ptr: &[Seg],
    what: &str,
) -> Result<&'a Map<String, Value>, Problem> {
    v.as_object().ok_or_else(|| {
        Problem::shape(
            ptr,
            format!("{what} must be an object, found {}", kind(v)),
            "expected an object here",
            "the file does not have the layout Terraform writes; was it edited by hand?",
        )
    })
}

/// `v` as a list, or a shape problem naming `what`.
pub fn list<'a>(v: &'a Value, ptr: &[Seg], what: &str) -> Result<&'a Vec<Value>, Problem> {
    v.as_array().ok_or_else(|| {
        Problem::shape(
            ptr,
            format!("{what} must be a list, found {}", kind(v)),
            "expected a list here",
            "the file does not have the layout Terraform writes; was it edited by hand?",
        )
    })
}

/// An optional string member (`null` counts as absent).
pub fn opt_str<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    ptr: &[Seg],
) -> Result<Option<&'a str>, Problem> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(Problem::shape(
            &at(ptr, key),
            format!("`{key}` must be a string, found {}", kind(other)),
            "expected a string here",
            "the file does not have the layout Terraform writes; was it edited by hand?",
        )),
    }
}

/// A required string member.
pub fn req_str<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    ptr: &[Seg],
) -> Result<&'a str, Problem> {
    opt_str(map, key, ptr)?.ok_or_else(|| {
        Problem::shape(
            ptr,
            format!("a resource entry has no `{key}`"),
            format!("`{key}` missing in this object"),
            "the file does not have the layout Terraform writes; was it edited by hand?",
        )
    })
}

/// An optional whole-number member (`null` counts as absent).
pub fn opt_u64(map: &Map<String, Value>, key: &str, ptr: &[Seg]) -> Result<Option<u64>, Problem> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64()),
        Some(other) => Err(Problem::shape(
            &at(ptr, key),
            format!("`{key}` must be a whole number, found {}", kind(other)),
            "expected a whole number here",
            "the file does not have the layout Terraform writes; was it edited by hand?",
        )),
    }
}
