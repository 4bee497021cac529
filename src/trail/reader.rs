//! Reads CloudTrail records from any stream, in every shape they are found in:
//!
//! * a delivered log file, `{"Records": [ … ]}` (CloudTrail User Guide);
//! * a single record, or an EventBridge envelope with the record under `detail`;
//! * JSON lines (one record or envelope per line), or a JSON array of records;
//! * a saved LookupEvents answer (`{"Events": [{"CloudTrailEvent": "<record as a string>"}]}`).
//!
//! Gzip is detected from the magic bytes, so `.json.gz` and `.json` read alike. Records are
//! streamed one at a time: each is first held as raw JSON text, only its `eventName` and
//! `eventSource` are read, and only bucket-configuration events are parsed fully. The
//! thousands of other events in a trail file cost a scan, not a tree.

use super::record::{self, Skip};
pub use super::Parsed;
use crate::warning::{Warning, WarningCode};
use flate2::read::MultiGzDecoder;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

/// Reads `reader` (plain or gzip JSON). `name` is used in warnings.
///
/// A record that cannot be read is a counted warning with its line (and, in a delivered
/// file, its index); the records before it are kept. In JSON lines, reading goes on at the
/// next line. An error means nothing in the stream could be read at all (not JSON, empty,
/// or broken before the first record).
pub fn read(name: &str, reader: impl Read) -> Result<Parsed, String> {
    let mut buf = BufReader::with_capacity(64 * 1024, reader);
    let head = buf
        .fill_buf()
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        read_json(
            name,
            BufReader::with_capacity(64 * 1024, MultiGzDecoder::new(buf)),
        )
    } else {
        read_json(name, buf)
    }
}

/// The largest inflated file read whole into memory; bigger ones are streamed. Delivered
/// trail files are a few MB at most (CloudTrail writes one about every five minutes per
/// region), so this only keeps an unusually large export from being held whole.
const WHOLE_LIMIT: u64 = 256 * 1024 * 1024;

/// Reads a whole file (plain or gzip JSON) already in memory, giving exactly what [`read`]
/// gives for the same bytes.
///
/// A delivered file (`{"Records": [ … ]}`) is inflated whole and parsed from the slice,
/// which serde_json reads many times faster than a byte-at-a-time stream, and its records
/// are borrowed rather than copied. Records whose `eventName` is plainly not a
/// bucket-configuration event are counted without being parsed (see [`plainly_other`]).
/// Anything else (other shapes, a broken file, a gzip stream that does not inflate) is read
/// by the streaming reader, so every message and position stays the same.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Parsed, String> {
    let inflated;
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut whole = Vec::new();
        let decoded = MultiGzDecoder::new(bytes)
            .take(WHOLE_LIMIT + 1)
            .read_to_end(&mut whole);
        match decoded {
            Ok(n) if (n as u64) <= WHOLE_LIMIT => {
                inflated = whole;
                inflated.as_slice()
            }
            _ => return read(name, bytes),
        }
    } else {
        bytes
    };
    match read_delivered(name, text) {
        Some(parsed) => Ok(parsed),
        None => read_json(name, text),
    }
}

/// A delivered file read from a slice: `None` unless the text is one JSON object with a
/// `Records` array and nothing in it is broken, so that the streaming reader is used (and
/// reports) whenever there is anything to report about the file's shape.
fn read_delivered(name: &str, text: &[u8]) -> Option<Parsed> {
    let mut out = Parsed::default();
    let mut de = serde_json::Deserializer::from_slice(text);
    DeliveredFile {
        out: &mut out,
        name,
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    Some(out)
}

/// The top of a delivered file, read from a slice.
struct DeliveredFile<'a> {
    out: &'a mut Parsed,
    name: &'a str,
}

impl<'de> DeserializeSeed<'de> for DeliveredFile<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DeliveredFile<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a {\"Records\": [...]} file")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut streamed = false;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if key == "Records" {
                streamed = true;
                map.next_value_seed(DeliveredRecords {
                    out: &mut *self.out,
                    name: self.name,
                })?;
            } else {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
        if !streamed {
            return Err(serde::de::Error::custom("not a delivered file"));
        }
        Ok(())
    }
}

