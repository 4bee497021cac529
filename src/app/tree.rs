//! `s3drift tree`: the desired attribute trees as JSON.

use super::{inputs, output, Outcome, TreeSettings};
use crate::diag::InputError;
use std::io::Write;

/// Loads the inputs and prints the trees.
pub async fn run(settings: &TreeSettings, stdout: &mut impl Write) -> Result<Outcome, InputError> {
    let desired = inputs::load(&settings.inputs, &settings.aws, &settings.filter).await?;
    let mut text = serde_json::to_string_pretty(&desired.set.redacted())
        .expect("desired trees always serialise");
    text.push('\n');
    output::emit(settings.output.as_deref(), text.as_bytes(), stdout)?;
    Ok(Outcome::Clean)
}
