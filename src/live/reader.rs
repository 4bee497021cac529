//! The live read: every monitored part of every bucket, concurrently under one bound.
//!
//! Per bucket, on a clean run: one HeadBucket (existence, the bucket's region from
//! `x-amz-bucket-region`, and ownership through `ExpectedBucketOwner`), then one GET per
//! part in that region. Extra calls happen only when something is off: a redirect to the
//! bucket's real region, or the second HeadBucket that proves an owner change.
//!
//! Every call goes through one retry policy ([`crate::aws::throttle`]): a per-region limit on
//! requests in flight that backs off when S3 answers `SlowDown` and recovers on successes,
//! jittered backoff per request, a cap on attempts and the run's deadline. Calls still
//! throttled after their attempts are tried once more in a final sweep, a few at a time,
//! after everything else has been read.

use super::get;
use super::progress::Progress;
use crate::aws::answer::Got;
use crate::aws::throttle::{again, GaveUp, Pacer, Retry, SWEPT_AGAIN};
use crate::aws::{self, normalise_region, CallError};
use crate::model::Target;
use crate::model::{LiveAccount, LiveBucket, LivePart, LiveStatus, Part};
use crate::parts::Scope;
use aws_config::SdkConfig;
use aws_sdk_s3::Client;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Calls in flight at most during the final sweep: the calls it retries were throttled
/// through all their attempts, so it asks slowly.
const SWEEP_CONCURRENCY: usize = 2;

/// A call given up as throttled, to try again in the final sweep.
enum Sweep {
    /// HeadBucket: the whole bucket is read again.
    Bucket(Target),
    /// One part, in the region HeadBucket found.
    Part {
        bucket: String,
        part: Part,
        region: String,
        owner: Option<String>,
    },
}

/// Shared state of one live read.
pub struct Reader {
    config: SdkConfig,
    endpoint: Option<String>,
    /// One client per region, made on first use.
    clients: Mutex<BTreeMap<String, Client>>,
    permits: Semaphore,
    /// The ceiling of each region's in-flight limit.
    concurrency: usize,
    /// One in-flight limit per region, made on first use.
    pacers: Mutex<BTreeMap<String, Arc<Pacer>>>,
    /// The limit of the final sweep, across regions.
    sweep_pacer: Arc<Pacer>,
    /// Set while the final sweep runs.
    sweeping: AtomicBool,
    /// Calls given up as throttled before the sweep.
    to_sweep: Mutex<Vec<Sweep>>,
    retry: Retry,
    /// The parts to read, in tree order.
    parts: Vec<Part>,
    default_region: String,
    progress: Progress,
}

