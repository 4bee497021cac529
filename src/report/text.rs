//! The `text` report: drift grouped by bucket, in the shape of `terraform plan`'s drift
//! output, so Terraform users read it at a glance.
//!
//! ```text
//! # aws_s3_bucket.data (bucket "acme-data", account 111122223333, region eu-west-1)
//!   ~ versioning.status: "Enabled" → "Suspended"
//!       aws_s3_bucket_versioning.data [high versioning-suspended]
//!       Versioning is on in the code but suspended or off live.
//!
//! 1 bucket (1 drifted), 1 drift finding (1 high)
//! ```
//!
//! Markers: `~` changed, `+` set live only, `-` gone live, `!` everything that is not a value
//! change (unreadable, conflict, missing bucket, new owner). Policy changes show a unified
//! diff of both documents in their normalised form. Colour only when asked for.

use super::escape::clean;
use super::{BucketInfo, Report};
use crate::code::{Kind, Severity};
use crate::diff::finding::{Attribution, Finding};
use crate::model::REDACTED;
use crate::parts::policy::document as policy;
use crate::trail::stamp;
use owo_colors::{OwoColorize, Style};
use serde_json::Value;

use std::io::{self, Write};

/// How to render text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// ANSI colours (the caller decides: TTY, `--color`, `NO_COLOR`).
    pub color: bool,
}

/// Paints text with a style when colour is on.
struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, text: &str, style: Style) -> String {
        if self.color {
            text.style(style).to_string()
        } else {
            text.to_string()
        }
    }
}

/// Writes the report as text.
pub fn render(report: &Report, opts: &TextOptions, out: &mut impl Write) -> io::Result<()> {
    let p = Painter { color: opts.color };
    let mut buckets: Vec<&str> = report.findings.iter().map(|f| f.bucket.as_str()).collect();
    buckets.dedup();
    for bucket in buckets {
        let info = report.buckets.iter().find(|b| b.bucket == bucket);
        writeln!(
            out,
            "{}",
            p.paint(&clean(&header(bucket, info)), Style::new().bold())
        )?;
        for f in report.findings.iter().filter(|f| f.bucket == bucket) {
            finding(f, &p, out)?;
        }
        writeln!(out)?;
    }
    if !report.not_monitored.is_empty() {
        writeln!(out, "Not monitored (recognised, not compared):")?;
        for address in &report.not_monitored {
            writeln!(out, "  {}", clean(address))?;
        }
        writeln!(out)?;
    }
    if !report.accounts.is_empty() {
        writeln!(out, "Accounts:")?;
        for a in &report.accounts {
            let severities: Vec<String> = [
                (a.critical, Severity::Critical),
                (a.high, Severity::High),
                (a.medium, Severity::Medium),
                (a.low, Severity::Low),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, sev)| p.paint(&format!("{n} {sev}"), severity_style(*sev)))
            .collect();
            let severities = if severities.is_empty() {
                String::new()
            } else {
                format!(" ({})", severities.join(", "))
            };
            writeln!(
                out,
                "  {}: {} ({} drifted), {}{severities}",
                clean(&a.account),
                plural(a.buckets, "bucket", "buckets"),
                a.drifted_buckets,
                plural(a.drift, "drift finding", "drift findings"),
            )?;
        }
        writeln!(out)?;
    }
    if !report.warnings.is_empty() {
        writeln!(out, "{}", p.paint("Warnings:", Style::new().yellow()))?;
        for w in &report.warnings {
            writeln!(out, "  {}", clean(&w.to_string()))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(report, &p))
}

fn header(bucket: &str, info: Option<&BucketInfo>) -> String {
    let Some(info) = info else {
        return format!("# bucket \"{bucket}\"");
    };
    let mut parts = vec![format!("bucket \"{bucket}\"")];
    if let Some(a) = &info.account {
        parts.push(format!("account {a}"));
    }
    if let Some(r) = &info.region {
        parts.push(format!("region {r}"));
    }
    format!("# {} ({})", info.address, parts.join(", "))
}

fn marker(kind: Kind) -> (&'static str, Style) {
    match kind {
        Kind::Changed => ("~", Style::new().yellow()),
        Kind::AddedLive => ("+", Style::new().green()),
        Kind::RemovedLive => ("-", Style::new().red()),
        Kind::Unreadable => ("!", Style::new().cyan()),
        _ => ("!", Style::new().red().bold()),
    }
}

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Critical => Style::new().red().bold(),
        Severity::High => Style::new().red(),
        Severity::Medium => Style::new().yellow(),
        Severity::Low | Severity::Info => Style::new().dimmed(),
    }
}

/// A value the way `terraform plan` shows one: strings quoted, objects compact, `null` for
/// absent, and redacted values as `(sensitive)`.
fn show(value: Option<&Value>, sensitive: bool) -> String {
    if sensitive {
        return REDACTED.to_string();
    }
    match value {
        None => "null".to_string(),
        Some(v) => v.to_string(),
    }
}

/// Whether a finding is best shown as a diff of two policy documents.
pub(crate) fn policy_diff(f: &Finding) -> bool {
    f.path == "policy"
        && !f.sensitive
        && matches!(f.kind, Kind::Changed | Kind::AddedLive | Kind::RemovedLive)
        && [&f.expected, &f.actual]
            .iter()
            .all(|v| matches!(v, None | Some(Value::Object(_)) | Some(Value::String(_))))
        && (f.expected.is_some() || f.actual.is_some())
        && f.code != crate::code::Code::PolicyOrphanedPrincipal
}

