//! `--cloudtrail` and `--access-logs` as typed, checked values. They are parsed and checked
//! before anything is read, so a typo in a path fails at once, not after every bucket was
//! read live.

use crate::diag::{ErrorCode, InputError};
use std::path::PathBuf;

/// A bucket and prefix of delivered log files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Location {
    /// The source as given (`s3://bucket/prefix`), for messages.
    pub given: String,
    /// `bucket/prefix`, without the scheme.
    pub location: String,
}

/// Where CloudTrail events come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventSource {
    /// The LookupEvents API.
    Lookup,
    /// A trail's log bucket.
    Bucket(S3Location),
    /// A local `.json`/`.json.gz` file or a folder of them.
    Local(PathBuf),
}

/// Where S3 server access logs come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogSource {
    Bucket(S3Location),
    Local(PathBuf),
}

impl EventSource {
    /// Parses one `--cloudtrail` value; a local path must exist.
    pub fn parse(given: &str) -> Result<EventSource, InputError> {
        if given == "lookup" {
            return Ok(EventSource::Lookup);
        }
        match s3_location(given, "--cloudtrail")? {
            Some(l) => Ok(EventSource::Bucket(l)),
            None => local(given, "--cloudtrail").map(EventSource::Local),
        }
    }

    /// The source as given.
    pub fn name(&self) -> String {
        match self {
            EventSource::Lookup => "lookup".into(),
            EventSource::Bucket(l) => l.given.clone(),
            EventSource::Local(p) => p.display().to_string(),
        }
    }
}

impl LogSource {
    /// Parses one `--access-logs` value; a local path must exist.
    pub fn parse(given: &str) -> Result<LogSource, InputError> {
        match s3_location(given, "--access-logs")? {
            Some(l) => Ok(LogSource::Bucket(l)),
            None => local(given, "--access-logs").map(LogSource::Local),
        }
    }

    /// The source as given.
    pub fn name(&self) -> String {
        match self {
            LogSource::Bucket(l) => l.given.clone(),
            LogSource::Local(p) => p.display().to_string(),
        }
    }
}

/// `s3://bucket[/prefix]`, or `None` for anything that is not an S3 URL.
fn s3_location(given: &str, flag: &str) -> Result<Option<S3Location>, InputError> {
    let Some(rest) = given
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("s3://"))
        .map(|_| &given[5..])
    else {
        return Ok(None);
    };
    let bucket = rest.split('/').next().unwrap_or("");
    if bucket.is_empty() {
        return Err(InputError::new(
            ErrorCode::Usage,
            format!("{flag} {given}: the URL names no bucket"),
        )
        .help(format!(
            "write it as s3://BUCKET/PREFIX, e.g. {flag} s3://acme-cloudtrail/org/"
        )));
    }
    Ok(Some(S3Location {
        given: given.to_string(),
        location: rest.to_string(),
    }))
}

/// A local file or folder that exists.
fn local(given: &str, flag: &str) -> Result<PathBuf, InputError> {
    let path = PathBuf::from(given);
    match std::fs::metadata(&path) {
        Ok(_) => Ok(path),
        Err(e) => Err(InputError::new(
            ErrorCode::Trail,
            format!("{flag} {given}: {}", describe(&e)),
        )
        .help(match flag {
            "--cloudtrail" => "give `lookup`, s3://BUCKET/PREFIX (a trail's log bucket), or a local .json/.json.gz file or folder",
            _ => "give s3://BUCKET/PREFIX (the logging target) or a local file or folder of access logs",
        })),
    }
}

fn describe(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_sources() {
        assert_eq!(EventSource::parse("lookup").unwrap(), EventSource::Lookup);
        let b = EventSource::parse("s3://trail/org/").unwrap();
        assert_eq!(b.name(), "s3://trail/org/");
        assert!(matches!(b, EventSource::Bucket(ref l) if l.location == "trail/org/"));
        assert!(EventSource::parse("s3://").is_err());
        let e = EventSource::parse("./no/such/trail").unwrap_err();
        assert!(
            e.message.contains("no such file or folder"),
            "{}",
            e.message
        );
        assert!(LogSource::parse(".").is_ok());
    }
}
