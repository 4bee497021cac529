//! The trail checks of a region: is there a trail that logs its management write events
//! (without one, changes there cannot be attributed), and can its delivery folder be
//! listed so `--cloudtrail s3://…` finds the files. Also each trail's row of the report.

use super::{failed, trail_ref, verdict, with_fix, UNKNOWN_REGION};
use crate::doctor::fix;
use crate::doctor::observed::{Delivery, Observed, TrailSeen};
use crate::doctor::verdict::{Check, Fix, Status, TrailReport, Verdict};
use std::collections::BTreeMap;

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
pub(super) fn working<'o>(observed: &'o Observed, region: &str) -> Vec<&'o TrailSeen> {
    let mut out: Vec<&TrailSeen> = covering(observed, region)
        .into_iter()
        .filter(|t| matches!(trail_problem(t), Ok(None)))
        .collect();
    out.sort_by_key(|t| (!t.multi_region, t.arn.clone()));
    out
}

/// What kind of trail it is, for reasons.
fn kind(t: &TrailSeen) -> String {
    if t.multi_region {
        format!("multi-region, home {}", t.home_region)
    } else {
        format!("single-region in {}", t.home_region)
    }
}

/// The region-level trail verdict.
pub(super) fn trail_verdict(
    observed: &Observed,
    region: &str,
    fixes: &mut BTreeMap<String, Fix>,
) -> Verdict {
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
pub(super) fn source_verdict(t: &TrailSeen, fixes: &mut BTreeMap<String, Fix>) -> Verdict {
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

/// A trail as the report lists it.
pub(super) fn trail_report(t: &TrailSeen) -> TrailReport {
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
