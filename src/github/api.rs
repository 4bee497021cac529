//! The GitHub REST calls s3drift makes: issue comments (a pull request's conversation is
//! its issue's) and issues. Blocking, one request at a time: a run makes a handful of
//! calls, so neither an async runtime nor parallel requests would save anything.
//!
//! - Every request sends `Accept: application/vnd.github+json`, the API version header and
//!   a `User-Agent` (GitHub rejects requests without one).
//! - Lists are read page by page (`per_page=100`), following the `Link` header's
//!   `rel="next"`, which GitHub documents as the way to paginate; a next page on another
//!   host is refused, so the token never leaves the API's origin.
//! - A rate-limited request (429, or 403 with `Retry-After`) is retried after the wait
//!   GitHub asks for, up to a bound; a server error is retried only when the request is
//!   idempotent, so a comment is never posted twice.
//! - The token goes into the `Authorization` header only; no error message quotes it.

use super::env::Repo;
use crate::diag::{ErrorCode, InputError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;
use ureq::http::{Response, StatusCode};
use ureq::typestate::WithBody;
use ureq::{Body, RequestBuilder};

/// The REST API version s3drift speaks.
const API_VERSION: &str = "2022-11-28";
/// Items per page, GitHub's maximum for these lists.
const PER_PAGE: u32 = 100;
/// Pages read at most from one list before giving up (10,000 items).
const MAX_PAGES: usize = 100;
/// Attempts of one request at most.
const ATTEMPTS: u32 = 3;
/// The longest `Retry-After` honoured; a longer wait fails the step instead.
const MAX_WAIT: Duration = Duration::from_secs(60);
/// How long one request may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// A comment on an issue or a pull request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
}

/// An issue (the issues list also holds pull requests, which carry `pull_request`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub number: u64,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    /// `open` or `closed`.
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_request: Option<Value>,
    #[serde(default)]
    pub html_url: Option<String>,
}

/// The fields of an issue to change; `None` leaves one as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IssueUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `open` or `closed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// `completed` when closing because the drift is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<String>,
}

/// A client for one repository.
pub struct Client {
    agent: ureq::Agent,
    api_url: String,
    token: String,
    repo: Repo,
}

