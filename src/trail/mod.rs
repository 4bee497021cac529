//! Event sources for attribution: CloudTrail (LookupEvents, a trail's log bucket, local
//! files) and S3 server access logs.
//!
//! Every source yields the same [`Event`]s: bucket-configuration calls only (the rest of a
//! trail is skipped cheaply), each with the part it changed and, where the record carries
//! it, the new value in the part's canonical shape. [`collect`] reads every source given,
//! merges them into one sorted [`EventSet`], and notes what the sources could not cover
//! (regions, LookupEvents' 90 days, reads given up) so attribution can say why a change is
//! unattributed.
//!
//! Reads from AWS (LookupEvents, a trail's or access logs' bucket) follow the live read's
//! throttling policy ([`crate::aws::throttle`]): jittered backoff, a limit that backs off and
//! recovers, a cap on attempts, the run's deadline and one count of throttles for the
//! report. A read given up is a warning naming what was not read, and attribution says its
//! search was incomplete; the run goes on.

// `InputError` carries its source snippet for miette; errors are rare and returned once.
#![allow(clippy::result_large_err)]

pub mod access_log;
mod agents;
pub mod event;
mod event_set;
pub mod identity;
mod origin;
pub mod rate;
mod read_ahead;
pub mod reader;
pub mod record;
pub mod source;
pub mod source_local;
pub mod source_lookup;
pub mod source_s3;
pub mod time;
pub mod values;

pub use event::{Action, Actor, Event, Evidence, NewValue, Origin, Via};
pub use event_set::{EventSet, Parsed};
pub use read_ahead::ReadAhead;
pub use source::{EventSource, LogSource};
pub use time::stamp;

use crate::aws::throttle::{Deadline, Retry};
use crate::aws::AwsSettings;
use crate::diag::InputError;
use crate::model::Target;
use crate::warning::{Warning, WarningCode};
use aws_config::SdkConfig;
use std::collections::BTreeSet;

/// The default `--denied-burst`: denied calls by one principal that make a burst.
pub const DEFAULT_BURST_COUNT: usize = 5;
/// The default `--denied-window`.
pub const DEFAULT_BURST_WINDOW: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

/// What to read and over which window.
#[derive(Clone, Debug)]
pub struct TrailOptions {
    /// `--cloudtrail` sources.
    pub sources: Vec<EventSource>,
    /// `--access-logs` sources.
    pub access_logs: Vec<LogSource>,
    /// Start of the window.
    pub since: jiff::Timestamp,
    /// End of the window (the live read or the snapshot's `captured_at`).
    pub until: jiff::Timestamp,
    /// Denied calls by one principal within `burst_window` that make a burst signal.
    pub burst_count: usize,
    pub burst_window: jiff::SignedDuration,
    /// The loaded states manage an account's own settings (its public access block): the
    /// sources that are asked per bucket (LookupEvents) are asked for the account-level
    /// events too, by name.
    pub account_events: bool,
}

/// What one source covered: attribution uses it to tell "no event" from "not looked at".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// The source as given (`lookup`, `s3://…`, a path).
    pub source: String,
    pub evidence: Evidence,
    /// The regions searched; `None` when the source holds whatever it holds (local files,
    /// access logs), which is taken to cover every region.
    pub regions: Option<BTreeSet<String>>,
    /// The earliest time the source was searched from, when later than the window's start
    /// (LookupEvents keeps 90 days).
    pub from: Option<jiff::Timestamp>,
}

/// Reads an event source gave up on (throttled through every attempt, or stopped by the
/// run's deadline): the events they hold are missing, and attribution says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incomplete {
    /// The source as given.
    pub source: String,
    /// The buckets whose events may be missing; `None`: any bucket's (a trail file holds
    /// every bucket's events).
    pub buckets: Option<BTreeSet<String>>,
    /// Reads given up.
    pub reads: usize,
}

/// Reads every source for events on `buckets` in the window, with no deadline.
pub async fn collect(
    aws: &AwsSettings,
    opts: &TrailOptions,
    buckets: &[Target],
) -> Result<EventSet, InputError> {
    collect_within(aws, opts, buckets, None).await
}

/// Reads every source for events on `buckets` in the window; no AWS call starts or waits
/// past `deadline` (the run's `--timeout`).
///
/// Local files and trail buckets hold what they hold: every bucket-configuration event in
/// them is kept, in scope or not (a `CreateBucket` for a bucket no state manages is how an
/// unmanaged bucket gets its creator). LookupEvents is asked about `buckets` only.
pub async fn collect_within(
    aws: &AwsSettings,
    opts: &TrailOptions,
    buckets: &[Target],
    deadline: Option<Deadline>,
) -> Result<EventSet, InputError> {
    collect_with(aws, opts, buckets, deadline, ReadAhead::default()).await
}

