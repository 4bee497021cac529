//! How Terraform attributes map to the canonical value of each part.
//!
//! One file per part. Each file has the functions that read a split resource's attributes
//! and, where the part has one, the inline block of `aws_s3_bucket`, plus the small public
//! normalisers the live reader and the CloudTrail parser call so that all three sides
//! produce byte-identical values (the shapes are in [`super::paths`]).
//!
//! Every function here is total: unexpected shapes give "unset" (and, where the user should
//! know, a warning), never a panic.

pub mod acl;
pub mod attr;
pub mod cors;
pub mod encryption;
pub mod generation;
pub mod inline;
pub mod lifecycle;
pub mod logging;
pub mod marks;
pub mod object_lock;
pub mod ownership;
pub mod policy;
pub mod public_access_block;
pub mod replication;
pub mod split;
pub mod tags;
pub mod versioning;
pub mod website;
