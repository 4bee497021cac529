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
//!
//! The document is built in pieces: `headline` (counts, coverage, a plan's reverts),
//! `table` (one table per bucket), `diff_block` (a policy change), `lists` (the
//! closing `<details>` lists) and `inline` (code spans and escaped text).

mod diff_block;
mod headline;
mod inline;
mod lists;
mod table;

pub use inline::{code, text};

use super::Report;
use crate::code::Severity;
use crate::diff::finding::Finding;
use std::fmt::Write as _;
use std::io::{self, Write};

/// GitHub's limit on one step's summary.
pub const STEP_SUMMARY_BYTES: usize = 1024 * 1024;
/// GitHub's limit on a comment or issue body, in characters.
pub const COMMENT_CHARS: usize = 65_536;
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
    headline::headline(report, opts, findings, &mut md);
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
    headline::reverts_first(&shown, &mut md);
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
        table::bucket_section(&heading, info, &rows, &mut md);
    }
    if kept.len() < findings.len() {
        left_out(findings, &keep, opts.max_bytes, &mut md);
    }
    if opts.bucket.is_none() {
        lists::lists(report, &mut md);
    }
    md
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

/// `1 bucket`, `2 buckets`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
