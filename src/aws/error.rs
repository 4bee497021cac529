//! What a failed AWS call means for the caller.
//!
//! The SDK's error types differ per operation; the reader only needs the S3 error code,
//! the HTTP status and the `x-amz-bucket-region` header, so every error is flattened into a
//! [`CallError`] once, right where the call returns.

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

/// A failed call, reduced to what decides the outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallError {
    /// The S3 error code (`AccessDenied`, `NoSuchBucket`, `NoSuchTagSet`, …), when S3 sent one.
    pub code: Option<String>,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The bucket's region from `x-amz-bucket-region`, which S3 sends with redirects and
    /// region errors (and on HeadBucket answers of any status).
    pub bucket_region: Option<String>,
    /// A one-line description for the snapshot's `reason`.
    pub reason: String,
    /// Set when the call was given up rather than answered: throttled through every
    /// attempt, or stopped by the run's deadline ([`super::throttle`]).
    pub gave_up: Option<super::throttle::GaveUp>,
}

impl CallError {
    /// Flattens an SDK error.
    pub fn from_sdk<E>(err: &SdkError<E, HttpResponse>) -> CallError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let raw = err.raw_response();
        let status = raw.map(|r| r.status().as_u16());
        let bucket_region = raw
            .and_then(|r| r.headers().get("x-amz-bucket-region"))
            .map(str::to_string)
            .filter(|s| !s.is_empty());
        let (code, message) = match err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                (
                    e.code().map(str::to_string),
                    e.message().map(str::to_string),
                )
            }
            _ => (None, None),
        };
        // AuthorizationHeaderMalformed names the right region only in its message
        // ("the region 'us-east-1' is wrong; expecting 'eu-west-1'") when the header is absent.
        let bucket_region = bucket_region.or_else(|| {
            message
                .as_deref()
                .and_then(|m| m.split("expecting '").nth(1))
                .and_then(|rest| rest.split('\'').next())
                .filter(|r| !r.is_empty())
                .map(str::to_string)
        });
        // HEAD answers carry no body, so no code: name the status the way S3 would.
        let code = code.or_else(|| match status {
            Some(404) => Some("NotFound".to_string()),
            Some(403) => Some("AccessDenied".to_string()),
            Some(301) => Some("PermanentRedirect".to_string()),
            Some(500) => Some("InternalError".to_string()),
            Some(503) => Some("ServiceUnavailable".to_string()),
            _ => None,
        });
        let reason = match (&code, &message, status) {
            (Some(c), Some(m), _) if !m.is_empty() => format!("{c}: {m}"),
            (Some(c), _, _) => c.clone(),
            (None, _, Some(s)) => format!("HTTP {s}: {}", super::credentials::error_chain(err)),
            (None, _, None) => match err {
                SdkError::TimeoutError(_) => "timed out".to_string(),
                SdkError::DispatchFailure(_) => {
                    format!("request failed: {}", super::credentials::error_chain(err))
                }
                _ => super::credentials::error_chain(err),
            },
        };
        CallError {
            code,
            status,
            bucket_region,
            reason,
            gave_up: None,
        }
    }

    /// The bucket does not exist (`NoSuchBucket`, or a 404 to HeadBucket).
    pub fn is_no_such_bucket(&self) -> bool {
        matches!(self.code.as_deref(), Some("NoSuchBucket"))
            || (self.status == Some(404) && matches!(self.code.as_deref(), Some("NotFound")))
    }

    /// Access was denied (a 403, which is also what `ExpectedBucketOwner` answers for a
    /// bucket of another account).
    pub fn is_access_denied(&self) -> bool {
        self.status == Some(403) || matches!(self.code.as_deref(), Some("AccessDenied"))
    }

    /// S3 did not answer with a client error: no response at all (network, timeout, a wrong
    /// endpoint) or a server error that outlasted the retries.
    pub fn unreachable(&self) -> bool {
        self.status.is_none_or(|s| s >= 500)
    }

    /// The request went to the wrong region: a 301 (`PermanentRedirect`), or a 400
    /// (`AuthorizationHeaderMalformed`, `IllegalLocationConstraintException`) from a
    /// regional endpoint. Returns the region to ask instead, when S3 named it.
    pub fn redirect_region(&self) -> Option<&str> {
        let wrong_region = matches!(self.status, Some(301) | Some(307) | Some(400))
            || matches!(
                self.code.as_deref(),
                Some("PermanentRedirect")
                    | Some("AuthorizationHeaderMalformed")
                    | Some("IllegalLocationConstraintException")
            );
        if wrong_region {
            self.bucket_region.as_deref()
        } else {
            None
        }
    }
}

/// The canonical region of a GetBucketLocation answer or `x-amz-bucket-region` header:
/// S3 answers `""` (or nothing) for us-east-1 and the legacy `EU` for eu-west-1 (GetBucketLocation API reference).
pub fn normalise_region(location: Option<&str>) -> String {
    match location.map(str::trim) {
        None | Some("") | Some("US") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(r) => r.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_location_constraints() {
        assert_eq!(normalise_region(None), "us-east-1");
        assert_eq!(normalise_region(Some("")), "us-east-1");
        assert_eq!(normalise_region(Some("EU")), "eu-west-1");
        assert_eq!(normalise_region(Some("ap-south-1")), "ap-south-1");
    }

    fn err(code: Option<&str>, status: Option<u16>, region: Option<&str>) -> CallError {
        CallError {
            code: code.map(str::to_string),
            status,
            bucket_region: region.map(str::to_string),
            reason: String::new(),
            gave_up: None,
        }
    }

    #[test]
    fn redirects_name_the_region() {
        assert_eq!(
            err(Some("PermanentRedirect"), Some(301), Some("eu-west-2")).redirect_region(),
            Some("eu-west-2")
        );
        assert_eq!(
            err(
                Some("AuthorizationHeaderMalformed"),
                Some(400),
                Some("eu-west-2")
            )
            .redirect_region(),
            Some("eu-west-2")
        );
        assert_eq!(
            err(Some("AccessDenied"), Some(403), Some("eu-west-2")).redirect_region(),
            None
        );
    }

    #[test]
    fn missing_and_denied() {
        assert!(err(Some("NoSuchBucket"), Some(404), None).is_no_such_bucket());
        assert!(err(Some("NotFound"), Some(404), None).is_no_such_bucket());
        assert!(!err(Some("NoSuchTagSet"), Some(404), None).is_no_such_bucket());
        assert!(err(Some("AccessDenied"), Some(403), None).is_access_denied());
    }
}