/// The `Records` array of a delivered file read from a slice: each record borrowed.
struct DeliveredRecords<'a> {
    out: &'a mut Parsed,
    name: &'a str,
}

impl<'de> DeserializeSeed<'de> for DeliveredRecords<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for DeliveredRecords<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of CloudTrail records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(raw) = seq.next_element::<&'de RawValue>()? {
            if plainly_other(raw.get().as_bytes()) {
                self.out.records += 1;
            } else {
                let origin = format!("{}: Records[{i}]", self.name);
                handle_raw(self.out, &origin, raw);
            }
            i += 1;
        }
        Ok(())
    }
}

/// Whether a record (valid JSON text) is an object whose one top-level `eventName` is a
/// string naming no bucket-configuration event, and holds nothing else [`handle_raw`]
/// would look at (`detail`, `CloudTrailEvent`, `Events`) or spell differently (`\u`
/// escapes, which could spell a key or an event name). For such a record [`handle_raw`]
/// does nothing but count it, so it is counted without being parsed. A few vectorised byte
/// searches decide it: 99% of a trail is data events, reads and other services' calls.
fn plainly_other(text: &[u8]) -> bool {
    use memchr::memmem;
    if text.first() != Some(&b'{')
        || memmem::find(text, b"\\u").is_some()
        || memmem::find(text, b"\"detail\"").is_some()
        || memmem::find(text, b"\"CloudTrailEvent\"").is_some()
        || memmem::find(text, b"\"Events\"").is_some()
    {
        return false;
    }
    let mut found = memmem::find_iter(text, b"\"eventName\"");
    let (Some(at), None) = (found.next(), found.next()) else {
        return false;
    };
    if depth_at(text, at) != Some(1) {
        return false;
    }
    let rest = &text[at + b"\"eventName\"".len()..];
    let rest = rest.trim_ascii_start();
    let Some(rest) = rest.strip_prefix(b":") else {
        return false;
    };
    let Some(rest) = rest.trim_ascii_start().strip_prefix(b"\"") else {
        return false;
    };
    let Some(end) = memchr::memchr2(b'"', b'\\', rest) else {
        return false;
    };
    if rest[end] != b'"' {
        return false;
    }
    match std::str::from_utf8(&rest[..end]) {
        Ok(event_name) => record::classify(event_name).is_none(),
        Err(_) => false,
    }
}

