//! `s3drift snapshot`: read the live configuration of the buckets in state and record it.

use super::{inputs, output, Outcome, SnapshotSettings};
use crate::aws::AwsSettings;
use crate::diag::InputError;
use crate::live::{self, snapshot_file, ReadOptions};
use crate::model::{DesiredSet, DesiredState, LivePart, Snapshot};
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
        parts: settings.parts.resolve(&desired.set),
        timeout: settings.timeout,
        accounts: settings.parts.accounts(&desired.set),
    };
    let snapshot = read_live(&settings.aws, &desired, &opts, settings.unmanaged).await?;
    let text = snapshot_file::to_string(&without_secrets(snapshot, &desired.set));
    output::emit(settings.output.as_deref(), text.as_bytes(), stdout)?;
    Ok(Outcome::Clean)
}

/// Reads every desired bucket live, and with `unmanaged` lists the account's buckets too.
pub(crate) async fn read_live(
    aws: &AwsSettings,
    desired: &inputs::Desired,
    opts: &ReadOptions,
    unmanaged: bool,
) -> Result<Snapshot, InputError> {
    let mut snapshot = live::read(aws, &desired.targets(), opts).await?;
    if unmanaged {
        snapshot.listed = Some(live::list_buckets(aws).await?);
    }
    Ok(snapshot)
}

/// A snapshot is a file people keep and share, so parts the state marks sensitive are not
/// recorded: they are written as unreadable, and a replay lists them instead of comparing
/// them. A live `check` still compares them (and redacts them in its report).
fn without_secrets(mut snapshot: Snapshot, desired: &DesiredSet) -> Snapshot {
    for tree in &desired.buckets {
        let Some(live) = snapshot.buckets.get_mut(&tree.bucket) else {
            continue;
        };
        for (part, state) in &tree.parts {
            let sensitive = match state {
                DesiredState::Managed(p) => p.sensitive,
                DesiredState::Conflict { claims } => claims.iter().any(|p| p.sensitive),
            };
            if let (true, Some(slot @ LivePart::Present { .. })) =
                (sensitive, live.parts.get_mut(part))
            {
                *slot = LivePart::Unreadable {
                    reason: "not recorded: the state marks this part sensitive".to_string(),
                };
            }
        }
    }
    snapshot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_parts_are_not_recorded() {
        let desired: DesiredSet = serde_json::from_value(serde_json::json!({"buckets": [{
            "bucket": "b", "address": "aws_s3_bucket.b", "source": "s.tfstate", "bucket_managed": true,
            "parts": {
                "tags": {"state": "managed", "value": {"token": "hunter2"}, "origin": "tags",
                         "address": "aws_s3_bucket.b", "sensitive": true},
                "versioning": {"state": "managed", "value": {"status": "Enabled", "mfa_delete": false},
                               "origin": "split", "address": "aws_s3_bucket_versioning.b"}},
            "resources": ["aws_s3_bucket.b"]}]}))
        .unwrap();
        let snapshot: Snapshot = serde_json::from_value(serde_json::json!({
            "schema": "s3drift/snapshot", "version": 1, "captured_at": "2026-11-20T09:00:00Z",
            "buckets": {"b": {"status": "present", "parts": {
                "tags": {"status": "present", "value": {"token": "hunter2"}},
                "versioning": {"status": "present", "value": {"status": "Enabled", "mfa_delete": false}}}}}}))
        .unwrap();
        let text = snapshot_file::to_string(&without_secrets(snapshot, &desired));
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("not recorded"), "{text}");
        assert!(text.contains("Enabled"), "other parts are kept: {text}");
    }
}
