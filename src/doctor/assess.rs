//! From what was read ([`Observed`]) to verdicts ([`DoctorReport`]). Pure.
//!
//! Per region that holds a bucket in scope:
//! * **trail** (blocks attribution): a trail that records the region (multi-region, or its
//!   home region) is logging (`IsLogging`, no `LatestDeliveryError`) and its selectors keep
//!   management write events. Without one, configuration changes there leave no record
//!   s3drift could name anyone from;
//! * **trail files** (blocks attribution when the listing is denied): that trail's delivery
//!   folder can be listed, so `--cloudtrail s3://bucket/prefix` finds the files;
//! * **CWL-012**: a metric filter on that trail's log group matches every event of the rule,
//!   and an alarm with enabled actions and an SNS action watches its metric (the alarm's
//!   state does not matter: one that rarely fires sits in `INSUFFICIENT_DATA`).
//!
//! Per bucket: **trail** (the region's verdict), **data events** (CIS object-level
//! logging: a logging multi-region trail logs the bucket's object-level writes) and
//! **access logging**.

use super::cwl012;
use super::fix::{self, TrailRef};
use super::observed::{
    Alarm, BucketSeen, Delivery, Failure, MetricFilter, Observed, Outcome, TrailSeen,
};
use super::pattern;
use super::selectors::DataCoverage;
use super::verdict::{
    BucketReport, Check, Denial, DoctorReport, Fix, RegionReport, Status, Summary, TrailReport,
    Verdict, SCHEMA, VERSION,
};
use std::collections::BTreeMap;

/// The region name used for buckets whose region is not known.
pub const UNKNOWN_REGION: &str = "unknown";

/// Builds the report.
pub fn assess(
    observed: &Observed,
    checked_at: Option<jiff::Timestamp>,
    sources: Vec<String>,
) -> DoctorReport {
    let mut fixes: BTreeMap<String, Fix> = BTreeMap::new();
    let mut by_region: BTreeMap<String, Vec<&BucketSeen>> = BTreeMap::new();
    for b in &observed.buckets {
        let region = b
            .region
            .clone()
            .unwrap_or_else(|| UNKNOWN_REGION.to_string());
        by_region.entry(region).or_default().push(b);
    }
    let mut regions = Vec::new();
    for (region, buckets) in &by_region {
        regions.push(region_report(observed, region, buckets, &mut fixes));
    }
    // `unknown` sorts after real regions for people reading the report.
    regions.sort_by_key(|r| (r.region == UNKNOWN_REGION, r.region.clone()));
    let mut report = DoctorReport {
        schema: SCHEMA.to_string(),
        version: VERSION,
        checked_at,
        sources,
        profile_region: observed.profile_region.clone(),
        attribution_ready: false,
        summary: Summary::default(),
        regions,
        trails: observed.trails.iter().map(trail_report).collect(),
        permissions: denials(observed),
        fixes: fixes.into_values().collect(),
    };
    let mut summary = Summary {
        regions: report.regions.len(),
        buckets: observed.buckets.len(),
        ..Summary::default()
    };
    // A bucket's trail verdict repeats its region's: counted once.
    let distinct = report.regions.iter().flat_map(|r| {
        r.checks.iter().chain(
            r.buckets
                .iter()
                .flat_map(|b| b.checks.iter().filter(|v| v.check != Check::Trail)),
        )
    });
    for v in distinct {
        match v.status {
            Status::Ok => summary.ok += 1,
            Status::Gap => summary.gaps += 1,
            Status::Unknown => summary.unknown += 1,
        }
        if v.blocking() {
            summary.blocking += 1;
        }
    }
    report.attribution_ready = summary.blocking == 0;
    report.summary = summary;
    report
}

fn verdict(check: Check, status: Status, reason: impl Into<String>, blocks: bool) -> Verdict {
    Verdict {
        check,
        status,
        reason: reason.into(),
        blocks_attribution: blocks,
        missing_events: Vec::new(),
        fix: None,
    }
}

fn with_fix(mut v: Verdict, f: Fix, fixes: &mut BTreeMap<String, Fix>) -> Verdict {
    v.fix = Some(f.id.clone());
    fixes.entry(f.id.clone()).or_insert(f);
    v
}

