//! Lenient event times.
//!
//! CloudTrail writes RFC 3339 (`2024-01-15T10:45:23Z`), but records that passed through log
//! pipelines carry `2024-11-25 22:00:58.000000000` (no zone, space separator, nanoseconds):
//! the corpus has both. A time without a zone is UTC, as every CloudTrail time is.

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// Parses an event time, or `None` when it is not one (e.g. the placeholder `"..."`).
pub fn parse(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t);
    }
    let civil: DateTime = text.replacen(' ', "T", 1).parse().ok()?;
    civil.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
}

/// Parses the access-log time `[06/Feb/2019:00:00:38 +0000]` (brackets removed).
pub fn parse_access_log(text: &str) -> Option<Timestamp> {
    jiff::fmt::strtime::parse("%d/%b/%Y:%H:%M:%S %z", text)
        .ok()?
        .to_timestamp()
        .ok()
}

/// A time as every output writes it: UTC, whole seconds, `2024-11-25T22:00:58Z`.
pub fn stamp(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_and_pipeline_times() {
        assert_eq!(
            parse("2024-01-15T10:45:23Z").unwrap().to_string(),
            "2024-01-15T10:45:23Z"
        );
        assert_eq!(
            parse("2024-11-25 22:00:58.000000000").unwrap().to_string(),
            "2024-11-25T22:00:58Z"
        );
        assert_eq!(
            parse("2024-01-01 00:00:00.000").unwrap().to_string(),
            "2024-01-01T00:00:00Z"
        );
        assert_eq!(parse("..."), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn access_log_times() {
        assert_eq!(
            parse_access_log("01/Aug/2019:00:24:41 +0000")
                .unwrap()
                .to_string(),
            "2019-08-01T00:24:41Z"
        );
        assert_eq!(parse_access_log("not a time"), None);
    }
}
