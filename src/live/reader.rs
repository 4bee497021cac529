//! The live read: every monitored part of every bucket, concurrently under one bound.
//!
//! Per bucket, on a clean run: one HeadBucket (existence, the bucket's region from
//! `x-amz-bucket-region`, and ownership through `ExpectedBucketOwner`), then one GET per
//! part in that region. Extra calls happen only when something is off: a redirect to the
//! bucket's real region, or the second HeadBucket that proves an owner change.

use super::get;
use super::progress::Progress;
use crate::aws::answer::Got;
use crate::aws::{self, normalise_region, CallError};
use crate::model::Target;
use crate::model::{LiveBucket, LivePart, LiveStatus, Part};
use aws_config::SdkConfig;
use aws_sdk_s3::Client;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Shared state of one live read.
pub struct Reader {
    config: SdkConfig,
    endpoint: Option<String>,
    /// One client per region, made on first use.
    clients: Mutex<BTreeMap<String, Client>>,
    permits: Semaphore,
    /// The parts to read, in tree order.
    parts: Vec<Part>,
    default_region: String,
    progress: Progress,
}

impl Reader {
    /// A reader with `concurrency` calls in flight at most.
    pub fn new(
        config: SdkConfig,
        endpoint: Option<String>,
        concurrency: usize,
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
            parts,
            default_region,
            progress,
        }
    }

    /// Clears the progress bar.
    pub fn finish(&self) {
        self.progress.finish();
    }

    /// The client for `region`, made once.
    fn client(&self, region: &str) -> Client {
        // A poisoned lock only means another task panicked while inserting; the map is
        // still valid, so keep using it.
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients
            .entry(region.to_string())
            .or_insert_with(|| {
                aws::s3_client_at(&self.config, self.endpoint.as_deref(), false, region)
            })
            .clone()
    }

    /// Runs one call under the concurrency bound.
    async fn call<T>(&self, fut: impl Future<Output = T>) -> T {
        // The semaphore is never closed, so acquiring only waits.
        let _permit = self.permits.acquire().await;
        self.progress.call_started();
        let out = fut.await;
        self.progress.call_finished();
        out
    }

    /// HeadBucket in `region`, following one redirect to the region S3 names.
    async fn head(
        &self,
        bucket: &str,
        region: &mut String,
        owner: Option<&str>,
    ) -> Result<(), CallError> {
        let first = self
            .call(get::head(&self.client(region), bucket, owner))
            .await;
        let answer = match first {
            Err(e) => match e.redirect_region().map(|r| normalise_region(Some(r))) {
                Some(r) if r != *region => {
                    *region = r;
                    self.call(get::head(&self.client(region), bucket, owner))
                        .await
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

    /// One part's GET, re-asked once in the bucket's region when S3 redirects.
    async fn part(
        &self,
        part: Part,
        bucket: &str,
        region: &str,
        owner: Option<&str>,
    ) -> Result<Got, CallError> {
        let first = self
            .call(get::get(&self.client(region), part, bucket, owner))
            .await;
        match first {
            Err(e) => match e.redirect_region().map(|r| normalise_region(Some(r))) {
                Some(r) if r != region => {
                    self.call(get::get(&self.client(&r), part, bucket, owner))
                        .await
                }
                _ => Err(e),
            },
            ok => ok,
        }
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
                match self
                    .call(get::head(&self.client(&region), bucket, None))
                    .await
                {
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
            if e.unreachable() {
                // No answer from S3 at all, after the SDK's retries (network, endpoint, 5xx):
                // the GETs would fail the same way, each after its own retries. Every part is
                // unreadable for that reason; none of it is drift.
                let reason = format!("HeadBucket failed: {}", e.reason);
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
            let state = match result {
                Ok(got) => {
                    if got.owner_id.is_some() {
                        live.owner_id = got.owner_id;
                    }
                    match got.value {
                        Some(value) => LivePart::Present { value },
                        None => LivePart::Absent,
                    }
                }
                Err(e)
                    if e.code
                        .as_deref()
                        .is_some_and(|c| part.spec().live.not_configured.contains(&c)) =>
                {
                    LivePart::Absent
                }
                Err(e) if e.is_no_such_bucket() => return missing(live),
                Err(e) => LivePart::Unreadable { reason: e.reason },
            };
            live.parts.insert(part, state);
        }
        live
    }
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
