//! Byte spans in JSON source text, so diagnostics can point at the offending value and
//! mask secrets in snippets.
//!
//! `serde_json::Value` forgets where things were, so this is a small scanner over the raw
//! text. It never panics: on malformed or truncated input it answers `None` or returns what
//! it found so far.

use std::ops::Range;

/// One step of a JSON pointer: an object key or an array position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Idx(usize),
}

impl From<&str> for Seg {
    fn from(s: &str) -> Seg {
        Seg::Key(s.to_string())
    }
}

impl From<usize> for Seg {
    fn from(i: usize) -> Seg {
        Seg::Idx(i)
    }
}

/// The byte span of the value at `pointer` in `text`, or `None` where the text does not
/// contain it (or is not well-formed up to it).
pub fn value_span(text: &str, pointer: &[Seg]) -> Option<Range<usize>> {
    let mut sc = Scanner::new(text);
    sc.skip_ws();
    for seg in pointer {
        match seg {
            Seg::Key(want) => {
                sc.eat(b'{')?;
                loop {
                    sc.skip_ws();
                    let key_span = sc.string()?;
                    let key: String = serde_json::from_str(&text[key_span]).ok()?;
                    sc.skip_ws();
                    sc.eat(b':')?;
                    sc.skip_ws();
                    if &key == want {
                        break;
                    }
                    sc.value()?;
                    sc.skip_ws();
                    sc.eat(b',')?;
                }
            }
            Seg::Idx(want) => {
                sc.eat(b'[')?;
                for _ in 0..*want {
                    sc.skip_ws();
                    sc.value()?;
                    sc.skip_ws();
                    sc.eat(b',')?;
                }
                sc.skip_ws();
            }
        }
    }
    let start = sc.pos;
    sc.value()?;
    Some(start..sc.pos)
}

/// The spans of the values at many pointers, found in one pass over `text` (a state can
/// mark thousands of values sensitive; one scan per pointer would be quadratic). A key
/// that appears twice in one object yields both spans: serde keeps the last, and masking
/// must not miss whichever one holds the secret.
pub fn value_spans(text: &str, pointers: &[Vec<Seg>]) -> Vec<Range<usize>> {
    let mut root = Node::default();
    for p in pointers {
        let mut node = &mut root;
        for seg in p {
            node = match seg {
                Seg::Key(k) => node.keys.entry(k.clone()).or_default(),
                Seg::Idx(i) => node.idxs.entry(*i).or_default(),
            };
        }
        node.end = true;
    }
    let mut out = Vec::new();
    let mut sc = Scanner::new(text);
    sc.skip_ws();
    // On malformed text the walk stops early; what was found so far is still returned.
    let _ = walk(&mut sc, text, &root, &mut out);
    out
}

/// A trie of the pointers [`value_spans`] looks for.
#[derive(Default)]
struct Node {
    end: bool,
    keys: std::collections::BTreeMap<String, Node>,
    idxs: std::collections::BTreeMap<usize, Node>,
}

/// Scans one value, descending only where the trie has children.
fn walk(sc: &mut Scanner<'_>, text: &str, node: &Node, out: &mut Vec<Range<usize>>) -> Option<()> {
    let start = sc.pos;
    match sc.b.get(sc.pos) {
        Some(b'{') if !node.keys.is_empty() => {
            sc.pos += 1;
            sc.skip_ws();
            if sc.eat(b'}').is_none() {
                loop {
                    sc.skip_ws();
                    let key_span = sc.string()?;
                    let key: String = serde_json::from_str(&text[key_span]).ok()?;
                    sc.skip_ws();
                    sc.eat(b':')?;
                    sc.skip_ws();
                    match node.keys.get(&key) {
                        Some(child) => walk(sc, text, child, out)?,
                        None => sc.value()?,
                    }
                    sc.skip_ws();
                    if sc.eat(b'}').is_some() {
                        break;
                    }
                    sc.eat(b',')?;
                }
            }
        }
        Some(b'[') if !node.idxs.is_empty() => {
            sc.pos += 1;
            sc.skip_ws();
            if sc.eat(b']').is_none() {
                let mut i = 0;
                loop {
                    sc.skip_ws();
                    match node.idxs.get(&i) {
                        Some(child) => walk(sc, text, child, out)?,
                        None => sc.value()?,
                    }
                    i += 1;
                    sc.skip_ws();
                    if sc.eat(b']').is_some() {
                        break;
                    }
                    sc.eat(b',')?;
                }
            }
        }
        _ => sc.value()?,
    }
    if node.end {
        out.push(start..sc.pos);
    }
    Some(())
}

/// The span of the value at `pointer`, or of its nearest ancestor that exists, or of the
/// whole text. Used to label shape errors as precisely as the text allows.
pub fn nearest_span(text: &str, pointer: &[Seg]) -> Range<usize> {
    for len in (0..=pointer.len()).rev() {
        if let Some(span) = value_span(text, &pointer[..len]) {
            return span;
        }
    }
    0..text.len()
}

