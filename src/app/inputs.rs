//! Loading the desired side: `--state` files, globs and `s3://` URLs, `--plan` files, and the
//! backend of a `--dir`, into one [`DesiredSet`].

use super::{BucketFilter, DesiredInputs};
use crate::aws::AwsSettings;
use crate::diag::{ErrorCode, InputError};
use crate::model::{self, DesiredSet};
use crate::state::{self, backend, remote, Loaded, SourceKind, StateSource};

/// The loaded files and the trees built from them.
#[derive(Clone, Debug)]
pub struct Desired {
    /// Every file read, in the order given. A state's resources hold only the head of
    /// their attributes (see [`state::Deferred`]): the trees are what was built from them.
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
    pub fn targets(&self) -> Vec<crate::model::Target> {
        let mut targets: Vec<_> = self
            .set
            .buckets
            .iter()
            .filter(|t| !t.planned_create)
            .map(|t| crate::model::Target {
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

impl Desired {
    /// Frees the files' resources once the trees are built from them: from then on only
    /// the files' names are read. Even with their attributes deferred (only the heads
    /// left), a 100 MB state's resources hold about 70 MiB, so freeing them before the
    /// live side and the trail are read lowers the run's peak. They are freed on a
    /// blocking thread, off the run's path.
    pub fn release_resources(&mut self) {
        let resources: Vec<_> = self
            .loaded
            .iter_mut()
            .map(|l| std::mem::take(&mut l.resources))
            .collect();
        tokio::task::spawn_blocking(move || drop(resources));
    }

    /// [`targets`](Desired::targets) with each bucket's region as the live side found it
    /// (S3's answer beats the state's record, which may be missing or stale), for the event
    /// sources that search per region.
    pub fn targets_seen(&self, live: &crate::model::Snapshot) -> Vec<crate::model::Target> {
        let mut targets = self.targets();
        for t in &mut targets {
            if let Some(region) = live.buckets.get(&t.bucket).and_then(|b| b.region.clone()) {
                t.region = Some(region);
            }
        }
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
    // The states' attributes are deferred: each bucket's are parsed when its tree is built
    // and dropped after it (`model::build`).
    let mut loaded = Vec::new();
    let mut deferred = Vec::new();
    for source in &inputs.states {
        let (state, d) = match source {
            StateSource::Local(path) => state::load_local_deferred(path)?,
            StateSource::Remote { .. } => {
                let fetched = remote::fetch(aws, &source.name()).await?;
                let (mut state, d) = state::parse_state_deferred(&fetched.name, &fetched.text)?;
                state.written_at = fetched.last_modified;
                (state, d)
            }
        };
        loaded.push(state);
        deferred.push(d);
    }
    for path in &inputs.plans {
        loaded.push(state::load_local(path, SourceKind::Plan)?);
        deferred.push(Default::default());
    }
    // `--dir` is the root module: its backend gives the state only when no --state or
    // --plan does; its files always give source locations.
    if let (Some(dir), true) = (
        &inputs.dir,
        inputs.states.is_empty() && inputs.plans.is_empty(),
    ) {
        match backend::resolve(dir, inputs.workspace.as_deref(), &inputs.backend_config)? {
            backend::Location::Local(path) => {
                let (state, d) = state::load_local_deferred(&path)?;
                loaded.push(state);
                deferred.push(d);
            }
            backend::Location::S3(b) => {
                let fetched = backend::fetch_backend(aws, &b).await?;
                let (mut state, d) = state::parse_state_deferred(&fetched.name, &fetched.text)?;
                state.written_at = fetched.last_modified;
                loaded.push(state);
                deferred.push(d);
            }
        }
    }
    // The trees are independent of each other, and building them is about a third of
    // reading a large state: every core takes a share.
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let mut set = model::build::build_deferred(&loaded, deferred, workers);
    // A state of account-level settings only (an account baseline's
    // `aws_s3_account_public_access_block`) still has something to compare.
    if set.buckets.is_empty() && set.accounts.is_empty() {
        return Err(no_bucket(&loaded, &set));
    }
    let all: Vec<String> = set.buckets.iter().map(|t| t.bucket.clone()).collect();
    set.buckets.retain(|t| filter.matches(&t.bucket));
    if set.buckets.is_empty() && !all.is_empty() && !filter.is_all() {
        // A selection that leaves nothing is a mistake, not a clean run.
        return Err(InputError::new(
            ErrorCode::Usage,
            format!(
                "--bucket/--exclude leave none of the {} buckets of the states: nothing to compare",
                all.len()
            ),
        )
        .help(format!("the states hold {}", some_of(&all))));
    }
    Ok(Desired { loaded, set })
}

/// The error for states that hold no bucket at all: one state without S3 resources among
/// others is only a warning, but a run over none is not a clean run.
fn no_bucket(loaded: &[Loaded], set: &DesiredSet) -> InputError {
    let reasons: Vec<String> = set
        .warnings
        .iter()
        .map(ToString::to_string)
        .chain(
            set.unresolved
                .iter()
                .map(|u| format!("{}: {}", u.address, u.reason)),
        )
        .take(3)
        .collect();
    let err = InputError::new(
        ErrorCode::NothingCompared,
        if loaded.len() == 1 {
            "the state given holds no S3 bucket: nothing was compared".to_string()
        } else {
            format!(
                "none of the {} states given holds an S3 bucket: nothing was compared",
                loaded.len()
            )
        },
    );
    if reasons.is_empty() {
        err.help("pass the state that manages your aws_s3_bucket resources")
    } else {
        err.help(reasons.join("; "))
    }
}

/// Up to five names, then how many more.
pub fn some_of(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
    match names.len().saturating_sub(5) {
        0 => shown.join(", "),
        more => format!("{}, and {more} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Snapshot;

    #[test]
    fn event_sources_search_the_region_live_reported() {
        let set: DesiredSet = serde_json::from_value(serde_json::json!({"buckets": [
            {"bucket": "moved", "region": "us-east-1", "address": "aws_s3_bucket.a", "source": "s",
             "bucket_managed": true, "parts": {}, "resources": []},
            {"bucket": "unknown", "address": "aws_s3_bucket.b", "source": "s",
             "bucket_managed": true, "parts": {}, "resources": []},
            {"bucket": "unread", "region": "eu-west-1", "address": "aws_s3_bucket.c", "source": "s",
             "bucket_managed": true, "parts": {}, "resources": []}]}))
        .unwrap();
        let desired = Desired {
            loaded: Vec::new(),
            set,
        };
        let live: Snapshot = serde_json::from_value(serde_json::json!({
            "schema": "s3drift/snapshot", "version": 1, "captured_at": "2026-11-20T09:00:00Z",
            "buckets": {
                "moved": {"status": "present", "region": "eu-central-1"},
                "unknown": {"status": "present", "region": "ap-south-1"}}}))
        .unwrap();
        let regions: Vec<(String, Option<String>)> = desired
            .targets_seen(&live)
            .into_iter()
            .map(|t| (t.bucket, t.region))
            .collect();
        assert_eq!(
            regions,
            vec![
                ("moved".to_string(), Some("eu-central-1".to_string())),
                ("unknown".to_string(), Some("ap-south-1".to_string())),
                ("unread".to_string(), Some("eu-west-1".to_string())),
            ]
        );
    }
}
