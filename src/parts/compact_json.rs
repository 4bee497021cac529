//! A part's value, desired, live or given by an event, held as compact JSON text.
//!
//! A large fleet's trees and snapshot hold hundreds of thousands of part values, and a
//! trail thousands of events' new values. As
//! `Value`s (a node for every element; a `String`, a hash and an index slot for every key)
//! they were the largest part of what a replayed `check` held (BENCHMARKS.md, *Part values
//! kept as text*); as text they take a fraction of that. Most readers want a `Value` of
//! their own anyway (the diff and the attribution rewrite it), so [`CompactJson::to_value`]
//! parses one where a clone was made before; the few that only looked parse too, once per
//! bucket or finding.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// A part's canonical value, kept as the compact JSON serde_json writes for it. It
/// compares, prints and serialises as that value.
#[derive(Clone)]
pub struct CompactJson(Box<str>);

impl CompactJson {
    /// The value, parsed from its text.
    pub fn to_value(&self) -> Value {
        Value::deserialize(&mut self.reader())
            .expect("a CompactJson holds the JSON serde_json wrote")
    }

    /// A reader of the text.
    fn reader(&self) -> serde_json::Deserializer<serde_json::de::StrRead<'_>> {
        let mut de = serde_json::Deserializer::from_str(&self.0);
        // The text was written from a `Value` that existed, so it nests no deeper than that
        // value did, and dropping that value recursed as deep as this parse does. The limit
        // would only turn a policy document nested inside a part into a failure here.
        de.disable_recursion_limit();
        de
    }
}

impl From<Value> for CompactJson {
    fn from(value: Value) -> CompactJson {
        CompactJson(value.to_string().into_boxed_str())
    }
}

impl PartialEq for CompactJson {
    /// As values: the same value written with its keys in another order is equal.
    fn eq(&self, other: &CompactJson) -> bool {
        self.0 == other.0 || self.to_value() == other.to_value()
    }
}

impl fmt::Display for CompactJson {
    /// The compact text, as a `Value` displays.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CompactJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_value(), f)
    }
}

impl Serialize for CompactJson {
    /// As the value, so a pretty writer indents it like the rest of the snapshot. The text
    /// is read straight into `s`: the same calls a `Value` parsed from it would make (keys
    /// in order, numbers as parsed), without building the `Value`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde_transcode::transcode(&mut self.reader(), s)
    }
}

impl<'de> Deserialize<'de> for CompactJson {
    /// As a `Value` first, so a snapshot is checked exactly as before: the same errors at
    /// the same places, and text that always parses back.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CompactJson, D::Error> {
        Value::deserialize(d).map(CompactJson::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_back_to_the_value_it_was_made_from() {
        let value = json!({"rules": [{"id": "b", "days": 30, "ratio": 0.1, "big": u64::MAX,
                                      "neg": -7, "text": "a \"quoted\"\n é"}],
                           "status": "Enabled", "empty": {}, "none": null});
        let live = CompactJson::from(value.clone());
        assert_eq!(live.to_value(), value);
        assert_eq!(&*live.0, serde_json::to_string(&value).unwrap(), "compact");
        // The keys keep their order too (a map's equality ignores it; its text does not).
        assert_eq!(live.to_value().to_string(), value.to_string());
    }

    proptest::proptest! {
        /// Every number reads back as the same number: the exact `f64` (`float_roundtrip`;
        /// the default reading may be off in the last place), `-0.0` included.
        #[test]
        fn numbers_read_back_exactly(x in proptest::num::f64::ANY, i: i64, u: u64) {
            proptest::prop_assume!(x.is_finite());
            let back = CompactJson::from(json!([x, i, u])).to_value();
            proptest::prop_assert_eq!(back[0].as_f64().map(f64::to_bits), Some(x.to_bits()));
            proptest::prop_assert_eq!(back[1].as_i64(), Some(i));
            proptest::prop_assert_eq!(back[2].as_u64(), Some(u));
        }
    }

    #[test]
    fn values_nested_past_the_parsers_limit_read_back() {
        let mut value = json!("leaf");
        for _ in 0..200 {
            value = json!([value]);
        }
        assert_eq!(CompactJson::from(value.clone()).to_value(), value);
    }

    #[test]
    fn compares_prints_and_serialises_as_its_value() {
        let a = CompactJson::from(json!({"x": 1, "y": [true]}));
        let b: CompactJson = serde_json::from_str(r#"{ "y": [ true ], "x": 1 }"#).unwrap();
        assert_eq!(a, b, "key order does not matter");
        assert_ne!(a, CompactJson::from(json!({"x": 2, "y": [true]})));
        assert_eq!(
            format!("{a:?}"),
            format!("{:?}", json!({"x": 1, "y": [true]}))
        );
        assert_eq!(
            serde_json::to_string_pretty(&a).unwrap(),
            serde_json::to_string_pretty(&json!({"x": 1, "y": [true]})).unwrap()
        );
    }

    #[test]
    fn writes_what_its_value_writes() {
        let mut deep = json!("leaf");
        for _ in 0..200 {
            deep = json!({"k": [deep]});
        }
        let values = [
            json!({"z": [1, -7, 0.1, -0.0, 1e300, u64::MAX, i64::MIN], "a": "q\"\n\u{7f}é\u{2028}",
                   "m": {}, "l": [], "n": null, "t": true}),
            json!(["keys", {"b": 1, "a": 2}]),
            json!(2.5),
            deep,
        ];
        for value in values {
            let text = CompactJson::from(value.clone());
            assert_eq!(
                serde_json::to_string_pretty(&text).unwrap(),
                serde_json::to_string_pretty(&value).unwrap()
            );
            assert_eq!(serde_json::to_string(&text).unwrap(), value.to_string());
        }
    }

    #[test]
    fn bad_json_fails_as_a_value_would() {
        let err = serde_json::from_str::<CompactJson>("{\"x\": [1, }").unwrap_err();
        let as_value = serde_json::from_str::<Value>("{\"x\": [1, }").unwrap_err();
        assert_eq!(err.to_string(), as_value.to_string());
    }
}
