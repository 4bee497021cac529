//! JSON text read from a reader a piece at a time, for the quick reader (`fast.rs`):
//! it parses one value at a time out of a window of the text, so a large state is never
//! held whole.
//!
//! Each value is parsed by serde_json from a `&str`, exactly as it is when the whole text is
//! one string, so it is checked as strictly. Two things differ from one parse of the whole
//! text, and both are made up for here:
//! - A value cut by the window's end may fail, or read short (a number): a value that is
//!   malformed or ends at the window's end is parsed again with more text, until the reader
//!   is done. One well formed but of another kind than asked fails at once.
//! - serde_json's nesting limit (at most 127 open arrays and objects) counts from where a
//!   parse starts, so a value parsed on its own may nest deeper than it could in place:
//!   [`Feed::value`] is told how many levels its place leaves, and gives up past them.
//!
//! Text that is not UTF-8 ends the reading, as it fails `String::from_utf8` for the full
//! reader; the caller then reads the file the slow way, which says what is wrong.

use serde::Deserialize;
use serde_json::error::Category;
use std::io::Read;

/// How much is read at a time. Large enough that refills are rare, small next to a state.
pub const CHUNK: usize = 1 << 20;

/// serde_json's nesting limit: a parse fails on the 128th open array or object.
pub const MAX_DEPTH: usize = 127;

/// A window on the text of `src`: `text[pos..]` is read and not yet consumed.
pub struct Feed<R> {
    src: R,
    text: String,
    pos: usize,
    /// Where `text` starts in the source's whole text.
    base: u64,
    /// Bytes read but not yet in `text`: a character cut by the end of a read.
    pending: Vec<u8>,
    /// The buffer of the text before, reused for the next.
    spare: Vec<u8>,
    /// How much is read at a time ([`CHUNK`]; less in tests, to cut values anywhere).
    chunk: usize,
    /// `src` has nothing more.
    done: bool,
    /// A read failed or the text is not UTF-8: nothing more is read.
    broken: bool,
}

impl<R: Read> Feed<R> {
    /// A feed that reads `chunk` bytes at a time.
    pub fn with_chunk(src: R, chunk: usize) -> Feed<R> {
        Feed {
            src,
            chunk: chunk.max(1),
            text: String::new(),
            pos: 0,
            base: 0,
            pending: Vec::new(),
            spare: Vec::new(),
            done: false,
            broken: false,
        }
    }

    /// A feed on `src`, which is the text from `offset` on (for [`Feed::offset`]).
    pub fn starting_at(mut self, offset: u64) -> Feed<R> {
        self.base = offset;
        self
    }

    /// Where the next byte to read stands in the whole text.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Whether only whitespace is left, to the end of `src`.
    pub fn finished(&mut self) -> bool {
        self.peek().is_none() && !self.broken
    }

    /// Reads `want` more bytes, or to the end. `None` on a read error or text that
    /// is not UTF-8.
    fn fill(&mut self, want: usize) -> Option<()> {
        let read = self.read(want);
        self.broken |= read.is_none();
        read
    }

    fn read(&mut self, want: usize) -> Option<()> {
        if self.broken || self.done {
            return None;
        }
        // The new text is the unconsumed rest, a character the last read cut, and what is
        // read now, built in the buffer the text before last used: each byte read is
        // copied once, and what was consumed is dropped.
        let mut buf = std::mem::take(&mut self.spare);
        buf.clear();
        buf.extend_from_slice(&self.text.as_bytes()[self.pos..]);
        buf.append(&mut self.pending);
        let wanted = u64::try_from(want).unwrap_or(u64::MAX);
        let read = (&mut self.src).take(wanted).read_to_end(&mut buf).ok()?;
        self.done = read < want;
        let text = match String::from_utf8(buf) {
            Ok(text) => text,
            // A character cut by the read's end waits for the next read.
            Err(e) if e.utf8_error().error_len().is_none() && !self.done => {
                let valid = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                self.pending = bytes.split_off(valid);
                String::from_utf8(bytes).ok()?
            }
            Err(_) => return None,
        };
        self.spare = std::mem::replace(&mut self.text, text).into_bytes();
        self.base += self.pos as u64;
        self.pos = 0;
        Some(())
    }

    /// The next byte that is not JSON whitespace, without consuming it; `None` at the end.
    pub fn peek(&mut self) -> Option<u8> {
        loop {
            let rest = &self.text.as_bytes()[self.pos..];
            match rest
                .iter()
                .position(|b| !matches!(b, b' ' | b'\n' | b'\t' | b'\r'))
            {
                Some(i) => {
                    self.pos += i;
                    return Some(rest[i]);
                }
                None if self.done => {
                    self.pos = self.text.len();
                    return None;
                }
                None => {
                    self.pos = self.text.len();
                    self.fill(self.chunk)?;
                }
            }
        }
    }

    /// Consumes `byte` if it is next; `None` when something else is.
    pub fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Whether the text starts with a byte-order mark (left to the full reader).
    pub fn starts_with_bom(&mut self) -> Option<bool> {
        if self.text.is_empty() {
            self.fill(self.chunk)?;
        }
        Some(self.text.starts_with('\u{feff}'))
    }