impl Client {
    /// A client for `repo` at `api_url` (`GITHUB_API_URL`), authenticated with `token`.
    pub fn new(api_url: &str, token: String, repo: Repo) -> Client {
        let agent = ureq::Agent::config_builder()
            // Statuses are read here, to turn them into diagnostics.
            .http_status_as_error(false)
            .timeout_global(Some(TIMEOUT))
            .user_agent(format!("s3drift/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Client {
            agent,
            api_url: api_url.trim_end_matches('/').to_string(),
            token,
            repo,
        }
    }

    fn repo_url(&self, rest: &str) -> String {
        format!(
            "{}/repos/{}/{}/{rest}",
            self.api_url, self.repo.owner, self.repo.name
        )
    }

    /// Every comment on issue or pull request `number`, oldest first.
    pub fn list_comments(&self, number: u64) -> Result<Vec<Comment>, InputError> {
        self.list(&self.repo_url(&format!("issues/{number}/comments?per_page={PER_PAGE}")))
    }

    /// Adds a comment to issue or pull request `number`.
    pub fn create_comment(&self, number: u64, body: &str) -> Result<Comment, InputError> {
        let url = self.repo_url(&format!("issues/{number}/comments"));
        self.send("POST", &url, Some(&serde_json::json!({ "body": body })))
    }

    /// Replaces the body of comment `id`.
    pub fn update_comment(&self, id: u64, body: &str) -> Result<Comment, InputError> {
        let url = self.repo_url(&format!("issues/comments/{id}"));
        self.send("PATCH", &url, Some(&serde_json::json!({ "body": body })))
    }

    /// Deletes comment `id`.
    pub fn delete_comment(&self, id: u64) -> Result<(), InputError> {
        let url = self.repo_url(&format!("issues/comments/{id}"));
        self.send::<Value>("DELETE", &url, None).map(|_| ())
    }

    /// Every issue, open or closed, that carries `label`; pull requests left out.
    pub fn list_issues(&self, label: &str) -> Result<Vec<Issue>, InputError> {
        let label: String = url_component(label);
        let all: Vec<Issue> = self.list(&self.repo_url(&format!(
            "issues?state=all&labels={label}&per_page={PER_PAGE}"
        )))?;
        Ok(all
            .into_iter()
            .filter(|i| i.pull_request.is_none())
            .collect())
    }

    /// Opens an issue.
    pub fn create_issue(
        &self,
        title: &str,
        body: &str,
        labels: &[&str],
    ) -> Result<Issue, InputError> {
        let url = self.repo_url("issues");
        let payload = serde_json::json!({ "title": title, "body": body, "labels": labels });
        self.send("POST", &url, Some(&payload))
    }

    /// Changes issue `number`.
    pub fn update_issue(&self, number: u64, update: &IssueUpdate) -> Result<Issue, InputError> {
        let url = self.repo_url(&format!("issues/{number}"));
        let payload = serde_json::to_value(update).expect("an update always serialises");
        self.send("PATCH", &url, Some(&payload))
    }

    /// Every item of a paginated list.
    fn list<T: for<'de> Deserialize<'de>>(&self, first: &str) -> Result<Vec<T>, InputError> {
        let mut items = Vec::new();
        let mut next = Some(first.to_string());
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(api_error(
                    "GET",
                    first,
                    format!("the list has more than {MAX_PAGES} pages"),
                    None,
                ));
            }
            let mut response = self.call("GET", &url, None)?;
            next = next_link(&response)
                .map(|link| self.same_origin("GET", &url, link))
                .transpose()?;
            let page: Vec<T> = read_json("GET", &url, &mut response)?;
            items.extend(page);
        }
        Ok(items)
    }

    /// A next-page URL, if it points at the API's own origin.
    fn same_origin(&self, method: &str, url: &str, link: String) -> Result<String, InputError> {
        if origin(&link) == origin(&self.api_url) {
            Ok(link)
        } else {
            Err(api_error(
                method,
                url,
                format!("the next page is on another host ({})", origin(&link)),
                None,
            ))
        }
    }

    fn send<T: for<'de> Deserialize<'de>>(
        &self,
        method: &str,
        url: &str,
        body: Option<&Value>,
    ) -> Result<T, InputError> {
        let mut response = self.call(method, url, body)?;
        if response.status() == StatusCode::NO_CONTENT {
            return serde_json::from_value(Value::Null)
                .map_err(|e| api_error(method, url, format!("unexpected answer: {e}"), None));
        }
        read_json(method, url, &mut response)
    }

    /// One request, retried as the module header says; a status of 400 or more is an error.
    fn call(
        &self,
        method: &str,
        url: &str,
        body: Option<&Value>,
    ) -> Result<Response<Body>, InputError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = match method {
                "GET" => self.headers(self.agent.get(url)).call(),
                "DELETE" => self.headers(self.agent.delete(url)).call(),
                "POST" => self.with_body(self.agent.post(url), body),
                "PATCH" => self.with_body(self.agent.patch(url), body),
                _ => unreachable!("no other method is used"),
            };
            let mut response = match result {
                Ok(r) => r,
                // A transport failure may have reached GitHub: only idempotent requests are
                // sent again.
                Err(_) if attempt < ATTEMPTS && method != "POST" => {
                    std::thread::sleep(backoff(attempt));
                    continue;
                }
                Err(e) => return Err(api_error(method, url, format!("request failed: {e}"), None)),
            };
            let status = response.status();
            if status.as_u16() < 400 {
                return Ok(response);
            }
            if attempt < ATTEMPTS {
                if let Some(wait) = retry_wait(&response, method) {
                    std::thread::sleep(wait);
                    continue;
                }
            }
            let message = response
                .body_mut()
                .read_to_string()
                .ok()
                .and_then(|text| serde_json::from_str::<Value>(&text).ok())
                .map(|v| error_text(&v))
                .unwrap_or_default();
            return Err(api_error(
                method,
                url,
                format!("GitHub answered {status}{message}"),
                Some(status.as_u16()),
            ));
        }
    }

    fn headers<B>(&self, rb: RequestBuilder<B>) -> RequestBuilder<B> {
        rb.header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", API_VERSION)
            .header("Authorization", &format!("Bearer {}", self.token))
    }

    fn with_body(
        &self,
        rb: RequestBuilder<WithBody>,
        body: Option<&Value>,
    ) -> Result<Response<Body>, ureq::Error> {
        let text = body.map(Value::to_string).unwrap_or_default();
        self.headers(rb)
            .header("Content-Type", "application/json")
            .send(&text)
    }
}

