//! The `markdown` report: GitHub-flavoured Markdown for a job's step summary
//! (`$GITHUB_STEP_SUMMARY`), a pull-request comment and a drift issue.
//!
//! ```text
//! ## s3drift: 8 drift findings in 4 buckets
//!
//! | critical | high | medium | low | info | buckets compared | unreadable |
//! …
//! ### `acme-prod-data`
//! | severity | path | code | expected (code) | live | who · when · how |
//! …
//! <details><summary>Policy diff: <code>policy</code> (code → live)</summary>
//! ```
//!
//! A headline counts drift by severity and says what was covered (buckets compared,
//! attributes that could not be read); then one table per bucket, policy changes as a diff
//! in a `<details>` block.
//!
//! GitHub caps a step summary at 1 MiB and a comment or issue body at 65,536 characters
//! (FACTS.md, GitHub). [`MarkdownOptions::max_bytes`] bounds the document in bytes, which is
//! never fewer than its characters; when everything does not fit, the most severe findings
//! are kept and a closing note counts what was left out.
//!
//! Every value from state, S3 or CloudTrail is either inside a code span or escaped, so it
//! cannot add HTML, links or `@mentions` to a comment, nor break a table.

use super::escape::clean;
use super::text::{policy_diff, pretty_policy};
use super::{BucketInfo, Report};
use crate::code::{Kind, Severity};
use crate::diff::finding::{Attribution, AttributionStatus, Finding};
use crate::model::REDACTED;
use crate::trail::stamp;
use crate::warning::Warning;
use serde_json::Value;
use std::fmt::Write as _;
use std::io::{self, Write};

/// GitHub's limit on one step's summary.
pub const STEP_SUMMARY_BYTES: usize = 1024 * 1024;
/// GitHub's limit on a comment or issue body, in characters.
pub const COMMENT_CHARS: usize = 65_536;

/// Longest value quoted in a table cell before it is cut; the JSON report has all of it.
const CELL_CHARS: usize = 120;
/// Longest policy diff shown in one `<details>` block.
const DIFF_BYTES: usize = 20_000;
/// Warnings and not-monitored resources listed at most.
const LIST_ITEMS: usize = 20;

/// How to render Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// The most bytes the document may take.
    pub max_bytes: usize,
    /// A name shown in the headline (a matrix category, an account).
    pub title: Option<String>,
    /// Only this bucket's findings, or `account:<id>`'s (a drift issue's body).
    pub bucket: Option<String>,
}

impl Default for MarkdownOptions {
    fn default() -> MarkdownOptions {
        MarkdownOptions {
            max_bytes: STEP_SUMMARY_BYTES,
            title: None,
            bucket: None,
        }
    }
}

/// Writes the report as Markdown within `opts.max_bytes`.
pub fn render(report: &Report, opts: &MarkdownOptions, out: &mut impl Write) -> io::Result<()> {
    out.write_all(to_string(report, opts).as_bytes())
}

