//! Who changed what: joins drift findings to bucket-configuration events. Pure: no I/O.
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
//!   matching events fall outside the window, or no event matches at all.
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

use super::defaults;
use super::finding::{stamp, Attribution, AttributionStatus, Finding, HistoryEntry, REDACTED};
use super::leaves;
use crate::code::{Code, Kind, Severity};
use crate::model::{DesiredSet, LivePart, LiveStatus, Part, Snapshot};
use crate::trail::{Action, Event, EventSet, Evidence, NewValue};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Fills `attribution` on every drift finding, adds unmanaged-bucket findings (from
/// `CreateBucket` events and from `live.listed`) and denied-burst signals.
pub fn attribute(
    findings: &mut Vec<Finding>,
    events: &EventSet,
    desired: &DesiredSet,
    live: &Snapshot,
) {
    let unique = unique_events(events);
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
        if !f.kind.is_drift() || f.kind == Kind::Conflict {
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

/// Every event once: access-log copies of CloudTrail events are dropped, so CloudTrail (which
/// carries the new value) wins. A copy is the same S3 request id or, when one side has no
/// request id (records that passed through a log pipeline may lose it), the same call
/// (bucket and name) by the same caller with the same outcome
/// (succeeded or failed) within a minute: a call refused to bob is not alice's successful
/// one, even when both hit the same bucket at the same time.
fn unique_events(set: &EventSet) -> Vec<&Event> {
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

/// The part a canonical path belongs to.
fn part_of_path(path: &str) -> Option<Part> {
    Part::from_key(path.split(['.', '[']).next()?)
}

struct Context<'a> {
    events: &'a EventSet,
    desired: &'a DesiredSet,
    live: &'a Snapshot,
    /// Every event once (see [`unique_events`]), bucket or not.
    unique: &'a [&'a Event],
    /// The same, with a bucket, by bucket.
    by_bucket: BTreeMap<&'a str, Vec<&'a Event>>,
}

/// Whether an event changed `path`. A partial request (`NewValue::Merge`) that leaves the
/// key out kept it: S3 keeps MFA delete when `PutBucketVersioning` has no `MfaDelete`, and
/// the status when it has only `MfaDelete`.
fn touches(e: &Event, part: Part, path: &str) -> bool {
    match &e.value {
        NewValue::Merge(v) => node_at(v, part, path).is_some(),
        _ => true,
    }
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
        user_agent: e.user_agent.clone(),
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

/// Replaces grants to the owner's canonical id with `owner`, as the model writes them.
fn owner_grants(value: &mut Value, owner_id: Option<&str>) {
    let (Some(owner), Some(grants)) = (
        owner_id,
        value.get_mut("grant").and_then(Value::as_array_mut),
    ) else {
        return;
    };
    let own = format!("id:{owner}");
    for g in grants.iter_mut() {
        if let Some(s) = g.as_str() {
            if let Some((perm, who)) = s.split_once(' ') {
                if who == own {
                    *g = Value::from(format!("{perm} owner"));
                }
            }
        }
    }
}

/// Whether `path` is `at` or lies under it (or the reverse).
fn overlaps(path: &str, at: &str) -> bool {
    let under = |a: &str, b: &str| {
        a == b || (a.starts_with(b) && matches!(a.as_bytes().get(b.len()), Some(b'.') | Some(b'[')))
    };
    under(path, at) || under(at, path)
}

/// The node at a canonical path inside a part value (`None`: not set).
fn node_at<'v>(value: &'v Value, part: Part, path: &str) -> Option<&'v Value> {
    let rest = path.strip_prefix(part.key()).unwrap_or(path);
    if part == Part::Tags {
        return match rest.strip_prefix('.') {
            Some(key) => value.get(key),
            None => Some(value),
        };
    }
    let mut node = value;
    for key in leaves::segments(rest) {
        node = node.get(key.as_str())?;
    }
    Some(node)
}

/// The part value an event leaves behind, as far as it tells at `path`: `None` when it
/// carries no value there (no body, an access-log line, a partial request without that key),
/// `Some(None)` for an absent part. Merge requests are laid over the live value.
fn new_part_value(
    e: &Event,
    part: Part,
    path: &str,
    live: Option<&Value>,
    owner_id: Option<&str>,
) -> Option<Option<Value>> {
    let mut value = match (&e.value, e.evidence) {
        (_, Evidence::AccessLog) | (NewValue::Unknown, _) => return None,
        (NewValue::Set(v), _) => Some(v.clone()),
        (NewValue::Absent, _) => defaults::absent_live(part),
        (NewValue::Merge(v), _) => {
            node_at(v, part, path)?;
            let mut merged = live.cloned().unwrap_or_else(|| json!({}));
            if let (Some(m), Some(add)) = (merged.as_object_mut(), v.as_object()) {
                for (k, x) in add {
                    m.insert(k.clone(), x.clone());
                }
            }
            Some(merged)
        }
    };
    if let Some(v) = value.as_mut() {
        owner_grants(v, owner_id);
    }
    Some(value)
}

impl Context<'_> {
    fn live_part(&self, bucket: &str, part: Part) -> Option<Value> {
        let b = self.live.buckets.get(bucket)?;
        match b.parts.get(&part)? {
            LivePart::Present { value } => Some(value.clone()),
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
                    NewValue::Set(v) | NewValue::Merge(v) => node_at(v, part, &f.path).cloned(),
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

    /// Attributes a part-level finding; the event it names, when it names one.
    fn part_change(&self, f: &Finding, part: Part) -> (Attribution, Option<&Event>) {
        let events = self
            .by_bucket
            .get(f.bucket.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut matching: Vec<&Event> = events
            .iter()
            .copied()
            .filter(|e| e.succeeded() && e.action == Action::Configure && e.part == Some(part))
            .collect();
        let partial = matching.iter().any(|e| !touches(e, part, &f.path));
        matching.retain(|e| touches(e, part, &f.path));
        let in_window: Vec<&Event> = matching
            .iter()
            .copied()
            .filter(|e| self.events.in_window(e.time))
            .collect();
        let Some(latest) = in_window.last().copied() else {
            // Partial requests that left the path out changed the part, not the path.
            let what = if partial {
                format!("changed {}", f.path)
            } else {
                format!("changed {part}")
            };
            return (
                unattributed(self.no_event_reason(&f.bucket, &matching, &what)),
                None,
            );
        };
        let owner_id = self
            .live
            .buckets
            .get(&f.bucket)
            .and_then(|b| b.owner_id.as_deref());
        let mut live = self
            .live_part(&f.bucket, part)
            .or_else(|| defaults::absent_live(part));
        if let Some(v) = live.as_mut() {
            owner_grants(v, owner_id);
        }
        // Policies compare as documents (an account id is its `:root` ARN, `"*"` is
        // `{"AWS": "*"}`, …), exactly as the comparison that raised the finding did.
        let same_at_path = |a: &Option<Value>, b: &Option<Value>| match (part, a, b) {
            (Part::Policy, Some(a), Some(b)) => super::policy::equivalent(a, b),
            _ => leaves::diff(part, a.as_ref(), b.as_ref())
                .iter()
                .all(|d| !overlaps(&d.path, &f.path)),
        };
        let mut cause = latest;
        let mut attribution = match new_part_value(latest, part, &f.path, live.as_ref(), owner_id) {
            None => from_event(latest, AttributionStatus::Likely),
            Some(new) if same_at_path(&new, &live) => {
                // A request that restates the value the attribute already had changed
                // nothing there (PutPublicAccessBlock sends all four settings): the change
                // is the first of the latest run of events that all set the live value.
                for prev in in_window.iter().rev().skip(1) {
                    match new_part_value(prev, part, &f.path, live.as_ref(), owner_id) {
                        Some(v) if same_at_path(&v, &new) => cause = prev,
                        _ => break,
                    }
                }
                from_event(cause, AttributionStatus::Confirmed)
            }
            Some(_) => unattributed(format!(
                "the latest change in the sources, {} by {} at {}, set another value than the live one; a later change left no event",
                latest.name,
                latest.actor.principal,
                stamp(latest.time)
            )),
        };
        let skip = (attribution.status != AttributionStatus::Unattributed).then_some(cause);
        attribution.history = self.history(f, part, &in_window, skip);
        (attribution, skip)
    }

    /// Attributes a bucket-level finding to the latest `action` event on the bucket; the
    /// event it names, when it names one.
    ///
    /// For a missing bucket (`DeleteBucket`) and an unmanaged one (`CreateBucket`), the
    /// event must be the last Create/Delete of the bucket in the window: a delete followed
    /// by a create means the bucket existed again afterwards, so whoever removed it last
    /// left no event; a create followed by a delete means someone re-created it unseen. A
    /// re-owned bucket is the exception: its re-creation is another account's `CreateBucket`,
    /// expected after the delete.
    fn bucket_event(&self, f: &Finding, action: Action) -> (Attribution, Option<&Event>) {
        let events = self
            .by_bucket
            .get(f.bucket.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let matching: Vec<&Event> = events
            .iter()
            .copied()
            .filter(|e| e.succeeded() && e.action == action)
            .collect();
        let latest = matching
            .iter()
            .copied()
            .rfind(|e| self.events.in_window(e.time));
        let what = match action {
            Action::CreateBucket => "created the bucket",
            _ => "deleted the bucket",
        };
        let Some(e) = latest else {
            let reason = self.no_event_reason(&f.bucket, &matching, what);
            return (unattributed(reason), None);
        };
        if f.kind != Kind::OwnerChanged {
            let after = events
                .iter()
                .position(|x| std::ptr::eq(*x, e))
                .map_or(events.len(), |i| i + 1);
            let opposite = events[after..].iter().copied().rfind(|later| {
                later.succeeded()
                    && self.events.in_window(later.time)
                    && matches!(
                        (action, later.action),
                        (Action::DeleteBucket, Action::CreateBucket)
                            | (Action::CreateBucket, Action::DeleteBucket)
                    )
            });
            if let Some(later) = opposite {
                let reason = match action {
                    Action::DeleteBucket => format!(
                        "{} by {} at {} was followed by CreateBucket by {} at {}: the bucket existed again, and its last removal left no event",
                        e.name, e.actor.principal, stamp(e.time), later.actor.principal, stamp(later.time)
                    ),
                    _ => format!(
                        "{} by {} at {} was followed by DeleteBucket by {} at {}: the bucket was created again by a call the sources do not hold",
                        e.name, e.actor.principal, stamp(e.time), later.actor.principal, stamp(later.time)
                    ),
                };
                return (unattributed(reason), None);
            }
        }
        let status = if f.kind == Kind::OwnerChanged {
            // Who deleted it is known; who re-created it is another account's record.
            AttributionStatus::Likely
        } else {
            AttributionStatus::Confirmed
        };
        (from_event(e, status), Some(e))
    }

    /// The accounts whose `CreateBucket` events can make unmanaged buckets.
    ///
    /// An organisation trail records every account of the organisation, and a bucket in an
    /// account no loaded state touches is not this run's business. So the scope is the
    /// accounts of the managed buckets: from the state (identity, `expected_bucket_owner`) or
    /// the live read; when neither records one, the accounts the events on managed buckets
    /// were recorded in. `None` when nothing tells (no account anywhere): every event counts.
    /// Regions are not a scope: a bucket in another region of the same account is still the
    /// account owner's concern.
    fn accounts_in_scope(&self) -> Option<BTreeSet<&str>> {
        let mut accounts: BTreeSet<&str> = BTreeSet::new();
        for t in &self.desired.buckets {
            // A re-owned bucket's live account is the stranger's, not ours.
            let live = self
                .live
                .buckets
                .get(&t.bucket)
                .filter(|b| b.status == LiveStatus::Present);
            accounts.extend(t.account.as_deref());
            accounts.extend(live.and_then(|b| b.account.as_deref()));
        }
        if accounts.is_empty() {
            for t in &self.desired.buckets {
                for e in self.by_bucket.get(t.bucket.as_str()).into_iter().flatten() {
                    accounts.extend(event_account(e));
                }
            }
        }
        (!accounts.is_empty()).then_some(accounts)
    }

    /// Unmanaged buckets: listed live (`--unmanaged`) or created in the window, and managed
    /// by no loaded state.
    fn unmanaged(&self, findings: &mut Vec<Finding>) {
        let managed: BTreeSet<&str> = self
            .desired
            .buckets
            .iter()
            .map(|t| t.bucket.as_str())
            .collect();
        let listed: Option<BTreeSet<&str>> = self
            .live
            .listed
            .as_ref()
            .map(|l| l.iter().map(|b| b.name.as_str()).collect());
        let mut candidates: BTreeSet<&str> = listed.clone().unwrap_or_default();
        let accounts = self.accounts_in_scope();
        for (bucket, events) in &self.by_bucket {
            let last = events
                .iter()
                .filter(|e| e.succeeded() && self.events.in_window(e.time))
                .rfind(|e| matches!(e.action, Action::CreateBucket | Action::DeleteBucket));
            // A bucket created in an account this run does not look at is someone else's.
            if last.is_some_and(|e| !in_scope(e, accounts.as_ref())) {
                continue;
            }
            if last.is_some_and(|e| e.action == Action::CreateBucket) {
                // With a listing, it is the proof the bucket still exists.
                if listed.as_ref().is_none_or(|l| l.contains(bucket)) {
                    candidates.insert(bucket);
                }
            }
        }
        let existing: BTreeSet<String> = findings
            .iter()
            .filter(|f| f.code == Code::UnmanagedBucket)
            .map(|f| f.bucket.clone())
            .collect();
        for bucket in candidates {
            if managed.contains(bucket) || existing.contains(bucket) {
                continue;
            }
            let mut f = super::unmanaged_bucket(bucket);
            let (mut a, cause) = self.bucket_event(&f, Action::CreateBucket);
            if listed.is_none() && a.status == AttributionStatus::Confirmed {
                // Without a listing, the bucket is known from its CreateBucket event only.
                a.status = AttributionStatus::Likely;
                f.notes.push(
                    "known from its CreateBucket event; pass --unmanaged to confirm it still exists"
                        .to_string(),
                );
            }
            if cause.is_some_and(|e| e.actor.root) {
                f.severity = Severity::Critical;
                f.notes
                    .push("created by the account's root user".to_string());
            }
            f.attribution = Some(a);
            findings.push(f);
        }
        // Fill in the diff's own unmanaged findings too.
        for f in findings.iter_mut() {
            if f.code == Code::UnmanagedBucket && f.attribution.is_none() {
                f.attribution = Some(self.bucket_event(f, Action::CreateBucket).0);
            }
        }
    }

    /// One signal per principal with `burst_count` or more denied bucket-configuration calls
    /// within `burst_window` (bursts of denied calls are a classic S3 reconnaissance signal).
    fn denied_bursts(&self, findings: &mut Vec<Finding>) {
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
            let mut a = from_event(last, AttributionStatus::Confirmed);
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
            });
        }
    }
}

/// The account an event was recorded in: `recipientAccountId`, else the caller's account.
fn event_account(e: &Event) -> Option<&str> {
    e.account.as_deref().or(e.actor.account.as_deref())
}

/// Whether an event lies in the accounts in scope. An event that names no account (an
/// access-log line of the team's own log bucket) cannot be placed elsewhere and counts.
fn in_scope(e: &Event, accounts: Option<&BTreeSet<&str>>) -> bool {
    match (accounts, event_account(e)) {
        (Some(scope), Some(account)) => scope.contains(account),
        _ => true,
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
