//! CloudWatch Logs filter patterns: a parser and an evaluator, so `doctor` can tell whether
//! a metric filter on a trail's log group counts a given CloudTrail record.
//!
//! What is understood follows the CloudWatch Logs User Guide ("Filter pattern syntax for
//! metric filters"):
//!
//! * **JSON patterns** `{ … }`: selectors `$.a.b`, `$.a[0]`, `$.a[0][1]`; `=` and `!=` with a
//!   quoted or bare string, where a leading and/or trailing `*` is a wildcard (`*Event`,
//!   `Event*`; a `*` inside, as in `Ev*ent`, is literal) and `%…%` is a regular expression;
//!   numeric `<`, `>`, `<=`, `>=`, `=`, `!=`; `IS NULL`, `IS TRUE`, `IS FALSE`, `EXISTS`,
//!   `NOT EXISTS`; `&&` and `||` with parentheses, `&&` binding tighter. A selector that
//!   names an object or an array matches neither `=` nor `!=`, as documented; one that names
//!   nothing does not match either.
//! * **Term patterns**: `ERROR`, `"quoted phrase"`, all terms must appear (case-sensitive
//!   substring); `-term` excludes; `?a ?b` matches either; `%regex%`.
//! * The empty pattern matches every event.
//!
//! Anything else (space-delimited `[…]` patterns, which do not apply to JSON records, or a
//! syntax error) is a [`ParseError`] with the position and the reason: `doctor` reports such
//! a filter as not covering anything, never as covering.

use serde_json::Value;
use std::fmt;

/// A parsed filter pattern.
#[derive(Clone, Debug)]
pub enum Pattern {
    /// The empty pattern: every event.
    All,
    /// A term pattern, evaluated on the raw message.
    Terms(Terms),
    /// A JSON pattern, evaluated on the parsed record.
    Json(Expr),
}

/// Why a pattern could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the pattern where the problem is.
    pub at: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.at + 1)
    }
}

impl std::error::Error for ParseError {}

fn error<T>(at: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError {
        at,
        message: message.into(),
    })
}

/// Parses a metric filter pattern.
pub fn parse(pattern: &str) -> Result<Pattern, ParseError> {
    let trimmed = pattern.trim();
    if trimmed.is_empty() {
        return Ok(Pattern::All);
    }
    let start = pattern.len() - pattern.trim_start().len();
    if trimmed.starts_with('{') {
        if !trimmed.ends_with('}') || trimmed.len() < 2 {
            return error(start + trimmed.len(), "a JSON pattern must end with `}`");
        }
        let inner = &trimmed[1..trimmed.len() - 1];
        let mut parser = Parser {
            tokens: tokenize(inner, start + 1)?,
            pos: 0,
            end: start + trimmed.len() - 1,
        };
        if parser.tokens.is_empty() {
            return error(start + 1, "an empty JSON pattern `{ }` is not valid");
        }
        let expr = parser.or()?;
        if let Some(t) = parser.tokens.get(parser.pos) {
            return error(t.at, format!("unexpected {}", t.kind));
        }
        return Ok(Pattern::Json(expr));
    }
    if trimmed.starts_with('[') {
        return error(
            start,
            "space-delimited patterns (`[…]`) do not apply to CloudTrail's JSON records",
        );
    }
    Ok(Pattern::Terms(Terms::parse(pattern)?))
}

