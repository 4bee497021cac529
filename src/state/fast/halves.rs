//! A large state's `resources` read in two halves at once, one per thread: all the first
//! thread takes from the second is its half's result, and all it tells it is to stop.
//!
//! Reading the entries is most of reading a large state, one entry after another. Entries
//! cannot be told apart without parsing what comes before them, in general; but a raw line
//! break is never inside a JSON string, and Terraform and OpenTofu write a state indented
//! by two spaces (`json.MarshalIndent`), so a line that opens an object four spaces in is
//! an element of a list of the top-level object: most likely an entry of `resources`. The
//! second thread starts at the first such line past the middle of the text
//! ([`split_point`]) and reads entries from there to the list's `]`. The first thread reads
//! from the start as before, and takes the second's result only if it lands exactly on
//! that place after an entry of `resources`: the place is then an entry's start, and the
//! entries after it read the same from there as in one pass (each is parsed on its own
//! anyway, told how deep its place is). Anything else (it passes the place, the list ends
//! first) and the first thread reads on by itself, so the result is one pass's. What one
//! pass would give up on is given up on: an instance named in both halves, and a second
//! half that its thread gave up on (or panicked in), once the first thread lands on it.
//!
//! The file is read at two places at once, the second half first: if it is rewritten
//! meanwhile (Terraform's local backend writes in place), the halves may come from two
//! versions, as the windows of one pass may; a state that is being written is not one to
//! read.

use super::{next_entry, Entries, Feed, Read};
use crate::state::deferred::Deferred;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::ScopedJoinHandle;

/// Below this, a state is read on one thread: a second costs more than it saves.
const MIN_SPLIT: u64 = 8 << 20;

/// How far past the middle an entry's start is looked for, and how much at a time.
const LOOK: u64 = 4 << 20;
const PIECE: u64 = 64 << 10;

/// A line opening an object four spaces in: the start of an entry of `resources` as
/// Terraform and OpenTofu indent them.
const ENTRY_START: &[u8] = b"\n    {";

/// Where the second half starts: the `{` of the first [`ENTRY_START`] within [`LOOK`]
/// bytes past the middle of a text of `len` bytes; `None` for a small text, none found, or
/// a read error.
pub(super) fn split_point<R: io::Read>(open: &impl Fn(u64) -> Option<R>, len: u64) -> Option<u64> {
    if len < MIN_SPLIT {
        return None;
    }
    let mid = len / 2;
    let mut src = io::Read::take(open(mid)?, LOOK);
    let mut near = Vec::new();
    // A piece at a time: the second thread starts as soon as a start is found.
    loop {
        let from = near.len().saturating_sub(ENTRY_START.len() - 1);
        let n = io::Read::read_to_end(&mut io::Read::take(&mut src, PIECE), &mut near).ok()?;
        if let Some(i) = memchr::memmem::find(&near[from..], ENTRY_START) {
            return Some(mid + (from + i + ENTRY_START.len() - 1) as u64);
        }
        if n == 0 {
            return None;
        }
    }
}

/// The quick reading of the text `open(0)` gives, its `resources` from `split` on read on
/// another thread (`open(at)` gives the text from `at` on): one pass's result, whatever
/// `split` is.
pub(super) fn read<R, F>(
    open: &F,
    split: Option<u64>,
    defer: bool,
    chunk: usize,
) -> Option<(Read, Deferred)>
where
    R: io::Read + Send,
    F: Fn(u64) -> Option<R> + Sync,
{
    let feed = Feed::with_chunk(open(0)?, chunk);
    let Some(at) = split else {
        return super::read_feed(feed, defer, None);
    };
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let later = std::thread::Builder::new().spawn_scoped(scope, || {
            // A panic here gives this half up. Whether one pass would read this text as
            // entries at all, only the first thread finds out (`Split::meet`).
            catch_unwind(AssertUnwindSafe(|| {
                let feed = Feed::with_chunk(open(at)?, chunk).starting_at(at);
                rest(feed, defer, &stop)
            }))
            .ok()
            .flatten()
        });
        // A thread the system refuses leaves the whole reading to this one. Once the split
        // is dropped, met or not (the first thread gave up, or a panic unwinds), the other
        // thread stops at its next entry.
        let split = later.ok().map(|later| Split {
            at,
            later: Some(later),
            stop: &stop,
        });
        super::read_feed(feed, defer, split)
    })
}

/// The entries of `resources` from a place on, read to the list's `]`, and the feed
/// just past it.
pub(super) struct Rest<R> {
    pub entries: Entries,
    pub deferred: Option<Deferred>,
    pub feed: Feed<R>,
}

/// Reads entries from the feed's place to the end of their list; `None` on anything the
/// reading of one entry refuses, or once told to `stop`.
fn rest<R: io::Read>(mut feed: Feed<R>, defer: bool, stop: &AtomicBool) -> Option<Rest<R>> {
    let mut entries = Entries::default();
    let mut deferred = defer.then(Deferred::default);
    let mut i = 0;
    while next_entry(&mut feed, &mut entries, deferred.as_mut(), i)? {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        i += 1;
    }
    Some(Rest {
        entries,
        deferred,
        feed,
    })
}

