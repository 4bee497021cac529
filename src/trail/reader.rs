//! Reads CloudTrail records from any stream, in every shape they are found in:
//!
//! * a delivered log file, `{"Records": [ … ]}` (FACTS.md, CloudTrail);
//! * a single record, or an EventBridge envelope with the record under `detail`;
//! * JSON lines (one record or envelope per line), or a JSON array of records;
//! * a saved LookupEvents answer (`{"Events": [{"CloudTrailEvent": "<record as a string>"}]}`).
//!
//! Gzip is detected from the magic bytes, so `.json.gz` and `.json` read alike. Records are
//! streamed one at a time: each is first held as raw JSON text, only its `eventName` and
//! `eventSource` are read, and only bucket-configuration events are parsed fully. The
//! thousands of other events in a trail file cost a scan, not a tree.

use super::event::Event;
use super::record::{self, Skip};
use flate2::read::MultiGzDecoder;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

/// What one file or stream gave.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Bucket-configuration events, in file order.
    pub events: Vec<Event>,
    /// One line per malformed record, with file and position.
    pub warnings: Vec<String>,
    /// Malformed records.
    pub malformed: usize,
    /// Records read in all (configuration or not).
    pub records: usize,
}

impl Parsed {
    /// Adds another stream's results.
    pub fn merge(&mut self, other: Parsed) {
        self.events.extend(other.events);
        self.warnings.extend(other.warnings);
        self.malformed += other.malformed;
        self.records += other.records;
    }
}

/// Reads `reader` (plain or gzip JSON). `name` is used in warnings. An error means the
/// stream as a whole is not readable (not JSON, truncated, not gzip after a gzip header).
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

/// Reads JSON text already in memory (a LookupEvents `CloudTrailEvent` string).
pub fn read_str(name: &str, text: &str) -> Result<Parsed, String> {
    read_json(name, text.as_bytes())
}

fn read_json(name: &str, reader: impl Read) -> Result<Parsed, String> {
    let mut out = Parsed::default();
    let mut de = serde_json::Deserializer::from_reader(reader);
    let mut index = 0usize;
    // `end()` succeeds only when nothing but whitespace is left; it never consumes a value.
    while de.end().is_err() {
        index += 1;
        let seed = Top {
            out: &mut out,
            name,
            index,
        };
        seed.deserialize(&mut de).map_err(|e| describe(name, &e))?;
    }
    if index == 0 {
        return Err(format!("{name} is empty"));
    }
    Ok(out)
}

fn describe(name: &str, e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "could not be read",
        Category::Eof => "ends too early (truncated?)",
        Category::Syntax | Category::Data => "is not valid JSON",
    };
    format!(
        "{name} {what} at line {} column {}: {e}",
        e.line(),
        e.column()
    )
}

/// One top-level value of the stream.
struct Top<'a> {
    out: &'a mut Parsed,
    name: &'a str,
    index: usize,
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
                map.next_value_seed(Records {
                    out: self.out,
                    name: self.name,
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
        let mut i = 0;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
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
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
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
    out.warnings
        .push(format!("{origin}: malformed record skipped: {why}"));
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
            parsed.warnings[0].starts_with("t.json: Records[1]: malformed record skipped"),
            "{:?}",
            parsed.warnings
        );
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
