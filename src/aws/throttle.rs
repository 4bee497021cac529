//! Throttling: how s3drift slows down when AWS says "slow down", and why it never stalls.
//!
//! S3 answers `503 SlowDown` (other services `Throttling`, `429`) when a caller sends faster
//! than it accepts; AWS's guidance is to retry with exponential backoff and jitter and to
//! lower the request rate. The SDK's *adaptive* retry mode does that with a client-side
//! rate limiter whose rate drops on every throttle to a floor of about half a request per
//! second; under a steady share of throttled answers it never recovers and a large scan
//! runs for hours. So the live reader retries on its own, with three pieces:
//!
//! * [`Aimd`]: a per-region limit on requests in flight (or, for an API with a documented
//!   rate limit such as LookupEvents, a request rate), cut multiplicatively on a throttle
//!   (at most once per [`CUT_GAP`], the way TCP cuts once per round trip: the answers to
//!   requests sent before the cut say nothing about the new limit) and raised additively on
//!   every success. It never drops below [`FLOOR`] requests in flight, so a scan keeps
//!   moving whatever share of answers throttles. Limiting requests in flight rather than
//!   requests per second is self-clocking: the send rate follows the answers' pace, and a
//!   slow server slows the scan without any timer to tune.
//! * [`backoff`]: per-request exponential backoff with full jitter.
//! * [`Retry::run`]: at most a fixed number of attempts per call, all bounded by the run's
//!   [`Deadline`]. A call that runs out is given up ([`GaveUp`]) and the caller decides (the
//!   live reader tries it once more in a final sweep; an event source warns and goes on).
//!
//! Each attempt waits at a [`Gate`] that learns from its outcome: [`Pacer`] (requests in
//! flight: S3 reads, live and of trail buckets) or `trail::rate::Spacing` (a request rate
//! under LookupEvents' 2 calls per second). Every throttle, retry and give-up is counted
//! ([`Tally`]) for the report.

use super::CallError;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

/// The limit never goes below this many requests in flight. Four keeps a scan moving at
/// four round trips' worth of requests (hundreds per second against S3's tens of
/// milliseconds per GET) while cutting a default-sized scan's load by a factor of eight.
pub const FLOOR: usize = 4;
/// On a throttle the limit is multiplied by this (a quarter off): gentler than TCP's half,
/// because S3 throttles by share of requests, not by a queue that overflows at once.
pub const CUT: f64 = 0.75;
/// At most one cut per this long: the answers in flight when the limit was cut were sent
/// under the old limit.
pub const CUT_GAP: Duration = Duration::from_millis(250);
/// Attempts per call, the first included. With a third of all answers throttled, eight
/// attempts fail together for one call in 15,000.
pub const ATTEMPTS: u32 = 8;
/// The first retry waits up to this long, doubling per attempt.
pub const BASE_BACKOFF: Duration = Duration::from_millis(100);
/// No single wait is longer than this.
pub const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The limit of one region (and service): additive increase, multiplicative decrease.
///
/// The unit is the caller's: requests in flight ([`Aimd::new`]) or requests per second
/// ([`Aimd::rate`]). Each success adds `step / limit`, so a limit's worth of successes (one
/// round trip in flight, one second's calls at a rate) adds `step`.
#[derive(Clone, Debug)]
pub struct Aimd {
    limit: f64,
    floor: f64,
    ceiling: f64,
    step: f64,
    last_cut: Option<Instant>,
}

impl Aimd {
    /// A limit on requests in flight starting at `ceiling` (a scan that is never throttled
    /// is never slowed), with floor [`FLOOR`] (or the ceiling, when that is lower), rising by
    /// one per round trip.
    pub fn new(ceiling: usize) -> Aimd {
        let ceiling = ceiling.max(1) as f64;
        Aimd {
            limit: ceiling,
            floor: (FLOOR as f64).min(ceiling),
            ceiling,
            step: 1.0,
            last_cut: None,
        }
    }

    /// A limit on a request rate (per second) starting at `ceiling`, never below `floor`,
    /// rising by `step` per second of successes. Cuts are the same as for [`Aimd::new`].
    pub fn rate(ceiling: f64, floor: f64, step: f64) -> Aimd {
        let ceiling = ceiling.max(f64::MIN_POSITIVE);
        Aimd {
            limit: ceiling,
            floor: floor.clamp(f64::MIN_POSITIVE, ceiling),
            ceiling,
            step,
            last_cut: None,
        }
    }

