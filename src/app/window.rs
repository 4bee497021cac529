//! The attribution window: `--since` as a duration before the live read or a fixed time.
//!
//! A relative `--since` counts back from the end of the window (the live read, or a
//! snapshot's `captured_at`), not from the wall clock, so replaying a snapshot gives the same
//! report next month as today.

use crate::diag::{ErrorCode, InputError};
use jiff::{SignedDuration, Span, SpanRelativeTo, Timestamp};

/// The start of the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    /// This long before the end of the window.
    Before(SignedDuration),
    /// A fixed instant.
    At(Timestamp),
}

impl Since {
    /// The window's start for a window ending at `until` (the live read). A fixed start
    /// after the end leaves an empty window: every finding would be unattributed, so it is
    /// an error rather than a quiet run.
    pub fn resolve(self, until: Timestamp) -> Result<Timestamp, InputError> {
        match self {
            Since::At(t) if t > until => Err(InputError::new(
                ErrorCode::Usage,
                format!("--since {t} is after the live read ({until}): the event window is empty"),
            )
            .help("give a time before the live read (or the snapshot's captured_at), or a duration such as 90d")),
            Since::At(t) => Ok(t),
            Since::Before(d) => Ok(until.checked_sub(d).unwrap_or(Timestamp::MIN)),
        }
    }
}

/// Parses `--since`: an RFC 3339 time (`2026-11-01T00:00:00Z`) or a duration (`90d`, `12h`,
/// `1w 2d`).
pub fn parse_since(text: &str) -> Result<Since, InputError> {
    if let Ok(t) = text.parse::<Timestamp>() {
        if t > Timestamp::now() {
            return Err(InputError::new(
                ErrorCode::Usage,
                format!("--since {text} is in the future"),
            )
            .help("give a past time such as 2026-11-01T00:00:00Z, or a duration such as 90d"));
        }
        return Ok(Since::At(t));
    }
    parse_duration("--since", text)
        .map(Since::Before)
        .map_err(|_| {
            InputError::new(
                ErrorCode::Usage,
                format!("--since {text:?} is neither a duration nor an RFC 3339 time"),
            )
            .help(
                "write a duration such as 90d, 12h or 30m, or a time such as 2026-11-01T00:00:00Z",
            )
        })
}

/// Parses the duration given to `flag`, such as `10m`, `12h`, `90d` or `1w 2d`. Days are 24
/// hours. The error names the flag.
pub fn parse_duration(flag: &str, text: &str) -> Result<SignedDuration, InputError> {
    let bad = || {
        InputError::new(
            ErrorCode::Usage,
            format!("{flag} {text:?} is not a duration"),
        )
        .help("write a duration such as 90d, 12h or 10m")
    };
    let span: Span = text.trim().parse().map_err(|_| bad())?;
    let duration = span
        .to_duration(SpanRelativeTo::days_are_24_hours())
        .map_err(|_| bad())?;
    if duration.is_negative() {
        return Err(bad());
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_count_days_as_24_hours() {
        assert_eq!(
            parse_duration("--since", "90d").unwrap(),
            SignedDuration::from_hours(90 * 24)
        );
        assert_eq!(
            parse_duration("--since", "10m").unwrap(),
            SignedDuration::from_mins(10)
        );
        assert_eq!(
            parse_duration("--since", "1w 2d").unwrap(),
            SignedDuration::from_hours(9 * 24)
        );
        assert!(parse_duration("--denied-window", "soon").is_err());
    }

    #[test]
    fn since_resolves_against_the_window_end() {
        let until: Timestamp = "2026-11-20T00:00:00Z".parse().unwrap();
        let since = parse_since("2d").unwrap();
        assert_eq!(
            since.resolve(until).unwrap().to_string(),
            "2026-11-18T00:00:00Z"
        );
        let fixed = parse_since("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(
            fixed.resolve(until).unwrap().to_string(),
            "2026-01-01T00:00:00Z"
        );
        assert!(parse_since("yesterday").is_err());
        // After the live read: an empty window. In the future: an error at once.
        let late = parse_since("2026-11-25T00:00:00Z").unwrap();
        assert!(late
            .resolve(until)
            .unwrap_err()
            .message
            .contains("after the live read"));
        assert!(parse_since("2999-01-01T00:00:00Z")
            .unwrap_err()
            .message
            .contains("in the future"));
        let err = parse_duration("--denied-window", "forever").unwrap_err();
        assert_eq!(err.message, "--denied-window \"forever\" is not a duration");
    }
}
