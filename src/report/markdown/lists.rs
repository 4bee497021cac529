//! The closing `<details>` lists: suppressed findings, findings resolved since the
//! baseline, warnings, and resources recognised but not compared.

use super::inline::{code, text};
use super::table::path_label;
use crate::report::Report;
use crate::warning::Warning;
use std::fmt::Write as _;

/// Warnings and not-monitored resources listed at most.
const LIST_ITEMS: usize = 20;

/// Warnings and resources recognised but not compared.
pub(super) fn lists(report: &Report, md: &mut String) {
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
