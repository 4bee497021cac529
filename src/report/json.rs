//! The `json` report: the [`Report`] as one pretty-printed JSON document with a trailing
//! newline, for scripts and dashboards.
//!
//! # Schema `s3drift/report`, version 1
//!
//! ```text
//! {
//!   "schema": "s3drift/report",        // always this string
//!   "version": 1,                      // bumped on any incompatible change
//!   "captured_at": "2026-11-20T09:00:00Z" | null,   // when live was read
//!   "sources": ["terraform.tfstate", …],            // state and plan files, as given
//!   "summary": { "buckets", "drifted_buckets", "drift", "unreadable",
//!                "critical", "high", "medium", "low", "info" },   // counts
//!   "findings": [ Finding, … ],        // sorted by bucket, path, code, address
//!   "not_monitored": [address, …],     // optional: recognised, not compared
//!   "warnings": [text, …],             // optional: non-fatal notes
//!   "buckets": [ { "bucket", "address", "account"?, "region"? }, … ], // optional
//!   "anchor": { "file", "line" },      // optional: the run's code, for SARIF
//!   "accounts": [ { "account", "buckets", "drifted_buckets", "drift", "critical",
//!                   "high", "medium", "low", "unreadable" }, … ]  // optional: merged reports
//! }
//! ```
//!
//! Each finding:
//!
//! | field | type | meaning |
//! |---|---|---|
//! | `bucket` | string | the bucket name |
//! | `address` | string | the resource address that sets the attribute (or the bucket's) |
//! | `path` | string | the canonical attribute path (`""` for bucket-level findings) |
//! | `kind` | string | `changed`, `added_live`, `removed_live`, `unreadable`, `conflict`, `missing_live`, `owner_changed`, `unmanaged`, `signal` |
//! | `code` | string | the stable rule id, e.g. `encryption-downgraded` |
//! | `severity` | string | `info`, `low`, `medium`, `high`, `critical` |
//! | `expected` | any \| null | the code's value (or AWS's default for parts no code sets); `"(sensitive)"` when redacted |
//! | `actual` | any \| null | the live value; `null` when absent live; `"(sensitive)"` when redacted |
//! | `message` | string | one sentence for people |
//! | `notes` | [string] | optional: e.g. "apply would not revert this: …" |
//! | `sensitive` | bool | optional, present and `true` when values were redacted |
//! | `attribution` | object \| null | who changed it; `null` until attribution runs |
//! | `location` | object | optional: `{file, line}` where the code sets it (`--dir`), `file` relative to the checkout |
//!
//! Fields may be added in version 1; none is removed or renamed without a version bump.

use super::Report;
use std::io::{self, Write};

/// Writes the report as pretty JSON followed by a newline.
pub fn render(report: &Report, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
