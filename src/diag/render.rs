//! How diagnostics are printed: the options the command line gives miette's handler, and
//! the same rendering without a terminal, for tests and fuzzing.
//!
//! miette wraps messages with textwrap, which by default breaks lines where Unicode allows
//! (after a `/`), splits words at hyphens and breaks words longer than the width: a path
//! such as `envs/global-s3.tfstate` came out as `global-` / `s3.tfstate`, which no one can
//! copy. Here lines break at spaces only and words are never split, so a path without
//! spaces is always printed on one line (a longer line overflows the width instead). The
//! `file:line:column` header is never wrapped by miette.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, MietteHandlerOpts};
use textwrap::{WordSeparator, WordSplitter};

/// The width [`render_plain`] wraps at, the same as miette's when stderr is not a terminal.
const PLAIN_WIDTH: usize = 80;

/// The handler options the command line builds its miette hook from (the hook itself
/// detects the terminal: colours, Unicode, width).
pub fn handler_options() -> MietteHandlerOpts {
    MietteHandlerOpts::new()
        .break_words(false)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation)
}

/// `diagnostic` as the command line prints it to a file or pipe: no colours, Unicode
/// frames, 80 columns.
pub fn render_plain(diagnostic: &dyn Diagnostic) -> String {
    let mut out = String::new();
    let rendered = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(PLAIN_WIDTH)
        .with_break_words(false)
        .with_word_separator(WordSeparator::AsciiSpace)
        .with_word_splitter(WordSplitter::NoHyphenation)
        .render_report(&mut out, diagnostic);
    match rendered {
        Ok(()) => out,
        // Only a source that refuses a span can fail a render into a String; the message
        // alone is still worth printing.
        Err(_) => format!("{diagnostic}\n"),
    }
}
