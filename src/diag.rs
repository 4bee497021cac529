//! Diagnostics as data: every user-facing error is an [`InputError`] with a stable
//! [`ErrorCode`], the file, the span where known, what was expected and a hint.
//!
//! Source snippets pass through [`InputError::with_source`], which masks string values the
//! caller marks secret, so a diagnostic never prints a sensitive state value.

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode, SourceSpan};
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
        }
    }
}

/// A user-facing error: message, code, optional source snippet with a labelled span, and a hint.
#[derive(Debug)]
pub struct InputError {
    pub code: ErrorCode,
    pub message: String,
    pub help: Option<String>,
    /// The labelled span (boxed, with the source, to keep `Result<_, InputError>` small).
    pub label: Option<Box<(SourceSpan, String)>>,
    pub source: Option<Box<NamedSource<String>>>,
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

    /// Attaches the source text of `name` with a labelled span. Every byte range in `secret`
    /// is masked with `*` first, so sensitive values never reach the terminal.
    pub fn with_source(
        mut self,
        name: &str,
        text: &str,
        span: SourceSpan,
        label: impl Into<String>,
        secret: &[std::ops::Range<usize>],
    ) -> InputError {
        self.source = Some(Box::new(NamedSource::new(name, mask(text, secret))));
        self.label = Some(Box::new((span, label.into())));
        self
    }
}

/// Replaces each byte range in `secret` with `*`, keeping line structure and offsets intact
/// (multi-byte characters become one `*` per byte, so spans stay valid).
pub fn mask(text: &str, secret: &[std::ops::Range<usize>]) -> String {
    if secret.is_empty() {
        return text.to_string();
    }
    let mut bytes = text.as_bytes().to_vec();
    for range in secret {
        let end = range.end.min(bytes.len());
        for b in &mut bytes[range.start.min(end)..end] {
            if *b != b'\n' {
                *b = b'*';
            }
        }
    }
    // Masking whole UTF-8 sequences byte by byte keeps the result valid UTF-8 only when a
    // range covers whole characters; fall back to a lossy conversion otherwise.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
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
        f.write_str(&self.message)
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
            .map(|h| Box::new(h.as_str()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_deref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (span, label) = self.label.as_deref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(label.clone()),
            *span,
        ))))
    }
}

/// The crate's result type for fallible, user-facing operations.
pub type Result<T, E = InputError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_hides_ranges_and_keeps_offsets() {
        let text = "{\"a\": \"hunter2\",\n\"b\": 1}";
        let start = text.find("hunter2").unwrap();
        let masked = mask(text, std::slice::from_ref(&(start..start + 7)));
        assert!(!masked.contains("hunter2"));
        assert_eq!(masked.len(), text.len());
        assert_eq!(&masked[start..start + 7], "*******");
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
