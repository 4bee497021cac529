//! The doctor report as JSON: one pretty-printed document with a trailing newline, the
//! file `check --coverage` reads back.
//!
//! # Schema `s3drift/doctor`, version 1
//!
//! ```text
//! {
//!   "schema": "s3drift/doctor", "version": 1,
//!   "checked_at": "2026-11-20T09:00:00Z" | null,
//!   "sources": ["terraform.tfstate", …],
//!   "profile_region": "us-east-1",
//!   "attribution_ready": true | false,           // false: exit code 2
//!   "summary": { "regions", "buckets", "ok", "gaps", "unknown", "blocking" },
//!   "regions": [ {                               // sorted; "unknown" last
//!       "region": "eu-west-1",
//!       "checks": [ Verdict, … ],                // trail, trail_source, cwl_012
//!       "buckets": [ { "bucket": "…", "checks": [ Verdict, … ] } ]  // trail, data_events, access_logging
//!   } ],
//!   "trails": [ { "name", "arn", "home_region", "multi_region", "organization",
//!                 "logging": bool | null, "management_writes": bool | null,
//!                 "s3_bucket"?, "cloudtrail_source"?, "log_group"? } ],
//!   "permissions": [ { "action", "api", "scope", "reason" } ],   // denied calls
//!   "fixes": [ { "id", "title", "hcl", "cli" } ]                   // sorted by id
//! }
//! ```
//!
//! A verdict:
//!
//! | field | type | meaning |
//! |---|---|---|
//! | `check` | string | `trail`, `trail_source`, `cwl_012`, `data_events`, `access_logging` |
//! | `status` | string | `ok`, `gap`, `unknown` (a call was denied or failed) |
//! | `reason` | string | one sentence, e.g. `no trail logs eu-west-1` |
//! | `blocks_attribution` | bool | unless `ok`, findings there are unattributable |
//! | `missing_events` | [string] | optional, `cwl_012`: the events the best filter misses |
//! | `fix` | string | optional: the id of the fix in `fixes` |
//!
//! Fields may be added in version 1; none is removed or renamed without a version bump.

use crate::doctor::DoctorReport;
use std::io::{self, Write};

/// Writes the report as pretty JSON followed by a newline.
pub fn render(report: &DoctorReport, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
