//! `s3drift snapshot`: read the live configuration of the buckets in state and record it.

use super::{inputs, output, Outcome, SnapshotSettings};
use crate::diag::InputError;
use crate::live::{self, snapshot_file, ReadOptions};
use std::io::Write;

/// Reads live and writes the snapshot.
pub async fn run(
    settings: &SnapshotSettings,
    stdout: &mut impl Write,
) -> Result<Outcome, InputError> {
    let desired = inputs::load(&settings.inputs, &settings.aws, &settings.filter).await?;
    let opts = ReadOptions {
        concurrency: settings.concurrency,
        progress: settings.progress,
    };
    let mut snapshot = live::read(&settings.aws, &desired.targets(), &opts).await?;
    if settings.unmanaged {
        snapshot.listed = Some(live::list_buckets(&settings.aws).await?);
    }
    let text = snapshot_file::to_string(&snapshot);
    output::emit(settings.output.as_deref(), text.as_bytes(), stdout)?;
    Ok(Outcome::Clean)
}