/// The other thread's reading, from `at`; dropped, it tells that thread to stop.
pub(super) struct Split<'s, R> {
    at: u64,
    /// Taken when the first thread lands on `at`.
    later: Option<ScopedJoinHandle<'s, Option<Rest<R>>>>,
    stop: &'s AtomicBool,
}

/// What the first thread does, at an entry's start, with the other's reading.
pub(super) enum Meet<'s, R> {
    /// Not there yet.
    Ahead(Split<'s, R>),
    /// Past it without landing on it: read on alone.
    Missed,
    /// Here, and the other thread gave up on what follows (as one pass would), or panicked:
    /// the full reader reads the file.
    Refused,
    /// Here: the rest of the list, as the other thread read it.
    Here(Rest<R>),
}

impl<'s, R> Split<'s, R> {
    /// Meets the other thread's reading at `offset`, the start of an entry of `resources`.
    pub(super) fn meet(mut self, offset: u64) -> Meet<'s, R> {
        if offset < self.at {
            return Meet::Ahead(self);
        }
        match self.later.take() {
            Some(later) if offset == self.at => match later.join() {
                Ok(Some(rest)) => Meet::Here(rest),
                // `Err` only if the panic escaped `catch_unwind`.
                Ok(None) | Err(_) => Meet::Refused,
            },
            _ => Meet::Missed,
        }
    }
}

impl<R> Drop for Split<'_, R> {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// A reader of a file from a place, by positional reads: both halves of a state are read
/// through the one open file at once, each at its own place (opening the path again could
/// meet another file, renamed there in between).
#[cfg(any(unix, windows))]
pub(super) struct ReadAt<'f> {
    file: &'f std::fs::File,
    pos: u64,
}

#[cfg(any(unix, windows))]
impl ReadAt<'_> {
    pub(super) fn new(file: &std::fs::File, pos: u64) -> ReadAt<'_> {
        ReadAt { file, pos }
    }
}

