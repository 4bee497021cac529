//! A per-region request pacer for LookupEvents.
//!
//! LookupEvents allows 2 requests per second per account per region (CloudTrail User Guide).
//! Each region's calls go through one [`Pacer`], which spaces their starts at least
//! [`LOOKUP_INTERVAL`] apart. The interval has a margin over 500 ms, so no one-second
//! window, however it is placed, holds more than two calls.

use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// The spacing between two LookupEvents calls in one region.
pub const LOOKUP_INTERVAL: Duration = Duration::from_millis(550);

/// Spaces calls at least `interval` apart.
#[derive(Debug)]
pub struct Pacer {
    interval: Duration,
    next: Mutex<Option<Instant>>,
}

impl Pacer {
    /// A pacer that lets one call through every `interval`.
    pub fn new(interval: Duration) -> Pacer {
        Pacer {
            interval,
            next: Mutex::new(None),
        }
    }

    /// Waits until the next call may start, and books the slot after it.
    pub async fn wait(&self) {
        let mut next = self.next.lock().await;
        let now = Instant::now();
        let start = match *next {
            Some(t) if t > now => t,
            _ => now,
        };
        *next = Some(start + self.interval);
        tokio::time::sleep_until(start).await;
    }

    /// Pushes the next slot back by `delay` (after a throttling answer).
    pub async fn back_off(&self, delay: Duration) {
        let mut next = self.next.lock().await;
        let base = next.unwrap_or_else(Instant::now).max(Instant::now());
        *next = Some(base + delay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn calls_are_spaced() {
        let pacer = Pacer::new(LOOKUP_INTERVAL);
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
        pacer.back_off(Duration::from_millis(800)).await;
        let before = Instant::now();
        pacer.wait().await;
        assert!(Instant::now() - before >= Duration::from_millis(800));
    }
}
