//! The retry policy of one run: which failures are retried, how many attempts a call has,
//! the run's deadline, and the counts of throttles, retries and give-ups for the report.

use super::aimd::backoff_from;
use super::{Gate, ATTEMPTS, BASE_BACKOFF};
use crate::aws::CallError;
use std::cell::Cell;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

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
    /// Calls given up as throttled and noted for a final sweep ([`Retry::note_for_sweep`]).
    swept: AtomicU64,
}

tokio::task_local! {
    /// Set in a final sweep's call ([`again`]) until its first attempt is made.
    static AGAIN: Cell<bool>;
}

/// Runs `call` of a final sweep: when `retried` (a call noted with
/// [`Retry::note_for_sweep`] tried again), its first attempt counts as a retry once it is
/// made, not before: a sweep the deadline stops before an attempt sent none. Later calls in
/// the same task (the parts read after a swept HeadBucket, the pages after a resumed one)
/// are first tries.
pub async fn again<F: Future>(retried: bool, call: F) -> F::Output {
    AGAIN.scope(Cell::new(retried), call).await
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
    /// The counts so far. A call noted for the final sweep counts as given up only if the
    /// sweep gives it up too (its first attempt there is a retry, see [`again`]), so every
    /// throttled answer is either retried or the last answer of a call given up.
    pub fn counts(&self) -> Counts {
        let swept = self.swept.load(Ordering::Relaxed);
        Counts {
            throttled: self.throttled.load(Ordering::Relaxed),
            retried: self.retried.load(Ordering::Relaxed),
            gave_up: self.gave_up.load(Ordering::Relaxed).saturating_sub(swept),
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

    /// Notes that a call just given up as throttled will be tried once more in a final
    /// sweep, through [`again`] (see [`Tally::counts`]).
    pub fn note_for_sweep(&self) {
        self.tally.swept.fetch_add(1, Ordering::Relaxed);
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
            // `timeout_at` polls the call once before it looks at the clock: no call starts
            // past the deadline.
            if self.expired() {
                return Err(self.give_up(self.deadline_error()));
            }
            let sent = async {
                let _slot = pacer.slot().await;
                if AGAIN.try_with(|a| a.replace(false)).unwrap_or(false) {
                    self.tally.retried.fetch_add(1, Ordering::Relaxed);
                }
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
impl Retry {
    /// A policy with millisecond waits, so a test of many retries takes no time.
    pub(crate) fn quick(timeout: Option<Duration>) -> Retry {
        Retry {
            base: Duration::from_millis(1),
            ..Retry::new(timeout)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::throttle::Pacer;

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
    async fn a_call_throttled_every_time_is_given_up_after_its_attempts() {
        let retry = Retry::quick(None);
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
    async fn a_swept_call_counts_its_retry_only_once_it_is_made() {
        let throttled = || async { Err::<(), _>(err(Some("SlowDown"), Some(503))) };
        let n = u64::from(ATTEMPTS);
        // Given up as throttled, noted, answered in the sweep: every throttle was retried.
        let retry = Retry::quick(None);
        let pacer = Pacer::new(4);
        assert!(retry.run(&pacer, throttled).await.is_err());
        retry.note_for_sweep();
        let swept = again(true, retry.run(&pacer, || async { Ok::<_, CallError>(()) }));
        assert_eq!(swept.await, Ok(()));
        let counts = retry.counts();
        assert_eq!(
            (counts.throttled, counts.retried, counts.gave_up),
            (n, n, 0)
        );
        // The deadline passes before the sweep: no retry was sent, the call is given up.
        let retry = Retry::quick(Some(Duration::from_millis(300)));
        assert!(retry.run(&pacer, throttled).await.is_err());
        retry.note_for_sweep();
        tokio::time::sleep(Duration::from_millis(350)).await;
        let swept = again(true, retry.run(&pacer, || async { Ok::<_, CallError>(()) }));
        assert_eq!(swept.await.unwrap_err().gave_up, Some(GaveUp::Deadline));
        let counts = retry.counts();
        assert_eq!(
            (counts.throttled, counts.retried, counts.gave_up),
            (n, n - 1, 1)
        );
    }

    #[tokio::test]
    async fn the_deadline_stops_a_call_that_would_wait() {
        let retry = Retry::quick(Some(Duration::from_millis(200)));
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
        let retry = Retry::quick(None);
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
