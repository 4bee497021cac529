//! `check --coverage doctor.json`: a saved doctor report explains "unattributed" findings
//! without new AWS calls. Pure: the caller reads the file and adds [`known_gap`]'s answer to
//! the reason of each unattributed finding.

use super::verdict::{DoctorReport, Verdict, SCHEMA, VERSION};
use crate::diag::{ErrorCode, InputError};

/// Reads a doctor report from its JSON text (`name` is for messages).
pub fn parse(name: &str, text: &str) -> Result<DoctorReport, InputError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        InputError::new(
            ErrorCode::NotJson,
            format!("{name} is not a doctor report: {e}"),
        )
        .help("pass the JSON output of `s3drift doctor --format json`")
    })?;
    let schema = value.get("schema").and_then(|s| s.as_str());
    let version = value.get("version").and_then(|v| v.as_u64());
    if schema != Some(SCHEMA) || version != Some(u64::from(VERSION)) {
        return Err(InputError::new(
            ErrorCode::Shape,
            format!(
                "{name} is not a doctor report of schema {SCHEMA} version {VERSION} (found {} version {})",
                schema.unwrap_or("no schema"),
                version.map_or("none".to_string(), |v| v.to_string())
            ),
        )
        .help("write it again with `s3drift doctor --format json -o doctor.json`"));
    }
    serde_json::from_value(value).map_err(|e| {
        InputError::new(
            ErrorCode::Shape,
            format!("{name} is not a valid doctor report: {e}"),
        )
    })
}

/// The known gap that would leave changes to `bucket` (in `region`) without a record, e.g.
/// "no trail logs eu-west-1". The bucket's own verdicts come first; a bucket the report does
/// not list gets its region's. `None` when the report knows of no such gap.
pub fn known_gap(report: &DoctorReport, bucket: &str, region: Option<&str>) -> Option<String> {
    for r in &report.regions {
        if let Some(b) = r.buckets.iter().find(|b| b.bucket == bucket) {
            // The bucket's own verdicts, then its region's (the trail files, say).
            return blocking(&b.checks).or_else(|| blocking(&r.checks));
        }
    }
    let region = region?;
    let r = report.regions.iter().find(|r| r.region == region)?;
    blocking(&r.checks)
}

/// The reason of the first verdict that leaves findings unattributable.
fn blocking(checks: &[Verdict]) -> Option<String> {
    checks
        .iter()
        .find(|v| v.blocking())
        .map(|v| v.reason.clone())
}
