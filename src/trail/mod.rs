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
pub mod event;
pub mod identity;
pub mod rate;
pub mod reader;
pub mod record;
pub mod source;
pub mod source_local;
pub mod source_lookup;
pub mod source_s3;
pub mod time;
pub mod values;

pub use event::{Action, Actor, Event, Evidence, NewValue, Via};
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

/// What one file, stream or source gave: CloudTrail records and access-log lines alike.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Bucket-configuration events, in the order read.
    pub events: Vec<Event>,
    /// One per malformed record or line, with its file and position.
    pub warnings: Vec<Warning>,
    /// Malformed records and lines.
    pub malformed: usize,
    /// Records (or access-log lines) read in all, configuration or not.
    pub records: usize,
}

impl Parsed {
    /// Adds another stream's results.
    pub fn merge(&mut self, other: Parsed) {
        append(&mut self.events, other.events);
        append(&mut self.warnings, other.warnings);
        self.malformed += other.malformed;
        self.records += other.records;
    }
}

/// Bucket-configuration events found in the sources.
#[derive(Clone, Debug)]
pub struct EventSet {
    /// Every event read, sorted by time (then bucket, name, id). Events outside the window
    /// are kept: they tell "the window ends before the change" from "no event".
    pub events: Vec<Event>,
    /// The attribution window.
    pub since: Option<jiff::Timestamp>,
    pub until: Option<jiff::Timestamp>,
    /// Denied-burst settings (`--denied-burst`, `--denied-window`).
    pub burst_count: usize,
    pub burst_window: jiff::SignedDuration,
    /// What each source covered.
    pub coverage: Vec<Coverage>,
    /// Non-fatal notes: malformed records (file and position), limits that cut the search short.
    pub warnings: Vec<Warning>,
    /// Malformed records and lines skipped.
    pub malformed: usize,
    /// Records and lines read in all.
    pub records: usize,
    /// Sources that gave up on some reads.
    pub incomplete: Vec<Incomplete>,
    /// How much AWS throttled the reads of the sources; `None` when it never did.
    pub throttling: Option<crate::model::Throttling>,
}

impl Default for EventSet {
    fn default() -> Self {
        EventSet {
            events: Vec::new(),
            since: None,
            until: None,
            burst_count: DEFAULT_BURST_COUNT,
            burst_window: DEFAULT_BURST_WINDOW,
            coverage: Vec::new(),
            warnings: Vec::new(),
            malformed: 0,
            records: 0,
            incomplete: Vec::new(),
            throttling: None,
        }
    }
}

impl EventSet {
    /// An empty set for a window.
    pub fn new(opts: &TrailOptions) -> EventSet {
        EventSet {
            since: Some(opts.since),
            until: Some(opts.until),
            burst_count: opts.burst_count,
            burst_window: opts.burst_window,
            ..EventSet::default()
        }
    }

    /// Whether `t` falls inside the window.
    pub fn in_window(&self, t: jiff::Timestamp) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }

    /// Adds the events, warnings and counts parsed from one source.
    pub fn add_parsed(&mut self, parsed: Parsed) {
        append(&mut self.events, parsed.events);
        append(&mut self.warnings, parsed.warnings);
        self.malformed += parsed.malformed;
        self.records += parsed.records;
    }

    /// Adds access-log lines parsed from one source (the same as [`EventSet::add_parsed`]).
    pub fn add_access_log(&mut self, parsed: Parsed) {
        self.add_parsed(parsed);
    }

    /// Sorts the events and drops copies of one CloudTrail event read from several sources
    /// (a trail bucket and a local copy of it, LookupEvents and the trail).
    pub fn finish(&mut self) {
        sort_events(&mut self.events);
        // Copies of one CloudTrail event agree on time, bucket, name and id, the first four
        // parts of the sort key, so after sorting they stand in one run, only origins (and
        // other evidence with the same key) between them: each is checked against the
        // last CloudTrail event kept, with no set of every id seen.
        let mut keep = Vec::with_capacity(self.events.len());
        let mut last: Option<usize> = None;
        for (i, e) in self.events.iter().enumerate() {
            let copy = match (&e.event_id, e.evidence) {
                (Some(id), Evidence::Cloudtrail) => {
                    let copy = last.is_some_and(|l| {
                        let k = &self.events[l];
                        k.time == e.time
                            && k.bucket == e.bucket
                            && k.name == e.name
                            && k.event_id.as_deref() == Some(id.as_str())
                    });
                    if !copy {
                        last = Some(i);
                    }
                    copy
                }
                _ => false,
            };
            keep.push(!copy);
        }
        let mut keep = keep.into_iter();
        self.events.retain(|_| keep.next().unwrap_or(true));
        self.events.shrink_to_fit();
        if self.malformed > 0 {
            self.warnings.push(Warning::new(
                WarningCode::MalformedRecord,
                "",
                format!(
                    "{} malformed event record(s) skipped (see the warnings above)",
                    self.malformed
                ),
            ));
        }
    }
}

