//! `s3drift doctor`: can s3drift see every change? Attribution is only as good as the records
//! behind it; this checks the sources s3drift names people from.
//!
//! Everything here is pure: [`pattern`] reads CloudWatch Logs filter patterns and evaluates
//! them on CloudTrail records.

pub mod pattern;
