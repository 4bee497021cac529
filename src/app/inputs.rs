//! Loading the desired side: `--state` files, globs and `s3://` URLs, `--plan` files, and the
//! backend of a `--dir`, into one [`DesiredSet`].

use super::{BucketFilter, DesiredInputs};
use crate::diag::{ErrorCode, InputError};
use crate::live::aws::AwsSettings;
use crate::model::{self, DesiredSet};
use crate::state::{self, backend, remote, Loaded, SourceKind};

/// The loaded files and the trees built from them.
#[derive(Clone, Debug)]
pub struct Desired {
    /// Every file read, in the order given.
    pub loaded: Vec<Loaded>,
    /// One tree per bucket in scope.
    pub set: DesiredSet,
}

impl Desired {
    /// The sources, as given, for reports.
    pub fn sources(&self) -> Vec<String> {
        self.loaded.iter().map(|l| l.source.clone()).collect()
    }

    /// What the live reader needs to know about each bucket.
    pub fn targets(&self) -> Vec<crate::live::Target> {
        let mut targets: Vec<_> = self
            .set
            .buckets
            .iter()
            .filter(|t| !t.planned_create)
            .map(|t| crate::live::Target {
                bucket: t.bucket.clone(),
                account: t.account.clone(),
                region: t.region.clone(),
            })
            .collect();
        targets.sort();
        targets.dedup();
        targets
    }
}

/// Reads every input and builds the trees, keeping the buckets `filter` lets through.
pub async fn load(
    inputs: &DesiredInputs,
    aws: &AwsSettings,
    filter: &BucketFilter,
) -> Result<Desired, InputError> {
    if inputs.states.is_empty() && inputs.plans.is_empty() && inputs.dir.is_none() {
        return Err(InputError::new(
            ErrorCode::Usage,
            "no state given: nothing to compare",
        )
        .help("pass --state terraform.tfstate (a file, glob or s3://bucket/key), --plan plan.json, or --dir <terraform root>"));
    }
    let mut loaded = Vec::new();
    for given in &inputs.states {
        if state::is_remote(given) {
            let fetched = remote::fetch(aws, given).await?;
            let mut state = state::parse_state(&fetched.name, &fetched.text)?;
            state.written_at = fetched.last_modified;
            loaded.push(state);
        } else {
            for path in state::expand_patterns(std::slice::from_ref(given))? {
                loaded.push(state::load_local(&path, SourceKind::State)?);
            }
        }
    }
    for given in &inputs.plans {
        for path in state::expand_patterns(std::slice::from_ref(given))? {
            loaded.push(state::load_local(&path, SourceKind::Plan)?);
        }
    }
    if let Some(dir) = &inputs.dir {
        match backend::resolve(dir, inputs.workspace.as_deref(), &inputs.backend_config)? {
            backend::Location::Local(path) => {
                loaded.push(state::load_local(&path, SourceKind::State)?)
            }
            backend::Location::S3(b) => {
                let fetched = backend::fetch_backend(aws, &b).await?;
                let mut state = state::parse_state(&fetched.name, &fetched.text)?;
                state.written_at = fetched.last_modified;
                loaded.push(state);
            }
        }
    }
    let mut set = model::build::build(&loaded);
    set.buckets.retain(|t| filter.matches(&t.bucket));
    Ok(Desired { loaded, set })
}
