//! The policy file (`.s3drift.hcl`) as data, and how it applies to a run's findings: ignores
//! first (any match suppresses), then expected actors, then severity overrides (the last
//! matching block wins). `--fail-on` then counts what is left ([`crate::report::Report::fails`]).
//!
//! Applying a policy is a pure function over findings and today's date; reading the file is
//! the app's job, parsing its text is [`parse`].

pub mod parse;

use crate::code::Severity;
use crate::diff::finding::{
    AttributionStatus, ExpectedActor, Finding, SourceLocation, Suppression,
};
use crate::warning::{Warning, WarningCode};
use globset::GlobMatcher;

/// A glob as written, and its matcher.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub text: String,
    matcher: GlobMatcher,
}

impl Pattern {
    /// Compiles `text` (globset syntax: `*` also crosses `.` and `/`).
    pub fn new(text: &str) -> Result<Pattern, globset::Error> {
        Ok(Pattern {
            text: text.to_string(),
            matcher: globset::Glob::new(text)?.compile_matcher(),
        })
    }

    /// Whether `value` matches.
    pub fn matches(&self, value: &str) -> bool {
        self.matcher.is_match(value)
    }
}

/// One `ignore` block (or one `--ignore 'bucket:path'`).
#[derive(Clone, Debug)]
pub struct Ignore {
    pub bucket: Pattern,
    pub path: Pattern,
    pub code: Option<Pattern>,
    /// Matches the ARN or the rendered principal of a `confirmed` attribution only.
    pub principal: Option<Pattern>,
    pub reason: String,
    pub owner: Option<String>,
    /// The last day the ignore applies (UTC).
    pub expires: Option<jiff::civil::Date>,
    /// The one CloudTrail event whose change the ignore accepts.
    pub event_id: Option<String>,
    /// Where it is written; `None` for `--ignore`.
    pub origin: Option<SourceLocation>,
}

/// One `expected_actor` block: automation or break-glass roles whose confirmed changes are
/// expected.
#[derive(Clone, Debug)]
pub struct Expected {
    pub principal: Pattern,
    pub reason: Option<String>,
    pub origin: SourceLocation,
}

/// One `severity` block: findings matching every given glob get `level`.
#[derive(Clone, Debug)]
pub struct SeverityOverride {
    pub code: Option<Pattern>,
    pub path: Option<Pattern>,
    pub level: Severity,
    pub origin: SourceLocation,
}

/// A whole policy, blocks in file order.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    pub ignores: Vec<Ignore>,
    pub expected: Vec<Expected>,
    pub severities: Vec<SeverityOverride>,
    /// `fail_on`: `Some(None)` is `never`. The `--fail-on` flag overrides it.
    pub fail_on: Option<Option<Severity>>,
}

impl Policy {
    /// Whether the policy has no block at all.
    pub fn is_empty(&self) -> bool {
        self.ignores.is_empty()
            && self.expected.is_empty()
            && self.severities.is_empty()
            && self.fail_on.is_none()
    }
}

fn where_(origin: &Option<SourceLocation>) -> String {
    match origin {
        Some(o) => format!("{}:{}", o.file, o.line),
        None => "--ignore".to_string(),
    }
}

/// The principal strings a glob is matched against: a confirmed attribution's ARN and its
/// rendered principal. A `likely` or unattributed finding offers none: a guess never
/// silences a finding.
fn confirmed_principals(f: &Finding) -> Vec<&str> {
    match &f.attribution {
        Some(a) if a.status == AttributionStatus::Confirmed => a
            .arn
            .iter()
            .chain(a.principal.iter())
            .map(String::as_str)
            .collect(),
        _ => Vec::new(),
    }
}

fn confirmed_event(f: &Finding) -> Option<&str> {
    match &f.attribution {
        Some(a) if a.status == AttributionStatus::Confirmed => a.event_id.as_deref(),
        _ => None,
    }
}

impl Ignore {
    /// Whether the ignore matches `f` (expiry aside).
    pub fn matches(&self, f: &Finding) -> bool {
        if !self.bucket.matches(&f.bucket) || !self.path.matches(&f.path) {
            return false;
        }
        if let Some(code) = &self.code {
            if !code.matches(f.code.as_str()) {
                return false;
            }
        }
        if let Some(p) = &self.principal {
            if !confirmed_principals(f).iter().any(|s| p.matches(s)) {
                return false;
            }
        }
        if let Some(id) = &self.event_id {
            // The ignore accepts one change: once the attribute changes again, the
            // confirmed event is another one and the finding returns.
            if confirmed_event(f) != Some(id.as_str()) {
                return false;
            }
        }
        true
    }

    fn is_expired(&self, today: jiff::civil::Date) -> bool {
        self.expires.is_some_and(|d| d < today)
    }

    fn suppression(&self) -> Suppression {
        Suppression {
            reason: self.reason.clone(),
            owner: self.owner.clone(),
            expires: self.expires.map(|d| d.to_string()),
            event_id: self.event_id.clone(),
            file: self.origin.as_ref().map(|o| o.file.clone()),
            line: self.origin.as_ref().map(|o| o.line),
        }
    }
}

/// Whether a policy may touch `f`: gaps in coverage (unreadable parts, buckets not compared)
/// are never suppressed, made expected or re-graded, so a policy cannot turn a run that saw
/// nothing green.
fn in_scope(f: &Finding) -> bool {
    !f.kind.is_gap()
}

/// Applies `policy` to `findings` on `today` (UTC). Returns the warnings it raises: one
/// `ignore-expired` per expired ignore block.
pub fn apply(policy: &Policy, findings: &mut [Finding], today: jiff::civil::Date) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for ig in policy.ignores.iter().filter(|i| i.is_expired(today)) {
        let expires = ig.expires.map(|d| d.to_string()).unwrap_or_default();
        warnings.push(Warning::new(
            WarningCode::IgnoreExpired,
            where_(&ig.origin),
            format!(
                "the ignore of {}:{} ({}) expired on {expires} and no longer suppresses anything",
                ig.bucket.text, ig.path.text, ig.reason
            ),
        ));
    }
    for f in findings.iter_mut().filter(|f| in_scope(f)) {
        if let Some(ig) = policy
            .ignores
            .iter()
            .find(|i| !i.is_expired(today) && i.matches(f))
        {
            f.suppression = Some(ig.suppression());
            continue;
        }
        let principals = confirmed_principals(f);
        if let Some(e) = policy
            .expected
            .iter()
            .find(|e| principals.iter().any(|p| e.principal.matches(p)))
        {
            f.expected_actor = Some(ExpectedActor {
                principal: e.principal.text.clone(),
                reason: e.reason.clone(),
                file: e.origin.file.clone(),
                line: e.origin.line,
            });
            continue;
        }
        if let Some(o) = policy.severities.iter().rev().find(|o| {
            o.code.as_ref().is_none_or(|c| c.matches(f.code.as_str()))
                && o.path.as_ref().is_none_or(|p| p.matches(&f.path))
        }) {
            f.severity = o.level;
        }
    }
    warnings
}
