//! `--bucket` / `--exclude`: which buckets a run looks at.

use crate::diag::{ErrorCode, InputError};
use globset::{Glob, GlobSet, GlobSetBuilder};

/// Include and exclude globs over bucket names. No include glob means every bucket.
#[derive(Clone, Debug, Default)]
pub struct BucketFilter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl BucketFilter {
    /// Compiles the globs; a bad glob is a usage error naming it.
    pub fn new(include: &[String], exclude: &[String]) -> Result<BucketFilter, InputError> {
        Ok(BucketFilter {
            include: compile(include, "--bucket")?,
            exclude: compile(exclude, "--exclude")?,
        })
    }

    /// Whether the filter lets every bucket through (no `--bucket`, no `--exclude`).
    pub fn is_all(&self) -> bool {
        self.include.is_none() && self.exclude.is_none()
    }

    /// Whether `bucket` is in scope.
    pub fn matches(&self, bucket: &str) -> bool {
        self.include.as_ref().is_none_or(|s| s.is_match(bucket))
            && !self.exclude.as_ref().is_some_and(|s| s.is_match(bucket))
    }
}

fn compile(globs: &[String], flag: &str) -> Result<Option<GlobSet>, InputError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| {
            InputError::new(
                ErrorCode::Pattern,
                format!("{flag} {g:?} is not a valid glob: {e}"),
            )
            .help("use * and ? wildcards, e.g. --bucket 'prod-*'")
        })?;
        builder.add(glob);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| InputError::new(ErrorCode::Pattern, format!("{flag}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_and_exclude() {
        let f = BucketFilter::new(&["prod-*".into()], &["prod-tmp*".into()]).unwrap();
        assert!(f.matches("prod-logs"));
        assert!(!f.matches("prod-tmp-1"));
        assert!(!f.matches("dev-logs"));
        assert!(BucketFilter::default().matches("anything"));
        assert!(BucketFilter::new(&["[".into()], &[]).is_err());
    }
}
