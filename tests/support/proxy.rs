//! A recording, error-injecting HTTP/1.1 proxy between the tool and moto (tokio only).
//!
//! The tool is pointed at the proxy (`--endpoint-url`); the test's own setup goes to moto
//! directly, so the log holds exactly what the tool sent. Rules answer matching requests
//! themselves, to stand in for what moto cannot do: AccessDenied, 503 SlowDown, a 301 to
//! the bucket's region, a 403 for `ExpectedBucketOwner`. A rule may fire on a share of its
//! matches only, drawn from a seeded generator ([`Proxy::inject_random`]), so a run under
//! random throttling is reproducible in what it injects, if not in which request gets it.
//! [`Proxy::inject_retryable`] also caps how often one request is answered running, for
//! tests that claim nothing is given up: which request gets which draw depends on how the
//! tool's concurrent calls interleave, and a generator's run of hits falling on one call
//! would exhaust its attempts.
//!
//! Forwarded requests are sent with `Connection: close` and the response is relayed
//! verbatim until the upstream closes, which keeps the proxy free of response framing.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One request the tool sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// Header names lower-cased.
    pub headers: BTreeMap<String, String>,
    /// The operation of an RPC-style call (`POST`): from `X-Amz-Target` (JSON protocols),
    /// the `Action` of a form body (query protocol), or a `/service/…/operation/Op` path
    /// (RPC v2). `None` for REST calls such as S3's.
    pub action: Option<String>,
}

impl Request {
    /// The bucket of a path-style request.
    pub fn bucket(&self) -> Option<&str> {
        self.path
            .trim_start_matches('/')
            .split('/')
            .next()
            .filter(|b| !b.is_empty())
    }

    /// The object key of a path-style request, if any.
    pub fn key(&self) -> Option<&str> {
        let rest = self.path.trim_start_matches('/');
        rest.split_once('/')
            .map(|(_, k)| k)
            .filter(|k| !k.is_empty())
    }

    /// The S3 sub-resource: the first query parameter name (`versioning`, `acl`, …), or ""
    /// for a bare bucket or object request.
    pub fn subresource(&self) -> &str {
        self.query
            .split('&')
            .map(|p| p.split('=').next().unwrap_or(""))
            .find(|p| !p.is_empty() && *p != "x-id")
            .unwrap_or("")
    }

    /// The region the request was signed for (from the SigV4 credential scope).
    pub fn signing_region(&self) -> Option<&str> {
        let auth = self.headers.get("authorization")?;
        let scope = auth.split("Credential=").nth(1)?;
        scope.split('/').nth(2)
    }

    /// Whether the request is a read: GET or HEAD, or an RPC call whose operation is a
    /// Describe, Get or List call, or CloudTrail's LookupEvents.
    pub fn is_read(&self) -> bool {
        if self.method == "GET" || self.method == "HEAD" {
            return true;
        }
        self.method == "POST"
            && self.action.as_deref().is_some_and(|a| {
                ["Describe", "Get", "List"].iter().any(|p| a.starts_with(p)) || a == "LookupEvents"
            })
    }

    /// Whether the request carries `ExpectedBucketOwner`.
    pub fn expected_owner(&self) -> Option<&str> {
        self.headers
            .get("x-amz-expected-bucket-owner")
            .map(String::as_str)
    }
}

/// What a rule answers.
#[derive(Clone, Debug)]
pub enum Reply {
    /// An S3 error document with this status and code.
    Error { status: u16, code: String },
    /// A 301 naming the bucket's region.
    Redirect { region: String },
    /// A 200 with this XML document: the answer of an operation moto does not implement.
    Xml(String),
}

type Matcher = Box<dyn Fn(&Request) -> bool + Send + Sync>;

struct Rule {
    when: Matcher,
    reply: Reply,
    /// How many more times the rule fires; `None`: always.
    remaining: Option<usize>,
    /// Fire on this share of the matching requests only, drawn from the generator.
    chance: Option<(f64, SplitMix64)>,
    /// Fire at most this many times running for one request (method, path and query: a
    /// retry is the same request), with the current streak of each.
    streak: Option<(usize, BTreeMap<String, usize>)>,
}

/// How many times running [`Proxy::inject_retryable`] answers one request: well under the
/// tool's attempts per call (8), so every call gets through.
pub const RETRYABLE_STREAK: usize = 3;

/// SplitMix64: a tiny seeded generator, enough to decide which requests a rule answers.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[derive(Default)]
struct Shared {
    log: Mutex<Vec<Request>>,
    rules: Mutex<Vec<Rule>>,
    /// Requests a rule answered (they are in `log` too).
    injected: Mutex<Vec<Request>>,
}

