//! The fast path: a delivered file (`{"Records": [ … ]}`) already in memory, parsed from
//! the slice with each record borrowed, and a prefilter that counts the records that
//! cannot be bucket-configuration events without parsing them.

use super::raw_record::handle_raw;
use super::Parsed;
use crate::trail::{record, Origin};
use memchr::memmem::Finder;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, LazyLock};

/// A delivered file read from a slice: `None` unless the text is one JSON object with a
/// `Records` array and nothing in it is broken, so that the streaming reader is used (and
/// reports) whenever there is anything to report about the file's shape.
pub(super) fn read_delivered(name: &str, text: &[u8]) -> Option<Parsed> {
    let mut out = Parsed::default();
    let mut de = serde_json::Deserializer::from_slice(text);
    DeliveredFile {
        out: &mut out,
        file: &Arc::from(name),
    }
    .deserialize(&mut de)
    .ok()?;
    de.end().ok()?;
    Some(out)
}

/// The top of a delivered file, read from a slice.
struct DeliveredFile<'a> {
    out: &'a mut Parsed,
    /// The file's name, shared by the origins of its events.
    file: &'a Arc<str>,
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
                    file: self.file,
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
    /// The file's name, shared by the origins of its events.
    file: &'a Arc<str>,
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
                let origin = Origin::new(self.file, format!(": Records[{i}]"));
                handle_raw(self.out, &origin, raw);
            }
            i += 1;
        }
        Ok(())
    }
}

/// The byte searches [`plainly_other`] runs on every record, built once: building a
/// searcher costs about as much as running it over a short record.
struct Finders {
    escape: Finder<'static>,
    detail: Finder<'static>,
    cloudtrail_event: Finder<'static>,
    events: Finder<'static>,
    event_name: Finder<'static>,
}

static FINDERS: LazyLock<Finders> = LazyLock::new(|| Finders {
    escape: Finder::new(b"\\u"),
    detail: Finder::new(b"\"detail\""),
    cloudtrail_event: Finder::new(b"\"CloudTrailEvent\""),
    events: Finder::new(b"\"Events\""),
    event_name: Finder::new(b"\"eventName\""),
});

/// Whether a record (valid JSON text) is an object whose one top-level `eventName` is a
/// string naming no bucket-configuration event, and holds nothing else [`handle_raw`](super::raw_record::handle_raw)
/// would look at (`detail`, `CloudTrailEvent`, `Events`) or spell differently (`\u`
/// escapes, which could spell a key or an event name). For such a record [`handle_raw`](super::raw_record::handle_raw)
/// does nothing but count it, so it is counted without being parsed. A few vectorised byte
/// searches decide it: 99% of a trail is data events, reads and other services' calls.
pub(super) fn plainly_other(text: &[u8]) -> bool {
    let f = &*FINDERS;
    if text.first() != Some(&b'{')
        || f.escape.find(text).is_some()
        || f.detail.find(text).is_some()
        || f.cloudtrail_event.find(text).is_some()
        || f.events.find(text).is_some()
    {
        return false;
    }
    let mut found = f.event_name.find_iter(text);
    let (Some(at), None) = (found.next(), found.next()) else {
        return false;
    };
    if depth_at(text, at) != Some(1) {
        return false;
    }
    let rest = &text[at + f.event_name.needle().len()..];
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trail::reader::tests::{OTHER, REC};

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
}
