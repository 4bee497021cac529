//! The part of a file a diagnostic shows: the labelled line and one line of context on
//! each side, each cut to a window of at most [`LINE_MAX`] characters, with secrets masked.
//!
//! `terraform show -json` and `terraform state pull` write one-line files, so the line
//! holding an error can be hundreds of megabytes long. Printing it whole floods the
//! terminal, and miette's graphical handler pads to the label's column with a format
//! width, which Rust limits to 65,535 (a longer line panics with "Formatting argument out
//! of range"). An [`Excerpt`] keeps only a short window around the error, marked `…` where
//! the line goes on, and answers miette's questions with the file's own line and column,
//! so the `file:line:column` header stays exact while the snippet stays small.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::ops::Range;

/// Lines up to this many characters are shown whole; longer lines are cut to a window of
/// this many characters.
pub const LINE_MAX: usize = 100;
/// Characters shown before the labelled place on a cut line (more when the line ends soon
/// after it).
const BEFORE: usize = 40;
/// A label spanning more lines than this (or a long line) is cut to its first line.
const SPAN_LINES_MAX: usize = 6;
/// Marks where a shown line goes on in the file.
const CUT: &str = "…";

/// A windowed, masked excerpt of a file with one labelled span; a miette [`SourceCode`].
#[derive(Debug, Clone)]
pub struct Excerpt {
    name: String,
    /// The shown lines, joined by `\n`.
    text: String,
    /// The 0-based file line of the first shown line.
    first_line: usize,
    /// One entry per shown line, in order.
    lines: Vec<Shown>,
    /// The label, in `text` coordinates.
    span: SourceSpan,
}

/// Where a shown line sits in [`Excerpt::text`] and in the file.
#[derive(Debug, Clone, Copy)]
struct Shown {
    /// Byte range in `text`, without the newline.
    start: usize,
    end: usize,
    /// Bytes of the leading cut mark (0 when the line is shown from its start).
    lead: usize,
    /// The 0-based character column in the file of the first character after the mark.
    column: usize,
}

impl Excerpt {
    /// The excerpt of `file` (named `name`) around the byte range `span`, with every byte
    /// range in `secret` masked with `*`. Any range is accepted: out-of-bounds and
    /// mid-character offsets are clamped, so building an excerpt never panics.
    pub fn new(name: &str, file: &str, span: Range<usize>, secret: &[Range<usize>]) -> Excerpt {
        let start = floor_boundary(file, span.start.min(file.len()));
        let mut end = ceil_boundary(file, span.end.clamp(start, file.len()));
        let line_no = file.as_bytes()[..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let first = line_bounds(file, start);

        // The lines the span covers, when it is short enough to show whole.
        let mut covered = vec![first.clone()];
        let mut at = first.end;
        while at < end && covered.len() <= SPAN_LINES_MAX {
            let next = line_bounds(file, at + 1);
            at = next.end;
            covered.push(next);
        }
        if covered.len() > 1
            && (covered.len() > SPAN_LINES_MAX
                || covered.iter().any(|l| !is_short(file, &trimmed(file, l))))
        {
            covered.truncate(1);
            end = end.min(first.end);
        }
        let single = covered.len() == 1;

        let mut out = Builder::new(file, secret);
        let before_line = (first.start > 0).then(|| line_bounds(file, first.start - 1));
        if let Some(line) = &before_line {
            out.prefix_line(line);
        }
        let (mut span_start, mut span_end) = (0, 0);
        for (i, line) in covered.iter().enumerate() {
            let (window, column) = if single {
                window_around(file, line, start)
            } else {
                (reaching(file, line, start), 0)
            };
            let marks = out.window(line, window, column, &[start, end]);
            if i == 0 {
                span_start = marks[0];
            }
            if single || i == covered.len() - 1 {
                span_end = marks[1];
            }
        }
        let last = covered.last().map_or(first.end, |l| l.end);
        if last < file.len() {
            out.prefix_line(&line_bounds(file, last + 1));
        }
        Excerpt {
            name: name.to_string(),
            first_line: line_no - usize::from(before_line.is_some()),
            span: (span_start, span_end.max(span_start) - span_start).into(),
            text: out.text,
            lines: out.lines,
        }
    }

    /// The label's span in the excerpt's own coordinates.
    pub fn span(&self) -> SourceSpan {
        self.span
    }

    /// The shown text (tests and callers that want to check what is printed).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The index of the shown line holding `offset`.
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1)
    }

    /// The 0-based file column of `offset`, on shown line `i`.
    fn column_at(&self, i: usize, offset: usize) -> usize {
        let line = self.lines[i];
        let from = line.start + line.lead;
        let to = floor_boundary(&self.text, offset.clamp(from, line.end));
        line.column + self.text[from..to].chars().count()
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let from = floor_boundary(&self.text, span.offset().min(self.text.len()));
        let to = ceil_boundary(
            &self.text,
            span.offset()
                .saturating_add(span.len())
                .clamp(from, self.text.len()),
        );
        let first = self.line_at(from);
        let last = self.line_at(to.saturating_sub(1).max(from)).max(first);
        // Like miette's own `str` source: no lines before means the data starts at the
        // span, and then the column is the span's (this is how the header is located).
        let (data_start, line, column) = if context_lines_before == 0 {
            (from, first, self.column_at(first, from))
        } else {
            let line = first.saturating_sub(context_lines_before);
            (self.lines[line].start, line, 0)
        };
        let data_end = if context_lines_after == 0 {
            to
        } else {
            let line = last
                .saturating_add(context_lines_after)
                .min(self.lines.len() - 1);
            self.lines[line].end
        }
        .max(data_start);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data_start..data_end],
            (data_start, data_end - data_start).into(),
            self.first_line + line,
            column,
            self.line_at(data_end).saturating_sub(line) + 1,
        )))
    }
}

