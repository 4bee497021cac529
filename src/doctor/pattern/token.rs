//! A JSON pattern's tokens: parentheses, `&&`, `||`, operators, selectors (`$.a.b[0]`),
//! quoted and bare words, and `%regex%` literals, each with its byte offset for errors.

use super::literal::{quoted, regex};
use super::{error, ParseError};
use std::fmt;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Kind {
    Open,
    Close,
    And,
    Or,
    Selector(Vec<Step>),
    Op(Op),
    /// A quoted string.
    Quoted(String),
    /// A bare word: a string, a number, or a keyword (`IS`, `NULL`, `NOT`, `EXISTS`, …).
    Bare(String),
    Regex(String),
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Open => f.write_str("`(`"),
            Kind::Close => f.write_str("`)`"),
            Kind::And => f.write_str("`&&`"),
            Kind::Or => f.write_str("`||`"),
            Kind::Selector(_) => f.write_str("a selector"),
            Kind::Op(op) => write!(f, "`{}`", op.as_str()),
            Kind::Quoted(s) => write!(f, "\"{s}\""),
            Kind::Bare(s) => write!(f, "`{s}`"),
            Kind::Regex(s) => write!(f, "`%{s}%`"),
        }
    }
}

/// One token and where it starts in the pattern.
#[derive(Clone, Debug)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) at: usize,
}

/// One step of a selector: a property or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
}

impl Op {
    /// The operator as written.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Ge => ">=",
        }
    }
}

/// Characters that end a bare word.
fn ends_bare(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '(' | ')' | '{' | '}' | '&' | '|' | '"' | '=' | '<' | '>')
        || c == '!'
}

/// Characters a selector's property name may hold. The guide names letters, digits, `-`
/// and `_`; CloudTrail field names use nothing else.
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// The tokens of `text`, a JSON pattern's inside, whose offsets start at `base`.
pub(super) fn tokenize(text: &str, base: usize) -> Result<Vec<Token>, ParseError> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let at = base + i;
        let push = |out: &mut Vec<Token>, kind: Kind| out.push(Token { kind, at });
        match c {
            c if c.is_whitespace() => i += c.len_utf8(),
            '(' => {
                push(&mut out, Kind::Open);
                i += 1;
            }
            ')' => {
                push(&mut out, Kind::Close);
                i += 1;
            }
            '&' if text[i..].starts_with("&&") => {
                push(&mut out, Kind::And);
                i += 2;
            }
            '|' if text[i..].starts_with("||") => {
                push(&mut out, Kind::Or);
                i += 2;
            }
            '!' if text[i..].starts_with("!=") => {
                push(&mut out, Kind::Op(Op::Ne));
                i += 2;
            }
            '<' | '>' => {
                let eq = text[i + 1..].starts_with('=');
                let op = match (c, eq) {
                    ('<', false) => Op::Lt,
                    ('<', true) => Op::Le,
                    ('>', false) => Op::Gt,
                    _ => Op::Ge,
                };
                push(&mut out, Kind::Op(op));
                i += if eq { 2 } else { 1 };
            }
            '=' => {
                push(&mut out, Kind::Op(Op::Eq));
                i += 1;
            }
            '"' => {
                let (s, next) = quoted(text, i).map_err(|e| ParseError {
                    at: base + e.at,
                    ..e
                })?;
                push(&mut out, Kind::Quoted(s));
                i = next;
            }
            '%' => {
                let (_, next) = regex(text, i).map_err(|e| ParseError {
                    at: base + e.at,
                    ..e
                })?;
                push(&mut out, Kind::Regex(text[i + 1..next - 1].to_string()));
                i = next;
            }
            '$' => {
                let (steps, next) = selector(text, i, base)?;
                push(&mut out, Kind::Selector(steps));
                i = next;
            }
            '&' | '|' | '!' | '{' | '}' => {
                return error(at, format!("unexpected `{c}`"));
            }
            _ => {
                let end = text[i..].find(ends_bare).map_or(text.len(), |n| i + n);
                push(&mut out, Kind::Bare(text[i..end].to_string()));
                i = end;
            }
        }
    }
    Ok(out)
}

/// A selector `$.a.b[0]` starting at `start` (the `$`).
fn selector(text: &str, start: usize, base: usize) -> Result<(Vec<Step>, usize), ParseError> {
    let mut steps = Vec::new();
    let mut i = start + 1;
    loop {
        let rest = &text[i..];
        if let Some(after) = rest.strip_prefix('.') {
            let len: usize = after
                .chars()
                .take_while(|c| name_char(*c))
                .map(char::len_utf8)
                .sum();
            if len == 0 {
                return error(base + i + 1, "a property name must follow `.`");
            }
            steps.push(Step::Key(after[..len].to_string()));
            i += 1 + len;
        } else if let Some(after) = rest.strip_prefix('[') {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() || !after[digits.len()..].starts_with(']') {
                return error(
                    base + i,
                    "an array index must be a number in brackets, like `[0]`",
                );
            }
            let index = digits.parse().map_err(|_| ParseError {
                at: base + i,
                message: "the array index is too large".to_string(),
            })?;
            if steps.is_empty() {
                return error(base + i, "an array index must follow a property");
            }
            steps.push(Step::Index(index));
            i += 1 + digits.len() + 1;
        } else {
            break;
        }
    }
    if steps.is_empty() {
        return error(base + start, "a selector starts with `$.`");
    }
    if let Some(c) = text[i..].chars().next().filter(|c| !ends_bare(*c)) {
        return error(base + i, format!("unexpected `{c}` in a selector"));
    }
    Ok((steps, i))
}
