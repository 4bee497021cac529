//! GitHub: what the `s3drift github` commands do in a workflow run, around a saved JSON
//! report.
//!
//! - [`env`]: the run's standard environment (`GITHUB_REPOSITORY`, `GITHUB_API_URL`, …) and
//!   its event, parsed from values the binary hands in;
//! - [`comment`]: the one pull-request comment per category, found by a hidden marker;
//! - [`issues`]: one issue per drifted bucket, opened, updated and closed;
//! - [`outputs`]: the step outputs (`drift-count`, …) in `$GITHUB_OUTPUT` syntax;
//! - [`api`]: the REST calls. The only module here that does I/O.
//!
//! `comment` and `issues` only plan: given what GitHub holds and the report, they say what
//! to create, update or close. The `github` command (in `app`) carries a plan out through
//! [`api`].

pub mod api;
pub mod comment;
pub mod env;
pub mod issues;
pub mod outputs;

/// The label every drift issue carries; issues are listed by it.
pub const ISSUE_LABEL: &str = "s3drift";