impl Pattern {
    /// Whether the pattern matches a log event holding `record` (CloudTrail sends each
    /// record to CloudWatch Logs as one JSON document per event).
    pub fn matches(&self, record: &Value) -> bool {
        match self {
            Pattern::All => true,
            Pattern::Terms(t) => t.matches(&record.to_string()),
            Pattern::Json(e) => e.eval(record),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Term patterns

/// A term pattern: terms that must appear, terms that must not, or alternatives.
#[derive(Clone, Debug)]
pub struct Terms {
    required: Vec<Matcher>,
    excluded: Vec<Matcher>,
    any_of: Vec<Matcher>,
}

/// One term: a literal (substring) or a regular expression.
#[derive(Clone, Debug)]
enum Matcher {
    Text(String),
    Regex(regex_lite::Regex),
}

impl Matcher {
    fn found_in(&self, text: &str) -> bool {
        match self {
            Matcher::Text(t) => text.contains(t.as_str()),
            Matcher::Regex(r) => r.is_match(text),
        }
    }
}

impl Terms {
    fn parse(pattern: &str) -> Result<Terms, ParseError> {
        let mut terms = Terms {
            required: Vec::new(),
            excluded: Vec::new(),
            any_of: Vec::new(),
        };
        let bytes = pattern.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let at = i;
            let sign = match bytes[i] {
                b'-' => {
                    i += 1;
                    Some(b'-')
                }
                b'?' => {
                    i += 1;
                    Some(b'?')
                }
                _ => None,
            };
            let (matcher, next) = match bytes.get(i) {
                Some(b'"') => {
                    let (text, next) = quoted(pattern, i)?;
                    (Matcher::Text(text), next)
                }
                Some(b'%') => {
                    let (re, next) = regex(pattern, i)?;
                    (Matcher::Regex(re), next)
                }
                Some(_) => {
                    let end = pattern[i..]
                        .find(|c: char| c.is_ascii_whitespace())
                        .map_or(pattern.len(), |n| i + n);
                    (Matcher::Text(pattern[i..end].to_string()), end)
                }
                None => return error(at, "a `-` or `?` must be followed by a term"),
            };
            i = next;
            match sign {
                Some(b'-') => terms.excluded.push(matcher),
                Some(_) => terms.any_of.push(matcher),
                None => terms.required.push(matcher),
            }
        }
        let plain = !(terms.required.is_empty() && terms.excluded.is_empty());
        if !terms.any_of.is_empty() && plain {
            // The guide documents `?a ?b` alone; what a mix with plain or excluded terms
            // means is not documented, so it is not guessed.
            return error(
                0,
                "mixing `?term` alternatives with other terms is not documented",
            );
        }
        Ok(terms)
    }

    fn matches(&self, message: &str) -> bool {
        if !self.any_of.is_empty() {
            return self.any_of.iter().any(|m| m.found_in(message));
        }
        self.required.iter().all(|m| m.found_in(message))
            && !self.excluded.iter().any(|m| m.found_in(message))
    }
}

/// A double-quoted string starting at `start`; `\"` and `\\` are escapes. Returns the text
/// and the offset after the closing quote.
fn quoted(text: &str, start: usize) -> Result<(String, usize), ParseError> {
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
fn regex(text: &str, start: usize) -> Result<(regex_lite::Regex, usize), ParseError> {
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

// ---------------------------------------------------------------------------------------
// JSON patterns: tokens

#[derive(Clone, Debug, PartialEq)]
enum Kind {
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

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    at: usize,
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
    fn as_str(self) -> &'static str {
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

fn tokenize(text: &str, base: usize) -> Result<Vec<Token>, ParseError> {
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

// ---------------------------------------------------------------------------------------
// JSON patterns: expressions

/// A JSON pattern expression.
#[derive(Clone, Debug)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Test(Vec<Step>, Test),
}

/// What one condition checks at its selector.
#[derive(Clone, Debug)]
pub enum Test {
    /// `=` (`equal`) or `!=` with a string, possibly with wildcards.
    Text {
        equal: bool,
        text: String,
        leading: bool,
        trailing: bool,
    },
    /// `=` or `!=` with a regular expression.
    Regex {
        equal: bool,
        regex: regex_lite::Regex,
    },
    /// A numeric comparison.
    Number {
        op: Op,
        value: f64,
        raw: String,
    },
    IsNull,
    IsTrue,
    IsFalse,
    Exists,
    NotExists,
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Where the expression ends, for "expected … at the end" errors.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Kind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.and()?;
        while self.peek() == Some(&Kind::Or) {
            self.pos += 1;
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.primary()?;
        while self.peek() == Some(&Kind::And) {
            self.pos += 1;
            let right = self.primary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr, ParseError> {
        let at = self.at();
        match self.next() {
            Some(Token {
                kind: Kind::Open, ..
            }) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token {
                        kind: Kind::Close, ..
                    }) => Ok(inner),
                    _ => error(at, "this `(` is not closed"),
                }
            }
            Some(Token {
                kind: Kind::Selector(steps),
                ..
            }) => {
                let test = self.test()?;
                Ok(Expr::Test(steps, test))
            }
            Some(t) => error(
                t.at,
                format!("expected a selector like `$.eventName`, found {}", t.kind),
            ),
            None => error(at, "expected a condition at the end of the pattern"),
        }
    }

    /// The part of a condition after its selector.
    fn test(&mut self) -> Result<Test, ParseError> {
        let at = self.at();
        match self.next().map(|t| t.kind) {
            Some(Kind::Op(op)) => self.value(op),
            Some(Kind::Bare(word)) => {
                let upper = word.to_ascii_uppercase();
                let second = |p: &mut Parser| match p.next().map(|t| t.kind) {
                    Some(Kind::Bare(w)) => Some(w.to_ascii_uppercase()),
                    _ => None,
                };
                match upper.as_str() {
                    "IS" => match second(self).as_deref() {
                        Some("NULL") => Ok(Test::IsNull),
                        Some("TRUE") => Ok(Test::IsTrue),
                        Some("FALSE") => Ok(Test::IsFalse),
                        _ => error(at, "expected `IS NULL`, `IS TRUE` or `IS FALSE`"),
                    },
                    "NOT" => match second(self).as_deref() {
                        Some("EXISTS") => Ok(Test::NotExists),
                        _ => error(at, "expected `NOT EXISTS`"),
                    },
                    "EXISTS" => Ok(Test::Exists),
                    _ => error(
                        at,
                        format!("expected an operator after the selector, found `{word}`"),
                    ),
                }
            }
            Some(k) => error(
                at,
                format!("expected an operator after the selector, found {k}"),
            ),
            None => error(at, "expected an operator after the selector"),
        }
    }

    fn value(&mut self, op: Op) -> Result<Test, ParseError> {
        let at = self.at();
        let token = self.next().map(|t| t.kind);
        let number = match &token {
            Some(Kind::Bare(w)) => parse_number(w).map(|n| (n, w.clone())),
            _ => None,
        };
        match (op, token) {
            (Op::Eq | Op::Ne, Some(Kind::Bare(_))) if number.is_some() => {
                let (value, raw) = number.unwrap_or_default();
                Ok(Test::Number { op, value, raw })
            }
            (Op::Eq | Op::Ne, Some(Kind::Quoted(s) | Kind::Bare(s))) => {
                let leading = s.starts_with('*');
                let trailing = s.len() > usize::from(leading) && s.ends_with('*');
                let text = s[usize::from(leading)..s.len() - usize::from(trailing)].to_string();
                Ok(Test::Text {
                    equal: op == Op::Eq,
                    text,
                    leading,
                    trailing,
                })
            }
            (Op::Eq | Op::Ne, Some(Kind::Regex(source))) => {
                let regex = regex_lite::Regex::new(&source.replace("\\%", "%")).map_err(|e| {
                    ParseError {
                        at,
                        message: format!("not a valid regular expression: {e}"),
                    }
                })?;
                Ok(Test::Regex {
                    equal: op == Op::Eq,
                    regex,
                })
            }
            (_, Some(Kind::Bare(_))) if number.is_some() => {
                let (value, raw) = number.unwrap_or_default();
                Ok(Test::Number { op, value, raw })
            }
            (_, Some(k)) => error(at, format!("`{}` compares numbers, found {k}", op.as_str())),
            (_, None) => error(at, format!("expected a value after `{}`", op.as_str())),
        }
    }
}

/// A number as the guide defines it: an optional sign, digits, an optional fraction and an
/// optional exponent.
fn parse_number(word: &str) -> Option<f64> {
    let body = word.strip_prefix(['+', '-']).unwrap_or(word);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || (mantissa.contains('.') && !digits(frac)) {
        return None;
    }
    if let Some(e) = exponent {
        if !digits(e.strip_prefix(['+', '-']).unwrap_or(e)) {
            return None;
        }
    }
    word.parse().ok()
}

/// The value a selector names, if any.
fn lookup<'v>(value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.as_object()?.get(k),
        Step::Index(i) => v.as_array()?.get(*i),
    })
}

/// The text of a scalar for string comparison; `None` for null, objects and arrays.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Expr {
    /// Evaluates the expression on one JSON record.
    pub fn eval(&self, record: &Value) -> bool {
        match self {
            Expr::And(a, b) => a.eval(record) && b.eval(record),
            Expr::Or(a, b) => a.eval(record) || b.eval(record),
            Expr::Test(steps, test) => test.eval(lookup(record, steps)),
        }
    }
}

