//! Rendering one report in any format, for `check` and `merge`, and writing the extra
//! `--report FORMAT=PATH` files of a run.

use super::{output, write_error, Format};
use crate::diag::{ErrorCode, InputError};
use crate::report::prometheus::PrometheusOptions;
use crate::report::sarif::SarifOptions;
use crate::report::{self, Report};
use std::path::PathBuf;

/// Settings the formats need beyond the report.
#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// Colours in text output.
    pub color: bool,
    /// Text wraps at this width.
    pub width: usize,
    /// `--show-suppressed`: text lists suppressed findings too.
    pub show_suppressed: bool,
    pub sarif: SarifOptions,
    pub prometheus: PrometheusOptions,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            color: false,
            width: report::text::DEFAULT_WIDTH,
            show_suppressed: false,
            sarif: SarifOptions::default(),
            prometheus: PrometheusOptions::default(),
        }
    }
}

/// The report in `format`.
pub fn render(
    format: Format,
    report: &Report,
    options: &RenderOptions,
) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::new();
    let written = match format {
        Format::Text => report::text::render(
            report,
            &report::text::TextOptions {
                color: options.color,
                width: options.width,
                show_suppressed: options.show_suppressed,
            },
            &mut buf,
        ),
        Format::Json => report::json::render(report, &mut buf),
        Format::Falco => report::falco::render(report, &mut buf),
        Format::Github => report::github::render(report, &mut buf),
        Format::Markdown => report::markdown::render(
            report,
            &report::markdown::MarkdownOptions::default(),
            &mut buf,
        ),
        Format::Sarif => report::sarif::render(report, &options.sarif, &mut buf),
        Format::Prometheus => report::prometheus::render(report, &options.prometheus, &mut buf),
    };
    match written {
        Ok(()) => Ok(buf),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => Err(no_anchor(&e.to_string())),
        Err(e) => Err(write_error(e)),
    }
}

/// The error for SARIF without a file to point at: a file code scanning silently drops is
/// worse than none.
pub fn no_anchor(detail: &str) -> InputError {
    InputError::new(
        ErrorCode::Usage,
        format!("--format sarif needs a file in the checkout for every result: {detail}"),
    )
    .help(
        "pass --dir <the Terraform root module> inside the repository (its files give the \
         locations), or a local --state/--plan file inside it",
    )
}

/// Writes each `--report FORMAT=PATH` file, atomically.
pub fn write_reports(
    reports: &[(Format, PathBuf)],
    report: &Report,
    options: &RenderOptions,
) -> Result<(), InputError> {
    // Render everything first: a format that fails leaves no file of this run behind.
    let mut rendered = Vec::with_capacity(reports.len());
    for (format, path) in reports {
        let options = RenderOptions {
            color: false,
            width: report::text::DEFAULT_WIDTH,
            ..options.clone()
        };
        rendered.push((path, render(*format, report, &options)?));
    }
    for (path, bytes) in rendered {
        output::emit(Some(path), &bytes, &mut std::io::sink())?;
    }
    Ok(())
}