/// Accumulates shown lines.
struct Builder<'f> {
    file: &'f str,
    secret: &'f [Range<usize>],
    text: String,
    lines: Vec<Shown>,
}

impl<'f> Builder<'f> {
    fn new(file: &'f str, secret: &'f [Range<usize>]) -> Self {
        Builder {
            file,
            secret,
            text: String::new(),
            lines: Vec::new(),
        }
    }

    /// A context line: its first [`LINE_MAX`] characters.
    fn prefix_line(&mut self, line: &Range<usize>) {
        let line = trimmed(self.file, line);
        let end = nth_char_after(self.file, line.start, line.end, LINE_MAX);
        self.window(&line, line.start..end, 0, &[]);
    }

    /// Appends `window` of the file `line`; `column` is the window start's file column.
    /// Returns where each of `marks` (file offsets) falls in the excerpt, clamped to the
    /// window's shown characters.
    fn window(
        &mut self,
        line: &Range<usize>,
        window: Range<usize>,
        column: usize,
        marks: &[usize],
    ) -> Vec<usize> {
        if !self.lines.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        let lead = if window.start > line.start {
            self.text.push_str(CUT);
            CUT.len()
        } else {
            0
        };
        let secret: Vec<&Range<usize>> = self
            .secret
            .iter()
            .filter(|r| r.start < window.end && window.start < r.end)
            .collect();
        let mut found: Vec<Option<usize>> = marks
            .iter()
            .map(|&m| (m <= window.start).then_some(start + lead))
            .collect();
        for (i, c) in self.file[window.clone()].char_indices() {
            let at = window.start + i;
            for (slot, &m) in found.iter_mut().zip(marks) {
                if slot.is_none() && m <= at {
                    *slot = Some(self.text.len());
                }
            }
            let hidden = secret
                .iter()
                .any(|r| r.start < at + c.len_utf8() && at < r.end);
            self.text.push(if hidden { '*' } else { shown(c) });
        }
        let shown_end = self.text.len();
        if window.end < line.end {
            self.text.push_str(CUT);
        }
        self.lines.push(Shown {
            start,
            end: self.text.len(),
            lead,
            column,
        });
        found.into_iter().map(|f| f.unwrap_or(shown_end)).collect()
    }
}

