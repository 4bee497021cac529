//! Where and how a report is written: its format, more report files, the severity that
//! fails the run, colours and width.

use clap::{Args, ValueEnum};
use s3drift::app::Format;
use s3drift::code::Severity;
use s3drift::diag::{ErrorCode, InputError};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
    Falco,
    // GitHub Actions annotations (workflow commands). Plain comments: doc comments on
    // variants would turn `--help` into the long form.
    Github,
    // GitHub-flavoured Markdown (step summary, PR comment).
    Markdown,
    Sarif,
    Prometheus,
}

/// More report files from the same run, and the settings of their formats.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output")]
pub struct ReportArgs {
    /// Also write the report in FORMAT to PATH (atomically), e.g. sarif=drift.sarif.
    /// Repeatable.
    #[arg(long = "report", value_name = "FORMAT=PATH")]
    pub report: Vec<String>,
    /// SARIF analysis category (written as automationDetails.id), one per matrix job.
    #[arg(long, value_name = "NAME")]
    pub sarif_category: Option<String>,
}

impl ReportArgs {
    /// Validates `--report` values.
    pub fn reports(&self) -> Result<Vec<(Format, PathBuf)>, InputError> {
        self.report
            .iter()
            .map(|given| {
                let bad = || {
                    InputError::new(
                        ErrorCode::Usage,
                        format!("--report {given:?} is not FORMAT=PATH"),
                    )
                    .help("FORMAT is text, json, falco, sarif or prometheus, e.g. --report sarif=drift.sarif")
                };
                let (name, path) = given.split_once('=').ok_or_else(bad)?;
                let format = Format::from_name(name).ok_or_else(bad)?;
                if path.is_empty() {
                    return Err(bad());
                }
                Ok((format, PathBuf::from(path)))
            })
            .collect()
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FailOnArg {
    Critical,
    High,
    Medium,
    Low,
    Any,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// The report format: the one given, else text on a terminal and JSON otherwise.
pub(super) fn format(arg: Option<FormatArg>) -> Format {
    match arg {
        Some(FormatArg::Text) => Format::Text,
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Falco) => Format::Falco,
        Some(FormatArg::Github) => Format::Github,
        Some(FormatArg::Markdown) => Format::Markdown,
        Some(FormatArg::Sarif) => Format::Sarif,
        Some(FormatArg::Prometheus) => Format::Prometheus,
        // The default follows the reader: people get text, pipes get JSON.
        None if std::io::stdout().is_terminal() => Format::Text,
        None => Format::Json,
    }
}

/// The severity at or above which drift fails the run; `None` for never.
pub(super) fn fail_on(arg: FailOnArg) -> Option<Severity> {
    match arg {
        FailOnArg::Critical => Some(Severity::Critical),
        FailOnArg::High => Some(Severity::High),
        FailOnArg::Medium => Some(Severity::Medium),
        FailOnArg::Low => Some(Severity::Low),
        FailOnArg::Any => Some(Severity::Info),
        FailOnArg::Never => None,
    }
}

/// Whether to colour text output: `always`, or `auto` on a terminal without NO_COLOR and
/// without --output.
pub(super) fn color(arg: ColorArg, to_file: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            !to_file
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// The text report's width: the terminal's when stdout is one, else 80 (files, pipes, CI
/// logs), so the same run writes the same bytes wherever it is captured.
pub(super) fn width(to_file: bool) -> usize {
    if to_file || !std::io::stdout().is_terminal() {
        return s3drift::report::text::DEFAULT_WIDTH;
    }
    terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .unwrap_or(s3drift::report::text::DEFAULT_WIDTH)
}
