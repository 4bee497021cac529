//! State stored in S3: `--state s3://bucket/key`, and the object a `backend "s3"` block
//! points at.
//!
//! The object is read with one GetObject in the bucket's own region. The region is asked
//! from S3 (HeadBucket's `x-amz-bucket-region`) unless the caller knows it, so a state
//! bucket in another region than the profile's just works. The text is passed through
//! unchanged: `state::parse_state` recognises an OpenTofu encrypted state and says so.

use crate::aws::{self, AwsSettings};
use crate::aws::{normalise_region, CallError};
use crate::diag::{ErrorCode, InputError};

/// A state file read from S3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RemoteState {
    /// The `s3://bucket/key` it was read from (for messages and reports).
    pub name: String,
    /// The object's text.
    pub text: String,
    /// The object's `Last-Modified`.
    pub last_modified: Option<jiff::Timestamp>,
}

/// Splits `s3://bucket/key` into its bucket and key.
pub fn parse_url(url: &str) -> Result<(String, String), InputError> {
    let bad = || {
        InputError::new(ErrorCode::Usage, format!("{url} is not an S3 object URL"))
            .help("write it as s3://BUCKET/KEY, e.g. s3://my-tfstate/prod/terraform.tfstate")
    };
    // The scheme is case-insensitive, as `state::is_remote` reads it.
    let rest = url
        .get(..5)
        .filter(|p| p.eq_ignore_ascii_case("s3://"))
        .map(|_| &url[5..])
        .ok_or_else(bad)?;
    let (bucket, key) = rest.split_once('/').ok_or_else(bad)?;
    if bucket.is_empty() || key.is_empty() || key.ends_with('/') {
        return Err(bad());
    }
    Ok((bucket.to_string(), key.to_string()))
}

/// Reads `s3://bucket/key`, honouring the bucket's own region and the S3 endpoint.
pub async fn fetch(aws: &AwsSettings, url: &str) -> Result<RemoteState, InputError> {
    let (bucket, key) = parse_url(url)?;
    let config = aws::sdk_config(aws).await?;
    let endpoint = aws::s3_endpoint(aws);
    fetch_object(&config, endpoint.as_deref(), false, None, &bucket, &key).await
}

/// Reads one object. `region`: where the bucket is, when known; otherwise S3 is asked.
pub(crate) async fn fetch_object(
    config: &aws_config::SdkConfig,
    endpoint: Option<&str>,
    path_style: bool,
    region: Option<&str>,
    bucket: &str,
    key: &str,
) -> Result<RemoteState, InputError> {
    let name = format!("s3://{bucket}/{key}");
    let start_region = region
        .map(str::to_string)
        .or_else(|| config.region().map(|r| r.to_string()))
        .unwrap_or_else(|| aws::FALLBACK_REGION.to_string());
    let region = match region {
        Some(r) => r.to_string(),
        None => {
            let client = aws::s3_client_at(config, endpoint, path_style, &start_region);
            match client.head_bucket().bucket(bucket).send().await {
                Ok(out) => normalise_region(out.bucket_region().or(Some(&start_region))),
                Err(e) => {
                    let e = CallError::from_sdk(&e);
                    if e.is_no_such_bucket() {
                        return Err(InputError::new(
                            ErrorCode::Io,
                            format!("cannot read state {name}: bucket {bucket} does not exist"),
                        )
                        .help("check the bucket name in --state or the backend configuration"));
                    }
                    // A denied HeadBucket still names the region in its header; without
                    // it, try the starting region and let GetObject answer.
                    e.bucket_region
                        .as_deref()
                        .map(|r| normalise_region(Some(r)))
                        .unwrap_or(start_region)
                }
            }
        }
    };
    let client = aws::s3_client_at(config, endpoint, path_style, &region);
    let out = client
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .map_err(|e| get_error(&name, key, &CallError::from_sdk(&e)))?;
    let last_modified = out
        .last_modified()
        .and_then(|d| jiff::Timestamp::from_second(d.secs()).ok());
    let bytes = out.body.collect().await.map_err(|e| {
        InputError::new(
            ErrorCode::Io,
            format!("cannot read state {name}: the download failed: {e}"),
        )
        .help("try again; check the network path to S3")
    })?;
    let text = String::from_utf8(bytes.into_bytes().to_vec()).map_err(|_| {
        InputError::new(
            ErrorCode::NotJson,
            format!("state {name} is not UTF-8 text"),
        )
        .help("a Terraform state is JSON; check the key points at the state file")
    })?;
    Ok(RemoteState {
        name,
        text,
        last_modified,
    })
}

fn get_error(name: &str, key: &str, e: &CallError) -> InputError {
    match e.code.as_deref() {
        Some("NoSuchKey") | Some("NotFound") => InputError::new(
            ErrorCode::Io,
            format!("cannot read state {name}: no such object"),
        )
        .help(format!(
            "check the key `{key}`; a non-default workspace keeps its state under \
             <workspace_key_prefix>/<workspace>/<key> (default prefix env:)"
        )),
        Some("NoSuchBucket") => InputError::new(
            ErrorCode::Io,
            format!("cannot read state {name}: the bucket does not exist"),
        )
        .help("check the bucket name in --state or the backend configuration"),
        _ if e.is_access_denied() => InputError::new(
            ErrorCode::Aws,
            format!("cannot read state {name}: {}", e.reason),
        )
        .help(
            "reading state needs s3:GetObject on the object, and kms:Decrypt when it is \
             encrypted with a KMS key (see `s3drift iam-policy`)",
        ),
        _ => InputError::new(
            ErrorCode::Aws,
            format!("cannot read state {name}: {}", e.reason),
        )
        .help("check the credentials, region and --endpoint-url"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_bucket_and_key() {
        assert_eq!(
            parse_url("s3://b.with.dots/env:/prod/terraform.tfstate").unwrap(),
            (
                "b.with.dots".to_string(),
                "env:/prod/terraform.tfstate".to_string()
            )
        );
        assert_eq!(
            parse_url("S3://b/k").unwrap(),
            ("b".to_string(), "k".to_string())
        );
        for bad in [
            "s3://",
            "s3://bucket",
            "s3://bucket/",
            "s3:///key",
            "http://b/k",
        ] {
            let e = parse_url(bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::Usage, "{bad}");
        }
    }

    #[test]
    fn missing_object_hints_at_workspaces() {
        let e = CallError {
            code: Some("NoSuchKey".into()),
            status: Some(404),
            bucket_region: None,
            reason: "NoSuchKey".into(),
            gave_up: None,
        };
        let err = get_error("s3://b/k", "k", &e);
        assert!(err.help.unwrap().contains("workspace"));
    }
}
