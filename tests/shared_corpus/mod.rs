//! Where the shared corpus of real public inputs is, for the tests that read it.
//!
//! The corpus is not part of the repository (its files' licences do not allow copying
//! them in), so a clone on its own has no corpus: those tests are then skipped with a
//! note, and the repository's own fixtures (fixtures/shapes/) cover the same layouts and
//! record shapes. CI runs with the corpus and sets `S3DRIFT_REQUIRE_CORPUS=1`, which turns
//! a missing corpus into a failure instead of a skip.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

/// The corpus directory: `S3DRIFT_CORPUS`, else `../shared/corpus` beside the repository.
/// `None` (after a note on stderr) when it is not there; a panic when it is not there and
/// `S3DRIFT_REQUIRE_CORPUS=1`.
pub fn dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("S3DRIFT_CORPUS") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("S3DRIFT_REQUIRE_CORPUS").as_deref() == Ok("1") {
        panic!(
            "the shared corpus is required (S3DRIFT_REQUIRE_CORPUS=1) but {} is not a directory",
            dir.display()
        );
    }
    // Written past the test harness's capture, so the skip is seen in every run.
    let _ = writeln!(
        std::io::stderr(),
        "note: {} not found; corpus test skipped (set S3DRIFT_CORPUS to run it)",
        dir.display()
    );
    None
}

/// A folder of the corpus (`tfstate`, `plan`, `cloudtrail`, `s3-access-logs`), or `None`.
pub fn folder(name: &str) -> Option<PathBuf> {
    dir().map(|d| d.join(name))
}
