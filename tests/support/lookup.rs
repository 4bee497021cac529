//! A loopback stand-in for CloudTrail's LookupEvents API: the JSON 1.1 protocol
//! (`X-Amz-Target: CloudTrail_20131101.LookupEvents`) over HTTP/1.1 with keep-alive. The
//! test decides each answer; the log holds every call with the time it arrived.
//!
//! [`Answer::throttling`] is CloudTrail's throttling error as the JSON protocols send it:
//! HTTP 400, the code in the `x-amzn-ErrorType` header (with the service's namespace URL
//! after a colon) and in the body's `__type` (namespace before a `#`). The SDK reads the
//! header first and strips both decorations, so the tool sees `ThrottlingException`.

use super::proxy::RETRYABLE_STREAK;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One call the tool made.
#[derive(Clone, Debug)]
pub struct Logged {
    /// When it arrived, from the stand-in's start.
    pub at: Duration,
    /// `X-Amz-Target`.
    pub target: String,
    /// The JSON request.
    pub body: Value,
}

/// Every call, in arrival order.
pub type Log = Arc<Mutex<Vec<Logged>>>;

/// What the stand-in answers one call with.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    /// `x-amzn-ErrorType`, for errors.
    pub error_type: Option<String>,
    pub body: Value,
}

impl Answer {
    /// A 200 with this body.
    pub fn ok(body: Value) -> Answer {
        Answer {
            status: 200,
            error_type: None,
            body,
        }
    }

    /// A 400 with this error code and message.
    pub fn error(code: &str, message: &str) -> Answer {
        Answer {
            status: 400,
            error_type: Some(code.to_string()),
            body: json!({"__type": code, "message": message}),
        }
    }

    /// CloudTrail's `ThrottlingException` ("Rate exceeded").
    pub fn throttling() -> Answer {
        Answer {
            status: 400,
            error_type: Some(
                "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/"
                    .to_string(),
            ),
            body: json!({
                "__type": "com.amazon.coral.availability#ThrottlingException",
                "message": "Rate exceeded"
            }),
        }
    }
}

type Answerer = Arc<dyn Fn(&Value) -> Answer + Send + Sync>;

/// A running stand-in; it stops with the test process.
pub struct StandIn {
    /// Its `http://127.0.0.1:port` (for `AWS_ENDPOINT_URL_CLOUDTRAIL`).
    pub url: String,
    pub log: Log,
    throttled: Arc<AtomicUsize>,
}

impl StandIn {
    /// Starts a stand-in that answers each call with `answer`.
    pub fn start(answer: impl Fn(&Value) -> Answer + Send + Sync + 'static) -> StandIn {
        StandIn::serving(0.0, 0, None, answer)
    }

    /// Starts a stand-in that answers a `share` of the calls (0 to 1, drawn from a generator
    /// seeded with `seed`) with [`Answer::throttling`], and the rest with `answer`. One call
    /// (the same request body: a retry) is throttled at most [`RETRYABLE_STREAK`] times
    /// running, so a client that retries always gets through whichever draws its attempts
    /// get, as long as no identical call is in flight with it.
    pub fn throttling(
        share: f64,
        seed: u64,
        answer: impl Fn(&Value) -> Answer + Send + Sync + 'static,
    ) -> StandIn {
        StandIn::serving(share, seed, Some(RETRYABLE_STREAK), answer)
    }

    /// Starts a stand-in that throttles every call.
    pub fn jammed(answer: impl Fn(&Value) -> Answer + Send + Sync + 'static) -> StandIn {
        StandIn::serving(1.0, 0, None, answer)
    }

    fn serving(
        share: f64,
        seed: u64,
        cap: Option<usize>,
        answer: impl Fn(&Value) -> Answer + Send + Sync + 'static,
    ) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Log = Arc::default();
        let throttled = Arc::new(AtomicUsize::new(0));
        let draws = Mutex::new((seed, HashMap::<String, usize>::new()));
        let count = throttled.clone();
        let answer: Answerer = Arc::new(move |body: &Value| {
            let fire = share > 0.0 && {
                let (state, streaks) = &mut *draws.lock().unwrap();
                let drawn = next_f64(state) < share;
                match cap {
                    Some(cap) => {
                        let streak = streaks.entry(body.to_string()).or_default();
                        let fire = drawn && *streak < cap;
                        *streak = if fire { *streak + 1 } else { 0 };
                        fire
                    }
                    None => drawn,
                }
            };
            if fire {
                count.fetch_add(1, Ordering::Relaxed);
                return Answer::throttling();
            }
            answer(body)
        });
        let start = Instant::now();
        let l = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (l, a) = (l.clone(), answer.clone());
                std::thread::spawn(move || serve(stream, start, l, a));
            }
        });
        StandIn {
            url,
            log,
            throttled,
        }
    }

    /// The calls answered with [`Answer::throttling`] by the random share.
    pub fn throttled(&self) -> usize {
        self.throttled.load(Ordering::Relaxed)
    }

    /// The calls so far.
    pub fn calls(&self) -> Vec<Logged> {
        self.log.lock().unwrap().clone()
    }
}

/// SplitMix64, as the S3 proxy draws.
fn next_f64(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn serve(stream: TcpStream, start: Instant, log: Log, answer: Answerer) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    loop {
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            headers.push(line.trim_end().to_string());
        }
        let header = |name: &str| {
            headers.iter().find_map(|h| {
                let (k, v) = h.split_once(':')?;
                k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
        };
        let length: usize = header("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        log.lock().unwrap().push(Logged {
            at: start.elapsed(),
            target: header("x-amz-target").unwrap_or_default(),
            body: body.clone(),
        });
        let reply = answer(&body);
        let text = reply.body.to_string();
        let reason = if reply.status == 200 {
            "OK"
        } else {
            "Bad Request"
        };
        let error_type = reply
            .error_type
            .map(|t| format!("x-amzn-ErrorType: {t}\r\n"))
            .unwrap_or_default();
        let sent = write!(
            writer,
            "HTTP/1.1 {} {reason}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: 0000\r\n{error_type}Content-Length: {}\r\n\r\n{text}",
            reply.status,
            text.len()
        )
        .and_then(|_| writer.flush());
        if sent.is_err() {
            return;
        }
    }
}
