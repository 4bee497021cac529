//! `s3drift check`: desired trees against live, attributed, reported.

use super::render::{self, RenderOptions};
use super::{inputs, locations, output, plan_view, CheckSettings, Format, Leftovers, Outcome};
use crate::code::Kind;
use crate::diag::{ErrorCode, InputError};
use crate::diff::finding::{AttributionStatus, Finding};
use crate::doctor::DoctorReport;
use crate::live::snapshot_file;
use crate::report::prometheus::PrometheusOptions;
use crate::report::sarif::{Anchors, SarifOptions};
use crate::report::{self, Report};
use crate::trail::{self, TrailOptions};
use crate::warning::{Warning, WarningCode};
use crate::{diff, model::Snapshot};
use std::io::Write;

/// Runs a check and writes the report; the outcome decides the exit code. Formats with no
/// place for warnings (falco's one line per finding, github's workflow commands) get them
/// on `stderr`. The run's large values come back with the outcome ([`Leftovers`]).
pub async fn run(
    settings: &CheckSettings,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<(Outcome, Leftovers), InputError> {
    // A saved doctor report is read first, so a bad file fails before any AWS call.
    let coverage = match &settings.coverage {
        Some(path) => Some(super::doctor::load_coverage(path)?),
        None => None,
    };
    // The policy and the baseline are read before any AWS call too.
    let policy = super::policy::load(settings)?;
    let baseline = match &settings.baseline {
        Some(path) => Some((path.display().to_string(), super::policy::baseline(path)?)),
        None => None,
    };
    let started = std::time::Instant::now();
    // Local trail files are read while the states and the live side are: neither changes
    // what they hold (see `trail::ReadAhead`).
    let read_ahead = match &settings.trail {
        Some(t) => trail::ReadAhead::start(&t.cloudtrail),
        None => trail::ReadAhead::default(),
    };
    let mut desired = inputs::load(&settings.inputs, &settings.aws, &settings.filter).await?;
    let locations = locations::read(&settings.inputs, &desired)?;
    let sarif_wanted = std::iter::once(settings.format)
        .chain(settings.reports.iter().map(|(f, _)| *f))
        .any(|f| f == Format::Sarif);
    if sarif_wanted && locations.anchor.is_none() {
        // Fail before the live read: a SARIF file code scanning drops is worse than none.
        return Err(render::no_anchor(
            "this run has no --dir inside a checkout and no local state or plan file in one",
        ));
    }
    let views = if settings.inputs.plans.is_empty() {
        None
    } else {
        plan_view::views(&desired, jiff::Timestamp::now())
    };
    match &views {
        Some(v) => desired.set = v.state.clone(),
        // Only the three-way view reads the plans' resources again (`plan_view::classify`).
        None => desired.release_resources(),
    }
    // The run's deadline, `--timeout` from here: the event sources stop calling AWS by it,
    // and the live read (whose own clock starts a moment later) by then too.
    let deadline = settings.timeout.map(crate::aws::throttle::Deadline::after);
    let mut snapshot = match views.as_ref().and_then(|v| v.refreshed.clone()) {
        Some(_) if settings.snapshot.is_some() => {
            return Err(InputError::new(
                ErrorCode::Usage,
                "--snapshot and a plan with `resource_drift`: the plan already says what live is",
            )
            .help("drop --snapshot (the plan's refresh is the live side), or pass a plan made with -refresh=false"))
        }
        Some(_) if settings.unmanaged => {
            return Err(InputError::new(
                ErrorCode::Usage,
                "--unmanaged and a plan with `resource_drift`: nothing is read live, so no bucket list is taken",
            )
            .help("run --unmanaged in a check of its own (with --state, or a plan without `resource_drift`)"))
        }
        Some(refreshed) => refreshed,
        None => live_side(settings, &desired).await?,
    };
    if let Some(listed) = &mut snapshot.listed {
        listed.retain(|b| settings.filter.matches(&b.name));
    }
    let mut findings = diff::compare(&desired.set, &snapshot);
    // Severity by effective exposure, before attribution (which may raise a grade, e.g. a
    // change by the root user) and before the policy file, whose severity overrides run
    // last and win. Buckets of an account whose block was not read are graded as if it
    // were off, and the notes say so.
    diff::exposure::regrade(
        &mut findings,
        &desired.set,
        &snapshot,
        &diff::exposure::account_blocks(&snapshot),
    );
    if let Some(views) = &views {
        plan_view::classify(&mut findings, &desired, views, &snapshot);
    }
    if let Some(index) = &locations.index {
        index.fill(&mut findings);
    }
    let mut warnings = desired.set.warnings.clone();
    warnings.extend(desired.set.unresolved.iter().map(|u| {
        Warning::new(
            WarningCode::UnresolvedResource,
            u.address.as_str(),
            u.reason.as_str(),
        )
    }));
    if let Some(trail_settings) = &settings.trail {
        let opts = TrailOptions {
            account_events: !desired.set.accounts.is_empty(),
            sources: trail_settings.cloudtrail.clone(),
            access_logs: trail_settings.access_logs.clone(),
            since: trail_settings.since.resolve(snapshot.captured_at)?,
            until: snapshot.captured_at,
            burst_count: trail_settings.burst_count,
            burst_window: trail_settings.burst_window,
        };
        let targets = desired.targets_seen(&snapshot);
        let events =
            trail::collect_with(&settings.aws, &opts, &targets, deadline, read_ahead).await?;
        crate::attribution::attribute(&mut findings, &events, &desired.set, &snapshot);
        if let Some(coverage) = &coverage {
            with_known_gaps(&mut findings, coverage, &snapshot);
        }
        warnings.extend(events.warnings.iter().cloned());
        // The plan's sentences name who made each change now that attribution knows.
        diff::three_way::explain(&mut findings);
        if let Some(index) = &locations.index {
            // Attribution adds findings (signals, unmanaged buckets); locate them too.
            index.fill(&mut findings);
        }
    }
    warnings.extend(locations.warnings.iter().cloned());
    if settings.snapshot.is_none() {
        warnings.extend(throttling_warning(snapshot.throttling));
    }
    // Expiry is judged on the day live was read, so a recorded snapshot gives the same
    // answer on every run.
    let today = snapshot
        .captured_at
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    warnings.extend(crate::report::policy::apply(&policy, &mut findings, today));
    let not_monitored = desired
        .set
        .buckets
        .iter()
        .flat_map(|t| t.unmonitored.iter().cloned())
        .collect();
    let mut report = Report::new(
        Some(snapshot.captured_at),
        desired.sources(),
        desired.set.buckets.len(),
        findings,
        not_monitored,
        warnings,
    )
    .with_buckets(report::bucket_info(&desired.set, &snapshot))
    .with_accounts(report::compared_accounts(&desired.set, &snapshot));
    if report.summary.buckets + report.summary.accounts == 0 {
        return Err(nothing_compared(&report));
    }
    report.anchor = locations.anchor.clone();
    if let Some((name, baseline)) = &baseline {
        crate::report::baseline::apply(&mut report, baseline, name);
    }
    // The flag overrides the policy file; neither means `any`.
    let fail_on = settings
        .fail_on
        .or(policy.fail_on)
        .unwrap_or(Some(crate::code::Severity::Info));
    let options = RenderOptions {
        color: settings.color,
        width: settings.width,
        show_suppressed: settings.show_suppressed,
        sarif: SarifOptions {
            category: settings.sarif_category.clone(),
            anchors: Anchors::of(&report),
        },
        prometheus: PrometheusOptions {
            duration_seconds: Some(started.elapsed().as_secs_f64()),
        },
    };
    let buf = render::render(settings.format, &report, &options)?;
    render::write_reports(&settings.reports, &report, &options)?;
    output::emit(settings.output.as_deref(), &buf, stdout)?;
    if matches!(settings.format, Format::Falco | Format::Github) {
        for w in &report.warnings {
            writeln!(stderr, "warning: {w}").map_err(super::write_error)?;
        }
    }
    let reverts = settings.fail_on_revert && report.findings.iter().any(Finding::reverted);
    let outcome = if report.fails(fail_on, settings.fail_on_unreadable) || reverts {
        Outcome::Drift
    } else {
        Outcome::Clean
    };
    // Every output is written and flushed: the loaded states, their trees, the live side,
    // the report and the source index are the caller's to free or not.
    Ok((
        outcome,
        Leftovers::new((desired, snapshot, report, locations)),
    ))
}

/// Adds the gap a saved doctor report knows of to the reason of every unattributed finding
/// (`check --coverage`), e.g. "…; doctor: no trail logs eu-west-1".
fn with_known_gaps(findings: &mut [Finding], coverage: &DoctorReport, live: &Snapshot) {
    for f in findings.iter_mut() {
        let Some(a) = f.attribution.as_mut() else {
            continue;
        };
        if a.status != AttributionStatus::Unattributed {
            continue;
        }
        let region = live
            .buckets
            .get(&f.bucket)
            .and_then(|b| b.region.as_deref());
        let Some(gap) = crate::doctor::coverage::known_gap(coverage, &f.bucket, region) else {
            continue;
        };
        a.reason = Some(match a.reason.take() {
            Some(r) if !r.is_empty() => format!("{r}; doctor: {gap}"),
            _ => format!("doctor: {gap}"),
        });
    }
}

/// What the report says about throttling during the live read, when there was any.
fn throttling_warning(t: Option<crate::model::Throttling>) -> Option<Warning> {
    let t = t?;
    Some(Warning::new(
        WarningCode::Throttled,
        "live read",
        format!(
            "AWS throttled {} requests; {} retries were sent and {} calls given up \
             (given-up parts are unreadable: throttled or deadline)",
            t.throttled, t.retried, t.gave_up
        ),
    ))
}

/// The live side: a recorded snapshot, or a live read.
async fn live_side(
    settings: &CheckSettings,
    desired: &inputs::Desired,
) -> Result<Snapshot, InputError> {
    match &settings.snapshot {
        Some(path) => snapshot_file::load(path),
        None => {
            let opts = crate::live::ReadOptions {
                concurrency: settings.concurrency,
                progress: settings.progress,
                parts: settings.parts.resolve(&desired.set),
                timeout: settings.timeout,
                accounts: settings.parts.accounts(&desired.set),
            };
            super::snapshot::read_live(&settings.aws, desired, &opts, settings.unmanaged).await
        }
    }
}

/// The error for a run in which every bucket of the states went uncompared: missing from
/// the snapshot, or with no part readable. Saying "no drift" here would be a false green.
fn nothing_compared(report: &Report) -> InputError {
    let gaps: Vec<&Finding> = report.findings.iter().filter(|f| f.kind.is_gap()).collect();
    if gaps.iter().all(|f| f.kind == Kind::NotCompared) {
        let names: Vec<String> = gaps.iter().map(|f| f.bucket.clone()).collect();
        return InputError::new(
            ErrorCode::NothingCompared,
            format!(
                "the snapshot holds none of the {} buckets of the states: nothing was compared",
                gaps.len()
            ),
        )
        .help(format!(
            "the states hold {}; write the snapshot from these states with `s3drift snapshot`",
            super::inputs::some_of(&names)
        ));
    }
    let reasons: Vec<String> = gaps
        .iter()
        .take(3)
        .map(|f| format!("{}: {}", f.bucket, f.message.trim_end_matches('.')))
        .collect();
    InputError::new(
        ErrorCode::NothingCompared,
        format!(
            "no bucket could be read: nothing was compared ({} of the states)",
            plural_buckets(report.buckets.len())
        ),
    )
    .help(format!(
        "{}; check the credentials and permissions (`s3drift iam-policy`)",
        reasons.join("; ")
    ))
}

fn plural_buckets(n: usize) -> String {
    format!("{n} {}", if n == 1 { "bucket" } else { "buckets" })
}
