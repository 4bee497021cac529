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
//!
//! The code follows the two ways in: [`read_bytes`] tries `delivered` (a delivered file
//! parsed from a slice, with a byte-level prefilter that counts other events unparsed);
//! everything else goes through `stream` (one top-level value at a time over `lines`, a
//! reader that keeps line positions and can replay a truncated JSON line). Both hand each
//! record's raw text to `raw_record`, which turns it into an event, a count or a warning.

mod delivered;
mod lines;
mod raw_record;
mod stream;

pub use super::Parsed;
use delivered::read_delivered;
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use stream::read_json;

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
/// bucket-configuration event are counted without being parsed (see
/// [`plainly_other`](delivered::plainly_other)).
/// Anything else (other shapes, a broken file, a gzip stream that does not inflate) is read
/// by the streaming reader, so every message and position stays the same.
pub fn read_bytes(name: &str, bytes: &[u8]) -> Result<Parsed, String> {
    let inflated;
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut whole = Vec::new();
        // A reservation refused (a corrupt trailer's size on a strict-overcommit system)
        // only means growing as the data comes.
        let _ = whole.try_reserve_exact(inflated_size_hint(bytes));
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

/// The inflated size a gzip file gives, to inflate it into one buffer of that size rather
/// than one that doubles a dozen times on the way to it (and is left up to half empty).
///
/// A gzip member ends with its inflated size modulo 2^32 (`ISIZE`, RFC 1952 §2.3.1): exact
/// for a delivered trail file, which is one member of a few MB. It is only a hint: a file of
/// several members gives the last one's, and a crafted file any number, so it is bounded by
/// DEFLATE's largest ratio (about 1032:1) and by [`WHOLE_LIMIT`].
fn inflated_size_hint(gzip: &[u8]) -> usize {
    let Some(tail) = gzip.len().checked_sub(4).and_then(|at| gzip.get(at..)) else {
        return 0;
    };
    let isize = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]) as usize;
    isize
        .min(gzip.len().saturating_mul(1032))
        .min(WHOLE_LIMIT as usize)
}

/// Reads JSON text already in memory (a LookupEvents `CloudTrailEvent` string).
pub fn read_str(name: &str, text: &str) -> Result<Parsed, String> {
    read_json(name, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use serde_json::Value;
    use std::io::Write;

    pub(super) const REC: &str = r#"{"eventVersion":"1.08","eventTime":"2024-01-15T10:45:23Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketVersioning","awsRegion":"us-east-1","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/u","userName":"u"},"requestParameters":{"bucketName":"b","VersioningConfiguration":{"Status":"Suspended"}}}"#;
    pub(super) const OTHER: &str = r#"{"eventTime":"2024-01-15T10:45:23Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","requestParameters":{"huge":[1,2,3]}}"#;

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

    /// The size a gzip file is inflated into is its `ISIZE`: exact for one member, bounded
    /// for a file whose trailer says more than it can hold, and only a hint for a file of
    /// several members, which still reads whole.
    #[test]
    fn a_gzip_files_size_hint_is_its_isize_bounded() {
        let text = format!(r#"{{"Records":[{REC},{OTHER}]}}"#);
        let zipped = gz(&text);
        assert_eq!(inflated_size_hint(&zipped), text.len());
        let mut lying = zipped.clone();
        let n = lying.len();
        lying[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(inflated_size_hint(&lying), n * 1032);
        assert_eq!(inflated_size_hint(&zipped[..3]), 0);
        let big = gz(&"x".repeat(1 << 20));
        let mut huge = big.clone();
        let n = huge.len();
        huge[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(
            inflated_size_hint(&huge),
            (n * 1032).min(WHOLE_LIMIT as usize)
        );
        let (head, tail) = text.split_at(text.len() / 2);
        let members = [gz(head), gz(tail)].concat();
        assert_eq!(inflated_size_hint(&members), tail.len());
        let parsed = read_bytes("t.json.gz", &members).unwrap();
        assert_eq!((parsed.events.len(), parsed.records), (1, 2));
    }

    /// Every shape names its events' records as it always has: the file, then the place.
    #[test]
    fn events_name_the_record_they_were_read_from() {
        let lookup = format!(
            r#"{{"Events":[{{"EventId":"1","CloudTrailEvent":{}}}]}}"#,
            Value::String(REC.into())
        );
        let shapes = [
            (
                format!(r#"{{"Records":[{OTHER},{REC}]}}"#),
                "t.json: Records[1]",
            ),
            (format!("{OTHER}\n{REC}\n"), "t.json: record 2"),
            (format!("[{OTHER},{REC}]"), "t.json: [1]"),
            (format!(r#"{{"detail":{REC}}}"#), "t.json: record 1 detail"),
            (lookup, "t.json: record 1 Events[0]"),
        ];
        for (text, origin) in shapes {
            for parsed in [
                read("t.json", text.as_bytes()),
                read_bytes("t.json", text.as_bytes()),
                read_bytes("t.json", &gz(&text)),
            ] {
                let events = parsed.unwrap().events;
                let named: Vec<String> = events.iter().map(|e| e.origin.to_string()).collect();
                assert_eq!(named, [origin], "{text}");
                let json = serde_json::to_value(&events[0]).unwrap();
                assert_eq!(json["origin"], origin, "{text}");
            }
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
