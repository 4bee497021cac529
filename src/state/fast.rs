//! The quick reading of a raw state (format 4): one pass over the text that builds a
//! `serde_json::Value` only for the entries of managed `aws_s3_*` resources and skips
//! every other entry's instances without building them. The text comes a piece at a time
//! ([`Feed`]): one entry of `resources` is parsed and checked at a time, so a state read
//! from a file is never held whole. A large state's list is read in two halves at once, one
//! per thread, with one pass's result ([`halves`]).
//!
//! A large state is mostly other resources (instances of every AWS type with their whole
//! attributes), so building a `Value` tree of all of it and then throwing most of it away
//! was most of the time and memory of reading a state.
//!
//! This reader only ever answers "here is what the state holds" or "not me": on anything
//! unusual (an error of any kind, a duplicated key, a raw-value marker, another format) it
//! gives up, and [`super::parse_state`] reads the file again with the
//! full reader, which alone writes diagnostics. So every diagnostic, with its code, message
//! and location, is the full reader's, and a state it accepts is read exactly as the full
//! reader reads it: each entry goes through the same checks ([`Entries::read`]), and what
//! is skipped is still parsed as strictly as `serde_json::Value` parses it (same nesting
//! limit, same number ranges), through [`Skip`].

use super::compact_value::Compact;
use super::deferred::Deferred;
use super::feed::{Feed, CHUNK, MAX_DEPTH};
use super::tfstate::{Entries, Read};
use super::values::in_scope;
use crate::diag::{Skip, RAW_VALUE_TOKEN};
use halves::{Meet, Split};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

mod halves;

/// How deep a value may nest below the top-level object, and below `resources`, for
/// serde_json's nesting limit to count as it does in one parse of the whole text.
const IN_TOP: usize = MAX_DEPTH - 1;
const IN_RESOURCES: usize = MAX_DEPTH - 2;

/// The managed `aws_s3_*` instances of a well-formed format-4 state that passes every
/// check, or `None` for anything else (the caller then uses the full reader). With
/// `defer`, each instance's attributes are kept as text in the [`Deferred`] and only
/// their head is on the resource.
pub fn read(text: &str, defer: bool) -> Option<(Read, Deferred)> {
    let bytes = text.as_bytes();
    let open = |at: u64| bytes.get(usize::try_from(at).ok()?..);
    let split = halves::split_point(&open, bytes.len() as u64);
    halves::read(&open, split, defer, CHUNK)
}

/// [`read`] of a file, a piece at a time ([`Feed`]): the state's text is never held whole,
/// and the second half of a large state's resources is read on another thread
/// ([`halves`]). `len` is the file's length as it was opened (the file is read to its end
/// whatever it is). `None` also on a read error.
#[cfg(any(unix, windows))]
pub fn read_file(file: &std::fs::File, len: u64, defer: bool) -> Option<(Read, Deferred)> {
    let open = |at: u64| Some(halves::ReadAt::new(file, at));
    let split = halves::split_point(&open, len);
    halves::read(&open, split, defer, CHUNK)
}

/// [`read_file`] where files have no positional reads: on one thread.
#[cfg(not(any(unix, windows)))]
pub fn read_file(file: &std::fs::File, _len: u64, defer: bool) -> Option<(Read, Deferred)> {
    read_feed(Feed::with_chunk(file, CHUNK), defer, None)
}

fn read_feed<R: std::io::Read>(
    mut feed: Feed<R>,
    defer: bool,
    mut split: Option<Split<'_, R>>,
) -> Option<(Read, Deferred)> {
    // A byte-order mark is handled by the full reader.
    if feed.starts_with_bom()? {
        return None;
    }
    let mut top = Top {
        deferred: defer.then(Deferred::default),
        ..Top::default()
    };
    feed.expect(b'{')?;
    if feed.peek()? == b'}' {
        feed.expect(b'}')?;
    } else {
        loop {
            member(&mut feed, &mut top, &mut split)?;
            match feed.peek()? {
                b',' => feed.expect(b',')?,
                b'}' => break feed.expect(b'}')?,
                _ => return None,
            }
        }
    }
    // Nothing but whitespace after the state.
    if !feed.finished() {
        return None;
    }
    top.finish()
}

/// What the top level says, with the resources already read.
#[derive(Default)]
struct Top {
    version: Option<Value>,
    terraform_version: Option<Value>,
    entries: Entries,
    seen_resources: bool,
    /// Where the attributes go when they are deferred.
    deferred: Option<Deferred>,
}

