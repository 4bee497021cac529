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
        while map.next_key::<Skip>()?.is_some() {
            map.next_value::<Skip>()?;
        }
        Ok(Skip)
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
}
