//! Any JSON value, parsed exactly as strictly as `serde_json::Value` parses it and dropped
//! without being built.
//!
//! The quick readers (of a state's other resources, of a snapshot's header) skip what they
//! do not need with it, and still reject exactly what `Value` rejects: it goes through
//! `deserialize_any`, not `IgnoredAny`, whose skipping neither limits nesting nor checks
//! number ranges. So a text a quick reader accepts is one the full reader, which writes the
//! diagnostics, accepts too.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value that was parsed and checked, and not kept.
pub struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Skip, D::Error> {
        d.deserialize_any(SkipVisitor)
    }
}

struct SkipVisitor;

impl<'de> Visitor<'de> for SkipVisitor {
    type Value = Skip;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Skip, E> {
        Ok(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skip, A::Error> {
        while seq.next_element::<Skip>()?.is_some() {}
        Ok(Skip)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skip, A::Error> {
        match map.next_key::<FirstKey>()? {
            None => return Ok(Skip),
            // As `Value` reads it: a string of JSON, and the object's end.
            Some(FirstKey(true)) => {
                let text: String = map.next_value()?;
                serde_json::from_str::<Skip>(&text).map_err(de::Error::custom)?;
                if map.next_key::<Skip>()?.is_some() {
                    return Err(de::Error::custom("a raw value's marker among other keys"));
                }
                return Ok(Skip);
            }
            Some(FirstKey(false)) => {
                map.next_value::<Skip>()?;
            }
        }
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
    }
}

/// The key serde_json's `Value` takes for a raw value's marker (its `raw_value` feature,
/// which aws-smithy turns on): an object whose first key it is must hold nothing else, and
/// its value, a string, is read as the JSON it holds. No state or snapshot writes it.
pub const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// An object's first key: whether it is [`RAW_VALUE_TOKEN`].
struct FirstKey(bool);

impl<'de> Deserialize<'de> for FirstKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FirstKey, D::Error> {
        d.deserialize_str(FirstKeyVisitor)
    }
}

struct FirstKeyVisitor;

impl Visitor<'_> for FirstKeyVisitor {
    type Value = FirstKey;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<FirstKey, E> {
        Ok(FirstKey(key == RAW_VALUE_TOKEN))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whatever `Value` rejects, `Skip` rejects, with the same message and place.
    #[test]
    fn accepts_exactly_what_value_accepts() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let fine = format!("{}1{}", "[".repeat(120), "]".repeat(120));
        let texts = [
            r#"{"a": [1, 2.5, null, true, "x\n"], "a": {}}"#,
            "1e999",
            "-1e999",
            "18446744073709551616",
            &deep,
            &fine,
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            r#""\ud800""#,
            "[1, 2",
            "",
        ];
        for text in texts {
            let value = serde_json::from_str::<serde_json::Value>(text).map_err(|e| e.to_string());
            let skip = serde_json::from_str::<Skip>(text).map_err(|e| e.to_string());
            assert_eq!(value.map(|_| ()), skip.map(|_| ()), "{text}");
        }
    }

    /// `Value` reads an object led by the raw-value marker as the JSON its string holds.
    #[test]
    fn a_raw_value_marker_is_accepted_where_value_accepts_it() {
        let texts = [
            (r#"{"$serde_json::private::RawValue": "[1, {}]"}"#, true),
            (r#"[{"$serde_json::private::RawValue": "1"}]"#, true),
            (r#"{"a": 1, "$serde_json::private::RawValue": 5}"#, true),
            (r#"{"$serde_json::private::RawValue": "[1"}"#, false),
            (r#"{"$serde_json::private::RawValue": 5}"#, false),
            (r#"{"$serde_json::private::RawValue": "1", "a": 2}"#, false),
        ];
        for (text, ok) in texts {
            assert_eq!(
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                ok,
                "{text}"
            );
            assert_eq!(serde_json::from_str::<Skip>(text).is_ok(), ok, "{text}");
        }
    }
}
