//! `s3drift tree`: the desired attribute trees as JSON.

use super::{inputs, output, Leftovers, Outcome, TreeSettings};
use crate::diag::InputError;
use std::io::Write;

/// Loads the inputs and prints the trees, which come back with the outcome ([`Leftovers`]).
pub async fn run(
    settings: &TreeSettings,
    stdout: &mut impl Write,
) -> Result<(Outcome, Leftovers), InputError> {
    let inputs::Desired { loaded, set } =
        inputs::load(&settings.inputs, &settings.aws, &settings.filter).await?;
    // The trees are redacted in place rather than in a copy, which keeps a large state's
    // peak memory down. The files' resources are not needed for printing the trees, and are
    // handed back unfreed with them: the peak was while both were built.
    let mut trees = set.into_redacted();
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    output::emit_with(settings.output.as_deref(), stdout, |w| {
        crate::report::tree::write(&mut trees, workers, w)?;
        w.write_all(b"\n")
    })?;
    Ok((Outcome::Clean, Leftovers::new((loaded, trees))))
}
