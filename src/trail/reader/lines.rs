//! A reader over the stream that knows where it is (line and column, for messages) and
//! can go back: after a truncated JSON line, the lines the parser swallowed are read again.

use std::io::{self, BufRead, Read};

/// The most read past a value's first line that is kept to read again, should the value
/// turn out to be a truncated JSON line (CloudTrail records stay well below it).
const SPILL_KEEP: usize = 1024 * 1024;

/// A reader that counts lines and keeps what was read past the first line of the value
/// being read, so that after a truncated JSON line the lines it swallowed are read again as
/// records of their own. serde_json reads one byte at a time and looks ahead at most one
/// byte, so at an error the stream stands at most one byte past where the error was found.
pub(super) struct Lines<R> {
    inner: R,
    /// Bytes to hand out again before `inner`.
    replay: Vec<u8>,
    replay_at: usize,
    /// 1-based line and 0-based column of the next byte.
    pub(super) line: usize,
    pub(super) column: usize,
    /// Non-blank bytes read on the current line.
    current_len: usize,
    /// The line the current value starts on, and its non-blank bytes once it has ended.
    value_line: usize,
    pub(super) value_line_len: usize,
    /// What was read after the value's first line, up to [`SPILL_KEEP`] bytes, and whether
    /// it is all there.
    spill: Vec<u8>,
    spill_complete: bool,
}

impl<R: BufRead> Lines<R> {
    /// A reader at line 1, column 0 of `inner`.
    pub(super) fn new(inner: R) -> Self {
        Lines {
            inner,
            replay: Vec::new(),
            replay_at: 0,
            line: 1,
            column: 0,
            current_len: 0,
            value_line: 1,
            value_line_len: 0,
            spill: Vec::new(),
            spill_complete: true,
        }
    }

    fn note(&mut self, b: u8) {
        if self.line > self.value_line {
            if self.spill.len() < SPILL_KEEP {
                self.spill.push(b);
            } else {
                self.spill_complete = false;
            }
        }
        if b == b'\n' {
            if self.line == self.value_line {
                self.value_line_len = self.current_len;
            }
            self.line += 1;
            self.column = 0;
            self.current_len = 0;
        } else {
            self.column += 1;
            if !b.is_ascii_whitespace() {
                self.current_len += 1;
            }
        }
    }

    /// Skips whitespace up to the next value and marks its start. `Ok(false)` at the end of
    /// the stream. The value's first byte is read again by the next reader, and the
    /// position is that byte's.
    pub(super) fn next_value(&mut self) -> io::Result<bool> {
        let mut byte = [0u8; 1];
        loop {
            if self.read(&mut byte)? == 0 {
                return Ok(false);
            }
            if !byte[0].is_ascii_whitespace() {
                break;
            }
        }
        // Put the byte back (never a newline).
        self.column -= 1;
        self.current_len -= 1;
        if self.replay_at > 0 {
            self.replay_at -= 1;
        } else {
            self.replay.insert(0, byte[0]);
        }
        self.value_line = self.line;
        self.value_line_len = 0;
        self.spill.clear();
        self.spill_complete = true;
        Ok(true)
    }

    /// Skips to the start of the next line. `Ok(false)` at the end of the stream.
    pub(super) fn skip_line(&mut self) -> io::Result<bool> {
        let mut byte = [0u8; 1];
        loop {
            if self.read(&mut byte)? == 0 {
                return Ok(false);
            }
            if byte[0] == b'\n' {
                return Ok(true);
            }
        }
    }

    /// Goes back to the line after the value's first line: what was read since is read
    /// again. `false` when too much was read to keep.
    pub(super) fn restart_after_value_line(&mut self) -> bool {
        if !self.spill_complete {
            return false;
        }
        let mut again = std::mem::take(&mut self.spill);
        again.extend_from_slice(&self.replay[self.replay_at..]);
        self.replay = again;
        self.replay_at = 0;
        self.line = self.value_line + 1;
        self.column = 0;
        self.current_len = 0;
        self.value_line = self.line;
        true
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = if self.replay_at < self.replay.len() {
            let n = buf.len().min(self.replay.len() - self.replay_at);
            buf[..n].copy_from_slice(&self.replay[self.replay_at..self.replay_at + n]);
            self.replay_at += n;
            if self.replay_at == self.replay.len() {
                self.replay.clear();
                self.replay_at = 0;
            }
            n
        } else {
            self.inner.read(buf)?
        };
        for &b in &buf[..n] {
            self.note(b);
        }
        Ok(n)
    }
}