/// How deeply nested (objects and arrays) position `at` of valid JSON text is, or `None`
/// when `at` is inside a string.
fn depth_at(text: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < at {
        match text[i] {
            b'"' => {
                // Skip the string: to its closing quote, past escaped characters.
                i += 1;
                loop {
                    let j = i + memchr::memchr2(b'"', b'\\', &text[i..])?;
                    if text[j] == b'\\' {
                        i = j + 2;
                    } else {
                        i = j + 1;
                        break;
                    }
                }
                if i > at {
                    return None;
                }
            }
            b'{' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    Some(depth)
}

/// Reads JSON text already in memory (a LookupEvents `CloudTrailEvent` string).
pub fn read_str(name: &str, text: &str) -> Result<Parsed, String> {
    read_json(name, text.as_bytes())
}

/// The most read past a value's first line that is kept to read again, should the value
/// turn out to be a truncated JSON line (CloudTrail records stay well below it).
const SPILL_KEEP: usize = 1024 * 1024;

/// A reader that counts lines and keeps what was read past the first line of the value
/// being read, so that after a truncated JSON line the lines it swallowed are read again as
/// records of their own. serde_json reads one byte at a time and looks ahead at most one
/// byte, so at an error the stream stands at most one byte past where the error was found.
struct Lines<R> {
    inner: R,
    /// Bytes to hand out again before `inner`.
    replay: Vec<u8>,
    replay_at: usize,
    /// 1-based line and 0-based column of the next byte.
    line: usize,
    column: usize,
    /// Non-blank bytes read on the current line.
    current_len: usize,
    /// The line the current value starts on, and its non-blank bytes once it has ended.
    value_line: usize,
    value_line_len: usize,
    /// What was read after the value's first line, up to [`SPILL_KEEP`] bytes, and whether
    /// it is all there.
    spill: Vec<u8>,
    spill_complete: bool,
}

impl<R: BufRead> Lines<R> {
    fn new(inner: R) -> Self {
        Lines {
            inner,
            replay: Vec::new(),
            replay_at: 0,
            line: 1,
            column: 0,
            current_len: 0,
            value_line: 1,
            value_line_len: 0,
            spill: Vec::new(),
            spill_complete: true,
        }
    }

    fn note(&mut self, b: u8) {
        if self.line > self.value_line {
            if self.spill.len() < SPILL_KEEP {
                self.spill.push(b);
            } else {
                self.spill_complete = false;
            }
        }
        if b == b'\n' {
            if self.line == self.value_line {
                self.value_line_len = self.current_len;
            }
            self.line += 1;
            self.column = 0;
            self.current_len = 0;
        } else {
            self.column += 1;
            if !b.is_ascii_whitespace() {
                self.current_len += 1;
            }
        }
    }

    /// Skips whitespace up to the next value and marks its start. `Ok(false)` at the end of
    /// the stream. The value's first byte is read again by the next reader, and the
    /// position is that byte's.
    fn next_value(&mut self) -> io::Result<bool> {
        let mut byte = [0u8; 1];
        loop {
            if self.read(&mut byte)? == 0 {
                return Ok(false);
            }
            if !byte[0].is_ascii_whitespace() {
                break;
            }
        }
        // Put the byte back (never a newline).
        self.column -= 1;
        self.current_len -= 1;
        if self.replay_at > 0 {
            self.replay_at -= 1;
        } else {
            self.replay.insert(0, byte[0]);
        }
        self.value_line = self.line;
        self.value_line_len = 0;
        self.spill.clear();
        self.spill_complete = true;
        Ok(true)
    }

    /// Skips to the start of the next line. `Ok(false)` at the end of the stream.
    fn skip_line(&mut self) -> io::Result<bool> {
        let mut byte = [0u8; 1];
        loop {
            if self.read(&mut byte)? == 0 {
                return Ok(false);
            }
            if byte[0] == b'\n' {
                return Ok(true);
            }
        }
    }

    /// Goes back to the line after the value's first line: what was read since is read
    /// again. `false` when too much was read to keep.
    fn restart_after_value_line(&mut self) -> bool {
        if !self.spill_complete {
            return false;
        }
        let mut again = std::mem::take(&mut self.spill);
        again.extend_from_slice(&self.replay[self.replay_at..]);
        self.replay = again;
        self.replay_at = 0;
        self.line = self.value_line + 1;
        self.column = 0;
        self.current_len = 0;
        self.value_line = self.line;
        true
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = if self.replay_at < self.replay.len() {
            let n = buf.len().min(self.replay.len() - self.replay_at);
            buf[..n].copy_from_slice(&self.replay[self.replay_at..self.replay_at + n]);
            self.replay_at += n;
            if self.replay_at == self.replay.len() {
                self.replay.clear();
                self.replay_at = 0;
            }
            n
        } else {
            self.inner.read(buf)?
        };
        for &b in &buf[..n] {
            self.note(b);
        }
        Ok(n)
    }
}

/// Where the stream is inside the top-level value being read, for messages.
#[derive(Default)]
struct Place {
    /// The index of the record being read inside `Records` or a top-level array.
    element: Option<String>,
    /// Whether the value is a document of records (`{"Records": …}` or an array): once it
    /// breaks, nothing after it can be read.
    document: bool,
}

fn read_json(name: &str, reader: impl BufRead) -> Result<Parsed, String> {
    let mut out = Parsed::default();
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
                name,
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

fn broken(out: &mut Parsed, breaks: &mut usize, warning: Warning) {
    *breaks += 1;
    out.records += 1;
    out.malformed += 1;
    out.warnings.push(warning);
}

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
    name: &'a str,
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
                    name: self.name,
                    place: self.place,
                })?;
            } else {
                fields.push((key.into_owned(), map.next_value::<Box<RawValue>>()?));
            }
        }
        if !streamed {
            let origin = format!("{}: record {}", self.name, self.index);
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
            let origin = format!("{}: [{i}]", self.name);
            handle_raw(self.out, &origin, &raw);
            i += 1;
        }
        Ok(())
    }
}

