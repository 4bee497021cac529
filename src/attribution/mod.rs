//! Attribution, the stage after the comparison: who changed what. Pure: no I/O.
//!
//! For a drift finding on bucket B at path P (part X):
//!
//! * the window runs from `--since` to the live read (or the snapshot's `captured_at`);
//! * the latest successful event in the window that changed X on B is the candidate. Failed
//!   calls (`errorCode` set) changed nothing and are never the cause;
//! * **confirmed** when the candidate's new value at P equals the live value at P (compared
//!   with the diff's own semantics: [`leaves::diff`], the policy equivalence, AWS's value for
//!   an absent part);
//! * **likely** when the candidate carries no value at P (a body-less record, an access-log
//!   line);
//! * **unattributed** otherwise, with the reason: the latest change set another value (a later
//!   change left no trace in the sources), no source covers the bucket's region, the only
//!   matching events fall outside the window, or no event matches at all (then a source that
//!   gave up on reads, throttled or stopped by the run's deadline, is named: the search was
//!   incomplete).
//!
//! The other changes of the same part in the window become the history, newest first, with
//! sensitive values redacted. A partial request (`PutBucketVersioning` without `MfaDelete`)
//! did not touch the keys it leaves out (S3 keeps them), so it is neither the cause nor the
//! history of a finding there. One call seen both in CloudTrail and in an access log counts
//! once, as CloudTrail. A change made by the account's root user (the record's identity type,
//! not a principal that happens to be called `root`) raises the finding to critical. Bursts of
//! denied calls become [`Kind::Signal`] findings, and `CreateBucket`/`DeleteBucket` name who
//! created an unmanaged bucket and who deleted a missing one, unless the opposite call
//! follows in the window (then the bucket's state at the read is not that event's doing).

mod buckets;
mod bursts;
mod calls;
mod join;

use crate::code::{Kind, Severity};
use crate::diff::finding::{Attribution, AttributionStatus, Finding, HistoryEntry};
use crate::model::{DesiredSet, LivePart, Part, Snapshot, REDACTED};
use crate::trail::{stamp, Action, Event, EventSet, NewValue};
use serde_json::Value;
use std::collections::BTreeMap;

/// Fills `attribution` on every drift finding, adds unmanaged-bucket findings (from
/// `CreateBucket` events and from `live.listed`) and denied-burst signals.
pub fn attribute(
    findings: &mut Vec<Finding>,
    events: &EventSet,
    desired: &DesiredSet,
    live: &Snapshot,
) {
    let unique = calls::unique_events(events);
    let mut by_bucket: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in unique.iter().filter(|e| !e.bucket.is_empty()) {
        by_bucket.entry(e.bucket.as_str()).or_default().push(e);
    }
    let ctx = Context {
        events,
        desired,
        live,
        unique: &unique,
        by_bucket,
    };
    for f in findings.iter_mut() {
        if !(f.kind.is_drift() || f.kind == Kind::Unmanaged) || f.kind == Kind::Conflict {
            continue;
        }
        let (attribution, cause) = match f.kind {
            Kind::MissingLive | Kind::OwnerChanged => ctx.bucket_event(f, Action::DeleteBucket),
            Kind::Unmanaged => ctx.bucket_event(f, Action::CreateBucket),
            _ => match part_of_path(&f.path) {
                Some(part) => ctx.part_change(f, part),
                None => continue,
            },
        };
        if cause.is_some_and(|e| e.actor.root) {
            f.severity = Severity::Critical;
            f.notes
                .push("changed by the account's root user".to_string());
        }
        if let Some(note) = cause.and_then(|e| ctx.written_after(f, e)) {
            f.notes.push(note);
        }
        f.attribution = Some(attribution);
    }
    ctx.unmanaged(findings);
    ctx.denied_bursts(findings);
}

/// The part a canonical path belongs to.
fn part_of_path(path: &str) -> Option<Part> {
    Part::from_key(path.split(['.', '[']).next()?)
}

pub(crate) struct Context<'a> {
    events: &'a EventSet,
    desired: &'a DesiredSet,
    live: &'a Snapshot,
    /// Every event once (see [`unique_events`]), bucket or not.
    unique: &'a [&'a Event],
    /// The same, with a bucket, by bucket.
    by_bucket: BTreeMap<&'a str, Vec<&'a Event>>,
}

/// An attribution that names an event.
fn from_event(e: &Event, status: AttributionStatus) -> Attribution {
    Attribution {
        status,
        principal: Some(e.actor.principal.clone()),
        arn: e.actor.arn.clone(),
        account: e.actor.account.clone().or_else(|| e.account.clone()),
        event_name: Some(e.name.clone()),
        event_time: Some(e.time),
        event_id: e.event_id.clone(),
        source_ip: e.source_ip.clone(),
        user_agent: e.user_agent.as_deref().map(str::to_string),
        via: Some(e.via.clone()),
        vpc_endpoint_id: e.vpc_endpoint_id.clone(),
        evidence: Some(e.evidence.as_str().to_string()),
        reason: None,
        history: Vec::new(),
    }
}