/// [`collect_within`], taking the local sources' results from `ahead` where it read them.
pub async fn collect_with(
    aws: &AwsSettings,
    opts: &TrailOptions,
    buckets: &[Target],
    deadline: Option<Deadline>,
    ahead: ReadAhead,
) -> Result<EventSet, InputError> {
    let mut ahead = ahead.results().await?;
    let mut set = EventSet::new(opts);
    let mut config: Option<SdkConfig> = None;
    // One policy for every AWS source: one deadline, one count for the report.
    let retry = Retry::until(deadline);
    for source in &opts.sources {
        match source {
            EventSource::Lookup => {
                let cfg = sdk_config(aws, &mut config).await?;
                let got = source_lookup::collect(&cfg, aws, opts, buckets, &retry).await?;
                set.coverage.push(got.coverage);
                set.warnings.extend(got.warnings);
                set.incomplete.extend(got.incomplete);
                set.add_parsed(got.parsed);
            }
            EventSource::Bucket(l) => {
                let cfg = sdk_config(aws, &mut config).await?;
                let got = source_s3::collect_trail(
                    &cfg,
                    aws,
                    &l.given,
                    &l.location,
                    opts,
                    buckets,
                    &retry,
                )
                .await?;
                set.coverage.push(got.coverage);
                set.warnings.extend(got.warnings);
                set.incomplete.extend(got.incomplete);
                set.add_parsed(got.parsed);
            }
            EventSource::Local(_) => {
                let name = source.name();
                let parsed = match ahead.pop_front() {
                    Some((path, got)) if path == name => got?,
                    _ => read_local(&name, source_local::read_cloudtrail).await?,
                };
                set.coverage.push(Coverage {
                    source: name,
                    evidence: Evidence::Cloudtrail,
                    regions: None,
                    from: None,
                });
                set.add_parsed(parsed);
            }
        }
    }
    for source in &opts.access_logs {
        let parsed = match source {
            LogSource::Bucket(l) => {
                let cfg = sdk_config(aws, &mut config).await?;
                let (parsed, incomplete) =
                    source_s3::collect_access_logs(&cfg, aws, &l.given, &l.location, opts, &retry)
                        .await?;
                set.incomplete.extend(incomplete);
                parsed
            }
            LogSource::Local(_) => {
                read_local(&source.name(), source_local::read_access_logs).await?
            }
        };
        set.add_access_log(parsed);
        set.coverage.push(Coverage {
            source: source.name(),
            evidence: Evidence::AccessLog,
            regions: None,
            from: None,
        });
    }
    set.throttling = crate::model::Throttling::of(retry.counts());
    set.warnings.extend(set.throttling.map(throttling_warning));
    set.finish();
    Ok(set)
}

/// What the report says about throttling of the event sources' reads: the live read's own
/// counts are a warning of their own (source `live read`), so the two are told apart.
fn throttling_warning(t: crate::model::Throttling) -> Warning {
    Warning::new(
        WarningCode::Throttled,
        "event sources",
        format!(
            "AWS throttled {} requests; {} retries were sent and {} calls given up \
             (each read given up is named in a warning; attribution says its search was incomplete)",
            t.throttled, t.retried, t.gave_up
        ),
    )
}

/// Reads a local source with `read` on a blocking thread (file reads and gunzip block).
async fn read_local(
    source: &str,
    read: fn(&str) -> Result<Parsed, InputError>,
) -> Result<Parsed, InputError> {
    let path = source.to_string();
    tokio::task::spawn_blocking(move || read(&path))
        .await
        .map_err(|e| {
            InputError::new(
                crate::diag::ErrorCode::Trail,
                format!("reading {source} failed: {e}"),
            )
        })?
}

/// The AWS configuration, loaded once and only when a source needs AWS.
async fn sdk_config(
    aws: &AwsSettings,
    slot: &mut Option<SdkConfig>,
) -> Result<SdkConfig, InputError> {
    if let Some(c) = slot {
        return Ok(c.clone());
    }
    let c = crate::aws::sdk_config(aws).await?;
    *slot = Some(c.clone());
    Ok(c)
}

/// The regions of the buckets in scope: the state's hint, else the configured region.
pub fn regions_of(aws: &AwsSettings, buckets: &[Target]) -> BTreeSet<String> {
    let fallback = aws
        .region
        .clone()
        .unwrap_or_else(|| crate::aws::FALLBACK_REGION.to_string());
    let mut out: BTreeSet<String> = buckets
        .iter()
        .map(|t| t.region.clone().unwrap_or_else(|| fallback.clone()))
        .collect();
    if out.is_empty() {
        out.insert(fallback);
    }
    out
}