fn trail_ref(t: &TrailSeen) -> TrailRef<'_> {
    TrailRef {
        name: &t.name,
        home_region: &t.home_region,
        s3_bucket: t.s3_bucket.as_deref(),
        s3_key_prefix: t.s3_key_prefix.as_deref(),
        multi_region: t.multi_region,
        advanced: t.selectors.as_ref().is_ok_and(|s| s.is_advanced()),
    }
}

/// "denied" or "failed", with the action, for reasons.
fn failed(f: &Failure) -> String {
    if f.denied {
        format!("{} was denied ({})", f.action, f.reason)
    } else {
        format!("{} failed ({})", f.api, f.reason)
    }
}

/// How one trail falls short for a region, or `None` when it records the region's
/// management writes. `Err` when that cannot be told.
fn trail_problem(t: &TrailSeen) -> Result<Option<String>, String> {
    let status = t.status.as_ref().map_err(|f| {
        format!(
            "cannot tell whether trail {} is logging: {}",
            t.name,
            failed(f)
        )
    })?;
    if !status.is_logging {
        return Ok(Some(format!("trail {} is not logging", t.name)));
    }
    if let Some(e) = &status.latest_delivery_error {
        return Ok(Some(format!(
            "trail {}'s last delivery to S3 failed ({e})",
            t.name
        )));
    }
    let selectors = t.selectors.as_ref().map_err(|f| {
        format!(
            "cannot read trail {}'s event selectors: {}",
            t.name,
            failed(f)
        )
    })?;
    if !selectors.logs_management_writes() {
        return Ok(Some(format!(
            "trail {}'s event selectors leave out management write events",
            t.name
        )));
    }
    Ok(None)
}

/// The trails that record `region`, sorted by ARN (as `observed.trails` is).
fn covering<'o>(observed: &'o Observed, region: &str) -> Vec<&'o TrailSeen> {
    observed
        .trails
        .iter()
        .filter(|t| t.covers(region))
        .collect()
}

/// The trails that record `region` and are fit for attribution, multi-region first.
fn working<'o>(observed: &'o Observed, region: &str) -> Vec<&'o TrailSeen> {
    let mut out: Vec<&TrailSeen> = covering(observed, region)
        .into_iter()
        .filter(|t| matches!(trail_problem(t), Ok(None)))
        .collect();
    out.sort_by_key(|t| (!t.multi_region, t.arn.clone()));
    out
}

fn kind(t: &TrailSeen) -> String {
    if t.multi_region {
        format!("multi-region, home {}", t.home_region)
    } else {
        format!("single-region in {}", t.home_region)
    }
}

/// The region-level trail verdict.
fn trail_verdict(observed: &Observed, region: &str, fixes: &mut BTreeMap<String, Fix>) -> Verdict {
    if region == UNKNOWN_REGION {
        return verdict(
            Check::Trail,
            Status::Unknown,
            "the bucket's region is unknown (it does not exist and the state does not record one), so no trail can be matched to it",
            true,
        );
    }
    if let Some(t) = working(observed, region).first() {
        return verdict(
            Check::Trail,
            Status::Ok,
            format!(
                "trail {} ({}) logs {region}'s management write events",
                t.name,
                kind(t)
            ),
            true,
        );
    }
    let candidates = covering(observed, region);
    let mut problems = Vec::new();
    let mut unknowns = Vec::new();
    for t in &candidates {
        match trail_problem(t) {
            Ok(Some(p)) => problems.push(p),
            Ok(None) => {}
            Err(u) => unknowns.push(u),
        }
    }
    let listing_failed = observed
        .described
        .iter()
        .find(|(r, o)| r == region && o.is_err())
        .and_then(|(_, o)| o.as_ref().err());
    if !unknowns.is_empty() || (candidates.is_empty() && listing_failed.is_some()) {
        let mut why = unknowns;
        if let Some(f) = listing_failed {
            why.insert(
                0,
                format!("cannot list the trails of {region}: {}", failed(f)),
            );
        }
        why.extend(problems);
        return verdict(Check::Trail, Status::Unknown, why.join("; "), true);
    }
    // Say what each trail that does not record the region is, so "why" is never a guess.
    for t in observed.trails.iter().filter(|t| !t.covers(region)) {
        problems.push(format!("trail {} is {}", t.name, kind(t)));
    }
    let mut reason = format!("no trail logs {region}");
    if !problems.is_empty() {
        reason.push_str(&format!(" ({})", problems.join("; ")));
    }
    let v = verdict(Check::Trail, Status::Gap, reason, true);
    // The nearest fix: start the covering trail, widen its selectors, make a trail elsewhere
    // multi-region, or create one.
    let f = if let Some(t) = candidates
        .iter()
        .find(|t| matches!(&t.status, Ok(s) if !s.is_logging))
    {
        fix::start_logging(&trail_ref(t))
    } else if let Some(t) = candidates.first() {
        fix::event_selectors(&trail_ref(t), false)
    } else if let Some(t) = observed.trails.first() {
        fix::multi_region(&trail_ref(t))
    } else {
        fix::create_trail(&observed.profile_region)
    };
    with_fix(v, f, fixes)
}