#[cfg(any(unix, windows))]
impl io::Read for ReadAt<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(self.file, buf, self.pos)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(self.file, buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::feed::CHUNK;
    use std::sync::atomic::AtomicU64;

    /// An entry of `resources` as Terraform writes it, four spaces in; `sensitive` is its
    /// instance's `sensitive_attributes` (`5` gives a warning).
    fn entry(rtype: &str, name: &str, sensitive: &str) -> String {
        format!(
            r#"
    {{
      "mode": "managed",
      "type": "{rtype}",
      "name": "{name}",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": [
        {{
          "schema_version": 0,
          "attributes": {{
            "bucket": "{name}",
            "id": "{name}",
            "tags": {{"k": "a\n    {{ é✓ b"}}
          }},
          "sensitive_attributes": {sensitive}
        }}
      ]
    }}"#
        )
    }

    fn state(names: &[&str]) -> String {
        let entries: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let rtype = if i % 3 == 0 {
                    "aws_iam_role"
                } else {
                    "aws_s3_bucket"
                };
                entry(rtype, n, if i % 4 == 1 { "5" } else { "[]" })
            })
            .collect();
        format!(
            "{{\n  \"version\": 4,\n  \"terraform_version\": \"1.9.8\",\n  \"resources\": [{}\n  ],\n  \"check_results\": [\n    {{\n      \"x\": 1\n    }}\n  ]\n}}\n",
            entries.join(",")
        )
    }

    /// A state of `n` entries named `{prefix}0`, `{prefix}1`, ….
    fn numbered(prefix: &str, n: usize) -> String {
        let names: Vec<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
        state(&names.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// The reading of `text` with the second half from `at`, through windows of `chunk`
    /// bytes, and how much the first thread's reader read.
    fn split_at(text: &str, at: u64, defer: bool, chunk: usize) -> (Option<(Read, Deferred)>, u64) {
        let first = AtomicU64::new(0);
        let open = |from: u64| {
            let rest = text.as_bytes().get(usize::try_from(from).ok()?..)?;
            Some(Counted(rest, (from == 0).then_some(&first)))
        };
        let read = read(&open, Some(at), defer, chunk);
        (read, first.load(Ordering::Relaxed))
    }

    /// A reader that adds what it reads to a count.
    struct Counted<'a>(&'a [u8], Option<&'a AtomicU64>);

    impl io::Read for Counted<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = io::Read::read(&mut self.0, buf)?;
            if let Some(count) = self.1 {
                count.fetch_add(n as u64, Ordering::Relaxed);
            }
            Ok(n)
        }
    }

    fn one_pass(text: &str, defer: bool) -> Option<(Read, Deferred)> {
        super::super::read_feed(Feed::with_chunk(text.as_bytes(), 64), defer, None)
    }

    #[test]
    fn any_split_reads_as_one_pass() {
        // Twelve entries end with an S3 bucket, thirteen with another type (no deferred
        // text in the second half); both halves hold warnings and characters of several
        // bytes.
        for n in [12, 13] {
            let text = numbered("b", n);
            for defer in [false, true] {
                let whole = one_pass(&text, defer);
                assert!(whole.as_ref().is_some_and(|(r, _)| r.2.len() > 1));
                // Every place in the text: entry starts, inside entries, inside strings and
                // characters, in the header and after the list.
                for at in 0..=text.len() as u64 + 1 {
                    for chunk in [7, 4096] {
                        let (read, _) = split_at(&text, at, defer, chunk);
                        assert_eq!(read, whole, "{n} {at} {chunk}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_panic_in_the_second_half_is_that_half_given_up() {
        let text = numbered("p", 20);
        let start = text.len() / 2 + text[text.len() / 2..].find("\n    {").unwrap() + 5;
        let read_with_panic = |at: u64| {
            let open = |from: u64| match from {
                0 => Some(Counted(text.as_bytes(), None)),
                _ => panic!("the second half's reader"),
            };
            read(&open, Some(at), true, 64)
        };
        // Not an entry's start: the first thread reads it all, as one pass.
        assert_eq!(read_with_panic(start as u64 + 1), one_pass(&text, true));
        // An entry's start: the full reader is left to read it.
        assert!(read_with_panic(start as u64).is_none());
    }

    #[test]
    fn the_second_half_is_taken_when_the_split_is_an_entry_start() {
        let text = numbered("b", 40);
        let at = text.len() / 2 + text[text.len() / 2..].find("\n    {").unwrap() + 5;
        assert_eq!(&text[at..at + 1], "{");
        assert_eq!(
            split_point(
                &|from: u64| text.as_bytes().get(from as usize..),
                text.len() as u64
            ),
            None,
            "too small to split"
        );
        let (read, first) = split_at(&text, at as u64, true, 64);
        assert_eq!(read, one_pass(&text, true));
        // The first thread read no further than its window past the split (which grows to
        // twice an entry cut by its end).
        assert!(first < at as u64 + 1024, "{first} of {}", text.len());
        assert!(text.len() > at + 4000);
        // Off the entry's start by one byte, it reads everything itself.
        let (read, first) = split_at(&text, at as u64 + 1, true, 64);
        assert_eq!(read, one_pass(&text, true));
        assert_eq!(first, text.len() as u64);
    }

    #[test]
    fn an_instance_in_both_halves_is_left_to_the_full_reader() {
        let text = state(&["a", "b", "c", "d", "e", "b"]);
        assert!(one_pass(&text, false).is_none());
        let b = text.rfind("\"name\": \"b\"").unwrap();
        let last = text[..b].rfind("\n    {").unwrap() + 5;
        let (read, first) = split_at(&text, last as u64, false, 64);
        assert!(read.is_none());
        assert!(first < text.len() as u64, "the split was taken");
    }

    #[test]
    fn the_split_is_the_first_entry_start_past_the_middle() {
        let mut text = vec![b'x'; MIN_SPLIT as usize];
        text[100..106].copy_from_slice(ENTRY_START);
        let at = MIN_SPLIT as usize / 2 + 10;
        text[at..at + 6].copy_from_slice(ENTRY_START);
        text[at + 50..at + 56].copy_from_slice(ENTRY_START);
        let point =
            |text: &[u8], len: u64| split_point(&|from: u64| text.get(from as usize..), len);
        assert_eq!(point(&text, text.len() as u64), Some(at as u64 + 5));
        assert_eq!(point(&text, MIN_SPLIT - 1), None);
        // Five spaces in is not four.
        text[at + 1] = b'\t';
        text[at + 50..at + 57].copy_from_slice(b"\n     {");
        assert_eq!(point(&text, text.len() as u64), None);
    }

    #[test]
    fn a_large_state_file_is_read_in_halves_as_in_one_pass() {
        // Over the size where the reading splits, as Terraform indents it: through the
        // public reading of a file (`split_point`, positional reads, both halves).
        let mut n = 16_000;
        let text = loop {
            let text = numbered("f", n);
            if text.len() as u64 > MIN_SPLIT {
                break text;
            }
            n += 2_000;
        };
        let mut file = tempfile::tempfile().unwrap();
        io::Write::write_all(&mut file, text.as_bytes()).unwrap();
        let len = text.len() as u64;
        let at = split_point(&|from: u64| Some(ReadAt::new(&file, from)), len).unwrap();
        // The split is an entry's start, past the middle.
        assert!(at > len / 2);
        assert!(text[..at as usize].ends_with("},\n    "), "{at}");
        let whole = super::super::read_feed(Feed::with_chunk(text.as_bytes(), CHUNK), true, None);
        // Every entry but each third (`aws_iam_role`) is an S3 bucket.
        assert_eq!(
            whole.as_ref().map(|(r, _)| r.1.len()),
            Some(n - n.div_ceil(3))
        );
        assert_eq!(super::super::read_file(&file, len, true), whole);
    }
}