/// The contents (between the quotes) of every string *value* in `text`; object keys are
/// left out. Tolerates truncated and malformed text: an unterminated string is masked to
/// the end. Used when nothing could be parsed and any value might be a secret.
pub fn string_value_ranges(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        let mut closed = false;
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                b'"' => {
                    closed = true;
                    break;
                }
                _ => j += 1,
            }
        }
        let end = j.min(b.len());
        let mut k = end + 1;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        let is_key = closed && k < b.len() && b[k] == b':';
        if !is_key && end > start {
            out.push(start..end);
        }
        i = end + 1;
    }
    out
}

/// The ranges to mask for a secret value occupying `span`: the inside of a string, the
/// whole of a number or literal, and the inside of an object or array.
pub fn secret_ranges(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let first = *b.get(span.start)?;
    if span.end < span.start + 2 {
        return Some(span);
    }
    match first {
        b'"' | b'{' | b'[' => Some(span.start + 1..span.end - 1),
        _ => Some(span),
    }
}

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            b: text.as_bytes(),
            // A byte-order mark is not JSON but is accepted (and skipped) by the readers.
            pos: if text.starts_with('\u{feff}') { 3 } else { 0 },
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.b.len() && self.b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        if self.b.get(self.pos) == Some(&c) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// A string token, quotes included.
    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        self.eat(b'"')?;
        while self.pos < self.b.len() {
            match self.b[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(start..self.pos);
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    /// Skips one value of any kind.
    fn value(&mut self) -> Option<()> {
        match *self.b.get(self.pos)? {
            b'"' => self.string().map(|_| ()),
            b'{' => self.container(b'{', b'}', true),
            b'[' => self.container(b'[', b']', false),
            _ => {
                let start = self.pos;
                while self.pos < self.b.len()
                    && !matches!(
                        self.b[self.pos],
                        b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'
                    )
                {
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        }
    }

    fn container(&mut self, open: u8, close: u8, object: bool) -> Option<()> {
        self.eat(open)?;
        self.skip_ws();
        if self.eat(close).is_some() {
            return Some(());
        }
        loop {
            self.skip_ws();
            if object {
                self.string()?;
                self.skip_ws();
                self.eat(b':')?;
                self.skip_ws();
            }
            self.value()?;
            self.skip_ws();
            if self.eat(close).is_some() {
                return Some(());
            }
            self.eat(b',')?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let text = r#"{"a": [1, {"b\"x": "v", "c": {"d": true}}], "e": null}"#;
        let span = value_span(text, &["a".into(), 1.into(), "c".into()]).unwrap();
        assert_eq!(&text[span], r#"{"d": true}"#);
        let span = value_span(text, &["a".into(), 1.into(), "b\"x".into()]).unwrap();
        assert_eq!(&text[span], r#""v""#);
        assert_eq!(&text[value_span(text, &["e".into()]).unwrap()], "null");
        assert!(value_span(text, &["zz".into()]).is_none());
        assert!(value_span(text, &["a".into(), 7.into()]).is_none());
    }

    #[test]
    fn many_spans_in_one_pass() {
        let text = r#"{"a": [1, {"s": "x", "s": "y"}], "b": {"c": [true, "z"]}, "d": 4}"#;
        let got: Vec<&str> = value_spans(
            text,
            &[
                vec!["a".into(), 1.into(), "s".into()],
                vec!["b".into(), "c".into(), 1.into()],
                vec!["b".into()],
                vec!["missing".into()],
                vec!["a".into(), 9.into()],
            ],
        )
        .into_iter()
        .map(|r| &text[r])
        .collect();
        assert_eq!(
            got,
            vec!["\"x\"", "\"y\"", "\"z\"", r#"{"c": [true, "z"]}"#]
        );
    }

    #[test]
    fn nearest_span_falls_back_to_the_parent() {
        let text = r#"{"a": {"b": 1}}"#;
        let span = nearest_span(text, &["a".into(), "missing".into()]);
        assert_eq!(&text[span], r#"{"b": 1}"#);
    }

    #[test]
    fn string_values_not_keys() {
        let text = r#"{"key": "secret", "list": ["x", 1], "trunc": "abc"#;
        let got: Vec<&str> = string_value_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(got, vec!["secret", "x", "abc"]);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["", "\"", "\\", "{\"a\"", "[1,", "{\"a\":\"\\", "\"\\\""] {
            let _ = value_span(text, &["a".into(), 0.into()]);
            let _ = value_spans(text, &[vec!["a".into(), 0.into()]]);
            let _ = string_value_ranges(text);
            let _ = nearest_span(text, &["a".into()]);
        }
    }
}
