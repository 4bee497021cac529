//! The streaming reader: every shape (a delivered file, single records and envelopes,
//! JSON lines, an array, a LookupEvents answer) read one top-level value at a time. A broken
//! value becomes a counted warning with its position; in JSON lines reading goes on at the
//! next line.

use super::lines::Lines;
use super::raw_record::{handle_object, handle_raw};
use super::Parsed;
use crate::trail::Origin;
use crate::warning::{Warning, WarningCode};
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::io::BufRead;
use std::sync::Arc;

/// Where the stream is inside the top-level value being read, for messages.
#[derive(Default)]
struct Place {
    /// The index of the record being read inside `Records` or a top-level array.
    element: Option<String>,
    /// Whether the value is a document of records (`{"Records": …}` or an array): once it
    /// breaks, nothing after it can be read.
    document: bool,
}

/// Reads every value of the stream (see [`read`](super::read) for what is kept and when it
/// is an error).
pub(super) fn read_json(name: &str, reader: impl BufRead) -> Result<Parsed, String> {
    let mut out = Parsed::default();
    let file: Arc<str> = name.into();
    let mut lines = Lines::new(reader);
    let mut values = 0usize;
    let mut breaks = 0usize;
    let mut first_break: Option<String> = None;
    // Whether every value so far sat on one line: the stream is JSON lines, and a broken
    // value spoils its own line only.
    let mut one_per_line = true;
    loop {
        let peeked = lines
            .next_value()
            .map_err(|e| format!("{name} could not be read: {e}"));
        match peeked {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) if values == 0 => return Err(e),
            Err(e) => {
                broken(
                    &mut out,
                    &mut breaks,
                    Warning::new(WarningCode::MalformedRecord, "", e),
                );
                break;
            }
        }
        values += 1;
        let (line, column) = (lines.line, lines.column + 1);
        let mut place = Place::default();
        let result = {
            let mut de = serde_json::Deserializer::from_reader(&mut lines);
            Top {
                out: &mut out,
                file: &file,
                index: values,
                place: &mut place,
            }
            .deserialize(&mut de)
        };
        let e = match result {
            Ok(()) => {
                one_per_line &= lines.line == line;
                continue;
            }
            Err(e) => e,
        };
        let ran_on = lines.line > line;
        // In JSON lines, a line that ends before its value does is a record of its own
        // (a truncated one), and the next line starts the next record.
        let line_ended = ran_on && !place.document && one_per_line && lines.value_line_len > 1;
        let what = if line_ended {
            "ends before its record does (truncated line?)"
        } else {
            describe(&e)
        };
        let bare = bare_message(&e);
        first_break.get_or_insert_with(|| {
            format!(
                "{name} {what} at line {} column {}: {bare}",
                lines.line, lines.column
            )
        });
        let element = place
            .element
            .map(|el| format!(" ({el})"))
            .unwrap_or_default();
        let at = format!("{name}: line {line} column {column}{element}");
        let io = e.classify() == serde_json::error::Category::Io;
        // A broken value on one line: go on at the next line. A line that ended before its
        // value did, in JSON lines: the next line starts a record of its own.
        let go_on = if io || place.document {
            false
        } else if !ran_on {
            matches!(lines.skip_line(), Ok(true))
        } else {
            line_ended && lines.restart_after_value_line()
        };
        let rest = if go_on {
            String::new()
        } else if io || place.document || ran_on {
            format!("; the rest of {name} cannot be read")
        } else {
            String::new()
        };
        broken(
            &mut out,
            &mut breaks,
            Warning::new(
                WarningCode::MalformedRecord,
                at,
                format!("malformed record skipped: {what}: {bare}{rest}"),
            ),
        );
        if !go_on {
            break;
        }
    }
    if values == 0 {
        return Err(format!("{name} is empty"));
    }
    // Nothing but broken values: the stream as a whole is not readable.
    if breaks > 0 && out.records == breaks {
        return Err(first_break.unwrap_or_else(|| format!("{name} cannot be read")));
    }
    Ok(out)
}

/// Counts a value that broke.
fn broken(out: &mut Parsed, breaks: &mut usize, warning: Warning) {
    *breaks += 1;
    out.records += 1;
    out.malformed += 1;
    out.warnings.push(warning);
}

/// What went wrong, in words, by serde_json's category.
fn describe(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Io => "could not be read",
        Category::Eof => "ends too early (truncated?)",
        Category::Syntax => "is not valid JSON",
        Category::Data => "is not a CloudTrail record",
    }
}

/// serde_json's message without its position, which counts from where the reader restarted.
fn bare_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((bare, _)) => bare.to_string(),
        None => text,
    }
}

/// One top-level value of the stream.
struct Top<'a> {
    out: &'a mut Parsed,
    /// The stream's name, shared by the origins of its events.
    file: &'a Arc<str>,
    index: usize,
    place: &'a mut Place,
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a CloudTrail record, a {\"Records\": [...]} file or an array of records")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut fields: Vec<(String, Box<RawValue>)> = Vec::new();
        let mut streamed = false;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "Records" {
                streamed = true;
                self.place.document = true;
                map.next_value_seed(Records {
                    out: self.out,
                    file: self.file,
                    place: self.place,
                })?;
            } else {
                fields.push((key.into_owned(), map.next_value::<Box<RawValue>>()?));
            }
        }
        if !streamed {
            let origin = Origin::new(self.file, format!(": record {}", self.index));
            handle_object(self.out, &origin, fields);
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.place.document = true;
        let mut i = 0;
        loop {
            self.place.element = Some(format!("[{i}]"));
            let Some(raw) = seq.next_element::<Box<RawValue>>()? else {
                break;
            };
            let origin = Origin::new(self.file, format!(": [{i}]"));
            handle_raw(self.out, &origin, &raw);
            i += 1;
        }
        Ok(())
    }
}

/// The `Records` array of a delivered file, one record at a time.
struct Records<'a> {
    out: &'a mut Parsed,
    /// The stream's name, shared by the origins of its events.
    file: &'a Arc<str>,
    place: &'a mut Place,
}

impl<'de> DeserializeSeed<'de> for Records<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of CloudTrail records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            self.place.element = Some(format!("Records[{i}]"));
            let Some(raw) = seq.next_element::<Box<RawValue>>()? else {
                break;
            };
            let origin = Origin::new(self.file, format!(": Records[{i}]"));
            handle_raw(self.out, &origin, &raw);
            i += 1;
        }
        Ok(())
    }
}