fn finding(f: &Finding, p: &Painter, out: &mut impl Write) -> io::Result<()> {
    let (mark, style) = marker(f.kind);
    let path = if f.path.is_empty() {
        "(bucket)"
    } else {
        f.path.as_str()
    };
    let what = match f.kind {
        Kind::Changed | Kind::AddedLive | Kind::RemovedLive | Kind::OwnerChanged
            if !policy_diff(f) =>
        {
            format!(
                ": {} → {}",
                show(f.expected.as_ref(), f.sensitive),
                show(f.actual.as_ref(), f.sensitive)
            )
        }
        Kind::Unreadable => ": unreadable".to_string(),
        Kind::Conflict => ": conflict".to_string(),
        Kind::MissingLive => ": missing live".to_string(),
        Kind::Unmanaged => ": unmanaged".to_string(),
        Kind::Signal => ": signal".to_string(),
        _ => String::new(),
    };
    writeln!(out, "  {} {}{what}", p.paint(mark, style), clean(path))?;
    let tag = format!("[{} {}]", f.severity, f.code);
    let tag = p.paint(&tag, severity_style(f.severity));
    // Bucket-level findings on a bucket no state manages have no address.
    if f.address.is_empty() {
        writeln!(out, "      {tag}")?;
    } else {
        writeln!(out, "      {} {tag}", clean(&f.address))?;
    }
    writeln!(out, "      {}", clean(&f.message))?;
    for note in &f.notes {
        writeln!(
            out,
            "      {} {}",
            p.paint("note:", Style::new().dimmed()),
            clean(note)
        )?;
    }
    if let Some(a) = &f.attribution {
        writeln!(out, "      {}", clean(&attribution(a)))?;
        // Attribution: earlier changes of the same attribute, newest first.
        for h in a.history.iter().take(HISTORY_SHOWN) {
            writeln!(
                out,
                "        earlier: {} at {} ({})",
                clean(&h.principal),
                stamp(h.event_time),
                clean(&h.event_name)
            )?;
        }
        if a.history.len() > HISTORY_SHOWN {
            writeln!(out, "        … {} more", a.history.len() - HISTORY_SHOWN)?;
        }
    }
    if policy_diff(f) {
        policy_lines(f, p, out)?;
    }
    Ok(())
}

/// Earlier changes listed under an attributed finding; the JSON report has all of them.
const HISTORY_SHOWN: usize = 3;

fn attribution(a: &Attribution) -> String {
    let mut text = format!(
        "by {}",
        a.principal.as_deref().unwrap_or("an unknown principal")
    );
    if let Some(t) = &a.event_time {
        text.push_str(&format!(" at {}", stamp(*t)));
    }
    if let Some(e) = &a.event_name {
        text.push_str(&format!(" ({e})"));
    }
    // Attribution: how the change was made (console, terraform, aws-cli, an SDK, …).
    if let Some(via) = &a.via {
        text.push_str(&format!(" via {}", via.label()));
    }
    text.push_str(&format!(" [{}]", a.status.as_str()));
    if let Some(r) = &a.reason {
        text.push_str(&format!(": {r}"));
    }
    text
}

/// The normalised document, pretty-printed, or nothing for an absent policy.
pub(crate) fn pretty_policy(value: Option<&Value>) -> String {
    match value {
        None => String::new(),
        Some(v) => {
            let text = serde_json::to_string_pretty(&policy::display_form(v)).unwrap_or_default();
            text + "\n"
        }
    }
}

fn policy_lines(f: &Finding, p: &Painter, out: &mut impl Write) -> io::Result<()> {
    let old = pretty_policy(f.expected.as_ref());
    let new = pretty_policy(f.actual.as_ref());
    let diff = similar::TextDiff::from_lines(&old, &new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header("code", "live")
        .to_string();
    for line in text.lines() {
        let style = if line.starts_with("+++") || line.starts_with("---") {
            Style::new().bold()
        } else if line.starts_with('+') {
            Style::new().green()
        } else if line.starts_with('-') {
            Style::new().red()
        } else if line.starts_with("@@") {
            Style::new().cyan()
        } else {
            Style::new()
        };
        writeln!(out, "        {}", p.paint(line, style))?;
    }
    Ok(())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn summary(report: &Report, p: &Painter) -> String {
    let s = &report.summary;
    let buckets = plural(s.buckets, "bucket", "buckets");
    let unreadable = if s.unreadable > 0 {
        format!(", {} unreadable (not compared)", s.unreadable)
    } else {
        String::new()
    };
    if s.drift == 0 {
        let verb = if s.buckets == 1 {
            "matches its"
        } else {
            "match their"
        };
        return format!(
            "{}: {buckets} {verb} code{unreadable}.",
            p.paint("No drift", Style::new().green().bold())
        );
    }
    let mut by_severity = Vec::new();
    for sev in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let n = report
            .findings
            .iter()
            .filter(|f| f.kind.is_drift() && f.severity == sev)
            .count();
        if n > 0 {
            by_severity.push(p.paint(&format!("{n} {sev}"), severity_style(sev)));
        }
    }
    format!(
        "{buckets} ({} drifted), {} ({}){unreadable}",
        s.drifted_buckets,
        plural(s.drift, "drift finding", "drift findings"),
        by_severity.join(", ")
    )
}
