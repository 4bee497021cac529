//! The quick reading of a raw state (format 4): one pass over the text that builds a
//! `serde_json::Value` only for the entries of managed `aws_s3_*` resources and skips
//! every other entry's instances without building them.
//!
//! A large state is mostly other resources (instances of every AWS type with their whole
//! attributes), so building a `Value` tree of all of it and then throwing most of it away
//! was most of the time and memory of reading a state.
//!
//! This reader only ever answers "here is what the state holds" or "not me": on anything
//! unusual (an error of any kind, a duplicated key, an escape in a key it needs, another
//! format) it gives up, and [`super::parse_state`] reads the file again with the
//! full reader, which alone writes diagnostics. So every diagnostic, with its code, message
//! and location, is the full reader's, and a state it accepts is read exactly as the full
//! reader reads it: each entry goes through the same checks ([`Entries::read`]), and what
//! is skipped is still parsed as strictly as `serde_json::Value` parses it (same nesting
//! limit, same number ranges), through [`Skip`].

use super::compact_value::Compact;
use super::deferred::Deferred;
use super::tfstate::{Entries, Read};
use super::values::in_scope;
use crate::diag::Skip;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;

/// The managed `aws_s3_*` instances of a well-formed format-4 state that passes every
/// check, or `None` for anything else (the caller then uses the full reader). With
/// `defer`, each instance's attributes are kept as text in the [`Deferred`] and only
/// their head is on the resource.
pub fn read(text: &str, defer: bool) -> Option<(Read, Deferred)> {
    // A byte-order mark is handled by the full reader.
    if text.starts_with('\u{feff}') {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let mut top = Top {
        deferred: defer.then(Deferred::default),
        ..Top::default()
    };
    TopSeed(&mut top).deserialize(&mut de).ok()?;
    de.end().ok()?;
    top.finish()
}

/// What the top level says, with the resources already read.
#[derive(Default)]
struct Top {
    version: Option<Value>,
    terraform_version: Option<Value>,
    entries: Entries,
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

/// Reads the top level into a [`Top`].
struct TopSeed<'a>(&'a mut Top);

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a state object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let top = self.0;
        let mut seen_resources = false;
        while let Some(key) = map.next_key::<Key>()? {
            match key.0.as_ref() {
                // Another kind of file (`terraform show -json`, a plan, an encrypted
                // state): the full reader says what it is.
                "format_version" | "encrypted_data" => return Err(give_up()),
                "version" => once(&mut top.version, map.next_value()?)?,
                "terraform_version" => once(&mut top.terraform_version, map.next_value()?)?,
                "resources" => {
                    if std::mem::replace(&mut seen_resources, true) {
                        return Err(give_up());
                    }
                    map.next_value_seed(Resources {
                        entries: &mut top.entries,
                        deferred: top.deferred.as_mut(),
                    })?;
                }
                _ => {
                    map.next_value::<Skip>()?;
                }
            }
        }
        Ok(())
    }
}

/// Stores a key's value, giving up on a key given twice (`Value` keeps the last one; the
/// full reader is left to do the same).
fn once<E: de::Error>(slot: &mut Option<Value>, v: Value) -> Result<(), E> {
    if slot.replace(v).is_some() {
        return Err(give_up());
    }
    Ok(())
}

/// `resources`: `null` or a list of entries, each read as it is parsed.
struct Resources<'a> {
    entries: &'a mut Entries,
    deferred: Option<&'a mut Deferred>,
}

impl<'de> DeserializeSeed<'de> for Resources<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Resources<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of resources")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while let Some(entry) = seq.next_element::<Entry>()? {
            let mut entry = entry.0;
            let entries = &mut *self.entries;
            let before = entries.moves.len();
            entries.read(&entry, i).map_err(|_| give_up::<A::Error>())?;
            // The attributes are moved out of the entry, which is dropped next.
            for m in &entries.moves[before..] {
                let attributes = entry
                    .get_mut("instances")
                    .and_then(|v| v.get_mut(m.instance))
                    .and_then(|v| v.get_mut("attributes"))
                    .map(Value::take);
                if let (Some(attributes), Some(res)) =
                    (attributes, entries.resources.get_mut(m.resource))
                {
                    match self.deferred.as_deref_mut() {
                        Some(d) => d.keep(m.resource, res, attributes),
                        None => res.attributes = attributes,
                    }
                }
            }
            entries.moves.truncate(before);
            i += 1;
        }
        Ok(())
    }
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
            if out.contains_key(key.as_ref()) {
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
        ];
        for text in &bad {
            assert!(read(text, false).is_none(), "{text}");
        }
        // The nesting limit is serde_json's own: 127 levels still read.
        let fine = format!("{}1{}", "[".repeat(120), "]".repeat(120));
        let text = state(&format!(
            r#"{{"mode": "managed", "type": "aws_iam_role", "name": "r", "instances": [{fine}]}}"#
        ));
        assert!(same(&text).is_some());
    }
}
