//! A state's attributes kept as compact JSON text until the bucket they belong to is built.
//!
//! Parsed, a resource's attributes take several times their size in text: every object,
//! array and string of a `serde_json::Value` is its own allocation, and a large state's
//! S3 attributes are over a million of them. Held all at once, beside the state's text, they
//! were most of the memory of reading a large state. So the run's loader keeps each
//! resource's attributes as their compact JSON text, and on the [`Resource`] only the
//! *head*: the few top-level keys that tie it to a bucket and an account. The model build
//! parses the whole attributes back one bucket at a time ([`Deferred::take`]), builds that
//! bucket's tree and drops them.
//!
//! The text is the parsed `Value` written back by serde_json, so it reads back as an equal
//! `Value`: the same keys in the same order, strings after unescaping, numbers as parsed
//! (floats exactly, with serde_json's `float_roundtrip`).

use super::compact_value::Compact;
use super::Resource;
use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

/// The top-level attributes the build reads before it builds a bucket's tree: the bucket's
/// name (`bucket`, and `id` for `aws_s3_bucket`) and its account (`expected_bucket_owner`),
/// as `model::placement` reads them; account-wide resources are given their whole
/// attributes first. tests/deferred_attributes.rs fails when a key placement needs is
/// missing here.
const HEAD_KEYS: [&str; 3] = ["bucket", "id", "expected_bucket_owner"];

/// The full attributes of one loaded file's resources, by their index in
/// [`Loaded::resources`](super::Loaded::resources); `None` where a resource holds its
/// attributes whole.
#[derive(Debug, Default, PartialEq)]
pub struct Deferred {
    texts: Vec<Option<Box<str>>>,
}

impl Deferred {
    /// Keeps resource `index`'s `attributes` as text and leaves their head on `res`.
    /// Attributes that are not an object are kept whole.
    pub(super) fn keep(&mut self, index: usize, res: &mut Resource, attributes: Value) {
        let Value::Object(all) = &attributes else {
            res.attributes = attributes;
            return;
        };
        let Ok(text) = serde_json::to_string(&attributes) else {
            // Writing a `Value` fails only for a map with non-string keys, which a `Value`
            // cannot hold; the attributes are then simply kept whole.
            res.attributes = attributes;
            return;
        };
        // Made at its exact size: a map grown from empty holds room for several entries,
        // and there is one head per resource.
        let in_head = |k: &String| HEAD_KEYS.contains(&k.as_str());
        let mut head = Map::with_capacity(all.keys().filter(|k| in_head(k)).count());
        for (k, v) in all.iter().filter(|(k, _)| in_head(k)) {
            head.insert(k.clone(), v.clone());
        }
        if self.texts.len() <= index {
            self.texts.resize(index + 1, None);
        }
        self.texts[index] = Some(text.into_boxed_str());
        res.attributes = Value::Object(head);
    }

    /// Takes on the texts of `later`, whose resource 0 is resource `offset` here.
    pub(super) fn append(&mut self, later: Deferred, offset: usize) {
        self.texts.resize(offset, None);
        self.texts.extend(later.texts);
    }

    /// Resource `index` with its whole attributes, when they were kept as text (`res` is
    /// that resource, holding the head). The text is given up: each resource is built once.
    pub fn take(&mut self, index: usize, res: &Resource) -> Option<Resource> {
        self.take_text(index)?.whole(res)
    }

    /// Resource `index`'s attributes as they were kept, given up here, to be parsed later,
    /// possibly on another thread ([`KeptText::whole`]).
    pub fn take_text(&mut self, index: usize) -> Option<KeptText> {
        self.texts.get_mut(index)?.take().map(KeptText)
    }
}

/// One resource's attributes as compact JSON text, taken from a [`Deferred`].
#[derive(Debug)]
pub struct KeptText(Box<str>);

impl KeptText {
    /// The resource `res` (holding the head) with these whole attributes.
    pub fn whole(self, res: &Resource) -> Option<Resource> {
        let text = self.0;
        // The text is serde_json's own writing of a `Value` it parsed from a deeper place in
        // the state, so it reads back: strings as written, floats exactly (the
        // `float_roundtrip` feature) and no nesting past the limit the first reading passed.
        let parsed = Compact.deserialize(&mut serde_json::Deserializer::from_str(&text));
        debug_assert!(parsed.is_ok(), "{parsed:?}: {text}");
        let attributes = parsed.ok()?;
        Some(Resource {
            address: res.address.clone(),
            rtype: res.rtype.clone(),
            provider: res.provider.clone(),
            attributes,
            sensitive: res.sensitive.clone(),
            unknown: res.unknown.clone(),
            identity: res.identity.clone(),
            tainted: res.tainted,
            schema_version: res.schema_version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_the_head_and_gives_back_the_whole() {
        let attributes = json!({
            "acl": null, "bucket": "b", "id": "b", "tags": {"k": "v\"q"},
            "expected_bucket_owner": "111122223333", "n": 1.5, "big": 18446744073709551615u64,
            "lifecycle_rule": [{"id": "r", "enabled": true}]
        });
        let mut res = Resource::test_bucket(Value::Null);
        let mut d = Deferred::default();
        d.keep(2, &mut res, attributes.clone());
        assert_eq!(
            res.attributes,
            json!({"bucket": "b", "id": "b", "expected_bucket_owner": "111122223333"})
        );
        let keys: Vec<&String> = res.attributes.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["bucket", "id", "expected_bucket_owner"]);
        assert!(d.take(0, &res).is_none());
        assert!(d.take(3, &res).is_none());
        let full = d.take(2, &res).unwrap();
        assert_eq!(full.attributes, attributes);
        // The same keys in the same order as parsed.
        let keys: Vec<&String> = full.attributes.as_object().unwrap().keys().collect();
        let want: Vec<&String> = attributes.as_object().unwrap().keys().collect();
        assert_eq!(keys, want);
        assert_eq!(full.address, res.address);
        assert!(d.take(2, &res).is_none(), "given up once taken");
    }

    #[test]
    fn attributes_that_are_not_an_object_are_kept_whole() {
        let mut res = Resource::test_bucket(Value::Null);
        let mut d = Deferred::default();
        d.keep(0, &mut res, json!(["odd"]));
        assert_eq!(res.attributes, json!(["odd"]));
        assert!(d.take(0, &res).is_none());
    }
}