impl Reader {
    /// A reader with `concurrency` calls in flight at most, which stops calling AWS
    /// `timeout` from now.
    pub fn new(
        config: SdkConfig,
        endpoint: Option<String>,
        concurrency: usize,
        timeout: Option<Duration>,
        parts: Vec<Part>,
        progress: Progress,
    ) -> Reader {
        let default_region = config
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| aws::FALLBACK_REGION.to_string());
        Reader {
            config,
            endpoint,
            clients: Mutex::new(BTreeMap::new()),
            permits: Semaphore::new(concurrency.max(1)),
            concurrency: concurrency.max(1),
            pacers: Mutex::new(BTreeMap::new()),
            sweep_pacer: Arc::new(Pacer::new(SWEEP_CONCURRENCY.min(concurrency.max(1)))),
            sweeping: AtomicBool::new(false),
            to_sweep: Mutex::new(Vec::new()),
            retry: Retry::new(timeout),
            // Account parts are read once per account ([`Reader::account`]), not here.
            parts: parts
                .into_iter()
                .filter(|p| p.spec().live.scope == Scope::Bucket)
                .collect(),
            default_region,
            progress,
        }
    }

    /// Clears the progress bar.
    pub fn finish(&self) {
        self.progress.finish();
    }

    /// How much AWS throttled the read so far; `None` when it never did. A call the sweep
    /// tries again counts as retried once its attempt is made, and as given up only if the
    /// sweep gives it up too (see [`crate::aws::throttle::Tally::counts`]).
    pub fn throttling(&self) -> Option<crate::model::Throttling> {
        crate::model::Throttling::of(self.retry.counts())
    }

    /// The client for `region`, made once. It sends each attempt once: [`Reader::call`]
    /// retries.
    fn client(&self, region: &str) -> Client {
        // A poisoned lock only means another task panicked while inserting; the map is
        // still valid, so keep using it.
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients
            .entry(region.to_string())
            .or_insert_with(|| aws::s3_client_paced(&self.config, self.endpoint.as_deref(), region))
            .clone()
    }

    /// The in-flight limit calls to `region` run under (the sweep's own, while sweeping).
    fn pacer(&self, region: &str) -> Arc<Pacer> {
        if self.sweeping.load(Ordering::Relaxed) {
            return Arc::clone(&self.sweep_pacer);
        }
        let mut pacers = self.pacers.lock().unwrap_or_else(|p| p.into_inner());
        Arc::clone(
            pacers
                .entry(region.to_string())
                .or_insert_with(|| Arc::new(Pacer::new(self.concurrency))),
        )
    }

    /// Runs one call to `region` under the retry policy, each attempt under the region's
    /// limit and the overall concurrency bound.
    async fn call<T, F, Fut>(&self, region: &str, mut attempt: F) -> Result<T, CallError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, CallError>>,
    {
        let pacer = self.pacer(region);
        let out = self
            .retry
            .run(pacer.as_ref(), || {
                let fut = attempt();
                async {
                    // The semaphore is never closed, so acquiring only waits.
                    let _permit = self.permits.acquire().await;
                    self.progress.call_started();
                    let out = fut.await;
                    self.progress.call_finished();
                    out
                }
            })
            .await;
        self.progress
            .throttling(self.retry.counts().throttled, pacer.limit());
        out
    }

    /// Notes a call given up as throttled for the final sweep (unless this is the sweep).
    fn note_throttled(&self, e: &CallError, sweep: impl FnOnce() -> Sweep) {
        if e.gave_up == Some(GaveUp::Throttled) && !self.sweeping.load(Ordering::Relaxed) {
            self.retry.note_for_sweep();
            self.to_sweep
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(sweep());
        }
    }

    /// HeadBucket in `region`, following one redirect to the region S3 names.
    async fn head(
        &self,
        bucket: &str,
        region: &mut String,
        owner: Option<&str>,
    ) -> Result<(), CallError> {
        let first = self.head_once(bucket, region, owner).await;
        let answer = match first {
            Err(e) => match e.redirect_region().map(|r| normalise_region(Some(r))) {
                Some(r) if r != *region => {
                    *region = r;
                    self.head_once(bucket, region, owner).await
                }
                _ => Err(e),
            },
            ok => ok,
        };
        match answer {
            Ok(r) => {
                if let Some(r) = r {
                    *region = normalise_region(Some(&r));
                }
                Ok(())
            }
            Err(e) => {
                if let Some(r) = &e.bucket_region {
                    *region = normalise_region(Some(r));
                }
                Err(e)
            }
        }
    }

    /// One HeadBucket in `region`, under the retry policy.
    async fn head_once(
        &self,
        bucket: &str,
        region: &str,
        owner: Option<&str>,
    ) -> Result<Option<String>, CallError> {
        let client = self.client(region);
        self.call(region, || get::head(&client, bucket, owner))
            .await
    }

    /// One part's GET in `region`, under the retry policy.
    async fn get_once(
        &self,
        part: Part,
        bucket: &str,
        region: &str,
        owner: Option<&str>,
    ) -> Result<Got, CallError> {
        let client = self.client(region);
        self.call(region, || get::get(&client, part, bucket, owner))
            .await
    }

    /// One part's GET, re-asked once in the bucket's region when S3 redirects.
    async fn part(
        &self,
        part: Part,
        bucket: &str,
        region: &str,
        owner: Option<&str>,
    ) -> Result<Got, CallError> {
        let first = self.get_once(part, bucket, region, owner).await;
        match first {
            Err(e) => match e.redirect_region().map(|r| normalise_region(Some(r))) {
                Some(r) if r != region => self.get_once(part, bucket, &r, owner).await,
                _ => Err(e),
            },
            ok => ok,
        }
    }

    /// Reads the account-scoped parts among `parts` of one account, in the reader's default
    /// region (S3 Control answers for the whole account in every region), under the same
    /// retry policy and deadline as every bucket call. They are not swept: a throttled
    /// account part is unreadable with the reason, never drift.
    pub async fn account(&self, account: &str, parts: &[Part]) -> LiveAccount {
        let region = self.default_region.as_str();
        let client = aws::s3_control_client(&self.config, self.endpoint.as_deref(), region);
        let mut live = LiveAccount::default();
        for &part in parts
            .iter()
            .filter(|p| p.spec().live.scope == Scope::Account)
        {
            let result = self
                .call(region, || get::get_account(&client, part, account))
                .await;
            if let Some((state, _)) = part_state(part, result) {
                live.parts.insert(part, state);
            }
        }
        live
    }

    /// Reads one bucket.
    pub async fn bucket(&self, target: &Target) -> LiveBucket {
        let bucket = target.bucket.as_str();
        let owner = target.account.as_deref();
        let mut region = target
            .region
            .clone()
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| self.default_region.clone());
        let mut live = LiveBucket {
            status: LiveStatus::Present,
            account: target.account.clone(),
            region: None,
            owner_id: None,
            parts: BTreeMap::new(),
        };

        if let Err(e) = self.head(bucket, &mut region, owner).await {
            if e.is_no_such_bucket() {
                return missing(live);
            }
            if e.is_access_denied() && owner.is_some() {
                // A 403 with ExpectedBucketOwner is either a bucket that now belongs to
                // another account or a caller without s3:ListBucket. The same HeadBucket
                // without the header tells them apart: if it succeeds, the bucket answers
                // for someone else (deleted and re-created by another owner).
                match self.head_once(bucket, &region, None).await {
                    Ok(r) => {
                        live.status = LiveStatus::OwnerChanged;
                        live.account = None;
                        live.region = Some(normalise_region(r.as_deref().or(Some(&region))));
                        return live;
                    }
                    Err(e) if e.is_no_such_bucket() => return missing(live),
                    Err(_) => {}
                }
            }
            if e.unreachable() || e.gave_up.is_some() {
                // No answer from S3 at all, after the retries (network, endpoint, 5xx,
                // throttling, the deadline): the GETs would fail the same way, each after its
                // own retries. Every part is unreadable for that reason; none of it is drift.
                // A throttled bucket is read again in the final sweep.
                self.note_throttled(&e, || Sweep::Bucket(target.clone()));
                let reason = match e.gave_up {
                    Some(_) => format!("{} (HeadBucket)", e.reason),
                    None => format!("HeadBucket failed: {}", e.reason),
                };
                for &part in &self.parts {
                    live.parts.insert(
                        part,
                        LivePart::Unreadable {
                            reason: reason.clone(),
                        },
                    );
                }
                return live;
            }
            // Otherwise (no permission for HeadBucket, say) the GETs still run: each reports
            // its own outcome, and none of it is drift.
        }
        live.region = Some(region.clone());

        let client_region = region.as_str();
        let results = futures::future::join_all(self.parts.iter().map(|&part| async move {
            (part, self.part(part, bucket, client_region, owner).await)
        }))
        .await;
        for (part, result) in results {
            if let Err(e) = &result {
                self.note_throttled(e, || Sweep::Part {
                    bucket: bucket.to_string(),
                    part,
                    region: region.clone(),
                    owner: target.account.clone(),
                });
            }
            match part_state(part, result) {
                Some((state, owner_id)) => {
                    if owner_id.is_some() {
                        live.owner_id = owner_id;
                    }
                    live.parts.insert(part, state);
                }
                None => return missing(live),
            }
        }
        live
    }

    /// The final sweep: every call given up as throttled is tried once more, a few at a
    /// time, and its bucket updated with the outcome. What is still throttled stays
    /// unreadable, saying so.
    pub async fn sweep(&self, buckets: &mut BTreeMap<String, LiveBucket>) {
        let pending = std::mem::take(&mut *self.to_sweep.lock().unwrap_or_else(|p| p.into_inner()));
        if pending.is_empty() {
            return;
        }
        self.sweeping.store(true, Ordering::Relaxed);
        // Each call is a retry (a whole bucket's: its HeadBucket).
        let outcomes = futures::future::join_all(pending.into_iter().map(|s| {
            again(true, async move {
                match s {
                    Sweep::Bucket(t) => {
                        let mut live = self.bucket(&t).await;
                        for state in live.parts.values_mut() {
                            if let LivePart::Unreadable { reason } = state {
                                if reason.starts_with("throttled") {
                                    reason.push_str(SWEPT_AGAIN);
                                }
                            }
                        }
                        (t.bucket, None, Some(live))
                    }
                    Sweep::Part {
                        bucket,
                        part,
                        region,
                        owner,
                    } => {
                        let mut result = self.part(part, &bucket, &region, owner.as_deref()).await;
                        if let Err(e) = &mut result {
                            if e.gave_up == Some(GaveUp::Throttled) {
                                e.reason.push_str(SWEPT_AGAIN);
                            }
                        }
                        (bucket, Some((part, part_state(part, result))), None)
                    }
                }
            })
        }))
        .await;
        for (bucket, part, whole) in outcomes {
            if let Some(live) = whole {
                buckets.insert(bucket, live);
                continue;
            }
            let (Some((part, state)), Some(live)) = (part, buckets.get_mut(&bucket)) else {
                continue;
            };
            match state {
                Some((state, owner_id)) => {
                    if owner_id.is_some() {
                        live.owner_id = owner_id;
                    }
                    if live.status == LiveStatus::Present {
                        live.parts.insert(part, state);
                    }
                }
                None => *live = missing(live.clone()),
            }
        }
    }
}

