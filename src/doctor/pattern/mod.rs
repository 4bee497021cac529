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
//!
//! The parts, in the order a pattern goes through them: `terms` (term patterns),
//! `token` (a JSON pattern's tokens and selectors), `parser` (tokens → [`Expr`]) and
//! `expr` (an [`Expr`] evaluated on a record); `literal` reads the quoted strings and
//! `%regex%` literals both kinds of pattern share.

mod expr;
mod literal;
mod parser;
mod terms;
mod token;

pub use expr::{Expr, Test};
pub use terms::Terms;
pub use token::{Op, Step};

use parser::Parser;
use serde_json::Value;
use std::fmt;
use token::tokenize;

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

/// A [`ParseError`] at byte `at` of the pattern.
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
}