impl Top {
    fn finish(self) -> Option<(Read, Deferred)> {
        // Only format 4; the version checks and their messages belong to the full reader.
        match self.version {
            Some(Value::Number(n)) if n.as_u64() == Some(4) => {}
            _ => return None,
        }
        let terraform_version = match self.terraform_version {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => return None,
        };
        let e = self.entries;
        Some((
            (terraform_version, e.resources, e.warnings),
            self.deferred.unwrap_or_default(),
        ))
    }
}

/// Gives up the quick reading (the message is never shown).
fn give_up<E: de::Error>() -> E {
    E::custom("not for the quick reader")
}

/// One member of the top-level object.
fn member<R: std::io::Read>(
    feed: &mut Feed<R>,
    top: &mut Top,
    split: &mut Option<Split<'_, R>>,
) -> Option<()> {
    let key: String = feed.value(MAX_DEPTH)?;
    feed.expect(b':')?;
    match key.as_str() {
        // Another kind of file (`terraform show -json`, a plan, an encrypted state): the
        // full reader says what it is. (`Value` reads an object led by the raw-value
        // marker as another value, so that too is left to it.)
        "format_version" | "encrypted_data" | RAW_VALUE_TOKEN => None,
        "version" => once(&mut top.version, feed.value(IN_TOP)?),
        "terraform_version" => once(&mut top.terraform_version, feed.value(IN_TOP)?),
        "resources" => {
            if std::mem::replace(&mut top.seen_resources, true) {
                return None;
            }
            resources(feed, &mut top.entries, top.deferred.as_mut(), split.take())
        }
        _ => feed.value::<Skip>(IN_TOP).map(drop),
    }
}

/// Stores a key's value, giving up on a key given twice (`Value` keeps the last one; the
/// full reader is left to do the same).
fn once(slot: &mut Option<Value>, v: Value) -> Option<()> {
    slot.replace(v).is_none().then_some(())
}

/// `resources`: `null` or a list of entries, each read and checked as it comes. With a
/// `split`, the entries from its place on are taken from the other thread's reading when
/// this one gets there ([`halves`]).
fn resources<R: std::io::Read>(
    feed: &mut Feed<R>,
    entries: &mut Entries,
    mut deferred: Option<&mut Deferred>,
    mut split: Option<Split<'_, R>>,
) -> Option<()> {
    if feed.peek()? != b'[' {
        return feed.value::<Value>(IN_TOP)?.is_null().then_some(());
    }
    feed.expect(b'[')?;
    if feed.peek()? == b']' {
        return feed.expect(b']');
    }
    let mut i = 0;
    while next_entry(feed, entries, deferred.as_deref_mut(), i)? {
        i += 1;
        let Some(s) = split.take() else {
            continue;
        };
        feed.peek()?;
        match s.meet(feed.offset()) {
            Meet::Ahead(s) => split = Some(s),
            Meet::Missed => {}
            Meet::Refused => return None,
            // The other thread read the rest of the list, to its `]`.
            Meet::Here(rest) => {
                let before = entries.resources.len();
                entries.append(rest.entries)?;
                if let (Some(d), Some(later)) = (deferred.as_deref_mut(), rest.deferred) {
                    d.append(later, before);
                }
                *feed = rest.feed;
                return Some(());
            }
        }
    }
    Some(())
}

/// Reads entry `i` of `resources` (see [`keep`]) and the `,` or `]` after it: `true` when
/// another entry follows.
fn next_entry<R: std::io::Read>(
    feed: &mut Feed<R>,
    entries: &mut Entries,
    deferred: Option<&mut Deferred>,
    i: usize,
) -> Option<bool> {
    let entry: Entry = feed.value(IN_RESOURCES)?;
    keep(entries, deferred, entry.0, i)?;
    match feed.peek()? {
        b',' => feed.expect(b',').map(|()| true),
        b']' => feed.expect(b']').map(|()| false),
        _ => None,
    }
}

/// Runs entry `i` through the checks, and moves the attributes of its S3 instances onto
/// the resources read from it (or into `deferred`). The entry is dropped next.
fn keep(
    entries: &mut Entries,
    mut deferred: Option<&mut Deferred>,
    mut entry: Value,
    i: usize,
) -> Option<()> {
    let before = entries.moves.len();
    entries.read(&entry, i).ok()?;
    for m in &entries.moves[before..] {
        let attributes = entry
            .get_mut("instances")
            .and_then(|v| v.get_mut(m.instance))
            .and_then(|v| v.get_mut("attributes"))
            .map(Value::take);
        if let (Some(attributes), Some(res)) = (attributes, entries.resources.get_mut(m.resource)) {
            match deferred.as_deref_mut() {
                Some(d) => d.keep(m.resource, res, attributes),
                None => res.attributes = attributes,
            }
        }
    }
    entries.moves.truncate(before);
    Some(())
}

