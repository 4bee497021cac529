//! `s3drift doctor`: read the event-source configuration of the buckets in scope, judge it,
//! write the report. Exit 0 when attribution has what it needs, 2 when a gap would leave
//! findings unattributable.

use super::{inputs, output, DoctorFormat, DoctorSettings, Outcome};
use crate::diag::{ErrorCode, InputError};
use crate::doctor::{self, DoctorReport};
use crate::live::ReadOptions;
use crate::report::doctor as render;
use std::path::Path;

/// Runs the checks and writes the report.
pub async fn run(
    settings: &DoctorSettings,
    stdout: &mut impl std::io::Write,
) -> Result<Outcome, InputError> {
    let desired = inputs::load(&settings.inputs, &settings.aws, &settings.filter).await?;
    // The parts `check` would read, so that a denied read it would hit shows as a missing
    // permission here too.
    let opts = ReadOptions {
        concurrency: settings.concurrency,
        progress: settings.progress,
        parts: super::PartSelection::Default.resolve(&desired.set),
        timeout: Some(crate::live::DEFAULT_TIMEOUT),
        accounts: super::PartSelection::Default.accounts(&desired.set),
    };
    let observed = doctor::read::read(&settings.aws, &desired.targets(), &opts).await?;
    let report = doctor::assess(&observed, Some(jiff::Timestamp::now()), desired.sources());
    let mut buf = Vec::new();
    match settings.format {
        DoctorFormat::Text => render::text::render(&report, &mut buf),
        DoctorFormat::Json => render::json::render(&report, &mut buf),
        DoctorFormat::Markdown => render::markdown::render(&report, &mut buf),
    }
    .map_err(super::write_error)?;
    output::emit(settings.output.as_deref(), &buf, stdout)?;
    Ok(if report.attribution_ready {
        Outcome::Clean
    } else {
        Outcome::Drift
    })
}

/// Reads a saved doctor report for `check --coverage`.
pub fn load_coverage(path: &Path) -> Result<DoctorReport, InputError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        InputError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    doctor::coverage::parse(&path.display().to_string(), &text)
}
