//! The progress bar of a live read: buckets done / total, calls in flight, and while AWS
//! throttles, the requests throttled so far and the current in-flight limit, on stderr.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Progress of a live read; a no-op when hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
    in_flight: AtomicUsize,
    throttled: AtomicU64,
    limit: AtomicUsize,
}

impl Progress {
    /// A bar over `buckets` buckets, drawn on stderr when `show` is set.
    pub fn new(buckets: usize, show: bool) -> Progress {
        let bar = show.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(buckets as u64), ProgressDrawTarget::stderr());
            // The template is a constant; should it ever fail to parse, the default style
            // is still a usable bar.
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} reading buckets {bar:30} {pos}/{len} · {msg}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        Progress {
            bar,
            in_flight: AtomicUsize::new(0),
            throttled: AtomicU64::new(0),
            limit: AtomicUsize::new(0),
        }
    }

    pub(crate) fn call_started(&self) {
        let n = self.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.show_in_flight(n);
    }

    pub(crate) fn call_finished(&self) {
        let n = self
            .in_flight
            .fetch_sub(1, Ordering::Relaxed)
            .saturating_sub(1);
        self.show_in_flight(n);
    }

    /// Requests throttled so far, and the in-flight limit of the region last called.
    pub(crate) fn throttling(&self, throttled: u64, limit: usize) {
        self.throttled.store(throttled, Ordering::Relaxed);
        self.limit.store(limit, Ordering::Relaxed);
    }

    fn show_in_flight(&self, n: usize) {
        if let Some(bar) = &self.bar {
            let throttled = self.throttled.load(Ordering::Relaxed);
            if throttled == 0 {
                bar.set_message(format!("{n} calls in flight"));
            } else {
                let limit = self.limit.load(Ordering::Relaxed);
                bar.set_message(format!(
                    "{n} calls in flight · {throttled} throttled · limit {limit} in flight"
                ));
            }
        }
    }

    pub(crate) fn bucket_done(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