/// A running proxy; it stops with the test process.
pub struct Proxy {
    pub endpoint: String,
    shared: Arc<Shared>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Proxy {
    /// Starts a proxy in front of `upstream` on a free loopback port.
    pub fn start(upstream: SocketAddr) -> Proxy {
        let shared = Arc::new(Shared::default());
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let inner = Arc::clone(&shared);
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("proxy runtime");
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy bind");
                addr_tx
                    .send(listener.local_addr().expect("proxy addr"))
                    .expect("proxy start");
                let accept = async {
                    loop {
                        let Ok((conn, _)) = listener.accept().await else {
                            continue;
                        };
                        let shared = Arc::clone(&inner);
                        tokio::spawn(async move {
                            let _ = serve(conn, upstream, shared).await;
                        });
                    }
                };
                tokio::select! {
                    _ = accept => {}
                    _ = stop_rx => {}
                }
            });
        });
        let addr: SocketAddr = addr_rx.recv().expect("proxy address");
        Proxy {
            endpoint: format!("http://{addr}"),
            shared,
            _stop: stop_tx,
        }
    }

    /// Answers requests matching `when` with `reply`, `times` times (`None`: always).
    pub fn inject(
        &self,
        when: impl Fn(&Request) -> bool + Send + Sync + 'static,
        reply: Reply,
        times: Option<usize>,
    ) {
        self.shared.rules.lock().unwrap().push(Rule {
            when: Box::new(when),
            reply,
            remaining: times,
            chance: None,
            streak: None,
        });
    }

    /// Answers each request matching `when` with `reply` with probability `share` (0 to 1),
    /// drawn from a generator seeded with `seed`: the n-th matching request gets the n-th
    /// draw, so the number of injections over a run is reproducible.
    pub fn inject_random(
        &self,
        when: impl Fn(&Request) -> bool + Send + Sync + 'static,
        reply: Reply,
        share: f64,
        seed: u64,
    ) {
        self.push_random(Box::new(when), reply, share, seed, None);
    }

    /// As [`Proxy::inject_random`], but one request is answered at most
    /// [`RETRYABLE_STREAK`] times running: a call that retries is always answered in the
    /// end, whichever draws its attempts happen to get, as long as no identical request is
    /// in flight with it (whose answer would restart the streak).
    pub fn inject_retryable(
        &self,
        when: impl Fn(&Request) -> bool + Send + Sync + 'static,
        reply: Reply,
        share: f64,
        seed: u64,
    ) {
        self.push_random(Box::new(when), reply, share, seed, Some(RETRYABLE_STREAK));
    }

    fn push_random(&self, when: Matcher, reply: Reply, share: f64, seed: u64, cap: Option<usize>) {
        self.shared.rules.lock().unwrap().push(Rule {
            when,
            reply,
            remaining: None,
            chance: Some((share, SplitMix64(seed))),
            streak: cap.map(|c| (c, BTreeMap::new())),
        });
    }

    /// Every request seen so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.log.lock().unwrap().clone()
    }

    /// The requests a rule answered.
    pub fn injected(&self) -> Vec<Request> {
        self.shared.injected.lock().unwrap().clone()
    }

    /// Forgets the log (e.g. after a warm-up run).
    pub fn clear(&self) {
        self.shared.log.lock().unwrap().clear();
        self.shared.injected.lock().unwrap().clear();
    }

    /// Requests per `(bucket, method, subresource)`.
    pub fn counts(&self) -> BTreeMap<(String, String, String), usize> {
        let mut out = BTreeMap::new();
        for r in self.requests() {
            let key = (
                r.bucket().unwrap_or("").to_string(),
                r.method.clone(),
                r.subresource().to_string(),
            );
            *out.entry(key).or_insert(0) += 1;
        }
        out
    }

    /// Asserts the tool only read: GET and HEAD, and RPC calls that only describe, get or
    /// list (and CloudTrail's LookupEvents).
    pub fn assert_read_only(&self) {
        let log = self.requests();
        assert!(!log.is_empty(), "the proxy saw no requests at all");
        for r in &log {
            assert!(
                r.is_read(),
                "a request that is not a read: {} {}?{} ({:?})",
                r.method,
                r.path,
                r.query,
                r.action
            );
        }
    }

    /// The RPC operations seen, in arrival order.
    pub fn actions(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .filter_map(|r| r.action)
            .collect()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn injected_response(req: &Request, reply: &Reply) -> Vec<u8> {
    if let Reply::Xml(body) = reply {
        return format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {}\r\n\
             x-amz-request-id: proxy\r\n\r\n{body}",
            body.len()
        )
        .into_bytes();
    }
    let (status, code, extra) = match reply {
        Reply::Xml(_) => unreachable!("answered above"),
        Reply::Error { status, code } => (*status, code.clone(), String::new()),
        Reply::Redirect { region } => (
            301,
            "PermanentRedirect".to_string(),
            format!("x-amz-bucket-region: {region}\r\n"),
        ),
    };
    let body = if req.method == "HEAD" {
        String::new()
    } else {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>\
             <Message>injected by the test proxy</Message><RequestId>proxy</RequestId></Error>"
        )
    };
    format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/xml\r\nContent-Length: {}\r\n\
         x-amz-request-id: proxy\r\n{extra}\r\n{body}",
        reason(status),
        body.len()
    )
    .into_bytes()
}

