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
use super::{BucketInfo, Report, Summary};
use crate::code::{Kind, Severity};
use crate::diff::finding::{Attribution, Finding, Suppression};
use crate::model::REDACTED;
use crate::parts::policy::document as policy;
use crate::trail::stamp;
use owo_colors::{OwoColorize, Style};
use serde_json::Value;

use std::io::{self, Write};

/// How to render text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextOptions {
    /// ANSI colours (the caller decides: TTY, `--color`, `NO_COLOR`).
    pub color: bool,
    /// Messages wrap at this many columns (the terminal's width; 80 when not a terminal).
    pub width: usize,
    /// `--show-suppressed`: list findings a policy ignore suppresses (the summary counts
    /// them either way).
    pub show_suppressed: bool,
}

impl Default for TextOptions {
    fn default() -> TextOptions {
        TextOptions {
            color: false,
            width: DEFAULT_WIDTH,
            show_suppressed: false,
        }
    }
}

/// The width when output is not a terminal.
pub const DEFAULT_WIDTH: usize = 80;

/// Values longer than this are shortened with `…` in text; the JSON report has all of them.
const VALUE_CHARS: usize = 60;

/// Paints text with a style when colour is on.
struct Painter {
    color: bool,
    width: usize,
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
    let p = Painter {
        color: opts.color,
        width: opts.width.max(40),
    };
    let shown = |f: &&Finding| opts.show_suppressed || f.suppression.is_none();
    // A reviewer must see what the apply undoes before anything else (`check --plan`).
    let reverts: Vec<&Finding> = report.reverts().into_iter().filter(shown).collect();
    if !reverts.is_empty() {
        let title = format!(
            "This apply reverts {}:",
            plural(reverts.len(), "out-of-band change", "out-of-band changes")
        );
        writeln!(out, "{}", p.paint(&title, Style::new().red().bold()))?;
        for f in &reverts {
            let summary = f.plan.as_ref().map_or("", |v| v.summary.as_str());
            let line = format!("! {}: {}", clean(&f.subject()), clean(summary));
            writeln!(out, "{}", wrapped(&line, "  ", &p))?;
        }
        writeln!(out)?;
    }
    for group in most_severe_first(report.findings.iter().filter(shown)) {
        let head = match group[0].account_scope() {
            // An account's own configuration: its findings are the account's, not a bucket's.
            Some(account) => format!("# {} (account {account})", group[0].address),
            None => {
                let bucket = group[0].bucket.as_str();
                header(bucket, report.buckets.iter().find(|b| b.bucket == bucket))
            }
        };
        writeln!(out, "{}", p.paint(&clean(&head), Style::new().bold()))?;
        for f in group {
            finding(f, &p, out)?;
        }
        writeln!(out)?;
    }
    if !report.resolved.is_empty() {
        writeln!(out, "Resolved since the baseline:")?;
        for f in &report.resolved {
            let path = if f.path.is_empty() {
                "(bucket)"
            } else {
                &f.path
            };
            writeln!(
                out,
                "  {} {} [{}]",
                clean(&f.subject()),
                clean(path),
                f.code
            )?;
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
            writeln!(out, "  {}: {}", clean(&a.account), counts(&a.summary, &p))?;
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

/// The findings grouped by bucket: buckets with the most severe findings first, and within a
/// bucket the most severe first. Ties keep the report's order (bucket name, then path), so
/// the output is deterministic.
fn most_severe_first<'a>(findings: impl Iterator<Item = &'a Finding>) -> Vec<Vec<&'a Finding>> {
    let findings: Vec<&Finding> = findings.collect();
    let mut groups: Vec<Vec<&Finding>> = findings
        .chunk_by(|a, b| (&a.bucket, &a.account) == (&b.bucket, &b.account))
        .map(<[&Finding]>::to_vec)
        .collect();
    for g in &mut groups {
        g.sort_by_key(|f| std::cmp::Reverse(f.severity));
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g[0].severity));
    groups
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
/// absent, and redacted values as `(sensitive)`. A long value is cut with `…`.
fn show(value: Option<&Value>, sensitive: bool) -> String {
    if sensitive {
        return REDACTED.to_string();
    }
    let text = match value {
        None => return "null".to_string(),
        Some(v) => v.to_string(),
    };
    if text.chars().count() <= VALUE_CHARS {
        return text;
    }
    let kept: String = text.chars().take(VALUE_CHARS - 1).collect();
    kept + "…"
}

/// `text` wrapped at the painter's width: the first line at `indent`, the others four more
/// (a hanging indent). Words longer than a line (an ARN) stay whole.
fn wrapped(text: &str, indent: &str, p: &Painter) -> String {
    let hanging = format!("{indent}    ");
    let options = textwrap::Options::new(p.width)
        .initial_indent(indent)
        .subsequent_indent(&hanging)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
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
    let tag = match f.status {
        Some(status) => format!(
            "[{} {}, {status}]",
            f.severity,
            f.code,
            status = status.as_str()
        ),
        None => format!("[{} {}]", f.severity, f.code),
    };
    let tag = p.paint(&tag, severity_style(f.severity));
    // Bucket-level findings on a bucket no state manages have no address. With `--dir`,
    // where the code sets it follows, as `file:line` editors and terminals open.
    let at = f
        .location
        .as_ref()
        .map(|l| format!(" at {}:{}", clean(&l.file), l.line))
        .unwrap_or_default();
    if f.address.is_empty() {
        writeln!(out, "      {tag}{at}")?;
    } else {
        writeln!(out, "      {} {tag}{at}", clean(&f.address))?;
    }
    writeln!(out, "{}", wrapped(&clean(&f.message), "      ", p))?;
    if let Some(s) = &f.suppression {
        writeln!(
            out,
            "      {} {}",
            p.paint("suppressed:", Style::new().dimmed()),
            clean(&suppression(s))
        )?;
    }
    if let Some(e) = &f.expected_actor {
        let why = e
            .reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        writeln!(
            out,
            "      {} {} ({}:{}){}",
            p.paint("expected actor:", Style::new().dimmed()),
            clean(&e.principal),
            clean(&e.file),
            e.line,
            clean(&why)
        )?;
    }
    if let Some(view) = &f.plan {
        let text = wrapped(
            &format!("plan ({}): {}", view.class.as_str(), clean(&view.summary)),
            "      ",
            p,
        );
        let label = format!("plan ({}):", view.class.as_str());
        let text = text.replacen(&label, &p.paint(&label, Style::new().bold()), 1);
        writeln!(out, "{text}")?;
    }
    for note in &f.notes {
        let text = wrapped(&format!("note: {}", clean(note)), "      ", p);
        let text = text.replacen("note:", &p.paint("note:", Style::new().dimmed()), 1);
        writeln!(out, "{text}")?;
    }
    if let Some(a) = &f.attribution {
        writeln!(out, "{}", wrapped(&clean(&attribution(a)), "      ", p))?;
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

/// A suppression in one line: the reason, then owner, expiry, event and where it is written.
fn suppression(s: &Suppression) -> String {
    let mut extra = Vec::new();
    if let Some(o) = &s.owner {
        extra.push(format!("owner {o}"));
    }
    if let Some(e) = &s.expires {
        extra.push(format!("until {e}"));
    }
    if let Some(id) = &s.event_id {
        extra.push(format!("event {id}"));
    }
    extra.push(match (&s.file, s.line) {
        (Some(file), Some(line)) => format!("{file}:{line}"),
        _ => "--ignore".to_string(),
    });
    format!("{} ({})", s.reason, extra.join(", "))
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

/// The report's last line: "No drift" only when nothing counts for `--fail-on`.
fn summary(report: &Report, p: &Painter) -> String {
    let s = &report.summary;
    if s.drift + s.signals + s.unmanaged == 0 {
        let verb = if s.buckets + s.accounts == 1 {
            "matches its"
        } else {
            "match their"
        };
        // An account baseline's state holds no bucket: say only what was compared.
        let buckets = if s.buckets == 0 && s.accounts > 0 {
            String::new()
        } else {
            plural(s.buckets, "bucket", "buckets")
        };
        let sep = if buckets.is_empty() { "" } else { " and " };
        return format!(
            "{}: {buckets}{} {verb} code{}{}.",
            p.paint("No drift", Style::new().green().bold()),
            accounts(s, sep),
            gaps(s),
            controls(report)
        );
    }
    counts(s, p) + &controls(report)
}

/// The compared accounts after `sep`, when the code manages any account's own settings.
fn accounts(s: &Summary, sep: &str) -> String {
    if s.accounts == 0 {
        return String::new();
    }
    format!("{sep}{}", plural(s.accounts, "account", "accounts"))
}

/// The counts of a [`Summary`] in words, drift first.
fn counts(s: &Summary, p: &Painter) -> String {
    let by_severity: Vec<String> = Severity::ALL
        .into_iter()
        .filter(|&sev| s.at(sev) > 0)
        .map(|sev| p.paint(&format!("{} {sev}", s.at(sev)), severity_style(sev)))
        .collect();
    let by_severity = if by_severity.is_empty() {
        String::new()
    } else {
        format!(" ({})", by_severity.join(", "))
    };
    let mut line = format!(
        "{} ({} drifted){}, {}{by_severity}",
        plural(s.buckets, "bucket", "buckets"),
        s.drifted_buckets,
        accounts(s, ", "),
        plural(s.drift, "drift finding", "drift findings"),
    );
    if s.signals > 0 {
        line += &format!(", {}", plural(s.signals, "signal", "signals"));
    }
    if s.unmanaged > 0 {
        line += &format!(
            ", {}",
            plural(s.unmanaged, "unmanaged bucket", "unmanaged buckets")
        );
    }
    line + &gaps(s)
}

/// The policy and baseline counts, for the summary line.
fn controls(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::new();
    if s.suppressed > 0 {
        out += &format!(", {} suppressed", s.suppressed);
    }
    if s.expected > 0 {
        out += &format!(", {} by expected actors", s.expected);
    }
    if let Some(n) = s.new {
        out += &format!(", {n} new or changed since the baseline");
        if !report.resolved.is_empty() {
            out += &format!(", {} resolved", report.resolved.len());
        }
    }
    out
}

/// What was left uncompared, for the summary line.
fn gaps(s: &Summary) -> String {
    let mut out = String::new();
    if s.unreadable > 0 {
        out += &format!(", {} unreadable (not compared)", s.unreadable);
    }
    if s.not_compared > 0 {
        out += &format!(", {} not in the snapshot", s.not_compared);
    }
    out
}
