//! Diagnostics as data: every user-facing error is an [`InputError`] with a stable
//! [`ErrorCode`], the file, the span where known, what was expected and a hint.
//!
//! Source snippets pass through [`InputError::with_source`], which masks string values the
//! caller marks secret, so a diagnostic never prints a sensitive state value, and keeps
//! only a short [`Excerpt`] of the file, so a diagnostic stays a few lines long even for a
//! one-line file of hundreds of megabytes. [`handler_options`] and [`render_plain`] are how
//! the command line prints one.

mod excerpt;
mod render;
mod strict_json;

pub use excerpt::Excerpt;
pub use render::{handler_options, render_plain};
pub use strict_json::{Skip, RAW_VALUE_TOKEN};

use miette::{Diagnostic, LabeledSpan, SourceCode, SourceSpan};
use std::borrow::Cow;
use std::fmt;

/// Stable codes for error classes. They appear as `s3drift::<code>` in diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// A file could not be opened or read.
    Io,
    /// The input is empty.
    Empty,
    /// The input is not JSON, or is truncated.
    NotJson,
    /// The JSON is valid but not of the expected shape (wrong types, missing keys).
    Shape,
    /// A state file of a format version this tool does not read.
    StateVersion,
    /// A plan given where a state was expected, or the reverse.
    WrongFlag,
    /// An encrypted OpenTofu state.
    Encrypted,
    /// A snapshot of an unknown schema or version.
    Snapshot,
    /// A glob or pattern that is not valid, or matched nothing.
    Pattern,
    /// Terraform configuration (`.tf`) that could not be read.
    Config,
    /// AWS credentials or configuration.
    Aws,
    /// A CloudTrail or access-log source that cannot be read at all.
    Trail,
    /// A bad command-line value.
    Usage,
    /// Writing an output file failed.
    Output,
    /// A GitHub API call failed, or the workflow run's environment is incomplete.
    Github,
    /// The run compared nothing: no bucket in the states, none left by the selection, none
    /// in the snapshot, or none readable. Never "no drift".
    NothingCompared,
    /// A policy file (`.s3drift.hcl`, `--config`, `--ignore`) that cannot be used.
    Policy,
}

impl ErrorCode {
    /// The code's stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Io => "s3drift::io",
            ErrorCode::Empty => "s3drift::empty",
            ErrorCode::NotJson => "s3drift::not_json",
            ErrorCode::Shape => "s3drift::shape",
            ErrorCode::StateVersion => "s3drift::state_version",
            ErrorCode::WrongFlag => "s3drift::wrong_flag",
            ErrorCode::Encrypted => "s3drift::encrypted_state",
            ErrorCode::Snapshot => "s3drift::snapshot",
            ErrorCode::Pattern => "s3drift::pattern",
            ErrorCode::Config => "s3drift::config",
            ErrorCode::Aws => "s3drift::aws",
            ErrorCode::Trail => "s3drift::trail",
            ErrorCode::Usage => "s3drift::usage",
            ErrorCode::Output => "s3drift::output",
            ErrorCode::Github => "s3drift::github",
            ErrorCode::NothingCompared => "s3drift::nothing_compared",
            ErrorCode::Policy => "s3drift::policy",
        }
    }
}

/// A user-facing error: message, code, optional source snippet with a labelled span, and a hint.
#[derive(Debug)]
pub struct InputError {
    pub code: ErrorCode,
    pub message: String,
    pub help: Option<String>,
    /// The label of the snippet's span (boxed, with the source, to keep
    /// `Result<_, InputError>` small).
    pub label: Option<Box<String>>,
    /// The excerpt of the file around the offending place, secrets masked.
    pub source: Option<Box<Excerpt>>,
}

impl InputError {
    /// An error with a message and no source.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> InputError {
        InputError {
            code,
            message: message.into(),
            help: None,
            label: None,
            source: None,
        }
    }

    /// Adds the hint line.
    pub fn help(mut self, help: impl Into<String>) -> InputError {
        self.help = Some(help.into());
        self
    }

    /// Attaches an excerpt of the source text of `name` around the byte span `span`, with a
    /// label. Every byte range in `secret` is masked with `*`, so sensitive values never
    /// reach the terminal. Any span is accepted (it is clamped to the text).
    pub fn with_source(
        mut self,
        name: &str,
        text: &str,
        span: SourceSpan,
        label: impl Into<String>,
        secret: &[std::ops::Range<usize>],
    ) -> InputError {
        let range = span.offset()..span.offset().saturating_add(span.len());
        self.source = Some(Box::new(Excerpt::new(name, text, range, secret)));
        self.label = Some(Box::new(label.into()));
        self
    }
}

/// The longest message, hint or label printed, in characters. Messages may quote input
/// (serde names an unexpected string value in full), and stderr must stay a few KB.
const TEXT_MAX: usize = 1000;

/// `text` as printed: at most `max` characters (then `…`), with control characters other
/// than newlines shown as `�` so input quoted in a message cannot drive the terminal.
fn bounded(text: &str, max: usize) -> Cow<'_, str> {
    let clean = |c: char| c == '\n' || !c.is_control();
    if text.len() <= max && text.chars().all(clean) {
        return Cow::Borrowed(text);
    }
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if clean(c) { c } else { '\u{fffd}' })
        .collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    Cow::Owned(out)
}

/// The byte offset of a 1-based line and column (as serde_json reports them) in `text`.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (offset + column.saturating_sub(1)).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&bounded(&self.message, TEXT_MAX))
    }
}

impl std::error::Error for InputError {}

impl Diagnostic for InputError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code.as_str()))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(bounded(h, TEXT_MAX)) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_deref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = self.label.as_deref()?;
        let span = self.source.as_deref()?.span();
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(bounded(label, TEXT_MAX / 4).into_owned()),
            span,
        ))))
    }
}

/// The crate's result type for fallible, user-facing operations.
pub type Result<T, E = InputError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_text_is_bounded_and_cannot_drive_the_terminal() {
        let err = InputError::new(
            ErrorCode::Shape,
            format!("bad \u{1b}[2J{}", "v".repeat(50_000)),
        )
        .help("h".repeat(5_000));
        let shown = render_plain(&err);
        assert!(shown.len() < 3 * TEXT_MAX * 2, "{} bytes", shown.len());
        assert!(!shown.contains('\u{1b}'), "{shown:?}");
        assert!(
            shown.contains("\u{fffd}[2J") && shown.contains('…'),
            "{shown}"
        );
        assert_eq!(bounded("short", TEXT_MAX), "short");
        assert_eq!(bounded("a\nb", 2), "a\n…");
    }

    #[test]
    fn offset_of_counts_lines_and_columns() {
        let text = "ab\ncde\nf";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 2), 4);
        assert_eq!(offset_of(text, 3, 1), 7);
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
