//! A policy change as a unified diff in a `<details>` block, cut when too long.

use super::inline::{clean_block, html, longest_run};
use crate::diff::finding::Finding;
use crate::report::text::pretty_policy;
use std::fmt::Write as _;

/// Longest policy diff shown in one `<details>` block.
const DIFF_BYTES: usize = 20_000;

/// A policy change as a unified diff of the two normalised documents.
pub(super) fn diff_block(f: &Finding, md: &mut String) {
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
