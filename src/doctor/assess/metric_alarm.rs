//! The CWL-012 check of a region: a metric filter on a working trail's log group matches
//! every bucket-configuration event of the rule, and an alarm with enabled actions and an
//! SNS action watches its metric. Of several log groups, the one that comes closest is
//! reported.

use super::trail::working;
use super::{failed, trail_ref, verdict, with_fix};
use crate::doctor::observed::{Alarm, MetricFilter, Observed, Outcome, TrailSeen};
use crate::doctor::verdict::{Check, Fix, Status, Verdict};
use crate::doctor::{cwl012, fix, pattern};
use std::collections::BTreeMap;

/// The filters of a log group, as read.
fn filters_of<'o>(
    observed: &'o Observed,
    group: &(String, String),
) -> Option<&'o Outcome<Vec<MetricFilter>>> {
    observed
        .filters
        .iter()
        .find(|(g, _)| g == group)
        .map(|(_, o)| o)
}

/// The alarms of a region, as read.
fn alarms_in<'o>(observed: &'o Observed, region: &str) -> Option<&'o Outcome<Vec<Alarm>>> {
    observed
        .alarms
        .iter()
        .find(|(r, _)| r == region)
        .map(|(_, o)| o)
}

/// The CWL-012 verdict for a region, from the working trails' log groups.
pub(super) fn cwl012_verdict(
    observed: &Observed,
    region: &str,
    fixes: &mut BTreeMap<String, Fix>,
) -> Verdict {
    let trails = working(observed, region);
    let Some(first) = trails.first() else {
        return verdict(
            Check::Cwl012,
            Status::Gap,
            format!("no trail logs {region}, so no metric filter can see its bucket changes"),
            false,
        );
    };
    let with_group: Vec<&&TrailSeen> = trails.iter().filter(|t| t.log_group().is_some()).collect();
    if with_group.is_empty() {
        let v = verdict(
            Check::Cwl012,
            Status::Gap,
            format!(
                "trail {} does not send its events to CloudWatch Logs, so no metric filter sees them",
                first.name
            ),
            false,
        );
        let f = fix::cwl012(
            &trail_ref(first),
            None,
            cwl012::FILTER_NAME,
            (cwl012::NAMESPACE, cwl012::METRIC),
            true,
        );
        return with_fix(v, f, fixes);
    }
    // Each log group's best account of itself; the first complete one wins.
    let mut gaps: Vec<(usize, Verdict, Option<Fix>)> = Vec::new();
    for t in with_group {
        let group = t.log_group().unwrap_or_default();
        match group_verdict(observed, t, &group, region) {
            GroupOutcome::Ok(v) => return v,
            GroupOutcome::Gap(rank, v, f) => gaps.push((rank, v, f)),
        }
    }
    gaps.sort_by_key(|(rank, _, _)| *rank);
    let (_, v, f) = gaps.swap_remove(0);
    match f {
        Some(f) => with_fix(v, f, fixes),
        None => v,
    }
}

/// Whether `alarm` watches `metric` with its actions on and an SNS action.
fn notifies(alarm: &Alarm, metric: (&str, &str)) -> bool {
    alarm.actions_enabled
        && !alarm.sns_actions().is_empty()
        && alarm
            .metrics
            .iter()
            .any(|(ns, m)| ns == metric.0 && m == metric.1)
}

/// One log group's account of itself.
enum GroupOutcome {
    Ok(Verdict),
    /// How close it came (lower is closer), the verdict, and its fix.
    Gap(usize, Verdict, Option<Fix>),
}

