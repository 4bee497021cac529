//! `s3drift events`: the bucket-configuration events in CloudTrail, one line each. Useful
//! without any state.

use super::{output, EventsSettings, Outcome};
use crate::diag::InputError;
use crate::model::Target;
use crate::trail::{self, TrailOptions};
use std::io::Write;

/// Collects and prints the events; warnings (malformed records, limits that cut the search
/// short) go to `stderr`.
pub async fn run(
    settings: &EventsSettings,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> Result<Outcome, InputError> {
    let until = jiff::Timestamp::now();
    let opts = TrailOptions {
        account_events: false,
        sources: settings.cloudtrail.clone(),
        access_logs: Vec::new(),
        since: settings.since.resolve(until)?,
        until,
        burst_count: trail::DEFAULT_BURST_COUNT,
        burst_window: trail::DEFAULT_BURST_WINDOW,
    };
    // A literal name narrows the search (LookupEvents by resource, the bucket's region); a
    // glob searches everything and filters.
    let filter = super::BucketFilter::new(settings.bucket.as_slice(), &[])?;
    let targets: Vec<Target> = settings
        .bucket
        .iter()
        .filter(|b| !b.contains(['*', '?', '[', '{']))
        .map(|b| Target {
            bucket: b.clone(),
            account: None,
            region: settings.aws.region.clone(),
        })
        .collect();
    let events = trail::collect(&settings.aws, &opts, &targets).await?;
    // Written as it is rendered: a year of trail lists tens of thousands of events, tens of
    // megabytes of JSON that need not be held beside the events themselves.
    output::emit_with(None, stdout, |mut w| {
        let keep = |b: &str| filter.matches(b);
        if settings.json {
            crate::report::events::render_json(&events, &keep, &mut w)
        } else {
            crate::report::events::render(&events, &keep, &mut w)
        }
    })?;
    for w in &events.warnings {
        writeln!(stderr, "warning: {w}").map_err(super::write_error)?;
    }
    Ok(Outcome::Clean)
}