    /// Parses the next value as a `T`, which may nest `depth` levels (arrays and objects,
    /// itself included) where it stands. `None` on anything serde_json rejects there.
    pub fn value<T>(&mut self, depth: usize) -> Option<T>
    where
        T: for<'de> Deserialize<'de>,
    {
        loop {
            let rest = &self.text[self.pos..];
            let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
            let parsed = values.next();
            let end = values.byte_offset();
            match parsed {
                // A value ending at the window's end may go on after it (a number).
                Some(Ok(v)) if end < rest.len() || self.done => {
                    let span = &rest[..end];
                    self.pos += end;
                    return within(span, depth).then_some(v);
                }
                Some(Err(_)) | None if self.done => return None,
                // Well-formed but not what `T` takes (a type, a check of the caller's): no
                // more text changes that.
                Some(Err(e)) if e.classify() == Category::Data => return None,
                // Cut by the window's end, or malformed: more text tells which. The window at
                // least doubles each time, so a value is parsed at most about twice over.
                _ => self.fill(rest.len().max(self.chunk))?,
            }
        }
    }
}

/// Whether the JSON value `span`, already parsed, nests no more than `depth` levels.
fn within(span: &str, depth: usize) -> bool {
    if depth >= MAX_DEPTH {
        return true;
    }
    // Each level opens with a bracket, so a value with no more brackets than levels is
    // within. memchr finds them quickly and stops at one too many; the exact walk below is
    // only for a value with that many.
    if memchr::memchr2_iter(b'[', b'{', span.as_bytes())
        .nth(depth)
        .is_none()
    {
        return true;
    }
    let (mut open, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for b in span.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    open += 1;
                    deepest = deepest.max(open);
                }
                b']' | b'}' => open = open.saturating_sub(1),
                _ => {}
            }
        }
    }
    deepest <= depth
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Skip;
    use serde_json::Value;

    fn whole<R: Read>(src: R) -> Feed<R> {
        Feed::with_chunk(src, CHUNK)
    }

    /// A reader that hands out at most `n` bytes per read, and shows what is left.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.len().min(buf.len()).min(self.1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// The values of a whitespace- and comma-separated list, read through a window of
    /// `step` bytes at first, so values are cut anywhere, characters too.
    fn values(text: &str, step: usize) -> Option<Vec<Value>> {
        let mut feed = Feed::with_chunk(Trickle(text.as_bytes(), 3), step);
        let mut out = Vec::new();
        while feed.peek().is_some() {
            out.push(feed.value(MAX_DEPTH)?);
            if feed.peek().is_some() {
                feed.expect(b',')?;
            }
        }
        Some(out)
    }

    #[test]
    fn values_cut_anywhere_read_whole() {
        let text = r#"123456789, "a\"bé✓", [1, {"k": [true, null]}], -1.5e10, {"x": "y"}, 7"#;
        let want: Vec<Value> = serde_json::from_str(&format!("[{text}]")).unwrap();
        for step in 1..=text.len() {
            assert_eq!(values(text, step).as_ref(), Some(&want), "step {step}");
        }
    }

    #[test]
    fn what_serde_json_rejects_is_rejected() {
        for bad in ["1e", "[1,]", "\"abc", "tru", "01", "{\"a\" 1}", "1x"] {
            for step in [1, 2, 100] {
                assert!(values(bad, step).is_none(), "{bad} at {step}");
            }
        }
        // Not UTF-8, inside a string or cut at the end.
        let mut feed = whole(&b"\"a\xff\""[..]);
        assert!(feed.value::<Skip>(MAX_DEPTH).is_none());
        let mut feed = whole(&b"1 \xc3"[..]);
        assert!(feed.value::<Value>(MAX_DEPTH).is_none());
        assert!(!feed.finished());
        let mut feed = whole(&b"1 "[..]);
        assert_eq!(feed.value::<Value>(MAX_DEPTH), Some(Value::from(1)));
        assert!(feed.finished());
    }

    #[test]
    fn a_value_of_another_type_ends_the_reading_at_once() {
        // More text could not make `1` a string: the rest of the file is not read.
        let mut text = b"1".to_vec();
        text.resize(8 * CHUNK, b' ');
        let mut src = Trickle(&text, usize::MAX);
        assert!(whole(&mut src).value::<String>(MAX_DEPTH).is_none());
        assert_eq!(src.0.len(), 7 * CHUNK);
    }

    #[test]
    fn nesting_is_limited_to_what_the_place_leaves() {
        let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let at =
            |n: usize, depth: usize| whole(nested(n).as_bytes()).value::<Skip>(depth).is_some();
        assert!(at(125, 125));
        assert!(!at(126, 125));
        assert!(at(127, MAX_DEPTH));
        assert!(!at(128, MAX_DEPTH));
        // Brackets in strings are not levels.
        let quoted = format!(r#"[["{}"]]"#, "[".repeat(300));
        assert!(whole(quoted.as_bytes()).value::<Skip>(2).is_some());
        assert!(whole(quoted.as_bytes()).value::<Skip>(1).is_none());
        let escaped = format!(r#"["\"{}"]"#, "{".repeat(300));
        assert!(whole(escaped.as_bytes()).value::<Skip>(1).is_some());
    }
}