/// Whether `--cloudtrail s3://…` would find the working trail's files.
fn source_verdict(t: &TrailSeen, fixes: &mut BTreeMap<String, Fix>) -> Verdict {
    let Some(source) = t.source() else {
        return verdict(
            Check::TrailSource,
            Status::Gap,
            format!("trail {} names no S3 bucket", t.name),
            true,
        );
    };
    let flag = format!("--cloudtrail {source}");
    let folder = format!("{}/AWSLogs/", source.trim_end_matches('/'));
    match &t.delivery {
        None => verdict(
            Check::TrailSource,
            Status::Unknown,
            format!("the delivery folder of trail {} was not listed", t.name),
            false,
        ),
        Some(Ok(Delivery::Found(ids))) => {
            let org = if t.organization {
                " (an organisation trail: files sit under the organisation id, which s3drift follows)"
            } else {
                ""
            };
            verdict(
                Check::TrailSource,
                Status::Ok,
                format!(
                    "trail {} delivers to {folder}{} — read it with {flag}{org}",
                    t.name,
                    ids.join(", ")
                ),
                true,
            )
        }
        Some(Ok(Delivery::Empty)) => verdict(
            Check::TrailSource,
            Status::Gap,
            format!(
                "nothing delivered under {folder} yet (CloudTrail delivers within about 15 minutes of a call); {flag} will read it from then on"
            ),
            false,
        ),
        Some(Err(f)) if f.denied => {
            let v = verdict(
                Check::TrailSource,
                Status::Gap,
                format!(
                    "s3drift cannot list {folder}: {}; {flag} would fail",
                    failed(f)
                ),
                true,
            );
            let bucket = t.s3_bucket.as_deref().unwrap_or_default();
            with_fix(
                v,
                fix::trail_read_access(bucket, t.s3_key_prefix.as_deref()),
                fixes,
            )
        }
        Some(Err(f)) => verdict(
            Check::TrailSource,
            Status::Unknown,
            format!("cannot list {folder}: {}", failed(f)),
            false,
        ),
    }
}

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

fn alarms_in<'o>(observed: &'o Observed, region: &str) -> Option<&'o Outcome<Vec<Alarm>>> {
    observed
        .alarms
        .iter()
        .find(|(r, _)| r == region)
        .map(|(_, o)| o)
}

