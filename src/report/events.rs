//! `s3drift events`: the bucket-configuration events found, one line each: when, who, what,
//! which bucket, the new value in short, and how. Useful without any state.

use crate::trail::stamp;
use crate::trail::{Action, Event, EventSet, NewValue};
use std::io::{self, Write};

/// Which buckets' events a listing shows (`events --bucket GLOB`).
pub type BucketMatch<'a> = &'a dyn Fn(&str) -> bool;

/// The events a listing shows: in the window, on the buckets `keep` lets through, in time
/// order.
fn shown<'a>(events: &'a EventSet, keep: BucketMatch<'a>) -> impl Iterator<Item = &'a Event> + 'a {
    events
        .events
        .iter()
        .filter(move |e| events.in_window(e.time))
        .filter(move |e| keep(&e.bucket))
}

/// What the event did, in a few words.
fn what(e: &Event) -> String {
    let outcome = match &e.error_code {
        Some(code) if code.contains("AccessDenied") => format!("DENIED {code}"),
        Some(code) => format!("FAILED {code}"),
        None => String::new(),
    };
    let change = match (e.action, &e.value, e.part) {
        (Action::CreateBucket, _, _) => "bucket created".to_string(),
        (Action::DeleteBucket, _, _) => "bucket deleted".to_string(),
        (_, NewValue::Absent, Some(p)) => format!("{p} removed"),
        (_, NewValue::Set(v) | NewValue::Merge(v), Some(p)) => {
            let mut text = v.to_string();
            if text.chars().count() > 100 {
                text = text.chars().take(99).collect::<String>() + "…";
            }
            format!("{p} = {text}")
        }
        (_, _, Some(p)) => format!("{p} changed (no value recorded)"),
        _ => String::new(),
    };
    match (outcome.is_empty(), change.is_empty()) {
        (true, _) => change,
        (false, true) => outcome,
        (false, false) => format!("{outcome} ({change})"),
    }
}

/// Writes one text line per event: time, principal, event name, bucket, what, how.
pub fn render(events: &EventSet, keep: BucketMatch<'_>, out: &mut impl Write) -> io::Result<()> {
    let rows: Vec<[String; 5]> = shown(events, keep)
        .map(|e| {
            // Every cell comes from a CloudTrail record: escape control characters.
            [
                stamp(e.time),
                e.actor.principal.clone(),
                e.name.clone(),
                if e.bucket.is_empty() {
                    "(no bucket)".to_string()
                } else {
                    e.bucket.clone()
                },
                format!("{}  via {}", what(e), e.via.label()),
            ]
            .map(|cell| super::escape::clean(&cell).into_owned())
        })
        .collect();
    if rows.is_empty() {
        writeln!(out, "no bucket-configuration events found")?;
        return Ok(());
    }
    let mut width = [0usize; 4];
    for row in &rows {
        for (w, cell) in width.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in &rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i < 4 {
                let pad = width[i] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    let n = rows.len();
    writeln!(out, "{n} event{}", if n == 1 { "" } else { "s" })?;
    Ok(())
}

/// Writes one JSON object per line and event.
pub fn render_json(
    events: &EventSet,
    keep: BucketMatch<'_>,
    out: &mut impl Write,
) -> io::Result<()> {
    for e in shown(events, keep) {
        let text = serde_json::to_string(e).map_err(io::Error::other)?;
        writeln!(out, "{text}")?;
    }
    Ok(())
}
