//! A JSON pattern's tokens → an [`Expr`]: `&&` binds tighter than `||`, parentheses group,
//! and each condition is a selector followed by an operator and a value, or by `IS NULL`,
//! `IS TRUE`, `IS FALSE`, `EXISTS` or `NOT EXISTS` (keywords in any case).

use super::expr::{Expr, Test};
use super::token::{Kind, Op, Token};
use super::{error, ParseError};

/// A recursive-descent parser over the tokens of one JSON pattern.
pub(super) struct Parser {
    pub(super) tokens: Vec<Token>,
    pub(super) pos: usize,
    /// Where the expression ends, for "expected … at the end" errors.
    pub(super) end: usize,
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

    /// An expression: `and` terms joined by `||`.
    pub(super) fn or(&mut self) -> Result<Expr, ParseError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
