//! Parses the text of a policy file into a [`Policy`]. Every error carries the byte span it
//! points at, so the app can print it as a diagnostic with the offending line; unknown
//! blocks and keys are errors, so a typo never silently widens or narrows a policy.
//!
//! hcl-edit keeps spans (hcl-rs does not), which is why it reads this file.

use super::{Expected, Ignore, Pattern, Policy, SeverityOverride};
use crate::code::Severity;
use crate::diff::finding::SourceLocation;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body, Structure};
use hcl_edit::Span;
use std::ops::Range;

/// What is wrong, where (a byte range of the text), and a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    pub message: String,
    pub span: Range<usize>,
    pub label: String,
    pub help: Option<String>,
}

impl PolicyError {
    fn at(span: Option<Range<usize>>, message: impl Into<String>, label: &str) -> PolicyError {
        PolicyError {
            message: message.into(),
            span: span.unwrap_or(0..0),
            label: label.to_string(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> PolicyError {
        self.help = Some(help.into());
        self
    }
}

const IGNORE_KEYS: &[&str] = &[
    "bucket",
    "path",
    "code",
    "principal",
    "reason",
    "owner",
    "expires",
    "event_id",
];
const EXPECTED_KEYS: &[&str] = &["principal", "reason"];
const SEVERITY_KEYS: &[&str] = &["code", "path", "level"];

/// Parses `text`, the policy file `file` (as findings name it: relative to the checkout).
pub fn parse(text: &str, file: &str) -> Result<Policy, PolicyError> {
    let body: Body = hcl_edit::parser::parse_body(text).map_err(|e| {
        let offset = e.location().offset().min(text.len());
        PolicyError::at(
            Some(offset..offset),
            format!("the policy file is not valid HCL: {}", e.message()),
            "here",
        )
    })?;
    let line_of = |offset: usize| -> u32 {
        let upto = &text[..offset.min(text.len())];
        u32::try_from(upto.matches('\n').count() + 1).unwrap_or(u32::MAX)
    };
    let mut policy = Policy::default();
    for item in body.iter() {
        match item {
            Structure::Attribute(a) if a.key.as_str() == "fail_on" => {
                let v = string(&a.value, "fail_on")?;
                policy.fail_on = Some(if v == "never" {
                    None
                } else {
                    Some(severity(&v, a.value.span())?)
                });
            }
            Structure::Attribute(a) => {
                return Err(PolicyError::at(
                    a.key.span(),
                    format!("unknown setting `{}` in the policy file", a.key.as_str()),
                    "unknown key",
                )
                .help("the top level holds `fail_on` and `ignore`, `expected_actor` and `severity` blocks"));
            }
            Structure::Block(b) => {
                let origin = SourceLocation {
                    file: file.to_string(),
                    line: line_of(b.ident.span().map_or(0, |s| s.start)),
                };
                if !b.labels.is_empty() {
                    return Err(PolicyError::at(
                        b.ident.span(),
                        format!("the `{}` block takes no label", b.ident.as_str()),
                        "labelled block",
                    ));
                }
                match b.ident.as_str() {
                    "ignore" => policy.ignores.push(ignore(b, origin)?),
                    "expected_actor" => policy.expected.push(expected(b, origin)?),
                    "severity" => policy.severities.push(override_(b, origin)?),
                    other => {
                        return Err(PolicyError::at(
                            b.ident.span(),
                            format!("unknown block `{other}` in the policy file"),
                            "unknown block",
                        )
                        .help("blocks are `ignore`, `expected_actor` and `severity`"))
                    }
                }
            }
        }
    }
    Ok(policy)
}

/// The block's attributes, each key known and given once.
fn attributes<'a>(b: &'a Block, known: &[&str]) -> Result<Vec<&'a Attribute>, PolicyError> {
    let mut seen: Vec<&Attribute> = Vec::new();
    for item in b.body.iter() {
        match item {
            Structure::Attribute(a) => {
                let key = a.key.as_str();
                if !known.contains(&key) {
                    return Err(PolicyError::at(
                        a.key.span(),
                        format!("unknown key `{key}` in the `{}` block", b.ident.as_str()),
                        "unknown key",
                    )
                    .help(format!(
                        "the `{}` block takes {}",
                        b.ident.as_str(),
                        known.join(", ")
                    )));
                }
                if seen.iter().any(|s| s.key.as_str() == key) {
                    return Err(PolicyError::at(
                        a.key.span(),
                        format!("`{key}` is given twice in the `{}` block", b.ident.as_str()),
                        "given again",
                    ));
                }
                seen.push(a);
            }
            Structure::Block(inner) => {
                return Err(PolicyError::at(
                    inner.ident.span(),
                    format!("the `{}` block holds no blocks", b.ident.as_str()),
                    "unexpected block",
                ))
            }
        }
    }
    Ok(seen)
}

fn get<'a>(attrs: &[&'a Attribute], key: &str) -> Option<&'a Attribute> {
    attrs.iter().copied().find(|a| a.key.as_str() == key)
}

