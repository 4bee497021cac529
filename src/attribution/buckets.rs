//! Bucket-level findings: who deleted a missing bucket, who created an unmanaged one, and
//! the unmanaged buckets that only a `CreateBucket` event reveals.

use super::{from_event, unattributed, Context};
use crate::code::{Code, Kind, Severity};
use crate::diff::finding::{Attribution, AttributionStatus, Finding};
use crate::model::LiveStatus;
use crate::trail::{stamp, Action, Event};
use std::collections::BTreeSet;

impl Context<'_> {
    /// Attributes a bucket-level finding to the latest `action` event on the bucket; the
    /// event it names, when it names one.
    ///
    /// For a missing bucket (`DeleteBucket`) and an unmanaged one (`CreateBucket`), the
    /// event must be the last Create/Delete of the bucket in the window: a delete followed
    /// by a create means the bucket existed again afterwards, so whoever removed it last
    /// left no event; a create followed by a delete means someone re-created it unseen. A
    /// re-owned bucket is the exception: its re-creation is another account's `CreateBucket`,
    /// expected after the delete.
    pub(super) fn bucket_event(
        &self,
        f: &Finding,
        action: Action,
    ) -> (Attribution, Option<&Event>) {
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
    pub(super) fn unmanaged(&self, findings: &mut Vec<Finding>) {
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
            let mut f = crate::diff::unmanaged_bucket(bucket);
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