/// The operation of an RPC-style request (see [`Request::action`]).
fn rpc_action(
    method: &str,
    path: &str,
    headers: &BTreeMap<String, String>,
    body: &[u8],
) -> Option<String> {
    if method != "POST" {
        return None;
    }
    if let Some(target) = headers.get("x-amz-target") {
        return target.rsplit('.').next().map(str::to_string);
    }
    if let Some(op) = path.split("/operation/").nth(1) {
        return Some(op.trim_end_matches('/').to_string());
    }
    let form = headers
        .get("content-type")
        .is_some_and(|t| t.contains("x-www-form-urlencoded"));
    if form {
        return String::from_utf8_lossy(body)
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .map(str::to_string);
    }
    None
}

async fn serve(conn: TcpStream, upstream: SocketAddr, shared: Arc<Shared>) -> std::io::Result<()> {
    let (read, mut write) = conn.into_split();
    let mut read = BufReader::new(read);
    loop {
        let mut head = Vec::new();
        // Request line and headers, up to the blank line.
        loop {
            let mut line = String::new();
            if read.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
            head.push(line.trim_end().to_string());
        }
        let Some(first) = head.first() else {
            return Ok(());
        };
        let mut parts = first.split(' ');
        let method = parts.next().unwrap_or("").to_string();
        let target = parts.next().unwrap_or("").to_string();
        let (path, query) = target
            .split_once('?')
            .map(|(p, q)| (p.to_string(), q.to_string()))
            .unwrap_or((target.clone(), String::new()));
        let headers: BTreeMap<String, String> = head[1..]
            .iter()
            .filter_map(|h| h.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let length: usize = headers
            .get("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        read.read_exact(&mut body).await?;
        let action = rpc_action(&method, &path, &headers, &body);
        let req = Request {
            method,
            path,
            query,
            headers,
            action,
        };
        shared.log.lock().unwrap().push(req.clone());

        let reply = {
            let mut rules = shared.rules.lock().unwrap();
            let mut found = None;
            for rule in rules.iter_mut() {
                if rule.remaining != Some(0) && (rule.when)(&req) {
                    let mut fire = true;
                    if let Some((share, rng)) = rule.chance.as_mut() {
                        fire = rng.next_f64() < *share;
                    }
                    if let Some((cap, streaks)) = rule.streak.as_mut() {
                        let key = format!("{} {}?{}", req.method, req.path, req.query);
                        let streak = streaks.entry(key).or_default();
                        fire &= *streak < *cap;
                        *streak = if fire { *streak + 1 } else { 0 };
                    }
                    if !fire {
                        continue;
                    }
                    if let Some(n) = rule.remaining.as_mut() {
                        *n -= 1;
                    }
                    found = Some(rule.reply.clone());
                    break;
                }
            }
            found
        };
        if let Some(reply) = reply {
            shared.injected.lock().unwrap().push(req.clone());
            write.write_all(&injected_response(&req, &reply)).await?;
            write.flush().await?;
            continue;
        }

        // Forward with `Connection: close` and relay the answer until upstream closes.
        let mut up = TcpStream::connect(upstream).await?;
        let mut out = format!("{first}\r\n").into_bytes();
        for h in &head[1..] {
            let name = h
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if name != "connection" && name != "keep-alive" {
                out.extend_from_slice(h.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        out.extend_from_slice(b"Connection: close\r\n\r\n");
        out.extend_from_slice(&body);
        up.write_all(&out).await?;
        let mut response = Vec::new();
        up.read_to_end(&mut response).await?;
        write.write_all(&response).await?;
        write.flush().await?;
        // The upstream closed its side; close ours too unless the answer allows keep-alive.
        let head_end = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(response.len());
        let head_text = String::from_utf8_lossy(&response[..head_end]).to_ascii_lowercase();
        if head_text.contains("connection: close") || !head_text.contains("content-length") {
            return Ok(());
        }
    }
}
