//! S3 server access logs as a second event source.
//!
//! A line is space-separated fields, some quoted (`"GET /?policy HTTP/1.1"`) and the time in
//! brackets (`[06/Feb/2019:00:00:38 +0000]`); `-` means empty, and new fields are appended at
//! the end over the years (S3 User Guide, server access log format), so only the leading fields this
//! module needs are read and any extra ones are ignored.
//!
//! Bucket-configuration writes show as `REST.PUT.<THING>` / `REST.DELETE.<THING>` on the
//! bucket itself (key `-`). A line says who, when, from where and with which agent, but not
//! the new value: an access-log event is [`NewValue::Unknown`], so it attributes a change as
//! *likely* at most.

use super::event::{Action, Event, Evidence, NewValue, Origin};
pub use super::Parsed;
use super::{identity, time};
use crate::model::Part;
use crate::warning::{Warning, WarningCode};
use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

/// Splits a line into fields: quoted and bracketed fields are one field each.
pub fn fields(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => i += 1,
            open @ (b'"' | b'[') => {
                let close = if open == b'"' { b'"' } else { b']' };
                let start = i + 1;
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == close)
                    .map_or(bytes.len(), |p| start + p);
                out.push(&line[start..end]);
                i = end + 1;
            }
            _ => {
                let start = i;
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == b' ')
                    .map_or(bytes.len(), |p| start + p);
                out.push(&line[start..end]);
                i = end;
            }
        }
    }
    out
}

/// The part a bucket-level operation's `<THING>` changes.
fn part_of(thing: &str) -> Option<Part> {
    Part::ALL
        .iter()
        .copied()
        .find(|p| p.spec().access_log.contains(&thing))
}

/// The CloudTrail event name and action of an access-log operation, for bucket
/// configuration and bucket creation/deletion. `None` for everything else.
pub fn classify(operation: &str, key: &str) -> Option<(String, Action, Option<Part>)> {
    let (verb, thing) = operation
        .strip_prefix("REST.PUT.")
        .map(|t| ("Put", t))
        .or_else(|| {
            operation
                .strip_prefix("REST.DELETE.")
                .map(|t| ("Delete", t))
        })?;
    // Object-level operations (object ACLs, object tags) carry a key.
    if key != "-" && !key.is_empty() {
        return None;
    }
    if thing == "BUCKET" {
        return Some(if verb == "Put" {
            ("CreateBucket".into(), Action::CreateBucket, None)
        } else {
            ("DeleteBucket".into(), Action::DeleteBucket, None)
        });
    }
    let part = part_of(thing)?;
    let name = part.spec().events.iter().find(|e| e.starts_with(verb))?;
    Some((name.to_string(), Action::Configure, Some(part)))
}

fn opt(field: Option<&&str>) -> Option<String> {
    field
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && *s != "-")
        .map(str::to_string)
}

/// Parses one line. `Ok(None)` for lines that are not bucket-configuration operations;
/// `Err` for a line that cannot be read.
pub fn parse_line(line: &str, origin: &Origin) -> Result<Option<Event>, String> {
    let f = fields(line);
    if f.len() < 10 {
        return Err(format!("only {} fields; expected at least 10", f.len()));
    }
    let Some((name, action, part)) = classify(f[6], f[7]) else {
        return Ok(None);
    };
    let time =
        time::parse_access_log(f[2]).ok_or_else(|| format!("the time [{}] is not a time", f[2]))?;
    let requester = opt(f.get(4));
    let actor = match requester.as_deref() {
        Some(r) => identity::of_arn(r),
        None => super::event::Actor {
            principal: "anonymous".into(),
            ..Default::default()
        },
    };
    let user_agent = opt(f.get(16)).map(Arc::from);
    let via = identity::via(user_agent.as_deref(), &actor, None);
    let status = f[9];
    let error_code = if status.starts_with('2') {
        None
    } else {
        Some(opt(f.get(10)).unwrap_or_else(|| format!("HTTP {status}")))
    };
    Ok(Some(Event {
        time,
        name,
        bucket: f[1].to_string(),
        part,
        action,
        value: NewValue::Unknown,
        region: None,
        account: actor.account.clone(),
        via,
        actor,
        source_ip: opt(f.get(3)),
        user_agent,
        vpc_endpoint_id: None,
        event_id: None,
        request_id: opt(f.get(5)),
        error_code,
        evidence: Evidence::AccessLog,
        origin: origin.clone(),
    }))
}

/// Reads every line of an access-log file held in memory.
pub fn read(name: &str, text: &str) -> Parsed {
    let mut out = Parsed::default();
    let file = Arc::from(name);
    for (i, line) in text.lines().enumerate() {
        add_line(&mut out, &file, i + 1, line);
    }
    out
}

/// Reads an access-log stream (plain or gzip, detected from the magic bytes) line by line.
/// An error means the stream could not be read; the lines read before it are lost with it.
pub fn read_stream(name: &str, reader: impl Read) -> Result<Parsed, String> {
    let fail = |e: std::io::Error| format!("cannot read {name}: {e}");
    let mut buf = BufReader::with_capacity(64 * 1024, reader);
    let gzip = buf.fill_buf().map_err(fail)?.starts_with(&[0x1f, 0x8b]);
    let mut lines: Box<dyn BufRead> = if gzip {
        Box::new(BufReader::new(MultiGzDecoder::new(buf)))
    } else {
        Box::new(buf)
    };
    let mut out = Parsed::default();
    let file = Arc::from(name);
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).map_err(fail)? == 0 {
            return Ok(out);
        }
        number += 1;
        let text = String::from_utf8_lossy(&line);
        add_line(&mut out, &file, number, text.trim_end_matches(['\n', '\r']));
    }
}

