//! A JSON pattern's expression and its evaluation on one record, following the guide: a
//! selector that names an object, an array or nothing matches neither `=` nor `!=`.

use super::token::{Op, Step};
use serde_json::Value;

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
