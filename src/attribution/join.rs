//! The join of one part-level finding with the events that changed its part: the latest
//! successful change in the window is the cause, confirmed when its new value is the live one.

use super::{from_event, unattributed, Context};
use crate::diff::finding::{Attribution, AttributionStatus, Finding};
use crate::diff::{self, leaves};
use crate::model::{LiveBucket, LivePart, Part};
use crate::trail::{stamp, Action, Event, Evidence, NewValue};
use serde_json::{json, Value};

/// Whether an event changed `path`. A partial request (`NewValue::Merge`) that leaves the
/// key out kept it: S3 keeps MFA delete when `PutBucketVersioning` has no `MfaDelete`, and
/// the status when it has only `MfaDelete`.
pub(super) fn touches(e: &Event, part: Part, path: &str) -> bool {
    match &e.value {
        NewValue::Merge(v) => node_at(&v.to_value(), part, path).is_some(),
        _ => true,
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
pub(super) fn node_at<'v>(value: &'v Value, part: Part, path: &str) -> Option<&'v Value> {
    let rest = path.strip_prefix(part.key()).unwrap_or(path);
    if part.spec().shape.free_keys {
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
    bucket: Option<&LiveBucket>,
) -> Option<Option<Value>> {
    let value = match (&e.value, e.evidence) {
        (_, Evidence::AccessLog) | (NewValue::Unknown, _) => return None,
        (NewValue::Set(v), _) => Some(v.to_value()),
        (NewValue::Absent, _) => (part.spec().absent_live)(),
        (NewValue::Merge(v), _) => {
            let v = v.to_value();
            node_at(&v, part, path)?;
            let mut merged = live.cloned().unwrap_or_else(|| json!({}));
            if let (Some(m), Some(add)) = (merged.as_object_mut(), v.as_object()) {
                for (k, x) in add {
                    m.insert(k.clone(), x.clone());
                }
            }
            Some(merged)
        }
    };
    Some(value.map(|v| diff::normalise(part, v, bucket)))
}

impl Context<'_> {
    /// The events on what `f` is about: its bucket's, or for an account's own part the
    /// events that name no bucket and were recorded in that account (S3 Control calls
    /// carry no bucket; `recipientAccountId` is the account they changed).
    fn events_on(&self, f: &Finding) -> Vec<&Event> {
        match f.account_scope() {
            Some(account) => self
                .unique
                .iter()
                .copied()
                .filter(|e| {
                    e.bucket.is_empty() && e.account.as_deref().is_none_or(|a| a == account)
                })
                .collect(),
            None => self
                .by_bucket
                .get(f.bucket.as_str())
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// The live value of `f`'s part, on its bucket or its account.
    fn live_value(&self, f: &Finding, part: Part) -> Option<Value> {
        match f.account_scope() {
            Some(account) => match self.live.accounts.get(account)?.parts.get(&part)? {
                LivePart::Present { value } => Some(value.to_value()),
                _ => None,
            },
            None => self.live_part(&f.bucket, part),
        }
    }

    /// Attributes a part-level finding; the event it names, when it names one.
    pub(super) fn part_change(&self, f: &Finding, part: Part) -> (Attribution, Option<&Event>) {
        let mut matching: Vec<&Event> = self
            .events_on(f)
            .into_iter()
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
        let bucket = self.live.buckets.get(&f.bucket);
        let live = self
            .live_value(f, part)
            .or_else(|| (part.spec().absent_live)())
            .map(|v| diff::normalise(part, v, bucket));
        // Values compare as the comparison that raised the finding compared them: policies
        // as documents (an account id is its `:root` ARN, `"*"` is `{"AWS": "*"}`, …).
        let same_at_path = |a: &Option<Value>, b: &Option<Value>| match (a, b) {
            (Some(a), Some(b)) if part.spec().compare.equivalent.is_some() => {
                diff::values_equal(part, a, b)
            }
            _ => leaves::diff(part, a.as_ref(), b.as_ref())
                .iter()
                .all(|d| !overlaps(&d.path, &f.path)),
        };
        let mut cause = latest;
        let mut attribution = match new_part_value(latest, part, &f.path, live.as_ref(), bucket) {
            None => from_event(latest, AttributionStatus::Likely),
            Some(new) if same_at_path(&new, &live) => {
                // A request that restates the value the attribute already had changed
                // nothing there (PutPublicAccessBlock sends all four settings): the change
                // is the first of the latest run of events that all set the live value.
                for prev in in_window.iter().rev().skip(1) {
                    match new_part_value(prev, part, &f.path, live.as_ref(), bucket) {
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
}
