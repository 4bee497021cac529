//! `s3drift merge`: the JSON reports of a CI matrix (one job per account or state) as one
//! report, in any format.

use super::render::{self, RenderOptions};
use super::{output, Format, Outcome};
use crate::code::Severity;
use crate::diag::{offset_of, ErrorCode, InputError};
use crate::report::merge;
use crate::report::sarif::{Anchors, SarifOptions};
use crate::report::{Report, REPORT_SCHEMA, REPORT_VERSION};
use std::io::Write;
use std::path::PathBuf;

/// `s3drift merge`.
#[derive(Clone, Debug)]
pub struct MergeSettings {
    /// The JSON reports, in the order given.
    pub inputs: Vec<PathBuf>,
    pub format: Format,
    pub output: Option<PathBuf>,
    /// `--report FORMAT=PATH`.
    pub reports: Vec<(Format, PathBuf)>,
    pub sarif_category: Option<String>,
    /// `None`: never fail.
    pub fail_on: Option<Severity>,
    /// Unreadable parts and buckets not compared fail the run too.
    pub fail_on_unreadable: bool,
    pub color: bool,
    /// The text report's width.
    pub width: usize,
}

/// Merges the reports and writes the result; drift at or above `--fail-on` in any of them
/// decides the exit code, as for `check`.
pub fn run(settings: &MergeSettings, stdout: &mut impl Write) -> Result<Outcome, InputError> {
    let mut reports = Vec::with_capacity(settings.inputs.len());
    for path in &settings.inputs {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            InputError::new(ErrorCode::Io, format!("cannot read report {name}: {e}"))
                .help("pass files written by `s3drift check --format json`")
        })?;
        reports.push((name.clone(), parse(&name, &text)?));
    }
    let merged = merge::merge(&reports);
    // Each bucket's findings point at the code of the report it came from.
    let mut anchors = Anchors {
        default: merged.anchor.clone(),
        ..Anchors::default()
    };
    for (_, report) in &reports {
        let Some(anchor) = &report.anchor else {
            continue;
        };
        for bucket in report.findings.iter().map(|f| f.bucket.as_str()) {
            anchors
                .by_bucket
                .entry(bucket.to_string())
                .or_insert_with(|| anchor.clone());
        }
    }
    let options = RenderOptions {
        color: settings.color,
        width: settings.width,
        show_suppressed: false,
        sarif: SarifOptions {
            category: settings.sarif_category.clone(),
            anchors,
        },
        prometheus: Default::default(),
    };
    let buf = render::render(settings.format, &merged, &options)?;
    render::write_reports(&settings.reports, &merged, &options)?;
    output::emit(settings.output.as_deref(), &buf, stdout)?;
    Ok(
        if merged.fails(settings.fail_on, settings.fail_on_unreadable) {
            Outcome::Drift
        } else {
            Outcome::Clean
        },
    )
}

/// Parses one JSON report; `name` is used in messages.
pub fn parse(name: &str, text: &str) -> Result<Report, InputError> {
    let hint = "pass files written by `s3drift check --format json`";
    if text.trim().is_empty() {
        return Err(
            InputError::new(ErrorCode::Empty, format!("report {name} is empty")).help(hint),
        );
    }
    let head: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column());
        InputError::new(
            ErrorCode::NotJson,
            format!("report {name} is not valid JSON: {e}"),
        )
        .with_source(name, text, at.into(), "here", &[])
        .help(hint)
    })?;
    if head.get("schema").and_then(|s| s.as_str()) != Some(REPORT_SCHEMA)
        || head.get("version").and_then(|v| v.as_u64()) != Some(u64::from(REPORT_VERSION))
    {
        return Err(InputError::new(
            ErrorCode::Shape,
            format!(
                "{name} is not an s3drift report of schema \"{REPORT_SCHEMA}\" version {REPORT_VERSION}"
            ),
        )
        .help(hint));
    }
    serde_json::from_str(text).map_err(|e| {
        let at = offset_of(text, e.line(), e.column());
        InputError::new(
            ErrorCode::Shape,
            format!("report {name} does not have the expected shape: {e}"),
        )
        .with_source(name, text, at.into(), "unexpected value", &[])
        .help(hint)
    })
}
