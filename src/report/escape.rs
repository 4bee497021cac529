//! Text from state, S3 or CloudTrail is data, never terminal control: every renderer that
//! writes it for people escapes control characters first.

use std::borrow::Cow;

/// Text from state, S3 or CloudTrail with control characters escaped (`\u{1b}`), so a tag
/// key or user agent cannot move the cursor or colour the terminal.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}