/// The `Records` array of a delivered file, one record at a time.
struct Records<'a> {
    out: &'a mut Parsed,
    name: &'a str,
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
            let origin = format!("{}: Records[{i}]", self.name);
            handle_raw(self.out, &origin, &raw);
            i += 1;
        }
        Ok(())
    }
}

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

fn handle_raw(out: &mut Parsed, origin: &str, raw: &RawValue) {
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
        handle_raw(out, &format!("{origin} detail"), detail);
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
            handle_raw(out, &format!("{origin} Events[{i}]"), e);
        }
    } else {
        out.records += 1;
        malformed(out, origin, "not a CloudTrail record (no eventName)");
    }
}

fn handle_object(out: &mut Parsed, origin: &str, fields: Vec<(String, Box<RawValue>)>) {
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

fn push(out: &mut Parsed, origin: &str, v: &Value) {
    match record::from_record(v, origin) {
        Ok(event) => out.events.push(event),
        Err(Skip::Other) => {}
        Err(Skip::Malformed(why)) => malformed(out, origin, &why),
    }
}

fn malformed(out: &mut Parsed, origin: &str, why: &str) {
    out.malformed += 1;
    out.warnings.push(Warning::new(
        WarningCode::MalformedRecord,
        origin,
        format!("malformed record skipped: {why}"),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    const REC: &str = r#"{"eventVersion":"1.08","eventTime":"2024-01-15T10:45:23Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketVersioning","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/u","userName":"u"},"requestParameters":{"bucketName":"b","VersioningConfiguration":{"Status":"Suspended"}}}"#;
    const OTHER: &str = r#"{"eventTime":"2024-01-15T10:45:23Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","requestParameters":{"huge":[1,2,3]}}"#;

    #[test]
    fn every_shape_reads_alike() {
        let shapes = [
            format!(r#"{{"Records":[{REC},{OTHER}]}}"#),
            REC.to_string(),
            format!(
                r#"{{"version":"0","detail-type":"AWS API Call via CloudTrail","detail":{REC}}}"#
            ),
            format!("{REC}\n{OTHER}\n"),
            format!("[{OTHER},{REC}]"),
            format!(
                r#"{{"Events":[{{"EventId":"1","CloudTrailEvent":{}}}]}}"#,
                Value::String(REC.into())
            ),
        ];
        for text in shapes {
            let parsed = read("t.json", text.as_bytes()).unwrap();
            assert_eq!(parsed.events.len(), 1, "{text}");
            assert_eq!(parsed.events[0].bucket, "b");
            assert_eq!(parsed.malformed, 0);
        }
    }

    fn gz(text: &str) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap()
    }

    /// Reading from memory must give exactly what streaming gives, record counts,
    /// warnings and their positions included, in every shape and every broken case.
    #[test]
    fn reading_from_memory_gives_what_streaming_gives() {
        let escaped = REC.replace("PutBucketVersioning", "PutBucket\\u0056ersioning");
        let nested =
            r#"{"eventName":"GetObject","requestParameters":{"eventName":"PutBucketAcl"}}"#;
        let no_name =
            r#"{"eventSource":"s3.amazonaws.com","requestParameters":{"eventName":"GetObject"}}"#;
        let twice = r#"{"eventName":"GetObject","eventName":"PutBucketAcl"}"#;
        let as_value = r#"{"note":"eventName","eventName":"GetObject"}"#;
        let spaced = r#"{ "eventName" : "GetObject" , "x" : "a\"eventName\"b" }"#;
        let not_string = r#"{"eventName":7}"#;
        let null_name = r#"{"eventName":null,"detail":{"eventName":"PutBucketAcl"}}"#;
        let envelope = format!(r#"{{"detail":{REC}}}"#);
        let lookup = format!(
            r#"{{"Events":[{{"CloudTrailEvent":{}}}]}}"#,
            Value::String(REC.into())
        );
        let bad_time = r#"{"eventName":"PutBucketAcl","eventTime":"...","requestParameters":null}"#;
        let records = [
            REC, OTHER, &escaped, nested, no_name, twice, as_value, spaced, not_string, null_name,
            &envelope, &lookup, bad_time, "7", "\"text\"", "[]", "{}",
        ];
        let mut texts = vec![
            format!(r#"{{"Records":[{}]}}"#, records.join(",")),
            format!(
                "{{\n  \"Records\": [\n    {}\n  ]\n}}\n",
                records.join(",\n    ")
            ),
            format!(r#"{{"x":1,"Records":[{REC}],"Records":[{OTHER},{REC}]}}"#),
            format!(r#"{{"Records":[{REC}]}} {{"Records":[{REC}]}}"#),
            format!(r#"{{"Records":[{REC}]}} trailing"#),
            format!(r#"{{"Records":{REC}}}"#),
            format!("{{\"Records\":[{REC},\n{}", &REC[..40]),
            r#"{"Records":[]}"#.to_string(),
            r#"{"records":[]}"#.to_string(),
            format!("{REC}\n{OTHER}\n"),
            format!("[{OTHER},{REC}]"),
            "".to_string(),
            "not json".to_string(),
        ];
        texts.extend(records.iter().map(|r| format!(r#"{{"Records":[{r}]}}"#)));
        for text in &texts {
            let streamed = format!("{:?}", read("t.json", text.as_bytes()));
            let whole = format!("{:?}", read_bytes("t.json", text.as_bytes()));
            assert_eq!(whole, streamed, "{text}");
            let zipped = gz(text);
            let streamed = format!("{:?}", read("t.json.gz", zipped.as_slice()));
            let whole = format!("{:?}", read_bytes("t.json.gz", &zipped));
            assert_eq!(whole, streamed, "{text}");
            // A gzip stream cut short.
            let cut = &zipped[..zipped.len().saturating_sub(12).max(2)];
            let streamed = format!("{:?}", read("t.json.gz", cut));
            let whole = format!("{:?}", read_bytes("t.json.gz", cut));
            assert_eq!(whole, streamed, "{text}");
        }
        // The records it leaves unparsed are the ones that cannot be events.
        let all = read_bytes("t.json", texts[0].as_bytes()).unwrap();
        assert_eq!(all.events.len(), 4, "{:?}", all.events);
    }

    #[test]
    fn plainly_other_records() {
        assert!(plainly_other(OTHER.as_bytes()));
        assert!(!plainly_other(REC.as_bytes()));
        assert!(!plainly_other(br#"{"a":{"eventName":"GetObject"}}"#));
        assert!(!plainly_other(br#"{"eventName":"Get\"Object"}"#));
        assert!(plainly_other(
            br#"{"a":"x\"y","b":["}"],"eventName":"GetObject"}"#
        ));
    }

    #[test]
    fn gzip_is_detected() {
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(format!(r#"{{"Records":[{REC}]}}"#).as_bytes())
            .unwrap();
        let gz = enc.finish().unwrap();
        let parsed = read("t.json.gz", gz.as_slice()).unwrap();
        assert_eq!(parsed.events.len(), 1);
        assert_eq!(parsed.records, 1);
    }

    #[test]
    fn malformed_records_are_counted_with_position() {
        let bad = r#"{"eventName":"PutBucketAcl","eventTime":"...","requestParameters":null}"#;
        let parsed = read(
            "t.json",
            format!(r#"{{"Records":[{REC},{bad}]}}"#).as_bytes(),
        )
        .unwrap();
        assert_eq!(parsed.events.len(), 1);
        assert_eq!(parsed.malformed, 1);
        assert!(
            parsed.warnings[0]
                .to_string()
                .starts_with("t.json: Records[1]: malformed record skipped"),
            "{:?}",
            parsed.warnings
        );
    }

    fn jsonl(lines: &[&str]) -> String {
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    #[test]
    fn a_broken_json_line_spoils_only_itself() {
        let truncated = &REC[..REC.len() / 2];
        let bad_syntax = r#"{"eventName": PutBucketAcl}"#;
        let after_key = &REC[..REC.find(r#""eventSource":"#).unwrap() + 14];
        let cases = [
            // A truncated line: the parser only notices on the next line.
            (
                jsonl(&[REC, truncated, REC]),
                2,
                "ends before its record does",
            ),
            (jsonl(&[REC, bad_syntax, REC]), 2, "is not valid JSON"),
            (
                jsonl(&[truncated, REC, REC]),
                1,
                "ends before its record does",
            ),
            (
                jsonl(&[REC, REC, truncated]),
                3,
                "ends before its record does",
            ),
            // Cut after a key: the next line reads as its value, and is read again.
            (
                jsonl(&[REC, after_key, REC]),
                2,
                "ends before its record does",
            ),
            (
                jsonl(&[after_key, REC, REC]),
                1,
                "ends before its record does",
            ),
            (
                jsonl(&[REC, r#"{"eventName": "PutBucketAcl",}"#, REC]),
                2,
                "is not valid JSON",
            ),
            (
                jsonl(&[REC, r#""text""#, REC]),
                2,
                "is not a CloudTrail record",
            ),
            (
                jsonl(&[&format!("{REC}{OTHER}"), bad_syntax, REC]),
                2,
                "is not valid JSON",
            ),
        ];
        for (text, line, what) in cases {
            let parsed = read("t.jsonl", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(parsed.events.len(), 2, "{text}");
            assert_eq!(parsed.malformed, 1, "{text}: {:?}", parsed.warnings);
            assert_eq!(parsed.warnings.len(), 1, "{text}: {:?}", parsed.warnings);
            let w = &parsed.warnings[0].to_string();
            assert!(
                w.starts_with(&format!(
                    "t.jsonl: line {line} column 1: malformed record skipped: {what}"
                )),
                "{text}: {w}"
            );
            assert!(!w.contains("the rest"), "{w}");
        }
        // Every record is counted, the broken one included.
        let parsed = read("t.jsonl", jsonl(&[REC, truncated, OTHER]).as_bytes()).unwrap();
        assert_eq!(parsed.records, 3);
    }

    #[test]
    fn a_broken_delivered_file_keeps_the_records_before_the_break() {
        let text = format!("{{\"Records\":[{REC},\n{}", &REC[..40]);
        let parsed = read("t.json", text.as_bytes()).unwrap();
        assert_eq!(parsed.events.len(), 1);
        assert_eq!(parsed.malformed, 1);
        let w = &parsed.warnings[0].to_string();
        assert!(
            w.starts_with("t.json: line 1 column 1 (Records[1]): malformed record skipped: ends too early (truncated?)"),
            "{w}"
        );
        assert!(w.ends_with("; the rest of t.json cannot be read"), "{w}");

        // A gzip stream cut short: what was decoded is kept.
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(format!(r#"{{"Records":[{REC},{REC}]}}"#).as_bytes())
            .unwrap();
        let gz = enc.finish().unwrap();
        let cut = &gz[..gz.len() - 12];
        let parsed = read("t.json.gz", cut).unwrap();
        assert_eq!(parsed.malformed, 1, "{:?}", parsed.warnings);
        assert!(parsed.events.len() <= 2);
    }

    #[test]
    fn pretty_printed_values_read_across_lines() {
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<Value>(REC).unwrap()).unwrap();
        let text = format!("{pretty}\n{pretty}\n");
        let parsed = read("t.json", text.as_bytes()).unwrap();
        assert_eq!(parsed.events.len(), 2);
        assert_eq!(parsed.malformed, 0);
        // A break inside a pretty-printed document ends it: its lines are not records.
        let text = format!("{}\n", pretty.trim_end_matches('}'));
        let e = read("t.json", text.as_bytes()).unwrap_err();
        assert!(e.starts_with("t.json ends too early (truncated?)"), "{e}");
    }

    #[test]
    fn broken_streams_are_errors() {
        let e = read("t.json", r#"{"Records":[{"eventName":"#.as_bytes()).unwrap_err();
        assert!(e.contains("t.json ends too early"), "{e}");
        let e = read("t.json", "not json".as_bytes()).unwrap_err();
        assert!(e.contains("is not valid JSON at line 1"), "{e}");
        assert!(read("t.json", "  ".as_bytes())
            .unwrap_err()
            .contains("empty"));
    }
}