fn unattributed(reason: String) -> Attribution {
    Attribution {
        status: AttributionStatus::Unattributed,
        principal: None,
        arn: None,
        account: None,
        event_name: None,
        event_time: None,
        event_id: None,
        source_ip: None,
        user_agent: None,
        via: None,
        vpc_endpoint_id: None,
        evidence: None,
        reason: Some(reason),
        history: Vec::new(),
    }
}

impl Context<'_> {
    fn live_part(&self, bucket: &str, part: Part) -> Option<Value> {
        let b = self.live.buckets.get(bucket)?;
        match b.parts.get(&part)? {
            LivePart::Present { value } => Some(value.to_value()),
            _ => None,
        }
    }

    fn region_of(&self, bucket: &str) -> Option<String> {
        self.live
            .buckets
            .get(bucket)
            .and_then(|b| b.region.clone())
            .or_else(|| {
                self.desired
                    .buckets
                    .iter()
                    .find(|t| t.bucket == bucket)
                    .and_then(|t| t.region.clone())
            })
    }

    /// Why no event explains a change, when none in the window does.
    fn no_event_reason(&self, bucket: &str, matching: &[&Event], what: &str) -> String {
        let window = match (self.events.since, self.events.until) {
            (Some(s), Some(u)) => format!(" between {} and {}", stamp(s), stamp(u)),
            _ => String::new(),
        };
        if let Some(after) = matching
            .iter()
            .find(|e| self.events.until.is_some_and(|u| e.time > u))
        {
            return format!(
                "the window ends at {}, before the matching {} at {}",
                stamp(self.events.until.unwrap_or(after.time)),
                after.name,
                stamp(after.time)
            );
        }
        if let Some(before) = matching
            .iter()
            .rev()
            .find(|e| self.events.since.is_some_and(|s| e.time < s))
        {
            return format!(
                "no event {what}{window}; the latest, {} at {}, is before --since",
                before.name,
                stamp(before.time)
            );
        }
        if let Some(region) = self.region_of(bucket) {
            let covered = self
                .events
                .coverage
                .iter()
                .any(|c| c.regions.as_ref().is_none_or(|r| r.contains(&region)));
            if !self.events.coverage.is_empty() && !covered {
                return format!("no event source covers the bucket's region {region}");
            }
        }
        let mut reason = format!("no event {what} in the sources{window}");
        if let Some(from) = self.events.coverage.iter().filter_map(|c| c.from).max() {
            reason.push_str(&format!(
                " (LookupEvents only reaches back to {})",
                stamp(from)
            ));
        }
        // A source that gave up on reads (throttled, or the run's deadline) may hold the
        // event: "no event" is then only as good as what was read.
        let gaps: Vec<&str> = self
            .events
            .incomplete
            .iter()
            .filter(|g| g.buckets.as_ref().is_none_or(|b| b.contains(bucket)))
            .map(|g| g.source.as_str())
            .collect();
        if !gaps.is_empty() {
            reason.push_str(&format!(
                "; the search is incomplete: {} gave up on reads (throttled, or --timeout; see the warnings)",
                gaps.join(", ")
            ));
        }
        reason
    }

    /// History: the other in-window changes, newest first.
    fn history(
        &self,
        f: &Finding,
        part: Part,
        changes: &[&Event],
        skip: Option<&Event>,
    ) -> Vec<HistoryEntry> {
        changes
            .iter()
            .rev()
            .filter(|e| skip.is_none_or(|s| !std::ptr::eq(s, **e)))
            .map(|e| HistoryEntry {
                principal: e.actor.principal.clone(),
                event_name: e.name.clone(),
                event_time: e.time,
                event_id: e.event_id.clone(),
                value: match &e.value {
                    _ if f.sensitive => Some(Value::from(REDACTED)),
                    NewValue::Set(v) | NewValue::Merge(v) => {
                        join::node_at(&v.to_value(), part, &f.path).cloned()
                    }
                    NewValue::Absent => Some(Value::Null),
                    NewValue::Unknown => None,
                },
            })
            .collect()
    }

    /// A remote state's LastModified is a hint, not a bound: a `-target` apply or a
    /// `terraform state push` can write the state after an out-of-band change without
    /// reverting it. When the state is newer than the change, say so instead of dropping the
    /// event.
    fn written_after(&self, f: &Finding, cause: &Event) -> Option<String> {
        if matches!(
            f.kind,
            Kind::MissingLive | Kind::OwnerChanged | Kind::Unmanaged
        ) {
            return None;
        }
        let written = self
            .desired
            .buckets
            .iter()
            .find(|t| t.bucket == f.bucket)?
            .state_written_at?;
        (written > cause.time).then(|| {
            format!(
                "the state was written at {}, after this change, and did not revert it (a -target apply or a state push?)",
                stamp(written)
            )
        })
    }
}
