//! The reads of one log bucket: listing its day folders and fetching its objects under the
//! run's retry policy, with a limit on requests in flight that backs off under `SlowDown`,
//! a final sweep of the reads given up as throttled, and the record of what was given up
//! for good (named in warnings, and marked incomplete for attribution).

use super::Body;
use crate::aws::throttle::{again, GaveUp, Pacer, Retry, SWEPT_AGAIN};
use crate::aws::{self, AwsSettings, CallError};
use crate::diag::{ErrorCode, InputError};
use crate::trail::Incomplete;
use crate::warning::{Warning, WarningCode};
use futures::stream::{self, StreamExt};
use std::sync::Mutex;
use tokio_util::io::SyncIoBridge;

/// Objects fetched at once, and the ceiling of a log bucket's limit on requests in flight.
pub(super) const FETCHES: usize = 8;
/// Requests in flight at most during the final sweep: what it reads was throttled through
/// all its attempts, so it asks slowly (as the live reader's sweep does).
const SWEEP_FETCHES: usize = 2;

/// Which reads run: the first pass; in the final sweep, the second try of what stayed
/// throttled; or, in the sweep, the first try of the keys its resumed listings found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pass {
    First,
    Again,
    FirstInSweep,
}

/// A read given up as throttled, to try once more in the final sweep.
enum Redo {
    /// The rest of a key listing, from the page where it stopped.
    Keys {
        prefix: String,
        token: Option<String>,
    },
    /// One object.
    Object(String),
}

fn s3_error(source: &str, what: &str, e: &CallError) -> InputError {
    InputError::new(
        ErrorCode::Trail,
        format!("cannot read {source}: {what} failed: {}", e.reason),
    )
    .help("the caller needs s3:ListBucket and s3:GetObject on the log bucket (and kms:Decrypt when its objects are KMS-encrypted)")
}

/// The reads of one log bucket: its client (which sends each attempt once), the run's retry
/// policy, a limit on requests in flight that backs off under `SlowDown`, and what was given
/// up (throttled through every attempt, or the run's deadline).
pub(super) struct Reads<'a> {
    client: aws_sdk_s3::Client,
    retry: &'a Retry,
    pacer: Pacer,
    /// The limit of the final sweep.
    sweep_pacer: Pacer,
    pass: Mutex<Pass>,
    source: &'a str,
    bucket: String,
    /// Reads given up as throttled before the sweep.
    to_sweep: Mutex<Vec<Redo>>,
    /// What was not read (an object, a listing) and why, in the order given up.
    given_up: Mutex<Vec<(String, CallError)>>,
}

