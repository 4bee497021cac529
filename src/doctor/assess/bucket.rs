//! The per-bucket checks: CIS object-level logging (a logging multi-region trail logs the
//! bucket's object-level writes) and S3 server access logging, the second event source.

use super::trail::working;
use super::{failed, trail_ref, verdict, with_fix};
use crate::doctor::fix;
use crate::doctor::observed::{BucketSeen, Observed};
use crate::doctor::selectors::DataCoverage;
use crate::doctor::verdict::{Check, Fix, Status, Verdict};
use std::collections::BTreeMap;

/// The data-events verdict for one bucket.
pub(super) fn data_events_verdict(
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

/// The access-logging verdict for one bucket.
pub(super) fn access_logging_verdict(b: &BucketSeen, fixes: &mut BTreeMap<String, Fix>) -> Verdict {
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
