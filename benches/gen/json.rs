//! A small JSON value that keeps its keys in the order they were given, and its two
//! writers: compact (CloudTrail's delivered files) and two-space indented (Terraform's
//! state files). Key order matters here: a reader that stops early or pre-filters on raw
//! bytes sees the fields where the real producers put them.

use std::fmt::Write;

/// A JSON value with ordered object keys.
#[derive(Clone, Debug, PartialEq)]
pub enum J {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl From<&str> for J {
    fn from(s: &str) -> J {
        J::Str(s.to_string())
    }
}
impl From<String> for J {
    fn from(s: String) -> J {
        J::Str(s)
    }
}
impl From<&String> for J {
    fn from(s: &String) -> J {
        J::Str(s.clone())
    }
}
impl From<bool> for J {
    fn from(b: bool) -> J {
        J::Bool(b)
    }
}
impl From<i64> for J {
    fn from(n: i64) -> J {
        J::Int(n)
    }
}
impl From<u32> for J {
    fn from(n: u32) -> J {
        J::Int(n as i64)
    }
}
impl From<usize> for J {
    fn from(n: usize) -> J {
        J::Int(n as i64)
    }
}
impl From<Vec<J>> for J {
    fn from(v: Vec<J>) -> J {
        J::Arr(v)
    }
}
impl<T: Into<J>> From<Option<T>> for J {
    fn from(v: Option<T>) -> J {
        v.map_or(J::Null, Into::into)
    }
}

/// An object from `(key, value)` pairs, in the order given.
pub fn obj<const N: usize>(pairs: [(&str, J); N]) -> J {
    J::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// An object with its keys sorted, as Go's encoding/json writes a map (Terraform's
/// `attributes`).
pub fn sorted(mut pairs: Vec<(String, J)>) -> J {
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    J::Obj(pairs)
}

/// A string list.
pub fn strs<S: AsRef<str>>(items: &[S]) -> J {
    J::Arr(
        items
            .iter()
            .map(|s| J::Str(s.as_ref().to_string()))
            .collect(),
    )
}

impl J {
    /// Adds a key to an object (no-op on other values).
    pub fn push(&mut self, key: &str, value: J) {
        if let J::Obj(pairs) = self {
            pairs.push((key.to_string(), value));
        }
    }

    pub fn compact(&self) -> String {
        let mut out = String::new();
        self.write_compact(&mut out);
        out
    }

    pub fn write_compact(&self, out: &mut String) {
        match self {
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_compact(out);
                }
                out.push(']');
            }
            J::Obj(pairs) => {
                out.push('{');
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    escape(k, out);
                    out.push(':');
                    v.write_compact(out);
                }
                out.push('}');
            }
            scalar => scalar.write_scalar(out),
        }
    }

    /// Writes the value indented by two spaces a level, starting at `level`, as Terraform's
    /// state writer does (Go `json.MarshalIndent(v, "", "  ")`).
    pub fn write_pretty(&self, out: &mut String, level: usize) {
        match self {
            J::Arr(items) if items.is_empty() => out.push_str("[]"),
            J::Obj(pairs) if pairs.is_empty() => out.push_str("{}"),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    item.write_pretty(out, level + 1);
                }
                newline(out, level);
                out.push(']');
            }
            J::Obj(pairs) => {
                out.push('{');
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, level + 1);
                    escape(k, out);
                    out.push_str(": ");
                    v.write_pretty(out, level + 1);
                }
                newline(out, level);
                out.push('}');
            }
            scalar => scalar.write_scalar(out),
        }
    }

    fn write_scalar(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Int(n) => {
                let _ = write!(out, "{n}");
            }
            J::Str(s) => escape(s, out),
            J::Arr(_) | J::Obj(_) => unreachable!("containers are written by the caller"),
        }
    }
}

fn newline(out: &mut String, level: usize) {
    out.push('\n');
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// Writes `s` as a JSON string.
pub fn escape(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writers_agree_with_serde_json() {
        let v = obj([
            ("b", J::from("x\"y\n")),
            ("a", J::Arr(vec![J::Int(1), J::Null, J::Bool(true)])),
            ("e", J::Obj(vec![])),
            ("f", J::Arr(vec![])),
        ]);
        let compact: serde_json::Value = serde_json::from_str(&v.compact()).unwrap();
        let mut pretty = String::new();
        v.write_pretty(&mut pretty, 0);
        assert_eq!(
            compact,
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap()
        );
        assert!(v.compact().starts_with(r#"{"b":"#), "keys keep their order");
        assert_eq!(
            pretty,
            "{\n  \"b\": \"x\\\"y\\n\",\n  \"a\": [\n    1,\n    null,\n    true\n  ],\n  \"e\": {},\n  \"f\": []\n}"
        );
    }
}