impl Test {
    fn eval(&self, found: Option<&Value>) -> bool {
        match self {
            Test::Exists => found.is_some(),
            Test::NotExists => found.is_none(),
            Test::IsNull => found.is_some_and(Value::is_null),
            Test::IsTrue => found == Some(&Value::Bool(true)),
            Test::IsFalse => found == Some(&Value::Bool(false)),
            Test::Text {
                equal,
                text,
                leading,
                trailing,
            } => {
                let Some(actual) = found.and_then(scalar_text) else {
                    return false;
                };
                let hit = match (leading, trailing) {
                    // `*` alone: any value.
                    (true, true) => actual.contains(text.as_str()),
                    (true, false) => actual.ends_with(text.as_str()),
                    (false, true) => actual.starts_with(text.as_str()),
                    (false, false) => actual == *text,
                };
                hit == *equal
            }
            Test::Regex { equal, regex } => {
                let Some(actual) = found.and_then(scalar_text) else {
                    return false;
                };
                regex.is_match(&actual) == *equal
            }
            Test::Number { op, value, raw } => match found {
                Some(Value::Number(n)) => {
                    let Some(actual) = n.as_f64() else {
                        return false;
                    };
                    match op {
                        Op::Eq => actual == *value,
                        Op::Ne => actual != *value,
                        Op::Lt => actual < *value,
                        Op::Gt => actual > *value,
                        Op::Le => actual <= *value,
                        Op::Ge => actual >= *value,
                    }
                }
                // A string field compared with a number literal: equal text only.
                Some(Value::String(s)) => match op {
                    Op::Eq => s == raw,
                    Op::Ne => s != raw,
                    _ => false,
                },
                _ => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn m(pattern: &str, record: &Value) -> bool {
        parse(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
            .matches(record)
    }

    fn err(pattern: &str) -> ParseError {
        match parse(pattern) {
            Ok(p) => panic!("{pattern} parsed: {p:?}"),
            Err(e) => e,
        }
    }

    /// The guide's example event for JSON selectors.
    fn guide_event() -> Value {
        json!({
            "eventType": "UpdateTrail",
            "sourceIPAddress": "111.111.111.111",
            "arrayKey": ["value", "another value"],
            "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],
            "SomeObject": null,
            "ThisFlag": true
        })
    }

    #[test]
    fn the_guides_json_selector_examples() {
        let e = guide_event();
        assert!(m(r#"{ $.eventType = "UpdateTrail" }"#, &e));
        assert!(m("{ $.sourceIPAddress != 123.123.* }", &e));
        assert!(m(r#"{ $.arrayKey[0] = "value" }"#, &e));
        assert!(m("{ $.objectList[1].id = 2 }", &e));
        assert!(m("{ $.SomeObject IS NULL }", &e));
        assert!(m("{ $.SomeOtherObject NOT EXISTS }", &e));
        assert!(m("{ $.ThisFlag IS TRUE }", &e));
        assert!(!m("{ $.ThisFlag IS FALSE }", &e));
        assert!(m("{ $.eventType EXISTS }", &e));
        // If arrayKey is not an array, an index is false.
        assert!(!m(r#"{ $.eventType[0] = "U" }"#, &e));
        assert!(!m("{ $.objectList[5].id = 2 }", &e));
    }

    /// The guide's example for compound conditions.
    fn compound_event() -> Value {
        json!({
            "user": {"id": 1, "email": "John.Stiles@example.com"},
            "users": [{"id": 2, "email": "John.Doe@example.com"},
                      {"id": 3, "email": "Jane.Doe@example.com"}],
            "actions": ["GET", "PUT", "DELETE"],
            "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]
        })
    }

    #[test]
    fn the_guides_compound_examples_and_precedence() {
        let e = compound_event();
        assert!(m(
            r#"{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }"#,
            &e
        ));
        assert!(!m(
            r#"{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }"#,
            &e
        ));
        // && binds tighter than ||.
        assert!(m(
            r#"{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }"#,
            &e
        ));
        assert!(!m(
            r#"{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }"#,
            &e
        ));
        assert!(m("{ $.coordinates[2][0] = 7 }", &e));
    }

    #[test]
    fn objects_and_arrays_match_neither_equal_nor_not_equal() {
        let e = json!({"users": [1, 2, 3]});
        assert!(!m("{ $.users = 1 }", &e));
        assert!(!m("{ $.users != 1 }", &e));
        // A field that is not there matches neither either.
        assert!(!m("{ $.missing != 1 }", &e));
        assert!(!m("{ $.missing = * }", &e));
    }

    #[test]
    fn the_guides_numeric_examples() {
        let e = json!({"latency": 700, "numbers": [9.5], "errorCode": 400,
                       "processes": [0, 1, 2, 3, {"averageRuntime": 55.5}]});
        assert!(m("{ $.latency >= 500 }", &e));
        assert!(m("{ $.numbers[0] < 10e3 }", &e));
        assert!(!m("{ $.numbers[0] < 10e-3 }", &e));
        assert!(m("{ $.processes[4].averageRuntime <= 55.5 }", &e));
        assert!(m("{ $.errorCode = 400 }", &e));
        assert!(m("{ $.errorCode != 500 }", &e));
        assert!(!m("{ $.latency > +1000 }", &e));
    }

    #[test]
    fn wildcards_lead_and_trail_only() {
        let e = json!({"a": "PutEvent", "b": "EventName", "c": "Ev*ent", "d": "Event"});
        assert!(m("{ $.a = *Event }", &e));
        assert!(m("{ $.b = Event* }", &e));
        assert!(m("{ $.a = *utEv* }", &e));
        assert!(m("{ $.a = * }", &e));
        // A `*` inside is the character itself.
        assert!(!m("{ $.d = Ev*ent }", &e));
        assert!(m("{ $.c = Ev*ent }", &e));
        assert!(m(r#"{ $.a = "Put*" }"#, &e));
    }

    #[test]
    fn regular_expressions() {
        let e = json!({"eventName": "PutBucketPolicy"});
        assert!(m("{ $.eventName = %Put(Bucket)?Policy% }", &e));
        assert!(!m("{ $.eventName != %Policy$% }", &e));
        assert!(m("%Bucket[A-Z]olicy%", &e));
        assert!(err("{ $.eventName = %(% }")
            .message
            .contains("regular expression"));
    }

    #[test]
    fn term_patterns() {
        let record = json!({"level": "ERROR", "msg": "Exiting with ERRORCODE: -1"});
        assert!(m("ERROR", &record));
        assert!(m(
            r#""ERROR" -"Exiting""#,
            &json!({"msg": "[ERROR] A fatal exception"})
        ));
        assert!(!m(r#""ERROR" -"Exiting""#, &record));
        assert!(m("?WARN ?ERROR", &record));
        assert!(!m("?WARN ?INFO", &record));
        assert!(!m("error", &record), "terms are case-sensitive");
        assert!(m("", &record));
        assert!(m("   ", &record));
        assert!(err("?a b").message.contains("not documented"));
    }

    #[test]
    fn cwl_012_pattern_without_spaces_and_bare_dotted_values() {
        let p = "{($.eventSource=s3.amazonaws.com)&&(($.eventName=PutBucketAcl)||($.eventName=PutBucketPolicy))}";
        let hit = json!({"eventSource": "s3.amazonaws.com", "eventName": "PutBucketPolicy"});
        let miss = json!({"eventSource": "s3.amazonaws.com", "eventName": "PutBucketCors"});
        assert!(m(p, &hit));
        assert!(!m(p, &miss));
    }

    #[test]
    fn keywords_are_case_insensitive() {
        let e = json!({"a": null});
        assert!(m("{ $.a is null }", &e));
        assert!(m("{ $.b not exists }", &e));
    }

    #[test]
    fn syntax_errors_say_where_and_why() {
        let e = err("{ $.eventName = PutBucketAcl ");
        assert!(e.message.contains("must end with `}`"), "{e}");
        let e = err("{ ($.eventName = PutBucketAcl }");
        assert_eq!(e.message, "this `(` is not closed");
        assert_eq!(e.at, 2);
        let e = err("{ $.eventName PutBucketAcl }");
        assert!(e.message.contains("expected an operator"), "{e}");
        let e = err("{ $.eventName = }");
        assert!(e.message.contains("expected a value"), "{e}");
        let e = err("{ $.latency > fast }");
        assert!(e.message.contains("compares numbers"), "{e}");
        let e = err("{ eventName = x }");
        assert!(e.message.contains("expected a selector"), "{e}");
        let e = err("{ $.a = \"open }");
        assert!(e.message.contains("not closed"), "{e}");
        let e = err("{ $.a = 1 && }");
        assert!(e.message.contains("expected a condition"), "{e}");
        let e = err("{ $.a = 1 ) }");
        assert!(e.message.contains("unexpected `)`"), "{e}");
        let e = err("{ }");
        assert!(e.message.contains("empty"), "{e}");
        let e = err("{ $.users[*].id = 1 }");
        assert!(e.message.contains("array index"), "{e}");
        let e = err("[ip, user, status_code = 4*]");
        assert!(e.message.contains("space-delimited"), "{e}");
        assert_eq!(
            err("{ $.a = 1 || }").to_string(),
            "expected a condition at the end of the pattern (at character 14)"
        );
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("400"), Some(400.0));
        assert_eq!(parse_number("+1000"), Some(1000.0));
        assert_eq!(parse_number("-5.5"), Some(-5.5));
        assert_eq!(parse_number("10e-3"), Some(0.01));
        assert_eq!(parse_number("123.123.*"), None);
        assert_eq!(parse_number("s3"), None);
        assert_eq!(parse_number("1."), None);
    }
}