fn string(value: &Expression, key: &str) -> Result<String, PolicyError> {
    match value {
        Expression::String(s) => Ok(s.value().to_string()),
        _ => Err(PolicyError::at(
            value.span(),
            format!("`{key}` must be a quoted string"),
            "not a string",
        )),
    }
}

fn optional(attrs: &[&Attribute], key: &str) -> Result<Option<String>, PolicyError> {
    get(attrs, key).map(|a| string(&a.value, key)).transpose()
}

fn missing(b: &Block, key: &str) -> PolicyError {
    PolicyError::at(
        b.ident.span(),
        format!("the `{}` block needs `{key}`", b.ident.as_str()),
        &format!("`{key}` missing"),
    )
}

fn required(b: &Block, attrs: &[&Attribute], key: &str) -> Result<String, PolicyError> {
    optional(attrs, key)?.ok_or_else(|| missing(b, key))
}

fn pattern(attrs: &[&Attribute], key: &str) -> Result<Option<Pattern>, PolicyError> {
    let Some(a) = get(attrs, key) else {
        return Ok(None);
    };
    let text = string(&a.value, key)?;
    Pattern::new(&text).map(Some).map_err(|e| {
        PolicyError::at(
            a.value.span(),
            format!("`{key}` is not a valid glob: {}", e.kind()),
            "bad glob",
        )
    })
}

fn required_pattern(b: &Block, attrs: &[&Attribute], key: &str) -> Result<Pattern, PolicyError> {
    pattern(attrs, key)?.ok_or_else(|| missing(b, key))
}

fn severity(text: &str, span: Option<Range<usize>>) -> Result<Severity, PolicyError> {
    Severity::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            PolicyError::at(
                span,
                format!("`{text}` is not a severity"),
                "unknown severity",
            )
            .help("one of critical, high, medium, low, info")
        })
}

fn ignore(b: &Block, origin: SourceLocation) -> Result<Ignore, PolicyError> {
    let attrs = attributes(b, IGNORE_KEYS)?;
    let expires = match get(&attrs, "expires") {
        None => None,
        Some(a) => {
            let text = string(&a.value, "expires")?;
            Some(text.parse::<jiff::civil::Date>().map_err(|_| {
                PolicyError::at(
                    a.value.span(),
                    format!("`expires` must be a date (YYYY-MM-DD), not `{text}`"),
                    "not a date",
                )
            })?)
        }
    };
    Ok(Ignore {
        bucket: required_pattern(b, &attrs, "bucket")?,
        path: required_pattern(b, &attrs, "path")?,
        code: pattern(&attrs, "code")?,
        principal: pattern(&attrs, "principal")?,
        reason: required(b, &attrs, "reason")?,
        owner: optional(&attrs, "owner")?,
        expires,
        event_id: optional(&attrs, "event_id")?,
        origin: Some(origin),
    })
}

fn expected(b: &Block, origin: SourceLocation) -> Result<Expected, PolicyError> {
    let attrs = attributes(b, EXPECTED_KEYS)?;
    Ok(Expected {
        principal: required_pattern(b, &attrs, "principal")?,
        reason: optional(&attrs, "reason")?,
        origin,
    })
}

fn override_(b: &Block, origin: SourceLocation) -> Result<SeverityOverride, PolicyError> {
    let attrs = attributes(b, SEVERITY_KEYS)?;
    let level_attr = get(&attrs, "level");
    let level = required(b, &attrs, "level")?;
    let out = SeverityOverride {
        code: pattern(&attrs, "code")?,
        path: pattern(&attrs, "path")?,
        level: severity(&level, level_attr.and_then(|a| a.value.span()))?,
        origin,
    };
    if out.code.is_none() && out.path.is_none() {
        return Err(PolicyError::at(
            b.ident.span(),
            "the `severity` block needs `code` or `path`",
            "matches nothing",
        ));
    }
    Ok(out)
}