/// The report as Markdown within `opts.max_bytes`.
pub fn to_string(report: &Report, opts: &MarkdownOptions) -> String {
    let findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| opts.bucket.as_ref().is_none_or(|b| &f.subject_key() == b))
        // Suppressed findings are listed apart, after the tables (see `lists`).
        .filter(|f| f.suppression.is_none())
        .collect();
    // What the checked plan reverts first, then the most severe; the report's order breaks
    // ties. Truncation keeps a prefix of this, so a PR comment never loses a revert first.
    let mut ranked: Vec<usize> = (0..findings.len()).collect();
    ranked.sort_by_key(|&i| {
        (
            std::cmp::Reverse(findings[i].reverted()),
            std::cmp::Reverse(findings[i].severity),
        )
    });
    let doc = |k: usize| document(report, opts, &findings, &ranked[..k]);
    let full = doc(findings.len());
    if full.len() <= opts.max_bytes {
        return full;
    }
    // The largest prefix that fits. Size grows with the prefix (each finding adds a row),
    // so a binary search over the prefix length finds it in log(n) renders.
    let (mut lo, mut hi) = (0usize, findings.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if doc(mid).len() <= opts.max_bytes {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let text = doc(lo);
    if text.len() <= opts.max_bytes {
        return text;
    }
    // Only a budget smaller than the headline itself gets here: cut at a character boundary.
    let mut end = opts.max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// The whole document with only the findings at `kept` (indices into `findings`).
fn document(
    report: &Report,
    opts: &MarkdownOptions,
    findings: &[&Finding],
    kept: &[usize],
) -> String {
    let mut md = String::new();
    headline(report, opts, findings, &mut md);
    let mut keep = vec![false; findings.len()];
    for &i in kept {
        keep[i] = true;
    }
    let shown: Vec<&Finding> = findings
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(f, _)| *f)
        .collect();
    reverts_first(&shown, &mut md);
    // The report sorts findings by bucket, so each bucket's findings are adjacent.
    for group in shown.chunk_by(|a, b| (&a.bucket, &a.account) == (&b.bucket, &b.account)) {
        let bucket = group[0].bucket.as_str();
        let info = report
            .buckets
            .binary_search_by(|b| b.bucket.as_str().cmp(bucket))
            .ok()
            .map(|i| &report.buckets[i]);
        let heading = group[0].subject();
        let mut rows = group.to_vec();
        // Reverts, then the worst first within a bucket; the report's order (path) breaks ties.
        rows.sort_by_key(|f| {
            (
                std::cmp::Reverse(f.reverted()),
                std::cmp::Reverse(f.severity),
            )
        });
        bucket_section(&heading, info, &rows, &mut md);
    }
    if kept.len() < findings.len() {
        left_out(findings, &keep, opts.max_bytes, &mut md);
    }
    if opts.bucket.is_none() {
        lists(report, &mut md);
    }
    md
}

/// Counts by severity and coverage.
fn headline(report: &Report, opts: &MarkdownOptions, findings: &[&Finding], md: &mut String) {
    let drift: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.kind.is_drift() && f.expected_actor.is_none())
        .collect();
    let mut drifted: Vec<&str> = drift
        .iter()
        .filter(|f| f.account_scope().is_none())
        .map(|f| f.bucket.as_str())
        .collect();
    drifted.sort();
    drifted.dedup();
    let mut accounts: Vec<&str> = drift.iter().filter_map(|f| f.account_scope()).collect();
    accounts.sort();
    accounts.dedup();
    let mut scope = Vec::new();
    if !drifted.is_empty() || accounts.is_empty() {
        scope.push(plural(drifted.len(), "bucket", "buckets"));
    }
    if !accounts.is_empty() {
        scope.push(plural(accounts.len(), "account", "accounts"));
    }
    let title = match &opts.title {
        Some(t) => format!("s3drift ({})", text(t)),
        None => "s3drift".to_string(),
    };
    if drift.is_empty() {
        let _ = writeln!(md, "## {title}: no drift\n");
    } else {
        let _ = writeln!(
            md,
            "## {title}: {} in {}\n",
            plural(drift.len(), "drift finding", "drift findings"),
            scope.join(" and ")
        );
    }
    let count = |s: Severity| drift.iter().filter(|f| f.severity == s).count();
    let (compared, unreadable_buckets) = coverage(report, opts, findings);
    let unreadable = findings
        .iter()
        .filter(|f| f.kind == Kind::Unreadable)
        .count();
    let unreadable_cell = if unreadable == 0 {
        "0".to_string()
    } else {
        format!(
            "{} in {}",
            plural(unreadable, "attribute", "attributes"),
            if unreadable_buckets.iter().any(|b| b.starts_with("account ")) {
                plural(unreadable_buckets.len(), "place", "places")
            } else {
                plural(unreadable_buckets.len(), "bucket", "buckets")
            }
        )
    };
    let _ = writeln!(
        md,
        "| critical | high | medium | low | info | buckets compared | unreadable |\n\
         |:-:|:-:|:-:|:-:|:-:|:-:|:-:|\n\
         | {} | {} | {} | {} | {} | {compared} | {unreadable_cell} |\n",
        count(Severity::Critical),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        count(Severity::Info),
    );
    if !unreadable_buckets.is_empty() {
        let names: Vec<String> = unreadable_buckets.iter().map(|b| code(b, false)).collect();
        let _ = writeln!(
            md,
            "Not fully compared (some settings could not be read): {}.\n",
            names.join(", ")
        );
    }
    let signals = findings.iter().filter(|f| f.kind == Kind::Signal).count();
    let unmanaged = findings
        .iter()
        .filter(|f| f.kind == Kind::Unmanaged)
        .count();
    let also: Vec<String> = [
        (
            signals,
            plural(signals, "signal", "signals") + " from the event trail",
        ),
        (
            unmanaged,
            plural(unmanaged, "unmanaged bucket", "unmanaged buckets") + " that no state manages",
        ),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, text)| text)
    .collect();
    if !also.is_empty() {
        let _ = writeln!(md, "Also {} (not drift).\n", also.join(" and "));
    }
    if let Some(t) = report.captured_at {
        let _ = writeln!(md, "Live configuration read at {}.\n", stamp(t));
    }
}