/// One entry of `resources` as the checks need it: the keys they read, with `instances`
/// built only for a managed in-scope type. Any other key is not read by the checks.
struct Entry(Value);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
        d.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

/// The string members of an entry that the checks read.
const HEADER: [&str; 5] = ["mode", "type", "name", "module", "provider"];

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a resource entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<Key>()? {
            let key = key.0;
            if out.contains_key(key.as_ref()) || key == RAW_VALUE_TOKEN {
                return Err(give_up());
            }
            if HEADER.contains(&key.as_ref()) {
                let v: Value = map.next_value()?;
                out.insert(key.into_owned(), v);
            } else if key == "instances" {
                // Terraform writes `mode` and `type` first; when they come later the
                // instances are built and the checks decide.
                let str_of = |k: &str| out.get(k).and_then(Value::as_str);
                let skip = matches!(str_of("mode"), Some(m) if m != "managed")
                    || matches!(str_of("type"), Some(t) if !in_scope(t));
                let v = if skip {
                    map.next_value::<Skip>()?;
                    // Never read for such an entry; kept so the key is still there.
                    Value::Null
                } else {
                    map.next_value_seed(Compact)?
                };
                out.insert(key.into_owned(), v);
            } else {
                map.next_value::<Skip>()?;
            }
        }
        Ok(Entry(Value::Object(out)))
    }
}

