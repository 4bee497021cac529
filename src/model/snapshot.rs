//! The live side: a versioned snapshot of live bucket configuration, in the same tree shape
//! as the desired side. `s3drift snapshot` writes it; `check --snapshot` replays it.
//!
//! ```json
//! { "schema": "s3drift/snapshot", "version": 1, "captured_at": "2026-11-20T09:00:00Z",
//!   "buckets": { "my-bucket": { "status": "present", "account": "123456789012",
//!     "region": "eu-west-1", "owner_id": "<canonical id>",
//!     "parts": { "versioning": { "status": "present", "value": { "status": "Enabled", "mfa_delete": false } },
//!                "policy": { "status": "absent" },
//!                "tags": { "status": "unreadable", "reason": "AccessDenied: ..." } } } } }
//! ```

use super::CompactJson;
use super::Part;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The snapshot schema name, checked on load.
pub const SNAPSHOT_SCHEMA: &str = "s3drift/snapshot";
/// The snapshot schema version this build writes and reads.
pub const SNAPSHOT_VERSION: u32 = 1;

/// A recorded live read of many buckets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always [`SNAPSHOT_SCHEMA`].
    pub schema: String,
    /// Always [`SNAPSHOT_VERSION`] for this build.
    pub version: u32,
    /// When the live read finished (RFC 3339, UTC). It closes the attribution window.
    pub captured_at: jiff::Timestamp,
    /// One entry per bucket, by name.
    pub buckets: BTreeMap<String, LiveBucket>,
    /// Buckets listed live (ListBuckets) that no loaded state manages, when listing was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<Vec<ListedBucket>>,
    /// How much AWS throttled the read; absent when it never did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throttling: Option<Throttling>,
    /// Parts read once per account (the account's public access block), by account id;
    /// absent when none was read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub accounts: BTreeMap<String, LiveAccount>,
}

/// The live configuration of one account: its account-scoped parts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LiveAccount {
    /// Per part: its value or why there is none.
    #[serde(default)]
    pub parts: BTreeMap<Part, LivePart>,
}

/// Throttling during a live read: answers that said "slow down", the retries sent, and the
/// calls given up (throttled through every attempt and the final sweep, or stopped by the
/// run's deadline).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Throttling {
    pub throttled: u64,
    pub retried: u64,
    pub gave_up: u64,
}

impl Throttling {
    /// A retry policy's counts, when AWS throttled any call (`None`: it never did).
    pub fn of(c: crate::aws::throttle::Counts) -> Option<Throttling> {
        (c != Default::default()).then_some(Throttling {
            throttled: c.throttled,
            retried: c.retried,
            gave_up: c.gave_up,
        })
    }
}

/// A bucket seen in ListBuckets.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ListedBucket {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<jiff::Timestamp>,
}

/// Whether the bucket itself could be found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveStatus {
    /// The bucket exists and belongs to the expected account (or no account was expected).
    Present,
    /// `NoSuchBucket`.
    Missing,
    /// The name answers for another account than the state's (deleted and re-created).
    OwnerChanged,
}

/// The live configuration of one bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveBucket {
    pub status: LiveStatus,
    /// The owning account id, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The bucket's region (GetBucketLocation / HeadBucket).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The owner's canonical user id from GetBucketAcl. ACL grants to it are the owner's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Per part: its value or why there is none. Parts not read are left out.
    #[serde(default)]
    pub parts: BTreeMap<Part, LivePart>,
}

/// The read status of one live part.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LivePart {
    /// Configured; the canonical value (same shape as the desired side).
    Present { value: CompactJson },
    /// Not configured: S3 answered with the part's "not configured" error code.
    Absent,
    /// The read failed (AccessDenied, a network error, …). Never drift.
    Unreadable { reason: String },
}

impl Snapshot {
    /// An empty snapshot taken at `captured_at`.
    pub fn new(captured_at: jiff::Timestamp) -> Snapshot {
        Snapshot {
            schema: SNAPSHOT_SCHEMA.to_string(),
            version: SNAPSHOT_VERSION,
            captured_at,
            buckets: BTreeMap::new(),
            listed: None,
            throttling: None,
            accounts: BTreeMap::new(),
        }
    }
}