/// Buckets compared, and the buckets with unreadable parts, in this document's scope.
fn coverage(
    report: &Report,
    opts: &MarkdownOptions,
    findings: &[&Finding],
) -> (usize, Vec<String>) {
    let mut unreadable: Vec<String> = findings
        .iter()
        .filter(|f| f.kind == Kind::Unreadable)
        .map(|f| f.subject())
        .collect();
    unreadable.sort();
    unreadable.dedup();
    let compared = match &opts.bucket {
        Some(b) => usize::from(
            report.buckets.iter().any(|i| &i.bucket == b)
                || (b.starts_with("account:") && report.summary.accounts > 0)
                || (report.buckets.is_empty()
                    && findings.iter().any(|f| f.kind != Kind::Unmanaged)),
        ),
        None => report.summary.buckets,
    };
    (compared, unreadable)
}

/// The reverts of the checked plan (`check --plan`), above everything else: a reviewer must
/// see what the apply undoes without scrolling.
fn reverts_first(shown: &[&Finding], md: &mut String) {
    let reverts: Vec<&&Finding> = shown.iter().filter(|f| f.reverted()).collect();
    if reverts.is_empty() {
        return;
    }
    let _ = writeln!(
        md,
        "**This apply reverts {}:**\n",
        plural(reverts.len(), "out-of-band change", "out-of-band changes")
    );
    for f in reverts {
        let summary = f.plan.as_ref().map_or("", |v| v.summary.as_str());
        let _ = writeln!(md, "- {}: {}", code(&f.subject(), false), text(summary));
    }
    md.push('\n');
}

/// One bucket's (or, for an account's own settings, `account <id>`'s) table.
fn bucket_section(subject: &str, info: Option<&BucketInfo>, rows: &[&Finding], md: &mut String) {
    let _ = writeln!(md, "### {}\n", code(subject, false));
    if let Some(info) = info {
        let mut parts = vec![code(&info.address, false)];
        if let Some(a) = &info.account {
            parts.push(format!("account {}", code(a, false)));
        }
        if let Some(r) = &info.region {
            parts.push(code(r, false));
        }
        let _ = writeln!(md, "{}\n", parts.join(" · "));
    }
    md.push_str(
        "| severity | path | code | expected (code) | live | who · when · how |\n\
         |---|---|---|---|---|---|\n",
    );
    for f in rows {
        let path = if f.path.is_empty() {
            "(bucket)".to_string()
        } else {
            code(&f.path, true)
        };
        let (expected, live) = values(f);
        let mut severity = f.severity.to_string();
        if let Some(s) = f.status {
            severity += &format!(" · {}", s.as_str());
        }
        if f.expected_actor.is_some() {
            severity += " · expected actor";
        }
        let _ = writeln!(
            md,
            "| {severity} | {path} | {} | {expected} | {live} | {} |",
            code(f.code.as_str(), true),
            who(f.attribution.as_ref()),
        );
    }
    md.push('\n');
    let noted: Vec<&&Finding> = rows
        .iter()
        .filter(|f| !f.notes.is_empty() || f.plan.is_some())
        .collect();
    for f in &noted {
        if let Some(view) = &f.plan {
            let _ = writeln!(
                md,
                "- {}: plan ({}): {}",
                path_label(f),
                view.class.as_str(),
                text(&view.summary)
            );
        }
        for note in &f.notes {
            let _ = writeln!(md, "- {}: {}", path_label(f), text(note));
        }
    }
    if !noted.is_empty() {
        md.push('\n');
    }
    for f in rows.iter().filter(|f| policy_diff(f)) {
        diff_block(f, md);
    }
}

