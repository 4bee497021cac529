//! The doctor report: one verdict per check, per region and per bucket, each gap with its
//! fix. This is the data every renderer prints and the JSON schema `check --coverage`
//! reads back (see `report::doctor::json` for the schema).

use serde::{Deserialize, Serialize};

/// The JSON schema name of a doctor report.
pub const SCHEMA: &str = "s3drift/doctor";
/// The schema version. Bump on any incompatible change.
pub const VERSION: u32 = 1;

/// What a check looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// A logging trail records the region's management write events (attribution needs it).
    Trail,
    /// s3drift can read that trail's files with `--cloudtrail s3://…`.
    TrailSource,
    /// CWL-012: a metric filter and an SNS alarm for bucket-configuration changes.
    #[serde(rename = "cwl_012")]
    Cwl012,
    /// CIS: object-level (data) events are logged for the bucket by a multi-region trail.
    DataEvents,
    /// Server access logging is on for the bucket (a second event source).
    AccessLogging,
}

impl Check {
    /// The label people read.
    pub fn label(self) -> &'static str {
        match self {
            Check::Trail => "trail",
            Check::TrailSource => "trail files",
            Check::Cwl012 => "CWL-012 alarm",
            Check::DataEvents => "data events",
            Check::AccessLogging => "access logging",
        }
    }
}

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In place.
    Ok,
    /// Missing or incomplete; the verdict's fix closes it.
    Gap,
    /// Could not be told: a call was denied or failed (the reason says which).
    Unknown,
}

impl Status {
    /// The checklist mark.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Ok => "✓",
            Status::Gap => "✗",
            Status::Unknown => "?",
        }
    }
}

/// One check's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub check: Check,
    pub status: Status,
    /// One sentence: what was found, or what is missing.
    pub reason: String,
    /// Whether this verdict, unless `ok`, leaves findings unattributable (exit code 2).
    pub blocks_attribution: bool,
    /// CWL-012: the bucket-configuration events the best filter does not match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_events: Vec<String>,
    /// The id of the fix in [`DoctorReport::fixes`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Verdict {
    /// Whether this verdict makes findings unattributable.
    pub fn blocking(&self) -> bool {
        self.blocks_attribution && self.status != Status::Ok
    }
}

/// One bucket's verdicts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketReport {
    pub bucket: String,
    pub checks: Vec<Verdict>,
}

/// One region's verdicts, and those of its buckets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionReport {
    /// The region, or `unknown` for buckets whose region could not be found.
    pub region: String,
    pub checks: Vec<Verdict>,
    pub buckets: Vec<BucketReport>,
}

/// A trail as found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrailReport {
    pub name: String,
    pub arn: String,
    pub home_region: String,
    pub multi_region: bool,
    pub organization: bool,
    /// `IsLogging`; `null` when GetTrailStatus failed.
    pub logging: Option<bool>,
    /// Whether its selectors log management write events; `null` when unknown.
    pub management_writes: Option<bool>,
    /// The delivery bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket: Option<String>,
    /// The `--cloudtrail` source that reads its files, e.g. `s3://trail-bucket/prefix`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudtrail_source: Option<String>,
    /// The CloudWatch Logs group it delivers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group: Option<String>,
}

/// A call the identity was not allowed to make.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Denial {
    /// The IAM action, e.g. `cloudtrail:GetTrailStatus`.
    pub action: String,
    /// The API operation.
    pub api: String,
    /// Where: a region, a bucket or a trail.
    pub scope: String,
    pub reason: String,
}

/// How to close a gap: Terraform first, then the AWS CLI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// A stable id, referenced by verdicts, e.g. `start-logging:main`.
    pub id: String,
    /// What the fix does, one line.
    pub title: String,
    /// An HCL snippet.
    pub hcl: String,
    /// The AWS CLI equivalent.
    pub cli: String,
}

/// Counts for the summary line. A bucket's `trail` verdict repeats its region's and is
/// counted once, with the region.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub regions: usize,
    pub buckets: usize,
    pub ok: usize,
    pub gaps: usize,
    pub unknown: usize,
    /// Verdicts that leave findings unattributable.
    pub blocking: usize,
}

/// Everything `doctor` found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoctorReport {
    pub schema: String,
    pub version: u32,
    /// When the checks ran.
    pub checked_at: Option<jiff::Timestamp>,
    /// The state and plan files read, as given.
    pub sources: Vec<String>,
    /// The profile's region (or `--region`).
    pub profile_region: String,
    /// Everything attribution needs is in place: no blocking verdict.
    pub attribution_ready: bool,
    pub summary: Summary,
    /// Sorted by region; `unknown` last.
    pub regions: Vec<RegionReport>,
    /// Every trail found, sorted by ARN.
    pub trails: Vec<TrailReport>,
    /// Denied calls, sorted.
    pub permissions: Vec<Denial>,
    /// The fixes the verdicts name, sorted by id.
    pub fixes: Vec<Fix>,
}

impl DoctorReport {
    /// Every verdict, region-level and bucket-level.
    pub fn verdicts(&self) -> impl Iterator<Item = &Verdict> {
        self.regions.iter().flat_map(|r| {
            r.checks
                .iter()
                .chain(r.buckets.iter().flat_map(|b| b.checks.iter()))
        })
    }

    /// The fix with `id`.
    pub fn fix(&self, id: &str) -> Option<&Fix> {
        self.fixes.iter().find(|f| f.id == id)
    }
}
