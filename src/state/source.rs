//! `--state` and `--plan` as typed, checked values: every local path and glob is expanded
//! (a typo is an error now, not after the live read), and every `s3://` URL is parsed.

use super::load::{expand_patterns, is_remote};
use super::remote::parse_url;
use crate::diag::InputError;
use std::path::PathBuf;

/// Where one state comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateSource {
    /// A local file (globs are expanded to their files).
    Local(PathBuf),
    /// An object in S3.
    Remote { bucket: String, key: String },
}

impl StateSource {
    /// The source as users write it.
    pub fn name(&self) -> String {
        match self {
            StateSource::Local(p) => p.display().to_string(),
            StateSource::Remote { bucket, key } => format!("s3://{bucket}/{key}"),
        }
    }
}

/// Parses `--state` values: files, globs (expanded, sorted; one that matches nothing is an
/// error) and `s3://bucket/key` URLs, in the order given.
pub fn parse_states(given: &[String]) -> Result<Vec<StateSource>, InputError> {
    let mut out = Vec::new();
    for g in given {
        if is_remote(g) {
            let (bucket, key) = parse_url(g)?;
            out.push(StateSource::Remote { bucket, key });
        } else {
            out.extend(
                expand_patterns(std::slice::from_ref(g))?
                    .into_iter()
                    .map(StateSource::Local),
            );
        }
    }
    Ok(out)
}

/// Parses `--plan` values: local files and globs.
pub fn parse_plans(given: &[String]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = Vec::new();
    for g in given {
        out.extend(expand_patterns(std::slice::from_ref(g))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_parsed_and_missing_files_fail_early() {
        let got = parse_states(&["s3://b/env/terraform.tfstate".into()]).unwrap();
        assert_eq!(
            got,
            [StateSource::Remote {
                bucket: "b".into(),
                key: "env/terraform.tfstate".into()
            }]
        );
        assert_eq!(got[0].name(), "s3://b/env/terraform.tfstate");
        assert!(parse_states(&["s3://b".into()]).is_err());
        assert!(parse_states(&["/no/such/terraform.tfstate".into()]).is_err());
        assert!(parse_plans(&["/no/such/*.json".into()]).is_err());
    }
}