/// The CWL-012 verdict for a region, from the working trails' log groups.
fn cwl012_verdict(observed: &Observed, region: &str, fixes: &mut BTreeMap<String, Fix>) -> Verdict {
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

enum GroupOutcome {
    Ok(Verdict),
    /// How close it came (lower is closer), the verdict, and its fix.
    Gap(usize, Verdict, Option<Fix>),
}

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

/// The data-events verdict for one bucket.
fn data_events_verdict(
    observed: &Observed,
    bucket: &str,
    region: &str,
    fixes: &mut BTreeMap<String, Fix>,
) -> Verdict {
    let trails = working(observed, region);
    let mut single = None;
    let mut partial = Vec::new();
    for t in &trails {
        let Ok(selectors) = &t.selectors else {
            continue;
        };
        match selectors.data_coverage(bucket) {
            DataCoverage::Whole if t.multi_region => {
                return verdict(
                    Check::DataEvents,
                    Status::Ok,
                    format!(
                        "multi-region trail {} logs {bucket}'s object-level write events",
                        t.name
                    ),
                    false,
                );
            }
            DataCoverage::Whole => single = single.or(Some(*t)),
            DataCoverage::Prefixes(p) => partial.push(format!(
                "trail {} logs object events only under {}",
                t.name,
                p.join(", ")
            )),
            DataCoverage::None => {}
        }
    }
    let reason = if let Some(t) = single {
        format!(
            "only single-region trail {} logs {bucket}'s object-level events; CIS asks for a multi-region trail",
            t.name
        )
    } else if !partial.is_empty() {
        format!(
            "{bucket}'s object-level events are logged in part: {}",
            partial.join("; ")
        )
    } else if trails.is_empty() {
        format!("no trail logs {region}, so none logs {bucket}'s object-level (data) events")
    } else {
        format!("no trail logs {bucket}'s object-level (data) events")
    };
    let v = verdict(Check::DataEvents, Status::Gap, reason, false);
    // The trail to widen: the one that logs the bucket's objects from one region, a working
    // one, or any trail of the account (its fix makes it multi-region too).
    let f = match single
        .or_else(|| trails.first().copied())
        .or_else(|| observed.trails.first())
    {
        Some(t) => fix::event_selectors(&trail_ref(t), true),
        None => fix::create_trail(&observed.profile_region),
    };
    with_fix(v, f, fixes)
}

fn access_logging_verdict(b: &BucketSeen, fixes: &mut BTreeMap<String, Fix>) -> Verdict {
    if b.missing {
        return verdict(
            Check::AccessLogging,
            Status::Unknown,
            format!("{} does not exist", b.name),
            false,
        );
    }
    match &b.logging {
        Ok(Some((target, prefix))) => {
            let source = format!("s3://{target}/{prefix}");
            verdict(
                Check::AccessLogging,
                Status::Ok,
                format!(
                    "server access logs go to {source} — read them with --access-logs {source}"
                ),
                false,
            )
        }
        Ok(None) => with_fix(
            verdict(
                Check::AccessLogging,
                Status::Gap,
                format!("server access logging is off for {}", b.name),
                false,
            ),
            fix::access_logging(&b.name),
            fixes,
        ),
        Err(f) => verdict(
            Check::AccessLogging,
            Status::Unknown,
            format!(
                "cannot read {}'s logging configuration: {}",
                b.name,
                failed(f)
            ),
            false,
        ),
    }
}

fn region_report(
    observed: &Observed,
    region: &str,
    buckets: &[&BucketSeen],
    fixes: &mut BTreeMap<String, Fix>,
) -> RegionReport {
    let trail = trail_verdict(observed, region, fixes);
    let mut checks = vec![trail.clone()];
    if region != UNKNOWN_REGION {
        if let Some(t) = working(observed, region).first() {
            checks.push(source_verdict(t, fixes));
        }
        checks.push(cwl012_verdict(observed, region, fixes));
    }
    let mut bucket_reports: Vec<BucketReport> = buckets
        .iter()
        .map(|b| {
            let mut checks = vec![trail.clone()];
            if region != UNKNOWN_REGION {
                checks.push(data_events_verdict(observed, &b.name, region, fixes));
            }
            checks.push(access_logging_verdict(b, fixes));
            BucketReport {
                bucket: b.name.clone(),
                checks,
            }
        })
        .collect();
    bucket_reports.sort_by(|a, b| a.bucket.cmp(&b.bucket));
    RegionReport {
        region: region.to_string(),
        checks,
        buckets: bucket_reports,
    }
}

fn trail_report(t: &TrailSeen) -> TrailReport {
    TrailReport {
        name: t.name.clone(),
        arn: t.arn.clone(),
        home_region: t.home_region.clone(),
        multi_region: t.multi_region,
        organization: t.organization,
        logging: t.status.as_ref().ok().map(|s| s.is_logging),
        management_writes: t
            .selectors
            .as_ref()
            .ok()
            .map(|s| s.logs_management_writes()),
        s3_bucket: t.s3_bucket.clone(),
        cloudtrail_source: t.source(),
        log_group: t.log_group().map(|(_, name)| name),
    }
}

/// Every denied call, once per action and scope.
fn denials(observed: &Observed) -> Vec<Denial> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::observed::TrailStatus;
    use crate::doctor::selectors::Selectors;

    fn trail(delivery: Option<Outcome<Delivery>>) -> TrailSeen {
        TrailSeen {
            name: "main".into(),
            arn: "arn:aws:cloudtrail:us-east-1:111122223333:trail/main".into(),
            home_region: "us-east-1".into(),
            multi_region: true,
            organization: false,
            s3_bucket: Some("trail-bucket".into()),
            s3_key_prefix: Some("p".into()),
            log_group_arn: None,
            status: Ok(TrailStatus {
                is_logging: true,
                latest_delivery_error: None,
            }),
            selectors: Ok(Selectors::default()),
            delivery,
        }
    }

    fn observed(t: TrailSeen) -> Observed {
        Observed {
            profile_region: "us-east-1".into(),
            buckets: vec![BucketSeen {
                name: "b".into(),
                region: Some("eu-west-1".into()),
                missing: false,
                logging: Ok(None),
                denied_reads: Vec::new(),
            }],
            described: vec![("eu-west-1".into(), Ok(vec![t.arn.clone()]))],
            trails: vec![t],
            filters: Vec::new(),
            alarms: Vec::new(),
        }
    }

    #[test]
    fn a_denied_trail_folder_blocks_attribution_with_a_read_access_fix() {
        let denied = Failure {
            api: "ListObjectsV2".into(),
            action: "s3:ListBucket".into(),
            scope: "s3://trail-bucket/p/AWSLogs/".into(),
            denied: true,
            reason: "AccessDenied: Access Denied".into(),
        };
        let report = assess(&observed(trail(Some(Err(denied)))), None, Vec::new());
        assert!(!report.attribution_ready);
        let source = &report.regions[0].checks[1];
        assert_eq!(source.check, Check::TrailSource);
        assert_eq!(source.status, Status::Gap);
        assert_eq!(
            source.reason,
            "s3drift cannot list s3://trail-bucket/p/AWSLogs/: s3:ListBucket was denied (AccessDenied: Access Denied); --cloudtrail s3://trail-bucket/p would fail"
        );
        let fix = report.fix(source.fix.as_deref().unwrap()).unwrap();
        assert!(
            fix.hcl.contains("arn:aws:s3:::trail-bucket/p/AWSLogs/*"),
            "{}",
            fix.hcl
        );
        // `check --coverage` names it for the bucket.
        assert_eq!(
            crate::doctor::coverage::known_gap(&report, "b", Some("eu-west-1")),
            Some(source.reason.clone())
        );
        assert_eq!(report.permissions.len(), 1);
    }

    #[test]
    fn a_delivery_error_and_a_listing_failure_are_told_apart() {
        let mut t = trail(Some(Ok(Delivery::Empty)));
        t.status = Ok(TrailStatus {
            is_logging: true,
            latest_delivery_error: Some("AccessDenied".into()),
        });
        let report = assess(&observed(t), None, Vec::new());
        assert_eq!(
            report.regions[0].checks[0].reason,
            "no trail logs eu-west-1 (trail main's last delivery to S3 failed (AccessDenied))"
        );
        assert!(!report.attribution_ready);
        // Nothing delivered yet is a gap that does not block.
        let report = assess(
            &observed(trail(Some(Ok(Delivery::Empty)))),
            None,
            Vec::new(),
        );
        assert!(report.attribution_ready);
        assert_eq!(report.regions[0].checks[1].status, Status::Gap);
    }

    #[test]
    fn a_failed_trail_listing_without_another_trail_is_unknown() {
        let mut o = observed(trail(None));
        o.trails.clear();
        o.described = vec![(
            "eu-west-1".into(),
            Err(Failure {
                api: "DescribeTrails".into(),
                action: "cloudtrail:DescribeTrails".into(),
                scope: "eu-west-1".into(),
                denied: true,
                reason: "AccessDeniedException".into(),
            }),
        )];
        let report = assess(&o, None, Vec::new());
        let v = &report.regions[0].checks[0];
        assert_eq!(v.status, Status::Unknown);
        assert_eq!(
            v.reason,
            "cannot list the trails of eu-west-1: cloudtrail:DescribeTrails was denied (AccessDeniedException)"
        );
        assert!(!report.attribution_ready);
    }
}
