//! `check --plan`: the three-way view of a plan (see [`crate::diff::three_way`]).
//!
//! The state side the other inputs build is the last-applied state. This module builds the
//! two other views from the same plan files: live as the plan's refresh saw it
//! (`prior_state` before `resource_drift` was put back) and the code's intent
//! (`planned_values` with its `after_unknown` marks), through the same model builder.

use super::inputs::Desired;
use crate::diff::three_way::{self, LiveSource};
use crate::diff::{self, finding::Finding};
use crate::model::{self, DesiredSet, Snapshot};
use crate::state::{Loaded, PlanInfo, Resource, SourceKind};

/// The plan side of a check, when every desired input is a plan.
pub struct PlanViews {
    /// The last-applied state, with no value pending: what the plan leaves unknown is the
    /// code's intent, not the state's (the state side `check` builds from a plan marks it
    /// pending, which would hide the drift under it).
    pub state: DesiredSet,
    /// Live as the plans' refresh saw it, or `None` when a plan has no `resource_drift`
    /// (nothing drifted, or `-refresh=false`): then live is read.
    pub refreshed: Option<Snapshot>,
    /// The code's intent.
    pub code: DesiredSet,
    /// When the refresh ran (the newest plan `timestamp`).
    pub timestamp: Option<jiff::Timestamp>,
}

/// The views of the loaded plans; `None` when a state file is loaded too (the three-way
/// view needs a plan for every bucket).
pub fn views(desired: &Desired, now: jiff::Timestamp) -> Option<PlanViews> {
    let plans: Vec<&Loaded> = desired.loaded.iter().collect();
    if plans.is_empty() || plans.iter().any(|l| l.kind != SourceKind::Plan) {
        return None;
    }
    let infos: Vec<&PlanInfo> = plans.iter().filter_map(|l| l.plan.as_ref()).collect();
    let keep = |set: &mut DesiredSet| {
        let wanted: Vec<&str> = desired
            .set
            .buckets
            .iter()
            .map(|t| t.bucket.as_str())
            .collect();
        set.buckets.retain(|t| wanted.contains(&t.bucket.as_str()));
    };
    let rebuilt = |pick: &dyn Fn(&Loaded, &PlanInfo) -> Vec<Resource>, creates: bool| {
        let loaded: Vec<Loaded> = plans
            .iter()
            .filter_map(|l| {
                let info = l.plan.as_ref()?;
                Some(Loaded {
                    resources: pick(l, info),
                    // Bucket names unknown until apply resolve through the configuration.
                    plan: Some(PlanInfo {
                        bucket_refs: info.bucket_refs.clone(),
                        inline_blocks: info.inline_blocks.clone(),
                        // The state side still knows what the plan creates (not live yet).
                        creates: if creates {
                            info.creates.clone()
                        } else {
                            Default::default()
                        },
                        planned: if creates {
                            info.planned
                                .iter()
                                .filter(|(a, _)| info.creates.contains(*a))
                                .map(|(a, r)| (a.clone(), r.clone()))
                                .collect()
                        } else {
                            Default::default()
                        },
                        ..PlanInfo::default()
                    }),
                    warnings: Vec::new(),
                    ..(*l).clone()
                })
            })
            .collect();
        let mut set = model::build::build(&loaded);
        keep(&mut set);
        set
    };
    let state = rebuilt(&|l, _| l.resources.clone(), true);
    let code = rebuilt(&|_, i| i.planned.values().cloned().collect(), false);
    let timestamp = infos.iter().filter_map(|i| i.timestamp).max();
    let refreshed = if infos.iter().all(|i| i.drift_reported) {
        let set = rebuilt(&|_, i| i.refreshed.clone(), false);
        Some(three_way::as_live(
            &set,
            &desired.set,
            timestamp.unwrap_or(now),
        ))
    } else {
        None
    };
    Some(PlanViews {
        state,
        refreshed,
        code,
        timestamp,
    })
}

/// Classifies the drift findings (state against `live`) by what the plan does to them.
pub fn classify(findings: &mut [Finding], desired: &Desired, views: &PlanViews, live: &Snapshot) {
    let source = if views.refreshed.is_some() {
        LiveSource::Refreshed
    } else {
        LiveSource::Read
    };
    let state_as_live = three_way::as_live(&desired.set, &desired.set, live.captured_at);
    let code_vs_state = diff::compare(&views.code, &state_as_live);
    let code_vs_live = diff::compare(&views.code, live);
    three_way::classify(findings, &views.code, &code_vs_state, &code_vs_live, source);
}
