//! The literals term and JSON patterns share: double-quoted strings and `%regex%`.

use super::{error, ParseError};

/// A double-quoted string starting at `start`; `\"` and `\\` are escapes. Returns the text
/// and the offset after the closing quote.
pub(super) fn quoted(text: &str, start: usize) -> Result<(String, usize), ParseError> {
    let mut out = String::new();
    let mut chars = text[start + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((out, start + 1 + i + 1)),
            '\\' => match chars.next() {
                Some((_, e)) => out.push(e),
                None => break,
            },
            c => out.push(c),
        }
    }
    error(start, "a quoted string is not closed")
}

/// A `%regex%` starting at `start`; `\%` stands for a percent sign inside.
pub(super) fn regex(text: &str, start: usize) -> Result<(regex_lite::Regex, usize), ParseError> {
    let body = &text[start + 1..];
    let mut end = None;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '%' if !escaped => {
                end = Some(i);
                break;
            }
            _ => escaped = false,
        }
    }
    let Some(end) = end else {
        return error(start, "a regular expression `%…%` is not closed");
    };
    let source = body[..end].replace("\\%", "%");
    match regex_lite::Regex::new(&source) {
        Ok(re) => Ok((re, start + 1 + end + 1)),
        Err(e) => error(start, format!("not a valid regular expression: {e}")),
    }
}
