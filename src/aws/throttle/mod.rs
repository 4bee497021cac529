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
//!   [`Deadline`]. A call that runs out is given up ([`GaveUp`]). The live reader, and the
//!   event sources for their key listings, log files and lookups, try a throttled one once
//!   more in a final sweep after their other calls, and name what they give up for good.
//!
//! Each attempt waits at a [`Gate`] that learns from its outcome: [`Pacer`] (requests in
//! flight: S3 reads, live and of trail buckets) or `trail::rate::Spacing` (a request rate
//! under LookupEvents' 2 calls per second). Every throttle, retry and give-up is counted
//! ([`Tally`]) for the report.

mod aimd;
mod pacer;
mod retry;

pub use aimd::{backoff, Aimd};
pub use pacer::{Gate, Pacer, Slot};
pub use retry::{again, classify, Class, Counts, Deadline, GaveUp, Retry, Tally};

use std::time::Duration;

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
/// What the reason of a call given up as throttled ends with when the final sweep gave it
/// up too.
pub const SWEPT_AGAIN: &str = ", and again in the final sweep";
/// No single wait is longer than this.
pub const MAX_BACKOFF: Duration = Duration::from_secs(5);
