//! The events of a run's sources gathered into one set: each source's [`Parsed`] results
//! appended without copying, then sorted by time and rid of copies of one CloudTrail event
//! read from several sources (a trail bucket and a local copy of it, LookupEvents and the
//! trail), in memory proportional to the events kept.

use super::agents::Agents;
use super::{
    Coverage, Event, Evidence, Incomplete, TrailOptions, DEFAULT_BURST_COUNT, DEFAULT_BURST_WINDOW,
};
use crate::warning::{Warning, WarningCode};

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
    /// The user agents of the events merged in so far, one copy each.
    agents: Agents,
}

impl Parsed {
    /// Adds another stream's results; its events share the user agents seen before.
    pub fn merge(&mut self, mut other: Parsed) {
        self.agents.share(&mut other.events);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trail::{Action, Actor, NewValue, Via};

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

    /// Events merged from several files share one copy of each user agent.
    #[test]
    fn merged_events_share_one_copy_of_each_user_agent() {
        let with_agent = |agent: &str| {
            let mut e = event(0, "b", None, Evidence::Cloudtrail, "f");
            e.user_agent = Some(agent.into());
            e
        };
        let mut all = Parsed::default();
        for _ in 0..2 {
            all.merge(Parsed {
                events: vec![with_agent("terraform/1.9"), with_agent("aws-cli/2")],
                ..Parsed::default()
            });
        }
        let agents: Vec<_> = all
            .events
            .iter()
            .filter_map(|e| e.user_agent.as_ref())
            .collect();
        assert_eq!(agents.len(), 4);
        assert!(std::sync::Arc::ptr_eq(agents[0], agents[2]));
        assert!(std::sync::Arc::ptr_eq(agents[1], agents[3]));
        assert_eq!(
            (&agents[0][..], &agents[3][..]),
            ("terraform/1.9", "aws-cli/2")
        );
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
