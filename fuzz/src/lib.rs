//! What every fuzz target checks besides "no panic": a diagnostic renders as the command
//! line prints it, stays a few KB, and never shows the canary value that the input marks
//! sensitive.
//!
//! The seed files mark values containing [`CANARY`] sensitive. A mutated input may unmark
//! them, so the canary is only required to stay hidden when the input still marks every
//! occurrence of it, as decided here independently of s3drift's own readers.

pub mod canary;

pub use canary::{canary_marked_in_state, canary_only_in_values, CANARY};
use s3drift::diag::InputError;

/// The most a rendered diagnostic or a warning may take, in bytes.
pub const PRINTED_MAX: usize = 12 * 1024;

/// Renders `diagnostic` as the command line prints it and checks its size; returns the text.
pub fn rendered(diagnostic: &InputError) -> String {
    let text = s3drift::diag::render_plain(diagnostic);
    assert!(
        text.len() <= PRINTED_MAX,
        "a diagnostic of {} bytes:\n{text}",
        text.len()
    );
    text
}

/// Checks a reader's warning or error line: short, one line's worth.
pub fn check_line(line: &str) {
    assert!(
        line.len() <= PRINTED_MAX,
        "a message of {} bytes: {}",
        line.len(),
        &line[..line.floor_char_boundary(500)]
    );
}