    /// Requests allowed in flight now (at least 1).
    pub fn limit(&self) -> usize {
        self.limit.floor().max(1.0) as usize
    }

    /// The limit as it stands, unrounded (a rate for [`Aimd::rate`]).
    pub fn value(&self) -> f64 {
        self.limit
    }

    /// A success: `step` more per limit's worth of successes (one per round trip).
    pub fn on_success(&mut self) {
        self.limit = (self.limit + self.step / self.limit).min(self.ceiling);
    }

    /// A throttle at `now`: cut, unless the last cut was within [`CUT_GAP`]. Returns whether
    /// it cut.
    pub fn on_throttle(&mut self, now: Instant) -> bool {
        if self
            .last_cut
            .is_some_and(|t| now.saturating_duration_since(t) < CUT_GAP)
        {
            return false;
        }
        self.last_cut = Some(now);
        self.limit = (self.limit * CUT).max(self.floor);
        true
    }
}

/// The wait before retry number `retry` (1 for the first retry): uniformly random up to
/// `min(MAX_BACKOFF, BASE_BACKOFF × 2^(retry−1))` ("full jitter", which spreads the retries
/// of calls throttled together instead of sending them back together).
pub fn backoff(retry: u32) -> Duration {
    backoff_from(BASE_BACKOFF, retry)
}

fn backoff_from(base: Duration, retry: u32) -> Duration {
    let cap = base
        .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
        .min(MAX_BACKOFF);
    cap.mul_f64(fastrand::f64())
}

/// How a failed attempt is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// AWS asked to slow down: retry later, and lower the limit.
    Throttle,
    /// No answer, or a server error: retry later.
    Transient,
    /// An answer that will not change (AccessDenied, NoSuchBucket, a redirect): no retry.
    Final,
}

/// The error codes AWS services use for throttling (the SDKs' own list).
const THROTTLING_CODES: &[&str] = &[
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Classifies a failed attempt. S3 sends `503 SlowDown`; a bare 503 or a 429 is a throttle
/// too.
pub fn classify(e: &CallError) -> Class {
    if e.code
        .as_deref()
        .is_some_and(|c| THROTTLING_CODES.contains(&c))
        || matches!(e.status, Some(429) | Some(503))
    {
        Class::Throttle
    } else if e.status.is_none_or(|s| s >= 500) {
        Class::Transient
    } else {
        Class::Final
    }
}

/// Why a call was given up rather than answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GaveUp {
    /// Still throttled after every attempt.
    Throttled,
    /// The run's deadline came first.
    Deadline,
}

/// Counts of one run, for the report and the progress bar.
#[derive(Debug, Default)]
pub struct Tally {
    throttled: AtomicU64,
    retried: AtomicU64,
    gave_up: AtomicU64,
}

/// A copy of the counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Answers that were throttles.
    pub throttled: u64,
    /// Attempts that were retries of a throttled or failed attempt.
    pub retried: u64,
    /// Calls given up: throttled through every attempt, or stopped by the deadline.
    pub gave_up: u64,
}

impl Tally {
    /// The counts so far.
    pub fn counts(&self) -> Counts {
        Counts {
            throttled: self.throttled.load(Ordering::Relaxed),
            retried: self.retried.load(Ordering::Relaxed),
            gave_up: self.gave_up.load(Ordering::Relaxed),
        }
    }
}

/// The in-flight limit of one region, enforced: a semaphore whose size follows [`Aimd`].
/// Shrinking takes back free permits at once and the rest as they are released, so no
/// request in flight is interrupted and the limit is never below 1.
pub struct Pacer {
    permits: Semaphore,
    state: Mutex<PacerState>,
}

struct PacerState {
    aimd: Aimd,
    /// Permits that exist, free or held.
    issued: usize,
    /// Permits to retire when they are released.
    debt: usize,
}

/// A slot in a [`Pacer`], released on drop.
pub struct Slot<'a> {
    pacer: &'a Pacer,
    permit: Option<SemaphorePermit<'a>>,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let Some(permit) = self.permit.take() else {
            return;
        };
        let mut state = self.pacer.lock();
        if state.debt > 0 {
            state.debt -= 1;
            state.issued -= 1;
            permit.forget();
        }
    }
}

