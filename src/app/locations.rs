//! A run's source locations: the `--dir` index that locates findings in the code, and the
//! anchor, the file a finding without a location of its own points at.

use super::inputs::Desired;
use super::DesiredInputs;
use crate::diag::InputError;
use crate::diff::finding::SourceLocation;
use crate::sources::{checkout, SourceIndex};
use crate::warning::{Warning, WarningCode};
use std::path::Path;

/// What a run knows about where its code is.
#[derive(Debug, Default)]
pub struct RunLocations {
    /// The root module and its local modules, when `--dir` is inside a checkout.
    pub index: Option<SourceIndex>,
    /// The root module's backend file (else its first file), else the first local state or
    /// plan file inside a checkout, at line 1.
    pub anchor: Option<SourceLocation>,
    /// Why locations are missing, when they are.
    pub warnings: Vec<Warning>,
}

/// Reads the locations of a run whose desired side is `desired`.
pub fn read(inputs: &DesiredInputs, desired: &Desired) -> Result<RunLocations, InputError> {
    let mut out = RunLocations::default();
    if let Some(dir) = &inputs.dir {
        match checkout::root_for(dir) {
            Some(root) => {
                let index = SourceIndex::read(dir, &root)?;
                out.anchor = index.anchor();
                out.warnings.extend(index.warnings.iter().cloned());
                out.index = Some(index);
            }
            None => out.warnings.push(Warning::new(
                WarningCode::SourceLocation,
                dir.display().to_string(),
                "not inside a checkout (no .git folder above it): findings have no source locations",
            )),
        }
    }
    if out.anchor.is_none() {
        out.anchor = desired
            .loaded
            .iter()
            .map(|l| Path::new(&l.source))
            .filter(|p| p.is_file())
            .find_map(|p| {
                let root = checkout::root_for(
                    p.parent()
                        .filter(|d| !d.as_os_str().is_empty())
                        .unwrap_or(Path::new(".")),
                )?;
                Some(SourceLocation {
                    file: checkout::relative(&root, p)?,
                    line: 1,
                })
            });
    }
    Ok(out)
}
