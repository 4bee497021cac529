//! Reading local CloudTrail sources ahead: `check` starts them on a thread of their own
//! before it reads the states and the live side, which they do not depend on.

use super::{source_local, EventSource, Parsed};
use crate::diag::InputError;

/// The local CloudTrail sources of a run, read on a thread of their own while the run does
/// other work (reading the state and the live side), and taken by [`super::collect_with`].
///
/// A local source is read whole whatever the window and the buckets (see
/// [`super::collect_within`]), so nothing the run learns later changes what reading it gives: it
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
    pub(super) async fn results(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::AwsSettings;
    use crate::trail::{
        collect_with, collect_within, EventSet, TrailOptions, DEFAULT_BURST_COUNT,
        DEFAULT_BURST_WINDOW,
    };

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
