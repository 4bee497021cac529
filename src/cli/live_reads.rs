//! How the live read runs: which parts, how many reads in flight, and when it stops.

use clap::Args;
use s3drift::app::PartSelection;
use s3drift::diag::{ErrorCode, InputError};

/// Which parts are read live.
#[derive(Debug, Args)]
#[command(next_help_heading = "Live reads")]
pub struct PartsArgs {
    /// Parts to read live: `all`, or a comma-separated list (versioning,policy). Default:
    /// the core parts plus every part a loaded state manages.
    #[arg(long = "parts", value_name = "all|LIST")]
    pub parts: Option<String>,
}

impl PartsArgs {
    pub(super) fn into_selection(self) -> Result<PartSelection, InputError> {
        self.parts
            .as_deref()
            .map_or(Ok(PartSelection::Default), PartSelection::parse)
    }
}

/// `--timeout`: a duration, `0` for none.
pub(super) fn timeout(text: &str) -> Result<Option<std::time::Duration>, InputError> {
    if text.trim() == "0" {
        return Ok(None);
    }
    let d = s3drift::app::window::parse_duration("--timeout", text)?;
    Ok((!d.is_zero()).then(|| d.unsigned_abs()))
}

/// `--concurrency`: at least one read in flight.
pub(super) fn concurrency(n: usize) -> Result<usize, InputError> {
    if n == 0 {
        return Err(InputError::new(
            ErrorCode::Usage,
            "--concurrency must be at least 1",
        ));
    }
    Ok(n)
}
