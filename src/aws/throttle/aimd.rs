//! The limit itself: additive increase, multiplicative decrease, in requests in flight or
//! requests per second, and the jittered backoff between one call's attempts.

use super::{BASE_BACKOFF, CUT, CUT_GAP, FLOOR, MAX_BACKOFF};
use std::time::Duration;
use tokio::time::Instant;

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

pub(super) fn backoff_from(base: Duration, retry: u32) -> Duration {
    let cap = base
        .saturating_mul(1u32 << retry.saturating_sub(1).min(16))
        .min(MAX_BACKOFF);
    cap.mul_f64(fastrand::f64())
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
}
