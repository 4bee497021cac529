//! The `github` report: GitHub Actions workflow commands that turn findings into annotations
//! on the run, the pull request's diff and the checks page.
//!
//! ```text
//! ::error file=infra/s3.tf,line=12,title=encryption-downgraded::acme-data: server_side_…
//! ::warning title=bucket-unreadable::acme-logs: (bucket) could not be read …
//! ::notice title=s3drift::12 more findings are not shown as annotations (GitHub shows …)
//! ```
//!
//! Severity maps to the command: critical and high are `error`, medium is `warning`, low and
//! info are `notice`.
//!
//! GitHub keeps at most 10 annotations of each level per step and 50 per job, and drops the
//! rest without a word (FACTS.md, GitHub). So the most severe findings come first, each level
//! stops at its cap, and a last notice says how many were left out; a notice slot is kept
//! free for it.
//!
//! Escaping follows `@actions/toolkit`'s `command.ts`: `%`, CR and LF in the message become
//! `%25`, `%0D` and `%0A`; properties additionally escape `:` and `,` (`%3A`, `%2C`), the
//! command's own separators. Values from S3 or CloudTrail can therefore never end the line
//! and start another workflow command.
//!
//! Source locations are a seam: [`render_located`] takes a function from a finding to its
//! [`Location`]. Without one (plain [`render`]) an annotation has no `file` or `line` and
//! GitHub shows it on the run's summary page only.

use super::escape::clean;
use super::text::policy_diff;
use super::Report;
use crate::code::{Kind, Severity};
use crate::diff::finding::Finding;
use crate::model::REDACTED;
use crate::trail::stamp;
use serde_json::Value;
use std::io::{self, Write};

/// Annotations of one level GitHub keeps per step.
pub const PER_LEVEL_PER_STEP: usize = 10;
/// Annotations GitHub keeps per job.
pub const PER_JOB: usize = 50;

/// Longest value (expected or live) quoted in an annotation before it is cut; the JSON
/// report has the full value.
const VALUE_CHARS: usize = 200;

/// Where in the repository a finding's code is: the annotation's `file` and `line`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// A path relative to the repository root, with `/` separators.
    pub file: String,
    /// The 1-based line, when a line is known to be right.
    pub line: Option<u32>,
}

/// How many annotations to emit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// At most this many per level (`error`, `warning`, `notice`).
    pub per_level: usize,
    /// At most this many in all, the closing notice included.
    pub total: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            per_level: PER_LEVEL_PER_STEP,
            total: PER_JOB,
        }
    }
}

/// The workflow command for a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Notice,
    Warning,
    Error,
}

impl Level {
    /// The level GitHub shows a finding of this severity at.
    pub fn of(severity: Severity) -> Level {
        match severity {
            Severity::Critical | Severity::High => Level::Error,
            Severity::Medium => Level::Warning,
            Severity::Low | Severity::Info => Level::Notice,
        }
    }