/// Where each attempt of [`Retry::run`] waits before it is sent, and what learns from its
/// outcome: the policy's one seam between "how many, how fast" and "how often, how long".
pub trait Gate {
    /// Held while the attempt is in flight.
    type Slot<'a>
    where
        Self: 'a;
    /// Waits until an attempt may be sent.
    fn slot(&self) -> impl Future<Output = Self::Slot<'_>> + Send;
    /// Learns from an attempt's outcome: `None` for a success.
    fn record(&self, class: Option<Class>);
}

impl Gate for Pacer {
    type Slot<'a> = Slot<'a>;

    fn slot(&self) -> impl Future<Output = Slot<'_>> + Send {
        Pacer::slot(self)
    }

    fn record(&self, class: Option<Class>) {
        Pacer::record(self, class)
    }
}

impl Pacer {
    /// A pacer allowing `ceiling` requests in flight until AWS throttles.
    pub fn new(ceiling: usize) -> Pacer {
        let aimd = Aimd::new(ceiling);
        let issued = aimd.limit();
        Pacer {
            permits: Semaphore::new(issued),
            state: Mutex::new(PacerState {
                aimd,
                issued,
                debt: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PacerState> {
        // The state is a few numbers, valid after any panic elsewhere.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for a slot.
    pub async fn slot(&self) -> Slot<'_> {
        // The semaphore is never closed, so acquiring only waits.
        let permit = self.permits.acquire().await.ok();
        Slot {
            pacer: self,
            permit,
        }
    }

    /// The current limit.
    pub fn limit(&self) -> usize {
        self.lock().aimd.limit()
    }

    /// Records an attempt's outcome and resizes the semaphore to the new limit.
    fn record(&self, class: Option<Class>) {
        let mut state = self.lock();
        match class {
            None => state.aimd.on_success(),
            Some(Class::Throttle) => {
                state.aimd.on_throttle(Instant::now());
            }
            Some(_) => return,
        }
        let target = state.aimd.limit();
        let effective = state.issued - state.debt;
        if target > effective {
            let mut need = target - effective;
            let repaid = need.min(state.debt);
            state.debt -= repaid;
            need -= repaid;
            state.issued += need;
            self.permits.add_permits(need);
        } else if target < effective {
            let excess = effective - target;
            let taken = self.permits.forget_permits(excess);
            state.issued -= taken;
            state.debt += excess - taken;
        }
    }
}

/// The run's deadline (`--timeout`): when it is, and the timeout it came from (for messages).
/// One run has one deadline: the event sources read for attribution stop calling AWS by the
/// same `--timeout` as the live read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    at: Instant,
    timeout: Duration,
}

impl Deadline {
    /// `timeout` from now.
    pub fn after(timeout: Duration) -> Deadline {
        Deadline {
            at: Instant::now() + timeout,
            timeout,
        }
    }
}

/// The retry policy of one run: attempts per call, the deadline, the counts.
pub struct Retry {
    attempts: u32,
    /// The first retry's wait cap ([`BASE_BACKOFF`]; shorter in unit tests).
    base: Duration,
    deadline: Option<Instant>,
    timeout: Option<Duration>,
    tally: Tally,
}

impl Retry {
    /// [`ATTEMPTS`] per call; with `timeout`, no call starts or waits past `timeout` from now.
    pub fn new(timeout: Option<Duration>) -> Retry {
        Retry::until(timeout.map(Deadline::after))
    }

    /// [`ATTEMPTS`] per call; no call starts or waits past `deadline`.
    pub fn until(deadline: Option<Deadline>) -> Retry {
        Retry {
            attempts: ATTEMPTS,
            base: BASE_BACKOFF,
            deadline: deadline.map(|d| d.at),
            timeout: deadline.map(|d| d.timeout),
            tally: Tally::default(),
        }
    }

    /// The counts so far.
    pub fn counts(&self) -> Counts {
        self.tally.counts()
    }

    /// Whether the deadline has passed.
    pub fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// The error of a call the deadline stopped.
    pub fn deadline_error(&self) -> CallError {
        let within = self
            .timeout
            .and_then(|t| jiff::SignedDuration::try_from(t).ok())
            .map(|t| format!(" within --timeout {t:#}"))
            .unwrap_or_default();
        CallError {
            code: None,
            status: None,
            bucket_region: None,
            reason: format!("deadline: not read{within}"),
            gave_up: Some(GaveUp::Deadline),
        }
    }

    /// Runs `attempt` under `pacer` until it succeeds, fails for good, runs out of attempts
    /// or meets the deadline. Each attempt waits for a slot; a throttle or transient failure
    /// waits [`backoff`] before the next.
    pub async fn run<T, G, F, Fut>(&self, pacer: &G, mut attempt: F) -> Result<T, CallError>
    where
        G: Gate,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, CallError>>,
    {
        let mut n = 0;
        loop {
            n += 1;
            let sent = async {
                let _slot = pacer.slot().await;
                attempt().await
            };
            let answer = match self.deadline {
                Some(d) => match tokio::time::timeout_at(d, sent).await {
                    Ok(a) => a,
                    Err(_) => return Err(self.give_up(self.deadline_error())),
                },
                None => sent.await,
            };
            let e = match answer {
                Ok(v) => {
                    pacer.record(None);
                    return Ok(v);
                }
                Err(e) => e,
            };
            let class = classify(&e);
            pacer.record(Some(class));
            if class == Class::Throttle {
                self.tally.throttled.fetch_add(1, Ordering::Relaxed);
            }
            if class == Class::Final {
                return Err(e);
            }
            if n >= self.attempts {
                if class == Class::Throttle {
                    let what = e.code.clone().unwrap_or_else(|| e.reason.clone());
                    return Err(self.give_up(CallError {
                        reason: format!("throttled: {what} after {n} attempts"),
                        gave_up: Some(GaveUp::Throttled),
                        ..e
                    }));
                }
                return Err(e);
            }
            let wake = Instant::now() + backoff_from(self.base, n);
            match self.deadline {
                Some(d) if d <= wake => {
                    tokio::time::sleep_until(d).await;
                    return Err(self.give_up(self.deadline_error()));
                }
                _ => tokio::time::sleep_until(wake).await,
            }
            self.tally.retried.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn give_up(&self, e: CallError) -> CallError {
        self.tally.gave_up.fetch_add(1, Ordering::Relaxed);
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_backs_off_recovers_and_keeps_its_floor() {
        let mut aimd = Aimd::new(32);
        let mut now = Instant::now();
        assert_eq!(aimd.limit(), 32);
        // Back off: a quarter off per cut.
        assert!(aimd.on_throttle(now));
        assert_eq!(aimd.limit(), 24);
        // Throttles answering requests sent before the cut do not cut again.
        assert!(!aimd.on_throttle(now + CUT_GAP / 2));
        assert_eq!(aimd.limit(), 24);
        // Every throttle at a fresh gap cuts, but never below the floor.
        for _ in 0..100 {
            now += CUT_GAP;
            aimd.on_throttle(now);
            assert!(aimd.limit() >= FLOOR);
        }
        assert_eq!(aimd.limit(), FLOOR);
        // Recover: successes raise the limit by about one per limit's worth, up to the ceiling.
        for _ in 0..=FLOOR {
            aimd.on_success();
        }
        assert_eq!(aimd.limit(), FLOOR + 1);
        for _ in 0..10_000 {
            aimd.on_success();
        }
        assert_eq!(aimd.limit(), 32);
    }

    #[test]
    fn a_rate_backs_off_recovers_by_its_step_per_second_and_keeps_its_floor() {
        // Two calls a second at most, one every five seconds at least, 0.1/s more per second.
        let mut rate = Aimd::rate(2.0, 0.2, 0.1);
        let mut now = Instant::now();
        assert_eq!(rate.value(), 2.0);
        assert!(rate.on_throttle(now));
        assert_eq!(rate.value(), 1.5);
        for _ in 0..100 {
            now += CUT_GAP;
            rate.on_throttle(now);
            assert!(rate.value() >= 0.2);
        }
        assert_eq!(rate.value(), 0.2);
        // One success at the floor is five seconds' worth of calls: five steps.
        rate.on_success();
        assert!((rate.value() - 0.7).abs() < 1e-9, "{}", rate.value());
        for _ in 0..100 {
            rate.on_success();
        }
        assert_eq!(rate.value(), 2.0, "back to the ceiling, never above");
    }

    #[test]
    fn a_small_ceiling_is_its_own_floor() {
        let mut aimd = Aimd::new(1);
        aimd.on_throttle(Instant::now());
        assert_eq!(aimd.limit(), 1);
        assert_eq!(Aimd::new(0).limit(), 1);
    }

    #[test]
    fn backoff_is_jittered_under_a_doubling_cap() {
        for retry in 1..=12 {
            let cap = (BASE_BACKOFF * (1 << (retry - 1))).min(MAX_BACKOFF);
            for _ in 0..50 {
                assert!(backoff(retry) <= cap, "retry {retry}");
            }
        }
        let waits: std::collections::BTreeSet<_> = (0..20).map(|_| backoff(3)).collect();
        assert!(waits.len() > 1, "jittered");
    }

    fn err(code: Option<&str>, status: Option<u16>) -> CallError {
        CallError {
            code: code.map(str::to_string),
            status,
            ..CallError::default()
        }
    }

    #[test]
    fn throttles_transients_and_answers() {
        assert_eq!(classify(&err(Some("SlowDown"), Some(503))), Class::Throttle);
        assert_eq!(
            classify(&err(Some("ThrottlingException"), Some(400))),
            Class::Throttle
        );
        assert_eq!(classify(&err(None, Some(429))), Class::Throttle);
        assert_eq!(
            classify(&err(Some("InternalError"), Some(500))),
            Class::Transient
        );
        assert_eq!(classify(&err(None, None)), Class::Transient);
        assert_eq!(
            classify(&err(Some("AccessDenied"), Some(403))),
            Class::Final
        );
        assert_eq!(
            classify(&err(Some("PermanentRedirect"), Some(301))),
            Class::Final
        );
    }

    #[tokio::test]
    async fn the_pacer_shrinks_to_the_limit_and_grows_back() {
        let pacer = Pacer::new(8);
        let held: Vec<_> = futures::future::join_all((0..8).map(|_| pacer.slot())).await;
        // Cut while all eight are held: the excess is retired as they come back.
        pacer.record(Some(Class::Throttle));
        assert_eq!(pacer.limit(), 6);
        drop(held);
        assert_eq!(pacer.permits.available_permits(), 6);
        for _ in 0..100 {
            pacer.record(None);
        }
        assert_eq!(pacer.limit(), 8);
        assert_eq!(pacer.permits.available_permits(), 8);
    }

    /// A policy with millisecond waits, so a test of many retries takes no time.
    fn quick(timeout: Option<Duration>) -> Retry {
        Retry {
            base: Duration::from_millis(1),
            ..Retry::new(timeout)
        }
    }

    #[tokio::test]
    async fn a_call_throttled_every_time_is_given_up_after_its_attempts() {
        let retry = quick(None);
        let pacer = Pacer::new(4);
        let mut calls = 0;
        let out: Result<(), _> = retry
            .run(&pacer, || {
                calls += 1;
                async { Err(err(Some("SlowDown"), Some(503))) }
            })
            .await;
        let e = out.unwrap_err();
        assert_eq!(e.gave_up, Some(GaveUp::Throttled));
        assert_eq!(
            e.reason,
            format!("throttled: SlowDown after {ATTEMPTS} attempts")
        );
        assert_eq!(calls, ATTEMPTS);
        assert_eq!(
            retry.counts(),
            Counts {
                throttled: ATTEMPTS as u64,
                retried: ATTEMPTS as u64 - 1,
                gave_up: 1
            }
        );
    }

    #[tokio::test]
    async fn the_deadline_stops_a_call_that_would_wait() {
        let retry = quick(Some(Duration::from_millis(200)));
        let pacer = Pacer::new(4);
        let out: Result<(), _> = retry
            .run(&pacer, || async {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                Ok(())
            })
            .await;
        let e = out.unwrap_err();
        assert_eq!(e.gave_up, Some(GaveUp::Deadline));
        assert_eq!(e.reason, "deadline: not read within --timeout 200ms");
        assert!(retry.expired());
    }

    #[tokio::test]
    async fn a_final_error_is_not_retried_and_a_success_is_not_counted() {
        let retry = quick(None);
        let pacer = Pacer::new(4);
        let e = retry
            .run(&pacer, || async {
                Err::<(), _>(err(Some("AccessDenied"), Some(403)))
            })
            .await
            .unwrap_err();
        assert_eq!(e.gave_up, None);
        let mut first = true;
        let ok = retry
            .run(&pacer, || {
                let throttled = std::mem::take(&mut first);
                async move {
                    if throttled {
                        Err(err(Some("SlowDown"), Some(503)))
                    } else {
                        Ok(7)
                    }
                }
            })
            .await;
        assert_eq!(ok, Ok(7));
        assert_eq!(
            retry.counts(),
            Counts {
                throttled: 1,
                retried: 1,
                gave_up: 0
            }
        );
    }
}