impl<'a> Reads<'a> {
    /// Reads of `bucket` for `source`, in the bucket's own region (GetBucketLocation). When
    /// the location cannot be read, the default region is used and a warning says so; if the
    /// bucket cannot be read at all, the listing that follows fails with the error.
    pub(super) async fn new(
        config: &aws_config::SdkConfig,
        settings: &AwsSettings,
        retry: &'a Retry,
        source: &'a str,
        bucket: &str,
        warnings: &mut Vec<Warning>,
    ) -> Reads<'a> {
        let default_region = settings
            .region
            .clone()
            .or_else(|| config.region().map(|r| r.to_string()))
            .unwrap_or_else(|| aws::FALLBACK_REGION.to_string());
        let endpoint = aws::s3_endpoint(settings);
        let client = aws::s3_client_paced(config, endpoint.as_deref(), &default_region);
        let mut reads = Reads::on(client, retry, source, bucket);
        if endpoint.is_some() {
            return reads;
        }
        match reads.bucket_region().await {
            Ok(region) => {
                reads.client = aws::s3_client_paced(config, None, &region);
            }
            Err(why) => warnings.push(location_warning(source, bucket, &why, &default_region)),
        }
        reads
    }

    /// Reads of `bucket` through `client`.
    pub(super) fn on(
        client: aws_sdk_s3::Client,
        retry: &'a Retry,
        source: &'a str,
        bucket: &str,
    ) -> Reads<'a> {
        Reads {
            client,
            retry,
            pacer: Pacer::new(FETCHES),
            sweep_pacer: Pacer::new(SWEEP_FETCHES),
            pass: Mutex::new(Pass::First),
            source,
            bucket: bucket.to_string(),
            to_sweep: Mutex::new(Vec::new()),
            given_up: Mutex::new(Vec::new()),
        }
    }

    /// The bucket's region from GetBucketLocation, or why it could not be read.
    pub(super) async fn bucket_region(&self) -> Result<String, String> {
        bucket_region(&self.client, self.retry, &self.pacer, &self.bucket).await
    }

    pub(super) fn give_up(&self, what: String, why: CallError) {
        self.lock_given_up().push((what, why));
    }

    /// Gives up a read, or, when it was throttled through every attempt in the first pass,
    /// keeps it for the sweep.
    fn give_up_or_redo(&self, what: String, mut why: CallError, redo: impl FnOnce() -> Redo) {
        let throttled = why.gave_up == Some(GaveUp::Throttled);
        match self.pass() {
            Pass::First if throttled => {
                self.retry.note_for_sweep();
                self.to_sweep
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(redo());
            }
            Pass::Again if throttled => {
                why.reason.push_str(SWEPT_AGAIN);
                self.give_up(what, why);
            }
            _ => self.give_up(what, why),
        }
    }

    fn pass(&self) -> Pass {
        *self.pass.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn set_pass(&self, pass: Pass) {
        *self.pass.lock().unwrap_or_else(|p| p.into_inner()) = pass;
    }

    /// The limit the reads run under: the sweep's own, while it runs.
    fn pacer(&self) -> &Pacer {
        match self.pass() {
            Pass::First => &self.pacer,
            Pass::Again | Pass::FirstInSweep => &self.sweep_pacer,
        }
    }

    /// The folder names directly under `prefix` (`folders`), or every object key under it,
    /// from the page of `token` on. A listing given up is noted (a key listing throttled
    /// through its attempts is kept for the sweep, from the page it stopped at) and what
    /// it listed so far is returned.
    async fn list(
        &self,
        prefix: &str,
        folders: bool,
        mut token: Option<String>,
    ) -> Result<Vec<String>, InputError> {
        let mut out = Vec::new();
        let mut first_page = true;
        loop {
            let page = self
                .retry
                .run(self.pacer(), || {
                    let request = self
                        .client
                        .list_objects_v2()
                        .bucket(&self.bucket)
                        .prefix(prefix)
                        .set_delimiter(folders.then(|| "/".to_string()))
                        .set_continuation_token(token.clone());
                    async move { request.send().await.map_err(|e| CallError::from_sdk(&e)) }
                })
                .await;
            let page = match page {
                Ok(p) => p,
                Err(e) if e.gave_up.is_some() => {
                    let what = format!("the listing of s3://{}/{prefix}", self.bucket);
                    // In the sweep, only a resumed listing's first page is tried again;
                    // the pages after it are first tries, given up as such.
                    if folders || (self.pass() == Pass::Again && !first_page) {
                        self.give_up(what, e);
                    } else {
                        self.give_up_or_redo(what, e, || Redo::Keys {
                            prefix: prefix.to_string(),
                            token,
                        });
                    }
                    return Ok(out);
                }
                Err(e) => return Err(s3_error(self.source, "ListObjectsV2", &e)),
            };
            if folders {
                for p in page.common_prefixes() {
                    if let Some(name) = p.prefix().and_then(|p| p.strip_prefix(prefix)) {
                        out.push(name.trim_end_matches('/').to_string());
                    }
                }
            } else {
                out.extend(
                    page.contents()
                        .iter()
                        .filter_map(|o| o.key().map(str::to_string)),
                );
            }
            token = page
                .next_continuation_token()
                .filter(|t| !t.is_empty() && page.is_truncated() == Some(true))
                .map(str::to_string);
            if token.is_none() {
                return Ok(out);
            }
            first_page = false;
        }
    }

    /// The folder names directly under `prefix`.
    pub(super) async fn folders(&self, prefix: &str) -> Result<Vec<String>, InputError> {
        self.list(prefix, true, None).await
    }

    /// Every object key under `prefix`.
    pub(super) async fn keys(&self, prefix: &str) -> Result<Vec<String>, InputError> {
        self.list(prefix, false, None).await
    }

    /// Fetches objects and parses each with `parse` on a blocking thread while its body
    /// streams in, a few objects at a time. An object given up is noted (kept for the
    /// sweep, when throttled through its attempts) and left out.
    pub(super) async fn fetch_all<T: Send + 'static>(
        &self,
        keys: Vec<String>,
        parse: fn(&str, Body) -> Result<T, String>,
    ) -> Vec<Result<T, String>> {
        let bucket = &self.bucket;
        let retried = self.pass() == Pass::Again;
        stream::iter(keys)
            .map(|key| {
                again(retried, async move {
                    let name = format!("s3://{bucket}/{key}");
                    let got = self
                        .retry
                        .run(self.pacer(), || {
                            let request = self.client.get_object().bucket(bucket).key(&key);
                            async move { request.send().await.map_err(|e| CallError::from_sdk(&e)) }
                        })
                        .await;
                    let out = match got {
                        Ok(out) => out,
                        Err(e) if e.gave_up.is_some() => {
                            self.give_up_or_redo(name, e, || Redo::Object(key));
                            return None;
                        }
                        Err(e) => return Some(Err(format!("cannot get {name}: {}", e.reason))),
                    };
                    // The bridge blocks on the body's next chunk; it runs on a blocking thread.
                    let body: Body =
                        Box::new(SyncIoBridge::new(Box::pin(out.body.into_async_read())));
                    Some(
                        tokio::task::spawn_blocking(move || parse(&name, body))
                            .await
                            .map_err(|e| format!("parsing failed: {e}"))
                            .and_then(|r| r),
                    )
                })
            })
            .buffered(FETCHES)
            .filter_map(|r| async move { r })
            .collect()
            .await
    }

    /// The final sweep, after every other read of the bucket: the key listings and objects
    /// given up as throttled are tried once more, [`SWEEP_FETCHES`] at a time, with the
    /// policy's attempts and under the run's deadline. What the sweep gives up is given up
    /// for good. The keys a resumed listing finds are fetched when `keep` takes them, last
    /// (a first try: given up, their reason does not say "again").
    pub(super) async fn sweep<T: Send + 'static>(
        &self,
        keep: impl Fn(&str) -> bool,
        parse: fn(&str, Body) -> Result<T, String>,
    ) -> Result<Vec<Result<T, String>>, InputError> {
        let redo = std::mem::take(&mut *self.to_sweep.lock().unwrap_or_else(|p| p.into_inner()));
        if redo.is_empty() {
            return Ok(Vec::new());
        }
        self.set_pass(Pass::Again);
        let (mut retried, mut found) = (Vec::new(), Vec::new());
        for r in redo {
            match r {
                Redo::Object(key) => retried.push(key),
                Redo::Keys { prefix, token } => found.extend(
                    again(true, self.list(&prefix, false, token))
                        .await?
                        .into_iter()
                        .filter(|k| keep(k)),
                ),
            }
        }
        let mut out = self.fetch_all(retried, parse).await;
        self.set_pass(Pass::FirstInSweep);
        out.extend(self.fetch_all(found, parse).await);
        Ok(out)
    }

    pub(super) fn lock_given_up(&self) -> std::sync::MutexGuard<'_, Vec<(String, CallError)>> {
        // A list, valid after any panic elsewhere.
        self.given_up.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether any read was given up so far.
    pub(super) fn gave_up_any(&self) -> bool {
        !self.lock_given_up().is_empty()
    }

    /// One warning per read given up, and what attribution needs to know of them.
    pub(super) fn gaps(&self) -> (Vec<Warning>, Option<Incomplete>) {
        let mut given_up = std::mem::take(&mut *self.lock_given_up());
        // Fetches finish in any order; the report does not.
        given_up.sort_by(|a, b| a.0.cmp(&b.0));
        let warnings = given_up
            .iter()
            .map(|(what, why)| {
                Warning::new(
                    WarningCode::SourceLimit,
                    self.source,
                    format!(
                        "{what} was not read ({}); its events are missing and attribution says this source's search was incomplete",
                        why.reason
                    ),
                )
            })
            .collect();
        let incomplete = (!given_up.is_empty()).then(|| Incomplete {
            source: self.source.to_string(),
            // A log file holds every bucket's events.
            buckets: None,
            reads: given_up.len(),
        });
        (warnings, incomplete)
    }
}

/// The bucket's region from GetBucketLocation, or why it could not be read.
pub(super) async fn bucket_region(
    client: &aws_sdk_s3::Client,
    retry: &Retry,
    pacer: &Pacer,
    bucket: &str,
) -> Result<String, String> {
    retry
        .run(pacer, || {
            let request = client.get_bucket_location().bucket(bucket);
            async move { request.send().await.map_err(|e| CallError::from_sdk(&e)) }
        })
        .await
        .map(|out| crate::aws::normalise_region(out.location_constraint().map(|c| c.as_str())))
        .map_err(|e| e.reason)
}

pub(super) fn location_warning(source: &str, bucket: &str, why: &str, region: &str) -> Warning {
    Warning::new(
        WarningCode::SourceLimit,
        source,
        format!(
            "GetBucketLocation on {bucket} failed, so it is read through {region}: {why} (the caller needs s3:GetBucketLocation on the log bucket)"
        ),
    )
}
