//! The report's `permissions`: every call that was denied, so one policy change can grant
//! what `doctor` could not read.

use crate::doctor::observed::{Failure, Observed};
use crate::doctor::verdict::Denial;

/// Every denied call, once per action and scope.
pub(super) fn denials(observed: &Observed) -> Vec<Denial> {
    let mut failures: Vec<&Failure> = Vec::new();
    failures.extend(
        observed
            .described
            .iter()
            .filter_map(|(_, o)| o.as_ref().err()),
    );
    for t in &observed.trails {
        failures.extend(t.status.as_ref().err());
        failures.extend(t.selectors.as_ref().err());
        if let Some(Err(f)) = &t.delivery {
            failures.push(f);
        }
    }
    failures.extend(
        observed
            .filters
            .iter()
            .filter_map(|(_, o)| o.as_ref().err()),
    );
    failures.extend(observed.alarms.iter().filter_map(|(_, o)| o.as_ref().err()));
    let mut out: Vec<Denial> = failures
        .into_iter()
        .filter(|f| f.denied)
        .map(|f| Denial {
            action: f.action.clone(),
            api: f.api.clone(),
            scope: f.scope.clone(),
            reason: f.reason.clone(),
        })
        .collect();
    for b in &observed.buckets {
        if let Err(f) = &b.logging {
            if f.denied && !b.denied_reads.iter().any(|(api, _, _)| *api == f.api) {
                out.push(Denial {
                    action: f.action.clone(),
                    api: f.api.clone(),
                    scope: f.scope.clone(),
                    reason: f.reason.clone(),
                });
            }
        }
        for (api, action, reason) in &b.denied_reads {
            out.push(Denial {
                action: action.clone(),
                api: api.clone(),
                scope: b.name.clone(),
                reason: reason.clone(),
            });
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.action == b.action && a.api == b.api && a.scope == b.scope);
    out
}