/// Appends `more` to `to`, taking `more`'s allocation when `to` is empty instead of
/// copying into a new one.
fn append<T>(to: &mut Vec<T>, mut more: Vec<T>) {
    if to.is_empty() && to.capacity() < more.capacity() {
        *to = more;
    } else {
        to.append(&mut more);
    }
}

/// Sorts events by [`Event::sort_key`], stably (events with equal keys keep the order they
/// were read in), through a list of positions: a stable sort of the events themselves
/// would hold a scratch copy of up to half of them.
fn sort_events(events: &mut [Event]) {
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&a, &b| events[a].sort_key().cmp(&events[b].sort_key()));
    // Put each event in place by following the permutation's cycles: `order[i]` is where
    // the event that belongs at `i` is now.
    for start in 0..order.len() {
        let mut i = start;
        while order[i] != start {
            let from = order[i];
            events.swap(i, from);
            order[i] = i;
            i = from;
        }
        order[i] = i;
    }
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

/// The local CloudTrail sources of a run, read on a thread of their own while the run does
/// other work (reading the state and the live side), and taken by [`collect_with`].
///
/// A local source is read whole whatever the window and the buckets (see
/// [`collect_within`]), so nothing the run learns later changes what reading it gives: it
/// can start first. Its results, errors included, are handed over in the sources' order and
/// reported exactly where reading it then would have reported them.
#[derive(Default)]
pub struct ReadAhead {
    /// The paths being read, in the order given, and the thread reading them.
    paths: Vec<String>,
    reading: Option<std::thread::JoinHandle<Vec<Result<Parsed, InputError>>>>,
}

impl ReadAhead {
    /// Starts reading the local sources among `sources`, one after the other, on a new
    /// thread (which reads each source's files on every core). Reading stops at the first
    /// source that fails: the run stops there too.
    pub fn start(sources: &[EventSource]) -> ReadAhead {
        let paths: Vec<String> = sources
            .iter()
            .filter(|s| matches!(s, EventSource::Local(_)))
            .map(EventSource::name)
            .collect();
        if paths.is_empty() {
            return ReadAhead::default();
        }
        let todo = paths.clone();
        let reading = std::thread::Builder::new()
            .name("cloudtrail-read-ahead".into())
            .spawn(move || {
                let mut out = Vec::new();
                for path in todo {
                    let got = source_local::read_cloudtrail(&path);
                    let failed = got.is_err();
                    out.push(got);
                    if failed {
                        break;
                    }
                }
                out
            })
            .ok();
        ReadAhead { paths, reading }
    }

    /// The results, in the order of the local sources; empty when nothing was read ahead.
    async fn results(
        self,
    ) -> Result<std::collections::VecDeque<(String, Result<Parsed, InputError>)>, InputError> {
        let Some(reading) = self.reading else {
            return Ok(Default::default());
        };
        let got = tokio::task::spawn_blocking(move || reading.join())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| {
                InputError::new(
                    crate::diag::ErrorCode::Trail,
                    format!("reading {} failed", self.paths.join(", ")),
                )
            })?;
        Ok(self.paths.into_iter().zip(got).collect())
    }
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
    set.throttling = throttling(&retry);
    set.warnings.extend(set.throttling.map(throttling_warning));
    set.finish();
    Ok(set)
}

