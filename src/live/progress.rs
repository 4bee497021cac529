//! The progress bar of a live read: buckets done / total and calls in flight, on stderr.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Progress of a live read; a no-op when hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
    in_flight: AtomicUsize,
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

    fn show_in_flight(&self, n: usize) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{n} calls in flight"));
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