fn add_line(out: &mut Parsed, file: &Arc<str>, number: usize, line: &str) {
    if line.trim().is_empty() {
        return;
    }
    out.records += 1;
    let origin = Origin::new(file, format!(":{number}"));
    match parse_line(line, &origin) {
        Ok(Some(e)) => out.events.push(e),
        Ok(None) => {}
        Err(why) => {
            out.malformed += 1;
            out.warnings.push(Warning::new(
                WarningCode::MalformedRecord,
                origin.to_string(),
                format!("malformed access-log line skipped: {why}"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUT_POLICY: &str = r#"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 arn:aws:sts::123456789012:assumed-role/ops-admin/alice@example.com 3E57427F3EXAMPLE REST.PUT.BUCKETPOLICY - "PUT /awsexamplebucket1?policy HTTP/1.1" 204 - - 243 46 - "-" "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.2 - - extra-new-field"#;

    #[test]
    fn splits_quoted_and_bracketed_fields() {
        let f = fields(PUT_POLICY);
        assert_eq!(f[2], "06/Feb/2019:00:00:38 +0000");
        assert_eq!(f[6], "REST.PUT.BUCKETPOLICY");
        assert_eq!(f[8], "PUT /awsexamplebucket1?policy HTTP/1.1");
        assert_eq!(f[16], "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64");
        assert_eq!(f.last(), Some(&"extra-new-field"));
    }

    #[test]
    fn config_write_becomes_an_event() {
        let e = parse_line(PUT_POLICY, &"log:1".into()).unwrap().unwrap();
        assert_eq!(e.name, "PutBucketPolicy");
        assert_eq!(e.part, Some(Part::Policy));
        assert_eq!(e.bucket, "awsexamplebucket1");
        assert_eq!(e.actor.principal, "role/ops-admin (alice@example.com)");
        assert_eq!(e.time.to_string(), "2019-02-06T00:00:38Z");
        assert_eq!(e.request_id.as_deref(), Some("3E57427F3EXAMPLE"));
        assert_eq!(e.via, crate::trail::Via::Cli);
        assert_eq!(e.value, NewValue::Unknown);
        assert!(e.succeeded());
    }

    /// A line's events are named `file:line`, in a file held whole or streamed.
    #[test]
    fn lines_are_named_by_file_and_number() {
        let text = format!("\n{PUT_POLICY}\n");
        let streamed = read_stream("log", text.as_bytes()).unwrap();
        for parsed in [read("log", &text), streamed] {
            let named: Vec<String> = parsed.events.iter().map(|e| e.origin.to_string()).collect();
            assert_eq!(named, ["log:2"]);
        }
    }

    #[test]
    fn operations_map_to_parts() {
        let cases = [
            ("REST.PUT.VERSIONING", "PutBucketVersioning"),
            ("REST.PUT.ENCRYPTION", "PutBucketEncryption"),
            ("REST.DELETE.ENCRYPTION", "DeleteBucketEncryption"),
            ("REST.PUT.PUBLIC_ACCESS_BLOCK", "PutBucketPublicAccessBlock"),
            (
                "REST.DELETE.PUBLIC_ACCESS_BLOCK",
                "DeleteBucketPublicAccessBlock",
            ),
            ("REST.PUT.ACL", "PutBucketAcl"),
            ("REST.PUT.LOGGING_STATUS", "PutBucketLogging"),
            ("REST.PUT.LIFECYCLE", "PutBucketLifecycle"),
            ("REST.DELETE.LIFECYCLE", "DeleteBucketLifecycle"),
            ("REST.PUT.CORS", "PutBucketCors"),
            ("REST.PUT.WEBSITE", "PutBucketWebsite"),
            ("REST.PUT.BUCKETTAGGING", "PutBucketTagging"),
            ("REST.DELETE.BUCKETPOLICY", "DeleteBucketPolicy"),
            ("REST.PUT.BUCKET", "CreateBucket"),
            ("REST.DELETE.BUCKET", "DeleteBucket"),
        ];
        for (op, name) in cases {
            assert_eq!(
                classify(op, "-").map(|c| c.0),
                Some(name.to_string()),
                "{op}"
            );
        }
        assert_eq!(classify("REST.PUT.ACL", "photos/cat.jpg"), None);
        assert_eq!(classify("REST.GET.BUCKETPOLICY", "-"), None);
        assert_eq!(classify("REST.PUT.OBJECT", "k"), None);
    }

    #[test]
    fn denied_writes_keep_their_error() {
        let line = PUT_POLICY.replace(" 204 - - 243", " 403 AccessDenied 243 -");
        let e = parse_line(&line, &"log:1".into()).unwrap().unwrap();
        assert_eq!(e.error_code.as_deref(), Some("AccessDenied"));
    }
}