fn path_label(f: &Finding) -> String {
    if f.path.is_empty() {
        format!("{} (bucket)", code(f.code.as_str(), false))
    } else {
        code(&f.path, false)
    }
}

/// The expected and live cells.
fn values(f: &Finding) -> (String, String) {
    match f.kind {
        _ if policy_diff(f) => ("see the diff below".into(), "see the diff below".into()),
        Kind::Changed | Kind::AddedLive | Kind::RemovedLive | Kind::OwnerChanged => (
            value(f.expected.as_ref(), f.sensitive),
            value(f.actual.as_ref(), f.sensitive),
        ),
        // Not a value change: the message says what happened (unreadable, conflict, …).
        _ => ("—".into(), text(&f.message)),
    }
}

fn value(v: Option<&Value>, sensitive: bool) -> String {
    if sensitive {
        return code(REDACTED, true);
    }
    let shown = match v {
        None => "null".to_string(),
        Some(v) => v.to_string(),
    };
    if shown.chars().count() > CELL_CHARS {
        let cut: String = shown.chars().take(CELL_CHARS).collect();
        format!("{}…", code(&cut, true))
    } else {
        code(&shown, true)
    }
}

/// Who, when and how, for a table cell.
fn who(a: Option<&Attribution>) -> String {
    let Some(a) = a else {
        return "—".into();
    };
    if a.status == AttributionStatus::Unattributed {
        return match &a.reason {
            Some(r) => format!("unattributed: {}", text(r)),
            None => "unattributed".into(),
        };
    }
    let mut parts = vec![match &a.principal {
        Some(p) => code(p, true),
        None => "an unknown principal".into(),
    }];
    if let Some(t) = a.event_time {
        parts.push(stamp(t));
    }
    let mut how = String::new();
    if let Some(e) = &a.event_name {
        how.push_str(&code(e, true));
    }
    if let Some(via) = &a.via {
        if !how.is_empty() {
            how.push(' ');
        }
        how.push_str(&format!("via {}", text(&via.label())));
    }
    if !how.is_empty() {
        parts.push(how);
    }
    format!("{} ({})", parts.join(" · "), a.status.as_str())
}

/// A policy change as a unified diff of the two normalised documents.
fn diff_block(f: &Finding, md: &mut String) {
    let old = pretty_policy(f.expected.as_ref());
    let new = pretty_policy(f.actual.as_ref());
    let mut diff = similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .header("code", "live")
        .to_string();
    if diff.len() > DIFF_BYTES {
        let mut end = DIFF_BYTES;
        while !diff.is_char_boundary(end) {
            end -= 1;
        }
        diff.truncate(end);
        diff.push_str("\n… (diff cut; the JSON report has both documents)\n");
    }
    let diff = clean_block(&diff);
    let fence = "`".repeat(longest_run(&diff, '`').max(2) + 1);
    let _ = writeln!(
        md,
        "<details><summary>Policy diff: <code>{}</code> (code → live)</summary>\n\n\
         {fence}diff\n{diff}{fence}\n\n</details>\n",
        html(&f.path)
    );
}

/// What a truncated document left out.
fn left_out(findings: &[&Finding], keep: &[bool], max_bytes: usize, md: &mut String) {
    let dropped: Vec<&&Finding> = findings
        .iter()
        .zip(keep)
        .filter(|(_, k)| !**k)
        .map(|(f, _)| f)
        .collect();
    let mut by = Vec::new();
    for s in [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ] {
        let n = dropped.iter().filter(|f| f.severity == s).count();
        if n > 0 {
            by.push(format!("{n} {s}"));
        }
    }
    let _ = writeln!(
        md,
        "> **{} not shown** ({}): this text is cut to fit GitHub's limit of {max_bytes} bytes, \
         keeping the most severe. The JSON report lists every finding.\n",
        plural(dropped.len(), "finding", "findings"),
        by.join(", ")
    );
}