/// The CWL-012 verdict of one log group of trail `t`.
fn group_verdict(
    observed: &Observed,
    t: &TrailSeen,
    group: &(String, String),
    region: &str,
) -> GroupOutcome {
    let (group_region, group_name) = group;
    let tref = trail_ref(t);
    let full_fix = |filter: &str, metric: (&str, &str), with_alarm: bool| {
        Some(fix::cwl012(
            &tref,
            Some((group_region.as_str(), group_name.as_str())),
            filter,
            metric,
            with_alarm,
        ))
    };
    let filters = match filters_of(observed, group) {
        Some(Ok(f)) => f,
        Some(Err(f)) => {
            return GroupOutcome::Gap(
                3,
                verdict(
                    Check::Cwl012,
                    Status::Unknown,
                    format!(
                        "cannot read the metric filters of log group {group_name}: {}",
                        failed(f)
                    ),
                    false,
                ),
                None,
            )
        }
        None => {
            return GroupOutcome::Gap(
                3,
                verdict(
                    Check::Cwl012,
                    Status::Unknown,
                    format!("the metric filters of log group {group_name} were not read"),
                    false,
                ),
                None,
            )
        }
    };
    if filters.is_empty() {
        return GroupOutcome::Gap(
            2,
            verdict(
                Check::Cwl012,
                Status::Gap,
                format!(
                    "log group {group_name} (trail {}) has no metric filter",
                    t.name
                ),
                false,
            ),
            full_fix(
                cwl012::FILTER_NAME,
                (cwl012::NAMESPACE, cwl012::METRIC),
                true,
            ),
        );
    }
    // Evaluate every filter: the events each misses, or why it cannot be read.
    let mut complete = Vec::new();
    let mut notes = Vec::new();
    let mut best: Option<(&MetricFilter, Vec<&'static str>)> = None;
    for f in filters {
        let missed = match pattern::parse(&f.pattern) {
            Ok(p) => cwl012::missed(&p, region),
            Err(e) => {
                notes.push(format!(
                    "filter {}: its pattern cannot be read: {e}",
                    f.name
                ));
                cwl012::EVENTS.to_vec()
            }
        };
        if missed.is_empty() {
            complete.push(f);
            continue;
        }
        if missed.len() < cwl012::EVENTS.len() {
            notes.push(format!("filter {} misses {}", f.name, missed.join(", ")));
        } else if pattern::parse(&f.pattern).is_ok() {
            notes.push(format!(
                "filter {} matches none of CWL-012's events",
                f.name
            ));
        }
        if best.as_ref().is_none_or(|(_, m)| missed.len() < m.len()) {
            best = Some((f, missed));
        }
    }
    if complete.is_empty() {
        let (f, missed) = best.unwrap_or_else(|| (&filters[0], cwl012::EVENTS.to_vec()));
        let metric = f
            .metrics
            .first()
            .map(|(ns, m)| (ns.as_str(), m.as_str()))
            .unwrap_or((cwl012::NAMESPACE, cwl012::METRIC));
        let mut v = verdict(
            Check::Cwl012,
            Status::Gap,
            format!(
                "no metric filter on log group {group_name} matches every bucket-configuration event: {}",
                notes.join("; ")
            ),
            false,
        );
        v.missing_events = missed.iter().map(|e| e.to_string()).collect();
        // An alarm that already notifies on the filter's metric stays: only the pattern changes.
        let alarmed = matches!(alarms_in(observed, group_region), Some(Ok(alarms))
            if alarms.iter().any(|a| notifies(a, metric)));
        return GroupOutcome::Gap(1, v, full_fix(&f.name, metric, !alarmed));
    }
    // A complete filter: its metric needs an alarm with actions on and an SNS action.
    let none = Vec::new();
    let alarms = match alarms_in(observed, group_region) {
        Some(Ok(a)) => a,
        Some(Err(f)) => {
            return GroupOutcome::Gap(
                0,
                verdict(
                    Check::Cwl012,
                    Status::Unknown,
                    format!(
                        "filter {} matches every event, but the alarms of {group_region} cannot be read: {}",
                        complete[0].name,
                        failed(f)
                    ),
                    false,
                ),
                None,
            )
        }
        None => &none,
    };
    let mut alarm_notes = Vec::new();
    for f in &complete {
        for metric in &f.metrics {
            for a in alarms.iter().filter(|a| a.metrics.contains(metric)) {
                let sns = a.sns_actions();
                if a.actions_enabled && !sns.is_empty() {
                    return GroupOutcome::Ok(verdict(
                        Check::Cwl012,
                        Status::Ok,
                        format!(
                            "filter {} on log group {group_name} matches all {} CWL-012 events; alarm {} notifies {}",
                            f.name,
                            cwl012::EVENTS.len(),
                            a.name,
                            sns.join(", ")
                        ),
                        false,
                    ));
                }
                if !a.actions_enabled {
                    alarm_notes.push(format!("alarm {} has its actions disabled", a.name));
                } else {
                    alarm_notes.push(format!("alarm {} has no SNS action", a.name));
                }
            }
        }
    }
    let f = complete[0];
    let (ns, metric) = f
        .metrics
        .first()
        .cloned()
        .unwrap_or_else(|| (cwl012::NAMESPACE.to_string(), cwl012::METRIC.to_string()));
    let mut reason = format!(
        "filter {} matches every bucket-configuration event, but no alarm with enabled actions and an SNS action watches {ns}/{metric}",
        f.name
    );
    if !alarm_notes.is_empty() {
        reason.push_str(&format!(" ({})", alarm_notes.join("; ")));
    }
    GroupOutcome::Gap(
        0,
        verdict(Check::Cwl012, Status::Gap, reason, false),
        Some(fix::cwl012_alarm(group_region, &ns, &metric)),
    )
}
