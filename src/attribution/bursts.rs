//! Denied-burst signals: many refused bucket-configuration calls by one principal in a short
//! window, a classic sign of S3 reconnaissance. Not drift: nobody changed anything.

use super::{from_event, Context};
use crate::code::{Code, Kind, Severity};
use crate::diff::finding::{AttributionStatus, Finding, HistoryEntry};
use crate::trail::{stamp, Event};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

impl Context<'_> {
    /// One signal per principal with `burst_count` or more denied bucket-configuration calls
    /// within `burst_window` (bursts of denied calls are a classic S3 reconnaissance signal).
    pub(super) fn denied_bursts(&self, findings: &mut Vec<Finding>) {
        if self.events.burst_count == 0 {
            return;
        }
        let mut by_actor: BTreeMap<String, Vec<&Event>> = BTreeMap::new();
        // The de-duplicated events: one refused call in both CloudTrail and an access log is
        // one call.
        for e in self.unique.iter().copied() {
            if is_denied(e) && self.events.in_window(e.time) {
                let key = e
                    .actor
                    .arn
                    .clone()
                    .unwrap_or_else(|| e.actor.principal.clone());
                by_actor.entry(key).or_default().push(e);
            }
        }
        let window = self.events.burst_window;
        for calls in by_actor.values() {
            // The densest stretch: the most calls that fit in one window.
            let (mut best, mut at) = (0usize, 0usize);
            let mut start = 0;
            for end in 0..calls.len() {
                while calls[end].time.duration_since(calls[start].time) > window {
                    start += 1;
                }
                if end + 1 - start > best {
                    best = end + 1 - start;
                    at = start;
                }
            }
            if best < self.events.burst_count {
                continue;
            }
            let burst = &calls[at..at + best];
            let first = burst[0];
            let last = burst[best - 1];
            let mut per_bucket: BTreeMap<&str, usize> = BTreeMap::new();
            let mut names: BTreeSet<&str> = BTreeSet::new();
            for e in burst {
                let b = if e.bucket.is_empty() {
                    "(unknown bucket)"
                } else {
                    e.bucket.as_str()
                };
                *per_bucket.entry(b).or_default() += 1;
                names.insert(&e.name);
            }
            let bucket = per_bucket
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(b, _)| b.to_string())
                .unwrap_or_default();
            let mut a = from_event(last, AttributionStatus::Observed);
            // The other calls of the burst, newest first (the last one is the attribution).
            a.history = burst[..best - 1]
                .iter()
                .rev()
                .map(|e| HistoryEntry {
                    principal: e.actor.principal.clone(),
                    event_name: e.name.clone(),
                    event_time: e.time,
                    event_id: e.event_id.clone(),
                    value: e.error_code.clone().map(Value::from),
                })
                .collect();
            let buckets: Vec<&str> = per_bucket.keys().copied().collect();
            let mut severity = Code::DeniedBurst.default_severity();
            if first.actor.root {
                severity = Severity::Critical;
            }
            findings.push(Finding {
                bucket,
                account: None,
                address: String::new(),
                path: String::new(),
                kind: Kind::Signal,
                code: Code::DeniedBurst,
                severity,
                expected: None,
                actual: Some(json!({
                    "denied_calls": best,
                    "first": stamp(first.time),
                    "last": stamp(last.time),
                    "buckets": buckets,
                    "events": names.into_iter().collect::<Vec<_>>(),
                })),
                message: format!(
                    "{} denied bucket-configuration calls by {} within {} ({} to {})",
                    best,
                    first.actor.principal,
                    human(window),
                    stamp(first.time),
                    stamp(last.time)
                ),
                notes: Vec::new(),
                sensitive: false,
                attribution: Some(a),
                location: None,
                suppression: None,
                expected_actor: None,
                status: None,
                plan: None,
            });
        }
    }
}

fn human(d: jiff::SignedDuration) -> String {
    let secs = d.as_secs();
    if secs % 3600 == 0 {
        format!("{}h", secs / 3600)
    } else if secs % 60 == 0 {
        format!("{}m", secs / 60)
    } else {
        format!("{secs}s")
    }
}

/// A call refused for lack of permission.
fn is_denied(e: &Event) -> bool {
    e.error_code.as_deref().is_some_and(|c| {
        c.contains("AccessDenied")
            || c.contains("Unauthorized")
            || c.contains("Forbidden")
            || c == "AllAccessDisabled"
            || c == "HTTP 403"
    })
}