/// Warnings and resources recognised but not compared.
fn lists(report: &Report, md: &mut String) {
    let sections: [(&str, Vec<String>); 4] = [
        (
            "Suppressed by the policy",
            report
                .findings
                .iter()
                .filter_map(|f| f.suppression.as_ref().map(|s| (f, s)))
                .map(|(f, s)| {
                    let mut item = format!(
                        "{} {} {}: {}",
                        code(&f.subject(), false),
                        path_label(f),
                        code(f.code.as_str(), false),
                        text(&s.reason)
                    );
                    if let Some(o) = &s.owner {
                        item += &format!(" (owner {})", text(o));
                    }
                    if let Some(e) = &s.expires {
                        item += &format!(" (until {})", text(e));
                    }
                    if let (Some(file), Some(line)) = (&s.file, s.line) {
                        item += &format!(" · {}", code(&format!("{file}:{line}"), false));
                    }
                    item
                })
                .collect(),
        ),
        (
            "Resolved since the baseline",
            report
                .resolved
                .iter()
                .map(|f| {
                    format!(
                        "{} {} {}",
                        code(&f.subject(), false),
                        path_label(f),
                        code(f.code.as_str(), false)
                    )
                })
                .collect(),
        ),
        (
            "Warnings",
            report.warnings.iter().map(warning_text).collect(),
        ),
        (
            "Not monitored (recognised, not compared)",
            report
                .not_monitored
                .iter()
                .map(|a| code(a, false))
                .collect(),
        ),
    ];
    for (title, items) in sections {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(
            md,
            "<details><summary>{title} ({})</summary>\n",
            items.len()
        );
        for item in items.iter().take(LIST_ITEMS) {
            let _ = writeln!(md, "- {item}");
        }
        if items.len() > LIST_ITEMS {
            let _ = writeln!(
                md,
                "- … {} more in the JSON report",
                items.len() - LIST_ITEMS
            );
        }
        md.push_str("\n</details>\n\n");
    }
}

/// One warning: its stable code, then what it is about, escaped.
fn warning_text(w: &Warning) -> String {
    format!("{} {}", code(w.code.as_str(), false), text(&w.to_string()))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Control characters escaped, line breaks kept (a code block's content).
fn clean_block(s: &str) -> String {
    s.split('\n')
        .map(|l| clean(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line: control characters escaped, line breaks as spaces.
fn one_line(s: &str) -> String {
    clean(&s.replace(['\r', '\n'], " ")).into_owned()
}

/// Text as a code span: nothing inside is Markdown, HTML or a mention. In a table cell `|`
/// is escaped, which GitHub's table parser requires even inside a code span.
pub fn code(s: &str, in_table: bool) -> String {
    let mut s = one_line(s);
    if in_table {
        s = s.replace('|', "\\|");
    }
    let run = longest_run(&s, '`');
    let fence = "`".repeat(run + 1);
    // A span that starts or ends with a backtick needs a space between it and the fence.
    let pad = if run > 0 { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// Text with every Markdown and HTML meaning taken away: punctuation backslash-escaped,
/// `<`, `>` and `&` as entities, `@` followed by a zero-width space so no one is mentioned.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("@&#8203;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text for HTML content.
fn html(s: &str) -> String {
    one_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_anything() {
        assert_eq!(code("a", false), "`a`");
        assert_eq!(code("a|b", true), "`a\\|b`");
        assert_eq!(code("a`b", false), "`` a`b ``");
        assert_eq!(code("line\nbreak", false), "`line break`");
    }

    #[test]
    fn text_has_no_markup() {
        assert_eq!(
            text("<img src=x> @alice *bold* [l](u) a|b"),
            "&lt;img src=x&gt; @&#8203;alice \\*bold\\* \\[l\\](u) a\\|b"
        );
    }
}
