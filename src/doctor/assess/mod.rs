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
//!
//! The checks live in one file each: `trail` (the region's trail and its delivery
//! folder), `metric_alarm` (CWL-012), `bucket` (data events and access logging) and
//! `denials` (the permissions that were missing).

mod bucket;
mod denials;
mod metric_alarm;
mod trail;

use super::fix::TrailRef;
use super::observed::{BucketSeen, Failure, Observed, TrailSeen};
use super::verdict::{
    BucketReport, Check, DoctorReport, Fix, RegionReport, Status, Summary, Verdict, SCHEMA, VERSION,
};
use bucket::{access_logging_verdict, data_events_verdict};
use denials::denials;
use metric_alarm::cwl012_verdict;
use std::collections::BTreeMap;
use trail::{source_verdict, trail_report, trail_verdict, working};

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

/// A verdict without missing events or a fix.
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

/// Attaches `f` to `v` and records it once in `fixes`, shared by every verdict it closes.
fn with_fix(mut v: Verdict, f: Fix, fixes: &mut BTreeMap<String, Fix>) -> Verdict {
    v.fix = Some(f.id.clone());
    fixes.entry(f.id.clone()).or_insert(f);
    v
}

/// What a fix needs to know of a trail.
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

/// The checks of one region and of each of its buckets.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::observed::{Delivery, Outcome, TrailStatus};
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
