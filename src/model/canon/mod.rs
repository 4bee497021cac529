//! The generic machinery that turns state instances into claims on parts: which provider
//! generation wrote a bucket, which values are sensitive or unknown until apply, and the
//! claims of split resources and of `aws_s3_bucket`'s own attributes. What each part's
//! attributes mean is in its module under `parts/`.

pub mod generation;
pub mod inline;
pub mod marks;
pub mod split;
