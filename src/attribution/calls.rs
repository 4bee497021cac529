//! One call, one event: an access-log line of a call CloudTrail also recorded is a copy.

use crate::trail::{Event, EventSet, Evidence};
use std::collections::{HashMap, HashSet};

/// Every event once: access-log copies of CloudTrail events are dropped, so CloudTrail (which
/// carries the new value) wins. A copy is the same S3 request id or, when one side has no
/// request id (records that passed through a log pipeline may lose it), the same call
/// (bucket and name) by the same caller with the same outcome
/// (succeeded or failed) within a minute: a call refused to bob is not alice's successful
/// one, even when both hit the same bucket at the same time.
pub(super) fn unique_events(set: &EventSet) -> Vec<&Event> {
    let trail: Vec<&Event> = set
        .events
        .iter()
        .filter(|e| e.evidence == Evidence::Cloudtrail)
        .collect();
    let trail_ids: HashSet<&str> = trail
        .iter()
        .filter_map(|e| e.request_id.as_deref())
        .collect();
    let mut trail_calls: HashMap<(&str, &str), Vec<&Event>> = HashMap::new();
    for e in &trail {
        trail_calls
            .entry((e.bucket.as_str(), e.name.as_str()))
            .or_default()
            .push(e);
    }
    let same_call = |log: &Event, t: &Event| {
        // Two request ids that differ are two calls (a retry is a call of its own).
        (log.request_id.is_none() || t.request_id.is_none())
            && same_caller(log, t)
            && log.succeeded() == t.succeeded()
            && t.time.duration_since(log.time).as_secs().abs() <= 60
    };
    let seen_in_trail = |e: &Event| {
        e.request_id
            .as_deref()
            .is_some_and(|id| trail_ids.contains(id))
            || trail_calls
                .get(&(e.bucket.as_str(), e.name.as_str()))
                .is_some_and(|calls| calls.iter().any(|t| same_call(e, t)))
    };
    set.events
        .iter()
        .filter(|e| e.evidence == Evidence::Cloudtrail || !seen_in_trail(e))
        .collect()
}

/// Whether two events name the same caller: the same ARN when both have one, else the same
/// rendered principal (both are rendered by the same rules, see [`crate::trail::identity`]).
fn same_caller(a: &Event, b: &Event) -> bool {
    match (&a.actor.arn, &b.actor.arn) {
        (Some(x), Some(y)) => x == y,
        _ => a.actor.principal == b.actor.principal,
    }
}