/// The counts of the sources' reads, when AWS throttled any.
fn throttling(retry: &Retry) -> Option<crate::model::Throttling> {
    let c = retry.counts();
    (c != Default::default()).then_some(crate::model::Throttling {
        throttled: c.throttled,
        retried: c.retried,
        gave_up: c.gave_up,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn event(time: i64, bucket: &str, id: Option<&str>, evidence: Evidence, origin: &str) -> Event {
        Event {
            time: jiff::Timestamp::from_second(time).unwrap(),
            name: "PutBucketVersioning".into(),
            bucket: bucket.into(),
            part: None,
            action: Action::CreateBucket,
            value: NewValue::Unknown,
            region: None,
            account: None,
            actor: Actor::default(),
            via: Via::Unknown,
            source_ip: None,
            user_agent: None,
            vpc_endpoint_id: None,
            event_id: id.map(str::to_string),
            request_id: None,
            error_code: None,
            evidence,
            origin: origin.into(),
        }
    }

    /// What `finish` did with a sort of the events themselves and a set of every id seen;
    /// the leaner way must keep exactly the same events in the same order.
    fn finish_with_a_set(mut events: Vec<Event>) -> Vec<Event> {
        events.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut seen = std::collections::HashSet::new();
        events.retain(|e| match (&e.event_id, e.evidence) {
            (Some(id), Evidence::Cloudtrail) => {
                seen.insert((id.clone(), e.name.clone(), e.bucket.clone(), e.time))
            }
            _ => true,
        });
        events
    }

    #[test]
    fn finishing_sorts_stably_and_drops_copies() {
        use Evidence::{AccessLog, Cloudtrail};
        let mut events = Vec::new();
        // A small deterministic mix: copies of one event from several files, equal keys,
        // access-log lines with and without ids, events with no id.
        let mut x: u64 = 7;
        for i in 0..400 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let time = (x >> 60) as i64;
            let bucket = ["a", "b"][(x >> 20) as usize % 2];
            let id = ["e1", "e2", "e3"].get((x >> 30) as usize % 4).copied();
            let evidence = if (x >> 40) % 5 == 0 {
                AccessLog
            } else {
                Cloudtrail
            };
            let origin = format!("f{}", (x >> 50) % 3);
            let mut e = event(time, bucket, id, evidence, &origin);
            // Equal sort keys that differ elsewhere keep their reading order.
            e.request_id = Some(i.to_string());
            events.push(e);
        }
        let expected = finish_with_a_set(events.clone());
        let mut set = EventSet::default();
        set.add_parsed(Parsed {
            events,
            ..Parsed::default()
        });
        set.finish();
        assert!(
            expected.len() < 400 && expected.len() > 10,
            "{}",
            expected.len()
        );
        assert_eq!(set.events, expected);
    }
}

#[cfg(test)]
mod read_ahead_tests {
    use super::*;

    fn opts(sources: Vec<EventSource>) -> TrailOptions {
        TrailOptions {
            sources,
            access_logs: Vec::new(),
            since: jiff::Timestamp::UNIX_EPOCH,
            until: jiff::Timestamp::MAX,
            burst_count: DEFAULT_BURST_COUNT,
            burst_window: DEFAULT_BURST_WINDOW,
            account_events: false,
        }
    }

    /// Reading local sources ahead gives what reading them in turn gives: the same events,
    /// warnings and counts, and the same error from the same source.
    #[tokio::test]
    async fn reading_ahead_gives_what_reading_in_turn_gives() {
        let aws = AwsSettings::default();
        let demo = EventSource::Local("fixtures/demo/cloudtrail".into());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.json"), "not json").unwrap();
        let broken = EventSource::Local(dir.path().to_path_buf());
        let cases = [
            vec![demo.clone()],
            vec![demo.clone(), demo.clone()],
            vec![demo.clone(), broken.clone(), demo.clone()],
            vec![broken, demo],
        ];
        let mut errors = 0;
        for sources in cases {
            let opts = opts(sources.clone());
            let in_turn = collect_within(&aws, &opts, &[], None).await;
            let ahead = collect_with(&aws, &opts, &[], None, ReadAhead::start(&sources)).await;
            let show = |r: &Result<EventSet, InputError>| match r {
                Ok(set) => format!(
                    "{:?} {:?} {} {} {:?}",
                    set.events, set.warnings, set.records, set.malformed, set.coverage
                ),
                Err(e) => format!("error: {}", e.message),
            };
            assert_eq!(show(&ahead), show(&in_turn), "{sources:?}");
            match &in_turn {
                Ok(set) => assert!(!set.events.is_empty(), "{sources:?}"),
                Err(_) => errors += 1,
            }
        }
        // The folder with no readable file stops both runs.
        assert_eq!(errors, 2);
    }
}
