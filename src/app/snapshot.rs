//! `s3drift snapshot`: read the live configuration of the buckets in state and record it.

use super::{inputs, output, Outcome, SnapshotSettings};
use crate::diag::InputError;
use crate::live::aws::AwsSettings;
use crate::live::{self, snapshot_file, ReadOptions};
use crate::model::Snapshot;
use std::io::Write;

/// Reads live and writes the snapshot.
pub async fn run(
    settings: &SnapshotSettings,
    stdout: &mut impl Write,
) -> Result<Outcome, InputError> {
    let desired = inputs::load(&settings.inputs, &settings.aws, &settings.filter).await?;
    let snapshot = read_live(
        &settings.aws,
        &desired,
        settings.concurrency,
        settings.progress,
        settings.unmanaged,
    )
    .await?;
    let text = snapshot_file::to_string(&snapshot);
    output::emit(settings.output.as_deref(), text.as_bytes(), stdout)?;
    Ok(Outcome::Clean)
}

/// Reads every desired bucket live, and with `unmanaged` lists the account's buckets too.
pub(crate) async fn read_live(
    aws: &AwsSettings,
    desired: &inputs::Desired,
    concurrency: usize,
    progress: bool,
    unmanaged: bool,
) -> Result<Snapshot, InputError> {
    let opts = ReadOptions {
        concurrency,
        progress,
    };
    let mut snapshot = live::read(aws, &desired.targets(), &opts).await?;
    if unmanaged {
        snapshot.listed = Some(live::list_buckets(aws).await?);
    }
    Ok(snapshot)
}
