//! One bucket's table: a row per finding (severity, path, code, expected and live values,
//! who changed it), the notes below it and a diff per policy change.

use super::diff_block::diff_block;
use super::inline::{code, text};
use crate::code::Kind;
use crate::diff::finding::{Attribution, AttributionStatus, Finding};
use crate::model::REDACTED;
use crate::report::text::policy_diff;
use crate::report::BucketInfo;
use crate::trail::stamp;
use serde_json::Value;
use std::fmt::Write as _;

/// Longest value quoted in a table cell before it is cut; the JSON report has all of it.
const CELL_CHARS: usize = 120;

/// One bucket's (or, for an account's own settings, `account <id>`'s) table.
pub(super) fn bucket_section(
    subject: &str,
    info: Option<&BucketInfo>,
    rows: &[&Finding],
    md: &mut String,
) {
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

/// The path of a finding for a note or a list item; `(bucket)` for the bucket itself.
pub(super) fn path_label(f: &Finding) -> String {
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

/// One value as a table cell: redacted when sensitive, cut when long.
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
