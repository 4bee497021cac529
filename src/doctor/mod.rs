//! `s3drift doctor`: can s3drift see every change? Attribution is only as good as the records
//! behind it; this checks, per region and per bucket in scope, the sources s3drift names
//! people from, and says how to close each gap:
//!
//! * a logging trail records the region's management write events (without one, changes
//!   there are unattributable), and its files are where `--cloudtrail s3://…` reads them;
//! * Conformity CWL-012: a metric filter on the trail's log group counts every
//!   bucket-configuration change, and an SNS alarm watches it;
//! * CIS AWS Foundations Benchmark, S3 object-level logging: a multi-region trail logs S3
//!   data events;
//! * S3 server access logging, the second event source.
//!
//! Everything here is pure except [`read`], the one AWS edge: [`observed`] is what the calls
//! found, [`assess`] turns it into a [`DoctorReport`] of verdicts and [`fix`]es, [`coverage`]
//! reads a saved report back for `check --coverage`.

pub mod assess;
pub mod coverage;
pub mod cwl012;
pub mod fix;
pub mod observed;
pub mod ops;
pub mod pattern;
pub mod read;
pub mod selectors;
pub mod verdict;

pub use assess::assess;
pub use observed::Observed;
pub use verdict::{Check, DoctorReport, Status, Verdict};