/// The byte range of the line holding `at` (without its newline).
fn line_bounds(file: &str, at: usize) -> Range<usize> {
    let at = at.min(file.len());
    let start = file.as_bytes()[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = file.as_bytes()[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(file.len(), |i| at + i);
    start..end
}

/// The line without a Windows `\r` before its newline.
fn trimmed(file: &str, line: &Range<usize>) -> Range<usize> {
    let end = if file.as_bytes()[line.clone()].last() == Some(&b'\r') {
        line.end - 1
    } else {
        line.end
    };
    line.start..end
}

/// The line without its `\r`, unless the label starts after it (on the newline).
fn reaching(file: &str, line: &Range<usize>, at: usize) -> Range<usize> {
    let shown = trimmed(file, line);
    if at > shown.end {
        shown.start..line.end
    } else {
        shown
    }
}

/// Whether a range of the file fits [`LINE_MAX`] characters.
fn is_short(file: &str, range: &Range<usize>) -> bool {
    range.len() <= LINE_MAX || file[range.clone()].chars().nth(LINE_MAX).is_none()
}

/// The window of `line` to show for a label starting at `at`, and the window start's file
/// column: the whole line when it is short, else [`BEFORE`] characters before `at` and the
/// rest of [`LINE_MAX`] after it (more before when the line ends sooner).
fn window_around(file: &str, line: &Range<usize>, at: usize) -> (Range<usize>, usize) {
    let line = reaching(file, line, at);
    let column = file[line.start..at].chars().count();
    if is_short(file, &line) {
        return (line, 0);
    }
    let back = column.min(BEFORE);
    let end = nth_char_after(file, at, line.end, LINE_MAX - back);
    let after = file[at..end].chars().count();
    let back = column.min(LINE_MAX - after);
    let start = nth_char_before(file, line.start, at, back);
    (start..end, column - back)
}

/// The offset `n` characters after `from`, or `limit` if the text ends sooner.
fn nth_char_after(file: &str, from: usize, limit: usize, n: usize) -> usize {
    file[from..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| from + i)
}

/// The offset `n` characters before `to`, or `limit` if the text starts later.
fn nth_char_before(file: &str, limit: usize, to: usize, n: usize) -> usize {
    if n == 0 {
        return to;
    }
    file[limit..to]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(limit, |(i, _)| limit + i)
}

/// What a character of the file looks like in a snippet: control characters (which could
/// move the cursor or recolour the terminal) and bidirectional overrides (which could make
/// the snippet read differently from the file) become `�`; a tab becomes one space, so the
/// label's arrow stays under its place.
fn shown(c: char) -> char {
    match c {
        '\t' => ' ',
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' => '\u{fffd}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

/// The largest character boundary at or before `at`.
pub(crate) fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest character boundary at or after `at`.
pub(crate) fn ceil_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{render_plain, ErrorCode, InputError};

    /// The diagnostic for a span of `text`, rendered as the command line prints it.
    fn render(text: &str, span: Range<usize>, secret: &[Range<usize>]) -> String {
        let err = InputError::new(ErrorCode::Shape, "bad").with_source(
            "f.json",
            text,
            (span.start, span.end.saturating_sub(span.start)).into(),
            "here",
            secret,
        );
        render_plain(&err)
    }

    /// The `line:column` of the header.
    fn located(rendered: &str) -> &str {
        let at = rendered.find("[f.json:").expect(rendered) + "[f.json:".len();
        &rendered[at..at + rendered[at..].find(']').unwrap()]
    }

    /// The 1-based line and character column of byte `at`, counted the slow way.
    fn expected(text: &str, at: usize) -> String {
        let at = floor_boundary(text, at.min(text.len()));
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
        format!("{line}:{column}")
    }

    #[test]
    fn short_lines_are_shown_whole_with_context() {
        let text = "{\n  \"a\": 1,\n  \"b\": \"x\"\n}\n";
        let at = text.find("\"x\"").unwrap();
        let shown = render(text, at..at + 3, &[]);
        assert_eq!(located(&shown), "3:8");
        assert!(shown.contains(" 2 │   \"a\": 1,"), "{shown}");
        assert!(shown.contains(" 3 │   \"b\": \"x\""), "{shown}");
        assert!(shown.contains(" 4 │ }"), "{shown}");
        assert!(!shown.contains('…'), "{shown}");
    }

    #[test]
    fn a_long_line_is_windowed_and_the_location_stays_exact() {
        let text = format!(
            "{{\"pad\":\"{}\",\"flag\":\"yes\",\"tail\":\"{}\"}}",
            "p".repeat(80_000),
            "t".repeat(80_000)
        );
        let at = text.find("\"yes\"").unwrap();
        let shown = render(&text, at..at + 5, &[]);
        assert_eq!(located(&shown), format!("1:{}", at + 1));
        assert!(shown.len() < 1200, "{} bytes: {shown}", shown.len());
        let line = shown.lines().find(|l| l.contains("\"flag\"")).unwrap();
        assert!(line.contains("…ppp") && line.contains("ttt…"), "{line}");
        let shown_line = line.split('│').nth(1).unwrap().trim();
        assert_eq!(shown_line.chars().count(), LINE_MAX + 2, "{shown_line}");
        // The arrow is under the value.
        let under = shown.lines().find(|l| l.contains("┬")).unwrap();
        assert_eq!(
            under.chars().position(|c| c == '┬').unwrap(),
            line.chars().position(|c| c == 'y').unwrap() + 1,
            "{shown}"
        );
    }

    #[test]
    fn the_window_uses_its_budget_at_either_end_of_the_line() {
        let text = format!("x{}", "a".repeat(500));
        let shown = render(&text, 0..1, &[]);
        assert_eq!(located(&shown), "1:1");
        let line = shown.lines().find(|l| l.contains("xaaa")).unwrap();
        assert!(!line.contains("…x") && line.ends_with('…'), "{line}");
        assert_eq!(
            line.split("│ ").nth(1).unwrap().chars().count(),
            LINE_MAX + 1
        );

        let shown = render(&text, text.len()..text.len(), &[]);
        assert_eq!(located(&shown), "1:502");
        let line = shown.lines().find(|l| l.contains("aaa")).unwrap();
        assert!(line.contains("│ …aaa") && !line.ends_with('…'), "{line}");
    }

    #[test]
    fn columns_count_characters_and_spans_snap_to_them() {
        let text = format!("{}é\"ü\"{}", "€".repeat(300), "漢".repeat(300));
        let at = text.find('é').unwrap();
        for start in at..at + 6 {
            let shown = render(&text, start..start + 1, &[]);
            assert_eq!(located(&shown), expected(&text, start), "{start}");
            assert!(shown.len() < 1500, "{shown}");
        }
    }

    #[test]
    fn secrets_are_masked_even_where_the_window_cuts_them() {
        let text = format!("{{\"k\":\"{}\",\"v\":1}}", "s".repeat(5_000));
        let secret = text.find("sss").unwrap()..text.find("\",\"v").unwrap();
        let at = text.find(":1").unwrap() + 1;
        let shown = render(&text, at..at + 1, &[secret]);
        assert!(
            !shown.contains('s'.to_string().repeat(2).as_str()),
            "{shown}"
        );
        assert!(shown.contains("…*****"), "{shown}");
    }

    #[test]
    fn control_characters_and_bidi_overrides_are_not_printed() {
        let text = "{\"a\":\u{0}\u{1b}[31m\u{202e}x\t1}";
        let shown = render(text, 5..6, &[]);
        assert!(
            !shown.contains('\u{0}') && !shown.contains('\u{1b}'),
            "{shown:?}"
        );
        assert!(
            !shown.contains('\u{202e}') && !shown.contains('\t'),
            "{shown:?}"
        );
        assert!(shown.contains("\u{fffd}\u{fffd}[31m\u{fffd}x 1"), "{shown}");
    }

    #[test]
    fn windows_line_endings_are_not_shown() {
        let text = "{\r\n  \"a\": x\r\n}\r\n";
        let at = text.find('x').unwrap();
        let shown = render(text, at..at + 1, &[]);
        assert_eq!(located(&shown), "2:8");
        assert!(
            !shown.contains('\r') && !shown.contains('\u{fffd}'),
            "{shown:?}"
        );
    }

    #[test]
    fn multi_line_spans_are_shown_whole_when_short_and_cut_when_long() {
        let text = "{\n  \"r\": {\n    \"a\": 1\n  }\n}";
        let at = text.find('{').unwrap() + 8;
        let shown = render(text, at..text.rfind("  }").unwrap() + 3, &[]);
        assert!(shown.contains("╭─▶") && shown.contains("├─▶"), "{shown}");

        let long = format!("[\n{}]", "  1,\n".repeat(50));
        let shown = render(&long, 0..long.len(), &[]);
        assert_eq!(located(&shown), "1:1");
        assert!(shown.lines().count() < 10, "{shown}");
    }

    #[test]
    fn no_span_panics() {
        let texts = [
            "",
            "\n",
            "{",
            "a\nb",
            "a\r\nb\r\n",
            "\r",
            "é",
            "\n\n\né\u{0}",
            "{\"a\":\"€€€\"}\n",
        ];
        for text in texts {
            for start in 0..=text.len() + 2 {
                for len in [0, 1, 2, 3, 100, usize::MAX - start] {
                    let shown = render(
                        text,
                        start..start.saturating_add(len),
                        std::slice::from_ref(&(0..2)),
                    );
                    assert_eq!(
                        located(&shown),
                        expected(text, start),
                        "{text:?} {start} {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn reading_any_span_of_an_excerpt_is_safe() {
        let text = format!("a\n{}é{}\nb", "x".repeat(300), "y".repeat(300));
        let at = text.find('é').unwrap();
        let excerpt = Excerpt::new("f", &text, at..at + 2, &[]);
        let len = excerpt.text().len();
        for offset in 0..len + 2 {
            for span_len in [0, 1, 2, len + 5] {
                for context in [0, 1, 5] {
                    let read = excerpt
                        .read_span(&(offset, span_len).into(), context, context)
                        .unwrap();
                    assert!(std::str::from_utf8(read.data()).is_ok());
                }
            }
        }
        let header = excerpt.read_span(&excerpt.span(), 0, 0).unwrap();
        assert_eq!((header.line(), header.column()), (1, 300));
        assert_eq!(header.data(), "é".as_bytes());
    }

    #[test]
    fn a_64_mb_line_renders_a_short_snippet() {
        let mut text = "x".repeat(64 << 20);
        text.push_str("\"bad\"");
        let at = text.len() - 5;
        let started = std::time::Instant::now();
        let shown = render(&text, at..at + 5, &[]);
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        assert_eq!(located(&shown), format!("1:{}", at + 1));
        assert!(shown.len() < 1000, "{shown}");
    }
}
