//! The request rate of LookupEvents in one region: at most CloudTrail's 2 calls per second,
//! lower while CloudTrail throttles.
//!
//! LookupEvents allows 2 requests per second per account per region (CloudTrail User Guide),
//! a hard limit shared with every other caller in the account. Each region's calls go
//! through one [`Spacing`], which spaces their starts at least `1 / rate` apart, the rate
//! being an [`Aimd`] of the shared throttling policy ([`crate::aws::throttle`]):
//!
//! * its ceiling is one call per [`LOOKUP_INTERVAL`], which has a margin over 500 ms, so no
//!   one-second window, however it is placed, holds more than two calls;
//! * a `ThrottlingException` (another caller in the account is spending the budget) cuts it
//!   by a quarter, at most once per cut gap;
//! * successes raise it by [`RECOVERY`] calls per second every second, back to the ceiling;
//! * it never drops below [`FLOOR_RATE`], so a lookup keeps moving.

use crate::aws::throttle::{Aimd, Class, Gate};
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// The spacing between two LookupEvents calls in one region at the full rate.
pub const LOOKUP_INTERVAL: Duration = Duration::from_millis(550);

/// The lowest rate, in calls per second: one call every five seconds. A throttled region
/// still gets through a bucket's first page within the default deadline's first minute.
pub const FLOOR_RATE: f64 = 0.2;

/// Calls per second regained per second of successes: from the floor back to the full
/// rate in about 16 seconds, from one cut in under 5.
pub const RECOVERY: f64 = 0.1;

/// Spaces calls `1 / rate` apart, the rate backing off on throttles and recovering on
/// successes.
#[derive(Debug)]
pub struct Spacing {
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    rate: Aimd,
    /// The shortest spacing: one call per [`LOOKUP_INTERVAL`], whatever rounding says.
    floor: Duration,
    /// The earliest start of the next call.
    next: Option<Instant>,
}

impl Spacing {
    /// A spacing of at least `interval` between calls, starting at that rate.
    pub fn new(interval: Duration) -> Spacing {
        let ceiling = 1.0 / interval.as_secs_f64().max(f64::MIN_POSITIVE);
        Spacing {
            state: Mutex::new(State {
                rate: Aimd::rate(ceiling, FLOOR_RATE, RECOVERY),
                floor: interval,
                next: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A few numbers, valid after any panic elsewhere.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The current spacing between two calls.
    pub fn interval(&self) -> Duration {
        let state = self.lock();
        Duration::from_secs_f64(1.0 / state.rate.value()).max(state.floor)
    }

    /// Waits until the next call may start, and books the slot after it.
    pub async fn wait(&self) {
        let start = {
            let interval = self.interval();
            let mut state = self.lock();
            let now = Instant::now();
            let start = match state.next {
                Some(t) if t > now => t,
                _ => now,
            };
            state.next = Some(start + interval);
            start
        };
        tokio::time::sleep_until(start).await;
    }
}

impl Gate for Spacing {
    type Slot<'a> = ();

    fn slot(&self) -> impl Future<Output = ()> + Send {
        self.wait()
    }

    fn record(&self, class: Option<Class>) {
        self.record_at(class, Instant::now());
    }
}

impl Spacing {
    /// Learns from an answer that arrived at `now`.
    fn record_at(&self, class: Option<Class>, now: Instant) {
        let mut state = self.lock();
        match class {
            None => state.rate.on_success(),
            Some(Class::Throttle) => {
                if state.rate.on_throttle(now) {
                    // The next call was booked at the old rate: book it at the new one.
                    let interval = Duration::from_secs_f64(1.0 / state.rate.value());
                    state.next = Some(now + interval.max(state.floor));
                }
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn calls_are_spaced() {
        let pacer = Spacing::new(LOOKUP_INTERVAL);
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..3 {
            pacer.wait().await;
            starts.push(Instant::now() - t0);
        }
        // Starts are booked `LOOKUP_INTERVAL` apart; wake-ups may be a little late.
        assert!(
            starts[2] - starts[0] >= 2 * LOOKUP_INTERVAL - Duration::from_millis(20),
            "{starts:?}"
        );
        // No one-second window holds more than two starts.
        for (i, s) in starts.iter().enumerate() {
            let within = starts[i..]
                .iter()
                .filter(|t| **t - *s <= Duration::from_secs(1))
                .count();
            assert!(within <= 2, "{starts:?}");
        }
    }

    #[tokio::test]
    async fn throttles_widen_the_spacing_and_successes_close_it_again() {
        let pacer = Spacing::new(LOOKUP_INTERVAL);
        assert_eq!(pacer.interval(), LOOKUP_INTERVAL);
        let before = Instant::now();
        pacer.record(Some(Class::Throttle));
        let once = pacer.interval();
        assert!(once > LOOKUP_INTERVAL, "{once:?}");
        // The next call waits the new spacing, not the old one.
        pacer.wait().await;
        assert!(Instant::now() - before >= once - Duration::from_millis(5));
        let mut now = Instant::now();
        for _ in 0..200 {
            now += Duration::from_secs(1);
            pacer.record_at(Some(Class::Throttle), now);
        }
        assert_eq!(pacer.interval(), Duration::from_secs(5), "the floor rate");
        for _ in 0..100 {
            pacer.record(None);
        }
        assert_eq!(pacer.interval(), LOOKUP_INTERVAL, "recovered, never faster");
        // Other failures say nothing about the rate.
        pacer.record(Some(Class::Transient));
        assert_eq!(pacer.interval(), LOOKUP_INTERVAL);
    }
}
