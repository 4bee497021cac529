//! The commands, as the binary runs them: load the inputs, run the pure core, write the
//! output. This is the edge where files and AWS meet the core; it knows nothing of clap.

pub mod check;
pub mod doctor;
pub mod events;
pub mod filter;
pub mod github;
pub mod inputs;
pub mod locations;
pub mod merge;
pub mod output;
pub mod parts;
pub mod plan_view;
pub mod policy;
pub mod render;
pub mod snapshot;
pub mod tree;
pub mod window;

use crate::aws::AwsSettings;
use crate::code::Severity;
use crate::diag::{ErrorCode, InputError};
use std::io::Write;
use std::path::PathBuf;

pub use filter::BucketFilter;
pub use parts::PartSelection;

/// The default bound on live reads in flight (see BENCHMARKS.md).
pub const DEFAULT_CONCURRENCY: usize = crate::live::DEFAULT_CONCURRENCY;

/// How a command ended, for the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above the threshold.
    Clean,
    /// Drift at or above `--fail-on`.
    Drift,
}

/// What a command built and no longer needs once its output is written, handed back
/// rather than freed: freeing a large state's trees, the live side and the report one
/// allocation at a time takes a fifth of the run, and a process about to exit returns the
/// memory at once. The binary lets the process's exit free it; a library caller drops it
/// like any value.
pub struct Leftovers {
    _held: Box<dyn std::any::Any>,
}

impl Leftovers {
    fn new(held: impl std::any::Any) -> Leftovers {
        Leftovers {
            _held: Box::new(held),
        }
    }
}

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Falco,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitHub-flavoured Markdown (step summary, PR comment).
    Markdown,
    Sarif,
    Prometheus,
}

impl Format {
    /// Parses a format name as `--format` and `--report` spell it.
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            "falco" => Some(Format::Falco),
            "github" => Some(Format::Github),
            "markdown" => Some(Format::Markdown),
            "sarif" => Some(Format::Sarif),
            "prometheus" => Some(Format::Prometheus),
            _ => None,
        }
    }
}

/// Where the desired side comes from.
#[derive(Clone, Debug, Default)]
pub struct DesiredInputs {
    /// `--state`: files (globs expanded) or `s3://` URLs.
    pub states: Vec<crate::state::StateSource>,
    /// `--plan`: plan JSON files (globs expanded).
    pub plans: Vec<PathBuf>,
    /// `--dir`: a Terraform root with a backend block.
    pub dir: Option<PathBuf>,
    pub workspace: Option<String>,
    pub backend_config: Vec<String>,
}

/// Attribution settings.
#[derive(Clone, Debug)]
pub struct TrailSettings {
    pub cloudtrail: Vec<crate::trail::EventSource>,
    pub access_logs: Vec<crate::trail::LogSource>,
    pub since: window::Since,
    pub burst_count: usize,
    pub burst_window: jiff::SignedDuration,
}

/// `s3drift check`.
#[derive(Clone, Debug)]
pub struct CheckSettings {
    pub inputs: DesiredInputs,
    pub snapshot: Option<PathBuf>,
    pub format: Format,
    pub output: Option<PathBuf>,
    /// `--report FORMAT=PATH`: more files from the same run.
    pub reports: Vec<(Format, PathBuf)>,
    /// `--sarif-category`.
    pub sarif_category: Option<String>,
    /// `--fail-on`: `None` when not given (then the policy file's `fail_on`, else `any`);
    /// `Some(None)`: never fail.
    pub fail_on: Option<Option<Severity>>,
    /// `--config`: the policy file; without it, `.s3drift.hcl` in `--dir` when present.
    pub config: Option<PathBuf>,
    /// `--ignore 'bucket:path'`: ignores without a policy file.
    pub ignores: Vec<String>,
    /// `--show-suppressed`: text lists suppressed findings too.
    pub show_suppressed: bool,
    /// `--baseline`: an earlier JSON report to compare the findings with.
    pub baseline: Option<PathBuf>,
    /// Unreadable parts and buckets not compared fail the run too.
    pub fail_on_unreadable: bool,
    /// `--fail-on-revert`: exit 2 when the checked plan reverts an out-of-band change.
    pub fail_on_revert: bool,
    pub color: bool,
    /// The text report's width.
    pub width: usize,
    pub unmanaged: bool,
    pub concurrency: usize,
    /// `--timeout`: the live read's deadline (`None`: `--timeout 0`, none).
    pub timeout: Option<std::time::Duration>,
    pub progress: bool,
    pub parts: PartSelection,
    pub filter: BucketFilter,
    pub trail: Option<TrailSettings>,
    /// `--coverage`: a saved doctor report that explains unattributed findings.
    pub coverage: Option<PathBuf>,
    pub aws: AwsSettings,
}

/// `s3drift snapshot`.
#[derive(Clone, Debug)]
pub struct SnapshotSettings {
    pub inputs: DesiredInputs,
    pub output: Option<PathBuf>,
    pub unmanaged: bool,
    pub concurrency: usize,
    /// `--timeout`: the live read's deadline (`None`: `--timeout 0`, none).
    pub timeout: Option<std::time::Duration>,
    pub progress: bool,
    pub parts: PartSelection,
    pub filter: BucketFilter,
    pub aws: AwsSettings,
}

/// `s3drift tree`.
#[derive(Clone, Debug)]
pub struct TreeSettings {
    pub inputs: DesiredInputs,
    pub output: Option<PathBuf>,
    pub filter: BucketFilter,
    pub aws: AwsSettings,
}

/// `s3drift doctor` output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DoctorFormat {
    Text,
    Json,
    Markdown,
}

/// `s3drift doctor`.
#[derive(Clone, Debug)]
pub struct DoctorSettings {
    pub inputs: DesiredInputs,
    pub format: DoctorFormat,
    pub output: Option<PathBuf>,
    pub concurrency: usize,
    pub progress: bool,
    pub filter: BucketFilter,
    pub aws: AwsSettings,
}

/// `s3drift events`.
#[derive(Clone, Debug)]
pub struct EventsSettings {
    pub cloudtrail: Vec<crate::trail::EventSource>,
    pub bucket: Option<String>,
    pub since: window::Since,
    pub json: bool,
    pub aws: AwsSettings,
}

/// `s3drift iam-policy`: the least-privilege policy, generated from the reader's operation
/// table; with `doctor`, plus the read-only actions of `s3drift doctor`.
pub fn iam_policy(out: &mut impl Write, doctor: bool) -> Result<Outcome, InputError> {
    let mut policy = crate::live::iam_policy();
    if doctor {
        policy = crate::doctor::ops::with_doctor(policy);
    }
    let text = serde_json::to_string_pretty(&policy).expect("a JSON value always serialises");
    writeln!(out, "{text}").map_err(write_error)?;
    Ok(Outcome::Clean)
}

/// `s3drift paths`: the canonical path table as Markdown (the README embeds it).
pub fn paths(out: &mut impl Write) -> Result<Outcome, InputError> {
    out.write_all(crate::parts::table::markdown_table().as_bytes())
        .map_err(write_error)?;
    Ok(Outcome::Clean)
}

/// An error writing to stdout (a closed pipe, a full disk).
pub(crate) fn write_error(e: std::io::Error) -> InputError {
    InputError::new(ErrorCode::Output, format!("cannot write the output: {e}"))
}
