//! s3drift: which Terraform/OpenTofu-managed S3 buckets no longer match their code,
//! what changed, and who changed it.
//!
//! The modules follow the data flow:
//! `state/` (Terraform state and plan JSON) → `model/` (one desired attribute tree per
//! bucket) → `live/` (the live trees, from AWS or a recorded snapshot) and `trail/`
//! (CloudTrail events and access logs) → `diff/` (semantic comparison and attribution)
//! → `report/` (one renderer per output format). `doctor/` checks the event sources
//! attribution depends on (trails, CloudWatch alarms, access logging).
//!
//! `model`, `diff` and `report` do no I/O. AWS and file access stay in `state::load`,
//! `live` and `trail`, and the process (arguments, terminal, exit code) in the binary.

pub mod app;
pub mod attribution;
pub mod aws;
pub mod code;
pub mod diag;
pub mod diff;
pub mod doctor;
pub mod github;
pub mod live;
pub mod model;
pub mod parts;
pub mod registry;
pub mod report;
pub mod sources;
pub mod state;
pub mod trail;
pub mod warning;
