//! One record's raw JSON text → an event, a count, or a warning. Only `eventName` (or
//! the envelope around a record) is read first; only bucket-configuration events are parsed
//! whole.

use super::Parsed;
use crate::trail::record::{self, Skip};
use crate::trail::Origin;
use crate::warning::{Warning, WarningCode};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;

/// The few fields read before deciding whether a record is worth parsing.
#[derive(Deserialize)]
struct Peek<'a> {
    #[serde(rename = "eventName", default, borrow)]
    event_name: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    detail: Option<&'a RawValue>,
    #[serde(rename = "CloudTrailEvent", default)]
    cloudtrail_event: Option<String>,
    #[serde(rename = "Events", default, borrow)]
    events: Option<Vec<&'a RawValue>>,
}

/// Reads one record, an EventBridge envelope (`detail`), a LookupEvents entry
/// (`CloudTrailEvent`) or a LookupEvents answer (`Events`), counting and warning as it goes.
pub(super) fn handle_raw(out: &mut Parsed, origin: &Origin, raw: &RawValue) {
    let peek: Peek = match serde_json::from_str(raw.get()) {
        Ok(p) => p,
        Err(_) => {
            out.records += 1;
            malformed(out, origin, "not a JSON object");
            return;
        }
    };
    if let Some(name) = peek.event_name {
        out.records += 1;
        if record::classify(&name).is_none() {
            return;
        }
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(v) => push(out, origin, &v),
            Err(e) => malformed(out, origin, &e.to_string()),
        }
    } else if let Some(detail) = peek.detail {
        handle_raw(out, &origin.nested(" detail"), detail);
    } else if let Some(text) = peek.cloudtrail_event {
        match RawValue::from_string(text) {
            Ok(inner) => handle_raw(out, origin, &inner),
            Err(e) => {
                out.records += 1;
                malformed(out, origin, &format!("CloudTrailEvent is not JSON: {e}"));
            }
        }
    } else if let Some(events) = peek.events {
        for (i, e) in events.into_iter().enumerate() {
            handle_raw(out, &origin.nested(&format!(" Events[{i}]")), e);
        }
    } else {
        out.records += 1;
        malformed(out, origin, "not a CloudTrail record (no eventName)");
    }
}

/// Reads a top-level object whose fields were taken apart while looking for `Records`.
pub(super) fn handle_object(
    out: &mut Parsed,
    origin: &Origin,
    fields: Vec<(String, Box<RawValue>)>,
) {
    // Re-assemble the object's text: cheap, and it keeps one path for every shape.
    let mut text = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&Value::String(k.clone()).to_string());
        text.push(':');
        text.push_str(v.get());
    }
    text.push('}');
    match RawValue::from_string(text) {
        Ok(raw) => handle_raw(out, origin, &raw),
        Err(e) => malformed(out, origin, &e.to_string()),
    }
}

/// Keeps the event a record holds, if any.
fn push(out: &mut Parsed, origin: &Origin, v: &Value) {
    match record::from_record(v, origin) {
        Ok(event) => out.events.push(event),
        Err(Skip::Other) => {}
        Err(Skip::Malformed(why)) => malformed(out, origin, &why),
    }
}

/// Counts a malformed record with a warning.
fn malformed(out: &mut Parsed, origin: &Origin, why: &str) {
    out.malformed += 1;
    out.warnings.push(Warning::new(
        WarningCode::MalformedRecord,
        origin.to_string(),
        format!("malformed record skipped: {why}"),
    ));
}