/// What one part's read means: its state and, from the ACL, the owner's canonical id; `None`
/// when the bucket turned out not to exist.
fn part_state(part: Part, result: Result<Got, CallError>) -> Option<(LivePart, Option<String>)> {
    Some(match result {
        Ok(got) => {
            let state = match got.value {
                Some(value) => LivePart::Present {
                    value: value.into(),
                },
                None => LivePart::Absent,
            };
            (state, got.owner_id)
        }
        Err(e)
            if e.code
                .as_deref()
                .is_some_and(|c| part.spec().live.not_configured.contains(&c)) =>
        {
            (LivePart::Absent, None)
        }
        Err(e) if e.is_no_such_bucket() => return None,
        Err(e) => (LivePart::Unreadable { reason: e.reason }, None),
    })
}

/// A bucket that is gone: no region (the guess would be misleading) and no parts.
fn missing(mut live: LiveBucket) -> LiveBucket {
    live.status = LiveStatus::Missing;
    live.parts.clear();
    live.owner_id = None;
    live.region = None;
    live
}

/// Reads every target, one task per bucket (the calls run under the reader's bound).
pub async fn read_all(reader: Arc<Reader>, targets: Vec<Target>) -> BTreeMap<String, LiveBucket> {
    let handles: Vec<_> = targets
        .into_iter()
        .map(|t| {
            let reader = Arc::clone(&reader);
            tokio::spawn(async move {
                let live = reader.bucket(&t).await;
                reader.progress.bucket_done();
                (t, live)
            })
        })
        .collect();
    let mut out = BTreeMap::new();
    for handle in futures::future::join_all(handles).await {
        match handle {
            Ok((t, live)) => {
                out.insert(t.bucket, live);
            }
            // A task only fails by panicking; the bucket's name is gone with it, so the
            // panic is re-raised rather than dropping a bucket silently.
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
    out
}