/// How long to wait before retrying, if this failure is worth a retry.
fn retry_wait(response: &Response<Body>, method: &str) -> Option<Duration> {
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let retry_after = header("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
    // GitHub's rate limits: 429, or 403 with Retry-After (secondary limit) or with no
    // requests left (primary limit). The request was not carried out, so even a POST may be
    // sent again.
    let limited = status == 429
        || (status == 403
            && (retry_after.is_some() || header("x-ratelimit-remaining").as_deref() == Some("0")));
    if limited {
        let wait = Duration::from_secs(retry_after.unwrap_or(5));
        return (wait <= MAX_WAIT).then_some(wait);
    }
    if status >= 500 && method != "POST" {
        return Some(Duration::from_secs(retry_after.unwrap_or(1)).min(MAX_WAIT));
    }
    None
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500 * u64::from(attempt))
}

/// GitHub's error document as `: message (field: code, …)`.
fn error_text(v: &Value) -> String {
    let mut text = String::new();
    if let Some(m) = v.get("message").and_then(Value::as_str) {
        text.push_str(": ");
        text.push_str(m);
    }
    if let Some(errors) = v.get("errors").and_then(Value::as_array) {
        let parts: Vec<String> = errors
            .iter()
            .map(|e| match e {
                Value::String(s) => s.clone(),
                _ => [e.get("field"), e.get("code"), e.get("message")]
                    .iter()
                    .filter_map(|x| x.and_then(Value::as_str))
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect();
        if !parts.is_empty() {
            text.push_str(&format!(" ({})", parts.join(", ")));
        }
    }
    text
}

fn read_json<T: for<'de> Deserialize<'de>>(
    method: &str,
    url: &str,
    response: &mut Response<Body>,
) -> Result<T, InputError> {
    let text = response
        .body_mut()
        .read_to_string()
        .map_err(|e| api_error(method, url, format!("cannot read the answer: {e}"), None))?;
    serde_json::from_str(&text)
        .map_err(|e| api_error(method, url, format!("unexpected answer: {e}"), None))
}

/// The `rel="next"` target of a `Link` header:
/// `<https://api.github.com/…&page=2>; rel="next", <…>; rel="last"`.
fn next_link(response: &Response<Body>) -> Option<String> {
    let link = response.headers().get("link")?.to_str().ok()?;
    parse_next(link)
}

/// The `rel="next"` URL of a `Link` header value.
pub fn parse_next(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        let target = target.trim();
        (is_next && target.starts_with('<') && target.ends_with('>'))
            .then(|| target[1..target.len() - 1].to_string())
    })
}

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

/// A label as a query-string value.
fn url_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An API failure as a diagnostic, with a hint for the usual causes.
fn api_error(method: &str, url: &str, what: String, status: Option<u16>) -> InputError {
    // The query string carries nothing secret, but the path is what people recognise.
    let path = url.find("/repos/").map_or(url, |i| &url[i..]);
    let err = InputError::new(
        ErrorCode::Github,
        format!("GitHub API {method} {path}: {what}"),
    );
    match status {
        Some(401) => err.help(
            "the token is missing, expired or not valid: pass `github-token`, or set GITHUB_TOKEN \
             (or the variable named by --token-env)",
        ),
        Some(403) | Some(404) => err.help(
            "the token cannot do this: give the job `pull-requests: write` to comment on pull \
             requests and `issues: write` for drift issues (`permissions:` in the workflow); \
             a pull request from a fork gets a read-only token",
        ),
        Some(410) => err.help("issues are turned off in this repository's settings"),
        Some(422) => err.help("GitHub refused the content; the message above says which field"),
        _ => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_next() {
        let link = r#"<https://api.github.com/repositories/1/issues?page=2>; rel="next", <https://api.github.com/repositories/1/issues?page=5>; rel="last""#;
        assert_eq!(
            parse_next(link).as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        let last_page = r#"<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=1>; rel="first""#;
        assert_eq!(parse_next(last_page), None);
        assert_eq!(parse_next(""), None);
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin("https://api.github.com/repos/a/b"),
            "https://api.github.com"
        );
        assert_eq!(origin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(
            origin("https://ghe.example/api/v3/x"),
            "https://ghe.example"
        );
    }

    #[test]
    fn labels_are_encoded() {
        assert_eq!(url_component("s3drift"), "s3drift");
        assert_eq!(url_component("drift: s3,prod"), "drift%3A%20s3%2Cprod");
    }

    #[test]
    fn error_documents() {
        let v = serde_json::json!({"message": "Validation Failed", "errors": [{"resource": "Issue", "field": "title", "code": "missing_field"}]});
        assert_eq!(error_text(&v), ": Validation Failed (title missing_field)");
    }
}
