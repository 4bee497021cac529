//! Where the desired side comes from (state, plan, a Terraform root) and which buckets.

use clap::Args;
use s3drift::app::{BucketFilter, DesiredInputs};
use s3drift::diag::InputError;
use std::path::PathBuf;

/// Where the desired side comes from.
#[derive(Debug, Args)]
#[command(next_help_heading = "Inputs")]
pub struct SourceArgs {
    /// Terraform/OpenTofu state: a file, a glob, or s3://bucket/key. Repeatable.
    #[arg(long = "state", value_name = "FILE|GLOB|S3URL")]
    pub state: Vec<String>,
    /// Plan JSON from `terraform show -json plan.out`. Repeatable.
    #[arg(long = "plan", value_name = "FILE")]
    pub plan: Vec<String>,
    /// The Terraform root module: its files give source locations, and its `backend "s3"`
    /// block (or local terraform.tfstate) gives the state unless --state or --plan does.
    #[arg(long = "dir", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Workspace of the --dir backend.
    #[arg(long = "workspace", value_name = "NAME", requires = "dir")]
    pub workspace: Option<String>,
    /// Partial backend configuration for --dir: KEY=VALUE or a file. Repeatable.
    #[arg(
        long = "backend-config",
        value_name = "KEY=VALUE|FILE",
        requires = "dir"
    )]
    pub backend_config: Vec<String>,
}

impl SourceArgs {
    /// Files and globs are expanded and URLs parsed here, before anything is read.
    pub(super) fn into_inputs(self) -> Result<DesiredInputs, InputError> {
        Ok(DesiredInputs {
            states: s3drift::state::parse_states(&self.state)?,
            plans: s3drift::state::parse_plans(&self.plan)?,
            dir: self.dir,
            workspace: self.workspace,
            backend_config: self.backend_config,
        })
    }
}

/// Which buckets.
#[derive(Debug, Args)]
#[command(next_help_heading = "Inputs")]
pub struct FilterArgs {
    /// Only buckets whose name matches this glob. Repeatable.
    #[arg(long = "bucket", value_name = "GLOB")]
    pub bucket: Vec<String>,
    /// Skip buckets whose name matches this glob. Repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    pub exclude: Vec<String>,
}

impl FilterArgs {
    pub(super) fn into_filter(self) -> Result<BucketFilter, InputError> {
        BucketFilter::new(&self.bucket, &self.exclude)
    }
}