/// An object key, borrowed from the text unless it has escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::tfstate::read_full;

    /// The quick reading of `text`, checked against the full reader's, and the deferred
    /// reading against both.
    fn same(text: &str) -> Option<Read> {
        let (quick, mut none) = read(text, false)?;
        // The same through a window that cuts values anywhere.
        for chunk in [1, 3, 64, 4096] {
            let cut = read_feed(Feed::with_chunk(text.as_bytes(), chunk), false, None);
            assert_eq!(cut.map(|(read, _)| read).as_ref(), Some(&quick), "{chunk}");
        }
        assert!(quick
            .1
            .iter()
            .enumerate()
            .all(|(i, r)| none.take(i, r).is_none()));
        let full = read_full("s.tfstate", text).expect("the full reader accepts it too");
        assert_eq!(quick, full, "{text}");
        let ((_, heads, _), mut deferred) = read(text, true).expect("the deferred reading too");
        assert_eq!(heads.len(), quick.1.len());
        for (i, (head, whole)) in heads.iter().zip(&quick.1).enumerate() {
            let back = deferred.take(i, head).unwrap_or_else(|| head.clone());
            assert_eq!(&back, whole, "{text}");
        }
        Some(quick)
    }

    #[test]
    fn every_state_in_the_fixtures_reads_the_same() {
        let mut quick = 0;
        for entry in walk(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures"
        ))) {
            let Ok(text) = std::fs::read_to_string(&entry) else {
                continue;
            };
            if entry.extension().is_some_and(|e| e == "tfstate") || text.contains("\"version\": 4")
            {
                quick += usize::from(same(&text).is_some());
            }
        }
        assert!(quick > 10, "only {quick} fixtures were read quickly");
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else if p.extension().is_some_and(|e| e == "tfstate" || e == "json") {
                out.push(p);
            }
        }
        out
    }

    const S3: &str = r#"{"mode": "managed", "type": "aws_s3_bucket", "name": "b",
        "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
        "instances": [{"schema_version": 0, "attributes": {"bucket": "b", "id": "b"},
        "sensitive_attributes": []}]}"#;

    fn state(other: &str) -> String {
        format!(r#"{{"version": 4, "terraform_version": "1.9.0", "resources": [{other}, {S3}]}}"#)
    }

    #[test]
    fn other_resources_are_skipped_but_still_checked() {
        let ok = state(
            r#"{"mode": "managed", "type": "aws_iam_role", "name": "r", "provider": "provider.aws", "instances": [{"attributes": {"a": [1, 2.5, null, true, "x\n"]}}]}"#,
        );
        let (version, resources, _) = same(&ok).unwrap();
        assert_eq!(version.as_deref(), Some("1.9.0"));
        assert_eq!(resources.len(), 1);
        assert_eq!(resources[0].attributes["bucket"], "b");
        // `type` after `instances`: read in full, same result.
        let late = state(
            r#"{"instances": [{"attributes": {}}], "mode": "data", "type": "aws_s3_bucket", "name": "d", "provider": "provider.aws"}"#,
        );
        assert_eq!(same(&late).unwrap().1.len(), 1);
        // Escaped keys mean the same keys.
        let escaped = state(
            r#"{"mod\u0065": "managed", "type": "aws_iam_role", "name": "r", "instances": []}"#,
        );
        assert_eq!(same(&escaped).unwrap().1.len(), 1);
    }

    #[test]
    fn anything_the_full_reader_rejects_is_given_up() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let huge = "1e999".to_string();
        let bad = [
            // Past serde_json's nesting limit, and out of range, in a skipped instance.
            state(&format!(
                r#"{{"mode": "managed", "type": "aws_iam_role", "name": "r", "instances": [{deep}]}}"#
            )),
            state(&format!(
                r#"{{"mode": "managed", "type": "aws_iam_role", "name": "r", "instances": [{huge}]}}"#
            )),
            // The checks every entry gets.
            state(r#"{"mode": "managed", "type": "aws_iam_role", "instances": []}"#),
            state(r#"{"mode": 7, "type": "aws_iam_role", "name": "r"}"#),
            state(
                r#"{"mode": "managed", "type": "aws_iam_role", "name": "r", "module": "storage"}"#,
            ),
            state(r#"{"mode": "managed", "mode": "data", "type": "aws_s3_bucket", "name": "r"}"#),
            state(r#"[]"#),
            state(S3),
            format!(r#"{{"version": 4, "version": 4, "resources": [{S3}]}}"#),
            format!(r#"{{"version": 3, "resources": [{S3}]}}"#),
            format!(r#"{{"version": 4.0, "resources": [{S3}]}}"#),
            format!(r#"{{"version": 4, "terraform_version": 1, "resources": [{S3}]}}"#),
            r#"{"version": 4, "resources": {}}"#.to_string(),
            format!(r#"{{"version": 4, "format_version": "1.0", "resources": [{S3}]}}"#),
            format!(r#"{{"version": 4, "resources": [{S3}]}} x"#),
            format!("\u{feff}{{\"version\": 4, \"resources\": [{S3}]}}"),
            format!(r#"{{"version": 4, "resources": [{S3}"#),
            String::new(),
            // `Value` reads an object led by the raw-value marker as the JSON its string holds.
            format!(
                r#"{{"$serde_json::private::RawValue": "1", "version": 4, "resources": [{S3}]}}"#
            ),
            format!(
                r#"{{"version": 4, "outputs": {{"$serde_json::private::RawValue": 5}}, "resources": [{S3}]}}"#
            ),
            state(
                r#"{"$serde_json::private::RawValue": "1", "mode": "managed", "type": "aws_iam_role", "name": "r"}"#,
            ),
        ];
        for text in &bad {
            assert!(read(text, false).is_none(), "{text}");
            for chunk in [1, 7] {
                let cut = read_feed(Feed::with_chunk(text.as_bytes(), chunk), false, None);
                assert!(cut.is_none(), "{chunk}: {text}");
            }
        }
        // The nesting limit counts as in one parse of the whole text, though each entry
        // and top-level value is parsed on its own: exactly where the full reader stops.
        for n in 118..=128 {
            let deep = format!("{}1{}", "[".repeat(n), "]".repeat(n));
            let in_entry = state(&format!(
                r#"{{"mode": "managed", "type": "aws_iam_role", "name": "r", "instances": [{deep}]}}"#
            ));
            let in_s3 = state(&format!(
                r#"{{"mode": "managed", "type": "aws_s3_bucket", "name": "d", "provider": "provider.aws", "instances": [{{"attributes": {{"bucket": "d", "x": {deep}}}}}]}}"#
            ));
            let at_top = format!(r#"{{"version": 4, "outputs": {deep}, "resources": [{S3}]}}"#);
            for text in [in_entry, in_s3, at_top] {
                let full = read_full("s.tfstate", &text).is_ok();
                assert_eq!(read(&text, false).is_some(), full, "{n}: {text}");
                assert_eq!(read(&text, true).is_some(), full, "{n}");
                let cut = read_feed(Feed::with_chunk(text.as_bytes(), 5), false, None);
                assert_eq!(cut.is_some(), full, "{n}");
            }
        }
        // The nesting limit is serde_json's own: 127 levels still read.
        let fine = format!("{}1{}", "[".repeat(120), "]".repeat(120));
        let text = state(&format!(
            r#"{{"mode": "managed", "type": "aws_iam_role", "name": "r", "instances": [{fine}]}}"#
        ));
        assert!(same(&text).is_some());
    }
}
