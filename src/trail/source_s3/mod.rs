//! `--cloudtrail s3://bucket/prefix`: a trail's log bucket, and `--access-logs s3://…`.
//!
//! A trail delivers `<prefix>/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz`;
//! an organisation trail puts the organisation id first,
//! `<prefix>/AWSLogs/<o-id>/<account>/CloudTrail/…` (CloudTrail User Guide). Only the day
//! folders inside the window are listed, and only for the regions of the buckets in scope,
//! so a year-old trail bucket costs a few List calls per day and region, not a full listing.
//! Delivery lags the call by 5–15 minutes, so the day after the window's end is listed too.
//!
//! Day folders are listed and objects fetched a few at a time. Objects are streamed: each
//! body is read as it arrives, gunzipped and split into records on a blocking thread by the
//! same reader as local files, so a file costs a buffer and one record in memory, not its
//! size.
//!
//! Every call follows the live read's throttling policy ([`crate::aws::throttle`]): the SDK
//! sends each attempt once, a `503 SlowDown` cuts the bucket's limit on requests in flight
//! and is retried after a jittered backoff, a call has at most the policy's attempts and
//! none runs past the run's deadline. A day listing or object still throttled after its
//! attempts is tried once more in a final sweep, two at a time, after everything else (as
//! the live reader does). A listing or object given up is a warning naming it, the source
//! is marked incomplete for attribution, and the rest is still read.
//!
//! Read-only: ListObjectsV2, GetObject and GetBucketLocation.

mod reads;

use super::reader::{self, Parsed};
use super::{access_log, Coverage, Evidence, Incomplete, TrailOptions};
use crate::aws::throttle::Retry;
use crate::aws::AwsSettings;
use crate::diag::{ErrorCode, InputError};
use crate::model::Target;
use crate::parts::policy::is_account_id;
use crate::warning::{Warning, WarningCode};
use futures::stream::{self, StreamExt};
use reads::{Reads, FETCHES};
use std::collections::BTreeSet;
use std::io::Read;

/// What a trail bucket gave.
#[derive(Debug)]
pub struct Collected {
    pub parsed: Parsed,
    /// The reads given up, if any.
    pub incomplete: Option<Incomplete>,
    pub coverage: Coverage,
    pub warnings: Vec<Warning>,
}

fn split(location: &str) -> (String, String) {
    let (bucket, prefix) = location.split_once('/').unwrap_or((location, ""));
    let prefix = prefix.trim_matches('/');
    let prefix = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    (bucket.to_string(), prefix)
}