    /// The workflow command's name.
    pub fn command(self) -> &'static str {
        match self {
            Level::Notice => "notice",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// Writes one annotation per finding, most severe first, within GitHub's default limits;
/// no finding has a location.
pub fn render(report: &Report, out: &mut impl Write) -> io::Result<()> {
    render_located(report, &|_| None, Limits::default(), out)
}

/// Writes one annotation per finding, most severe first, with the location `locate` gives
/// each finding, within `limits`; a closing notice counts what was left out.
pub fn render_located(
    report: &Report,
    locate: &dyn Fn(&Finding) -> Option<Location>,
    limits: Limits,
    out: &mut impl Write,
) -> io::Result<()> {
    // A suppressed finding is no annotation: the policy accepted it (JSON, Markdown and
    // SARIF keep it, with its reason).
    let mut order: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.suppression.is_none())
        .collect();
    // Most severe first; the report's own order (bucket, path) breaks ties, so the output is
    // deterministic.
    order.sort_by_key(|f| std::cmp::Reverse(f.severity));
    let over = over_limits(&order, limits);
    // Keep one slot for the closing notice when something will be left out.
    let (per_level_notice, total) = if over {
        (
            limits.per_level.saturating_sub(1),
            limits.total.saturating_sub(1),
        )
    } else {
        (limits.per_level, limits.total)
    };
    let mut used = [0usize; 3];
    let mut written = 0usize;
    for f in &order {
        let level = Level::of(f.severity);
        let cap = if level == Level::Notice {
            per_level_notice
        } else {
            limits.per_level
        };
        if used[level as usize] >= cap || written >= total {
            continue;
        }
        used[level as usize] += 1;
        written += 1;
        annotation(f, level, locate(f).as_ref(), out)?;
    }
    let left_out = order.len() - written;
    if left_out > 0 {
        let message = format!(
            "{left_out} more {} not shown as annotations (GitHub shows {} per level per \
             step and {} per job); the step summary and the JSON report list every finding.",
            if left_out == 1 {
                "finding is"
            } else {
                "findings are"
            },
            limits.per_level,
            limits.total,
        );
        writeln!(
            out,
            "::notice title={}::{}",
            escape_property("s3drift"),
            escape_data(&message)
        )?;
    }
    Ok(())
}

/// Whether emitting every finding would pass a limit.
fn over_limits(findings: &[&Finding], limits: Limits) -> bool {
    if findings.len() > limits.total {
        return true;
    }
    let mut used = [0usize; 3];
    for f in findings {
        used[Level::of(f.severity) as usize] += 1;
    }
    used.iter().any(|&n| n > limits.per_level)
}

fn annotation(
    f: &Finding,
    level: Level,
    location: Option<&Location>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut props = Vec::new();
    if let Some(loc) = location {
        props.push(format!("file={}", escape_property(&loc.file)));
        if let Some(line) = loc.line {
            props.push(format!("line={line}"));
        }
    }
    props.push(format!("title={}", escape_property(f.code.as_str())));
    writeln!(
        out,
        "::{} {}::{}",
        level.command(),
        props.join(","),
        escape_data(&message(f))
    )
}

/// The annotation's text: what changed on which bucket, why it matters and who did it.
pub fn message(f: &Finding) -> String {
    let path = if f.path.is_empty() {
        "(bucket)"
    } else {
        f.path.as_str()
    };
    let mut lines = Vec::new();
    let what = match f.kind {
        Kind::Changed | Kind::AddedLive | Kind::RemovedLive | Kind::OwnerChanged
            if !policy_diff(f) =>
        {
            format!(
                ": {} → {}",
                value(f.expected.as_ref(), f.sensitive),
                value(f.actual.as_ref(), f.sensitive)
            )
        }
        _ => String::new(),
    };
    lines.push(format!("[{}] {} {path}{what}", f.severity, f.subject()));
    lines.push(f.message.clone());
    if !f.address.is_empty() {
        lines.push(format!("Resource: {}", f.address));
    }
    for note in &f.notes {
        lines.push(format!("Note: {note}"));
    }
    if let Some(a) = &f.attribution {
        let mut who = format!(
            "By {}",
            a.principal.as_deref().unwrap_or("an unknown principal")
        );
        if let Some(t) = a.event_time {
            who.push_str(&format!(" at {}", stamp(t)));
        }
        if let Some(e) = &a.event_name {
            who.push_str(&format!(" ({e})"));
        }
        if let Some(via) = &a.via {
            who.push_str(&format!(" via {}", via.label()));
        }
        who.push_str(&format!(" [{}]", a.status.as_str()));
        if let Some(r) = &a.reason {
            who.push_str(&format!(": {r}"));
        }
        lines.push(who);
    }
    // Control characters other than the line breaks are shown escaped, as in text output.
    lines
        .iter()
        .map(|l| clean(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A value as the text report shows one, cut to [`VALUE_CHARS`].
fn value(v: Option<&Value>, sensitive: bool) -> String {
    if sensitive {
        return REDACTED.to_string();
    }
    let text = match v {
        None => "null".to_string(),
        Some(v) => v.to_string(),
    };
    if text.chars().count() > VALUE_CHARS {
        let cut: String = text.chars().take(VALUE_CHARS).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Escapes a workflow command's message (`escapeData` in `@actions/toolkit`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (`escapeProperty` in `@actions/toolkit`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_toolkit_does() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
        assert_eq!(
            escape_property("infra/a,b:c%.tf\n"),
            "infra/a%2Cb%3Ac%25.tf%0A"
        );
        // `%` first, so an escape in the input is not read back as one.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn severity_levels() {
        assert_eq!(Level::of(Severity::Critical), Level::Error);
        assert_eq!(Level::of(Severity::High), Level::Error);
        assert_eq!(Level::of(Severity::Medium), Level::Warning);
        assert_eq!(Level::of(Severity::Low), Level::Notice);
        assert_eq!(Level::of(Severity::Info), Level::Notice);
    }
}
