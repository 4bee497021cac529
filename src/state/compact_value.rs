//! Builds a `serde_json::Value` equal to the one `Value`'s own deserializer builds, with
//! every object and array allocated at its exact size.
//!
//! `Value` grows its maps and arrays by doubling as it reads them, so a parsed state holds
//! its attributes in up to twice the room they need, for as long as the state is loaded.
//! Attributes are most of a large state's memory. Here each object's members are gathered
//! first and the map is then made at its final size, in the same order, so the result is
//! the same `Value` (the same keys in the same order; a repeated key keeps its first place
//! and its last value, as `Map::insert` does).

use crate::diag::RAW_VALUE_TOKEN;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Reads one JSON value as a `Value` at its exact size.
pub struct Compact;

impl<'de> DeserializeSeed<'de> for Compact {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Compact {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element_seed(Compact)? {
            items.push(v);
        }
        items.shrink_to_fit();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members: Vec<(String, Value)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            // Never in a state; the reading is refused, so the caller's full reader decides.
            if key == RAW_VALUE_TOKEN {
                return Err(de::Error::custom("a raw value's marker as a key"));
            }
            members.push((key, map.next_value_seed(Compact)?));
        }
        let mut out = Map::with_capacity(members.len());
        out.extend(members);
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact(text: &str) -> Result<Value, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        let v = Compact.deserialize(&mut de)?;
        de.end()?;
        Ok(v)
    }

    #[test]
    fn reads_what_value_reads() {
        let texts = [
            r#"{"b": [1, -2, 2.5, 1e300, 18446744073709551615, -9223372036854775808],
                "a": {"z": null, "y": true, "x": "s\u00e9\n", "w": {}, "v": []},
                "c": [[], [{}], [[1]]]}"#,
            // A repeated key: its first place, its last value.
            r#"{"k": 1, "j": 2, "k": 3}"#,
            r#""text""#,
            "0",
            "null",
        ];
        for text in texts {
            let want: Value = serde_json::from_str(text).unwrap();
            let got = compact(text).unwrap();
            assert_eq!(got, want, "{text}");
            // Equal maps may differ in order; the printed form shows the order too.
            assert_eq!(got.to_string(), want.to_string(), "{text}");
        }
    }

    #[test]
    fn refuses_what_value_refuses() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        for text in [deep.as_str(), "1e999", "[1,]", r#"{"a" 1}"#, "", "[1] 2"] {
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
            assert!(compact(text).is_err(), "{text}");
        }
        assert!(compact(r#"{"$serde_json::private::RawValue": "1"}"#).is_err());
    }
}