/// The UTC days from `since` to the day after `until`, as `YYYY/MM/DD`.
pub fn days(since: jiff::Timestamp, until: jiff::Timestamp) -> Vec<String> {
    let utc = jiff::tz::TimeZone::UTC;
    let first = since.to_zoned(utc.clone()).date();
    let last = until
        .to_zoned(utc)
        .date()
        .tomorrow()
        .unwrap_or(jiff::civil::Date::MAX);
    let mut out = Vec::new();
    let mut d = first;
    while d <= last {
        out.push(d.strftime("%Y/%m/%d").to_string());
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    out
}

/// Whether a key under a day folder is a trail file (CloudTrail also delivers digests
/// elsewhere, and a bucket may hold other objects).
fn is_trail_file(key: &str) -> bool {
    key.ends_with(".json.gz") || key.ends_with(".json")
}

/// A streamed object body, read by the blocking parsers.
pub type Body = Box<dyn Read + Send>;

/// Reads the trail files of the window from a trail's log bucket.
pub async fn collect_trail(
    config: &aws_config::SdkConfig,
    settings: &AwsSettings,
    source: &str,
    location: &str,
    opts: &TrailOptions,
    buckets: &[Target],
    retry: &Retry,
) -> Result<Collected, InputError> {
    let (bucket, prefix) = split(location);
    let mut warnings = Vec::new();
    let reads = Reads::new(config, settings, retry, source, &bucket, &mut warnings).await;
    let base = format!("{prefix}AWSLogs/");
    // Accounts, directly or under an organisation id.
    let mut accounts: Vec<String> = Vec::new();
    for top in reads.folders(&base).await? {
        if is_account_id(&top) {
            accounts.push(format!("{base}{top}/"));
        } else if top.starts_with("o-") {
            let org = format!("{base}{top}/");
            for acct in reads.folders(&org).await? {
                if is_account_id(&acct) {
                    accounts.push(format!("{org}{acct}/"));
                }
            }
        }
    }
    let mut regions: BTreeSet<String> = if buckets.is_empty() {
        BTreeSet::new()
    } else {
        super::regions_of(settings, buckets)
    };
    if accounts.is_empty() && reads.gave_up_any() {
        // The listing was given up: the bucket may hold logs; say what was not read.
        let (gap_warnings, incomplete) = reads.gaps();
        warnings.extend(gap_warnings);
        return Ok(Collected {
            parsed: Parsed::default(),
            coverage: trail_coverage(source, regions),
            warnings,
            incomplete,
        });
    }
    if accounts.is_empty() {
        return Err(InputError::new(
            ErrorCode::Trail,
            format!("{source} holds no CloudTrail logs: nothing under s3://{bucket}/{base}<account>/"),
        )
        .help("give the trail's bucket and its S3 key prefix, e.g. s3://my-trail-bucket/prefix (the folder that holds AWSLogs/)"));
    }
    let mut day_prefixes = Vec::new();
    for account in &accounts {
        let trail = format!("{account}CloudTrail/");
        let account_regions: Vec<String> = if buckets.is_empty() {
            let found = reads.folders(&trail).await?;
            regions.extend(found.iter().cloned());
            found
        } else {
            regions.iter().cloned().collect()
        };
        for region in account_regions {
            for day in days(opts.since, opts.until) {
                day_prefixes.push(format!("{trail}{region}/{day}/"));
            }
        }
    }
    // The day folders are listed a few at a time (in order), under the bucket's limit: one
    // after another, every listing's round trip and every throttled listing's backoff would
    // add up in full.
    let listed: Vec<Result<Vec<String>, InputError>> = stream::iter(&day_prefixes)
        .map(|p| reads.keys(p))
        .buffered(FETCHES)
        .collect()
        .await;
    let mut objects = Vec::new();
    for keys in listed {
        objects.extend(keys?.into_iter().filter(|k| is_trail_file(k)));
    }
    let mut results = reads.fetch_all(objects, reader::read).await;
    results.extend(reads.sweep(is_trail_file, reader::read).await?);
    let mut parsed = Parsed::default();
    let mut failed = Vec::new();
    let read = results.len();
    for r in results {
        match r {
            Ok(p) => parsed.merge(p),
            Err(e) => failed.push(e),
        }
    }
    // Files given up are warned of below; only files that were answered and still could
    // not be read count here.
    if read > 0 && failed.len() == read {
        return Err(InputError::new(
            ErrorCode::Trail,
            format!("cannot read any log file of {source}: {}", failed[0]),
        ));
    }
    parsed.malformed += failed.len();
    parsed.warnings.extend(failed.into_iter().map(|e| {
        Warning::new(
            WarningCode::MalformedRecord,
            "",
            format!("{e}; file skipped"),
        )
    }));
    let (gap_warnings, incomplete) = reads.gaps();
    warnings.extend(gap_warnings);
    Ok(Collected {
        parsed,
        coverage: trail_coverage(source, regions),
        warnings,
        incomplete,
    })
}

fn trail_coverage(source: &str, regions: BTreeSet<String>) -> Coverage {
    Coverage {
        source: source.to_string(),
        evidence: Evidence::Cloudtrail,
        regions: Some(regions),
        from: None,
    }
}

/// The date an access-log object was delivered, from its name: `…/2024-01-15-10-45-23-<id>`
/// (simple prefix) or `…/2024/01/15/…` (date-partitioned prefix).
fn key_date(key: &str) -> Option<jiff::civil::Date> {
    let name = key.rsplit('/').next()?;
    if let Some(d) = name.get(..10).and_then(|d| d.parse().ok()) {
        return Some(d);
    }
    let parts: Vec<&str> = key.split('/').collect();
    parts
        .windows(3)
        .rev()
        .find_map(|w| format!("{}-{}-{}", w[0], w[1], w[2]).parse().ok())
}

/// Reads S3 server access logs under `s3://bucket/prefix`, skipping objects delivered
/// outside the window (deliveries lag by hours, so one day of margin on each side).
pub async fn collect_access_logs(
    config: &aws_config::SdkConfig,
    settings: &AwsSettings,
    source: &str,
    location: &str,
    opts: &TrailOptions,
    retry: &Retry,
) -> Result<(Parsed, Option<Incomplete>), InputError> {
    let (bucket, prefix) = split(location);
    let mut out = Parsed::default();
    let reads = Reads::new(config, settings, retry, source, &bucket, &mut out.warnings).await;
    let utc = jiff::tz::TimeZone::UTC;
    let first = opts.since.to_zoned(utc.clone()).date().yesterday().ok();
    let last = opts.until.to_zoned(utc).date().tomorrow().ok();
    let in_window = |key: &str| match key_date(key) {
        Some(d) => first.is_none_or(|f| d >= f) && last.is_none_or(|l| d <= l),
        None => true,
    };
    let wanted: Vec<String> = reads
        .keys(&prefix)
        .await?
        .into_iter()
        .filter(|k| in_window(k))
        .collect();
    let mut results = reads.fetch_all(wanted, access_log::read_stream).await;
    results.extend(reads.sweep(in_window, access_log::read_stream).await?);
    for r in results {
        match r {
            Ok(p) => out.merge(p),
            Err(e) => {
                out.malformed += 1;
                out.warnings.push(Warning::new(
                    WarningCode::MalformedRecord,
                    "",
                    format!("{e}; file skipped"),
                ));
            }
        }
    }
    let (gap_warnings, incomplete) = reads.gaps();
    out.warnings.extend(gap_warnings);
    Ok((out, incomplete))
}

#[cfg(test)]
mod tests {
    use super::reads::{bucket_region, location_warning};
    use super::*;
    use crate::aws::throttle::{Counts, Pacer, ATTEMPTS, SWEPT_AGAIN};
    use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
    use aws_sdk_s3::operation::get_object::GetObjectOutput;
    use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
    use aws_sdk_s3::primitives::ByteStream;
    use aws_sdk_s3::types::Object;
    use aws_smithy_mocks::{mock, MockResponseInterceptor, Rule, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use std::io::Write;

    fn client(rules: &[&Rule]) -> aws_sdk_s3::Client {
        let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
        for rule in rules {
            interceptor = interceptor.with_rule(rule);
        }
        let conf = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new("AKID", "SECRET", None, None, "test"))
            .http_client(aws_smithy_mocks::create_mock_http_client())
            .interceptor(interceptor)
            // As the paced client: `Retry` retries, the SDK sends each attempt once.
            .retry_config(aws_smithy_types::retry::RetryConfig::disabled())
            .build();
        aws_sdk_s3::Client::from_conf(conf)
    }

    const REC: &str = r#"{"eventTime":"2026-11-10T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketVersioning","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/bob","userName":"bob"},"requestParameters":{"bucketName":"acme","VersioningConfiguration":{"Status":"Suspended"}}}"#;
    const READ: &str = r#"{"eventTime":"2026-11-10T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetBucketAcl","requestParameters":{"bucketName":"acme"}}"#;

    fn gz(text: &str) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap()
    }

    /// One page of a key listing: one key, and the token of the next page if there is one.
    fn page(key: &str, next: Option<&str>) -> ListObjectsV2Output {
        ListObjectsV2Output::builder()
            .contents(Object::builder().key(key).build())
            .set_next_continuation_token(next.map(str::to_string))
            .is_truncated(next.is_some())
            .build()
    }

    const SLOW_DOWN: &str =
        "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";

    #[tokio::test(flavor = "multi_thread")]
    async fn trail_files_stream_through_the_record_reader() {
        // A delivered file far larger than the reader's buffers, and JSON lines with a
        // broken line: both read as they stream in, as local files do.
        let many: Vec<&str> = std::iter::repeat_n([READ, REC], 4000).flatten().collect();
        let big = gz(&format!(r#"{{"Records":[{}]}}"#, many.join(",")));
        assert!(big.len() > 10_000);
        let lines = gz(&format!("{REC}\n{}\n{REC}\n", &REC[..50]));
        let get_big = mock!(aws_sdk_s3::Client::get_object)
            .match_requests(|r| r.key() == Some("big.json.gz"))
            .then_output(move || {
                GetObjectOutput::builder()
                    .body(ByteStream::from(big.clone()))
                    .build()
            });
        let get_lines = mock!(aws_sdk_s3::Client::get_object)
            .match_requests(|r| r.key() == Some("lines.json.gz"))
            .then_output(move || {
                GetObjectOutput::builder()
                    .body(ByteStream::from(lines.clone()))
                    .build()
            });
        let retry = Retry::new(None);
        let reads = Reads::on(
            client(&[&get_big, &get_lines]),
            &retry,
            "s3://trail/",
            "trail",
        );
        let got = reads
            .fetch_all(
                vec!["big.json.gz".into(), "lines.json.gz".into()],
                reader::read,
            )
            .await;
        let [big, lines] = got.try_into().unwrap();
        let big = big.unwrap();
        assert_eq!(big.records, 8000);
        assert_eq!(big.events.len(), 4000);
        let lines = lines.unwrap();
        assert_eq!(lines.events.len(), 2);
        assert_eq!(lines.malformed, 1);
        assert!(
            lines.warnings[0]
                .to_string()
                .starts_with("s3://trail/lines.json.gz: line 2 column 1: malformed record skipped"),
            "{:?}",
            lines.warnings
        );
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_listing_throttled_on_its_second_page_resumes_there_in_the_sweep() {
        let first = mock!(aws_sdk_s3::Client::list_objects_v2)
            .match_requests(|r| r.continuation_token().is_none())
            .then_output(move || page("day/a.json.gz", Some("t2")));
        // Throttled through every attempt of the first pass, answered in the sweep.
        let second = mock!(aws_sdk_s3::Client::list_objects_v2)
            .match_requests(|r| r.continuation_token() == Some("t2"))
            .sequence()
            .http_status(503, Some(SLOW_DOWN.into()))
            .times(ATTEMPTS as usize)
            .output(move || page("day/b.json.gz", None))
            .build();
        let get = |key: &'static str| {
            mock!(aws_sdk_s3::Client::get_object)
                .match_requests(move |r| r.key() == Some(key))
                .then_output(|| {
                    GetObjectOutput::builder()
                        .body(ByteStream::from(gz(REC)))
                        .build()
                })
        };
        let (get_a, get_b) = (get("day/a.json.gz"), get("day/b.json.gz"));
        let retry = Retry::quick(None);
        let client = client(&[&first, &second, &get_a, &get_b]);
        let reads = Reads::on(client, &retry, "s3://trail/", "trail");

        let keys = reads.keys("day/").await.unwrap();
        assert_eq!(
            keys,
            ["day/a.json.gz"],
            "the first page, before the throttled one"
        );
        let read = reads.fetch_all(keys, reader::read).await;
        let swept = reads.sweep(is_trail_file, reader::read).await.unwrap();
        assert_eq!((read.len(), swept.len()), (1, 1));
        assert!(read.iter().chain(&swept).all(Result::is_ok));
        assert_eq!(first.num_calls(), 1, "the sweep resumes at the second page");
        assert_eq!(second.num_calls(), ATTEMPTS as usize + 1);
        assert_eq!(
            (get_a.num_calls(), get_b.num_calls()),
            (1, 1),
            "no key twice"
        );
        let (warnings, incomplete) = reads.gaps();
        assert!(warnings.is_empty() && incomplete.is_none(), "{warnings:?}");
        let n = u64::from(ATTEMPTS);
        assert_eq!(
            retry.counts(),
            Counts {
                throttled: n,
                retried: n,
                gave_up: 0
            }
        );
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_page_after_the_resumed_one_is_given_up_as_a_first_try() {
        let first = mock!(aws_sdk_s3::Client::list_objects_v2)
            .match_requests(|r| r.continuation_token().is_none())
            .then_output(move || page("day/a.json", Some("t2")));
        // Throttled through the first pass's attempts, answered in the sweep.
        let second = mock!(aws_sdk_s3::Client::list_objects_v2)
            .match_requests(|r| r.continuation_token() == Some("t2"))
            .sequence()
            .http_status(503, Some(SLOW_DOWN.into()))
            .times(ATTEMPTS as usize)
            .output(move || page("day/b.json", Some("t3")))
            .build();
        // First asked in the sweep, and throttled through all its attempts there.
        let third = mock!(aws_sdk_s3::Client::list_objects_v2)
            .match_requests(|r| r.continuation_token() == Some("t3"))
            .then_http_response(move || {
                HttpResponse::new(StatusCode::try_from(503).unwrap(), SdkBody::from(SLOW_DOWN))
            });
        let retry = Retry::quick(None);
        let reads = Reads::on(
            client(&[&first, &second, &third]),
            &retry,
            "s3://trail/",
            "trail",
        );
        assert_eq!(reads.keys("day/").await.unwrap(), ["day/a.json"]);
        let swept = reads.sweep(|_| false, reader::read).await.unwrap();
        assert!(swept.is_empty());
        assert_eq!(third.num_calls(), ATTEMPTS as usize);
        let (warnings, incomplete) = reads.gaps();
        assert!(incomplete.is_some());
        let [warning] = warnings.as_slice() else {
            panic!("one read given up: {warnings:?}");
        };
        let said = warning.to_string();
        assert!(said.contains("the listing of s3://trail/day/"), "{said}");
        assert!(!said.contains(SWEPT_AGAIN), "a first try: {said}");
        let n = u64::from(ATTEMPTS);
        assert_eq!(
            retry.counts(),
            Counts {
                throttled: 2 * n,
                retried: 2 * n - 1,
                gave_up: 1
            }
        );
    }

    #[tokio::test]
    async fn a_failed_location_read_is_said() {
        let denied = mock!(aws_sdk_s3::Client::get_bucket_location).then_http_response(|| {
            HttpResponse::new(
                StatusCode::try_from(403).unwrap(),
                SdkBody::from(
                    "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
                ),
            )
        });
        let retry = Retry::new(None);
        let why = bucket_region(&client(&[&denied]), &retry, &Pacer::new(1), "trail")
            .await
            .unwrap_err();
        assert!(why.contains("AccessDenied"), "{why}");
        assert_eq!(
            location_warning("s3://trail/", "trail", "AccessDenied", "eu-west-1").to_string(),
            "s3://trail/: GetBucketLocation on trail failed, so it is read through eu-west-1: AccessDenied (the caller needs s3:GetBucketLocation on the log bucket)"
        );
    }

    #[test]
    fn day_folders_cover_the_window_and_one_more() {
        let since: jiff::Timestamp = "2026-02-27T10:00:00Z".parse().unwrap();
        let until: jiff::Timestamp = "2026-03-01T23:00:00Z".parse().unwrap();
        assert_eq!(
            days(since, until),
            ["2026/02/27", "2026/02/28", "2026/03/01", "2026/03/02"]
        );
    }

    #[test]
    fn locations_and_key_dates() {
        assert_eq!(split("trail/org/"), ("trail".into(), "org/".into()));
        assert_eq!(split("trail"), ("trail".into(), String::new()));
        assert_eq!(
            key_date("logs/2024-01-15-10-45-23-ABCDEF"),
            "2024-01-15".parse().ok()
        );
        assert_eq!(
            key_date("logs/111122223333/eu-west-1/b/2024/01/15/2024-01-15-10-45-23-X"),
            "2024-01-15".parse().ok()
        );
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("o-abc"));
    }
}
