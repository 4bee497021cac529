//! `bench-proxy`: a loopback HTTP/1.1 proxy that adds a fixed latency to every request and
//! logs one line per request, so that a local S3 server answers like a distant one and the
//! requests each tool sends can be counted. With `--slowdown SHARE` it answers that share of
//! the requests itself with S3's `503 SlowDown`, drawn from a seeded generator, so every
//! tool measured meets the same faults.
//!
//! ```sh
//! bench-proxy --upstream 127.0.0.1:5000 --latency-ms 25 --log requests.log
//! bench-proxy --upstream 127.0.0.1:5000 --latency-ms 25 --log requests.log --slowdown 0.3
//! ```
//!
//! It prints `listening on 127.0.0.1:<port>` once it accepts connections. Client
//! connections are kept alive, as S3 keeps them; each has its own kept-alive connection
//! upstream. The latency is one round trip, spent before the request is forwarded. Log
//! lines are `<ms since start>\t<method>\t<target>\t<status>\t<first user-agent token>`.

#[path = "../net/http.rs"]
mod http;

use clap::Parser;
use http::{read_body, read_head, request_framing, response_framing, Head};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A latency-adding, request-logging HTTP proxy (loopback only).
#[derive(Parser, Debug)]
#[command(name = "bench-proxy")]
struct Args {
    /// The server to forward to.
    #[arg(long)]
    upstream: SocketAddr,
    /// The port to listen on (0: any free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Added to every request.
    #[arg(long, default_value_t = 25)]
    latency_ms: u64,
    /// Where the request lines go.
    #[arg(long)]
    log: std::path::PathBuf,
    /// Answer this share of the requests (0 to 1) with `503 SlowDown` instead of forwarding.
    #[arg(long, default_value_t = 0.0)]
    slowdown: f64,
    /// The seed of the generator that picks the requests `--slowdown` answers.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// SplitMix64: which requests get `SlowDown`. One generator for all connections, so a run's
/// share is the asked one whatever the tool's concurrency.
struct Draws(Mutex<u64>);

impl Draws {
    /// A number in `[0, 1)`.
    fn next(&self) -> f64 {
        let mut state = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// S3's throttling answer. A HEAD answer has no body, as S3's has none.
fn slowdown(method: &str, close: bool) -> Vec<u8> {
    let body = if method.eq_ignore_ascii_case("HEAD") {
        ""
    } else {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>\
         <Message>Please reduce your request rate.</Message><RequestId>bench</RequestId></Error>"
    };
    let connection = if close { "close" } else { "keep-alive" };
    format!(
        "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: {}\r\n\
         x-amz-request-id: bench\r\nConnection: {connection}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Headers that belong to one connection and are not forwarded (RFC 9110 §7.6.1).
const HOP: [&str; 6] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "content-length",
    "expect",
];

struct Upstream {
    addr: SocketAddr,
    conn: Option<(TcpStream, BufReader<TcpStream>)>,
}

impl Upstream {
    fn connect(&mut self) -> io::Result<&mut (TcpStream, BufReader<TcpStream>)> {
        if self.conn.is_none() {
            let s = TcpStream::connect(self.addr)?;
            s.set_nodelay(true)?;
            let r = BufReader::new(s.try_clone()?);
            self.conn = Some((s, r));
        }
        Ok(self.conn.as_mut().expect("connected"))
    }

    /// Sends one request and reads its response; a kept-alive connection the server has
    /// closed meanwhile is replaced once.
    fn exchange(&mut self, head: &[u8], body: &[u8], method: &str) -> io::Result<(Head, Vec<u8>)> {
        for attempt in 0..2 {
            let result = (|| {
                let (w, r) = self.connect()?;
                w.write_all(head)?;
                w.write_all(body)?;
                let resp = read_head(r)?.ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        "the server closed the connection",
                    )
                })?;
                let framing = response_framing(&resp, method);
                let until_close = matches!(framing, http::Framing::UntilClose);
                let body = read_body(r, framing)?;
                Ok((resp, body, until_close))
            })();
            match result {
                Ok((resp, body, until_close)) => {
                    if until_close || resp.has_token("connection", "close") {
                        self.conn = None;
                    }
                    return Ok((resp, body));
                }
                Err(e) if attempt == 0 => {
                    self.conn = None;
                    let _ = e;
                }
                Err(e) => return Err(e),
            }
        }
        unreachable!("two attempts")
    }
}

fn serve(
    client: TcpStream,
    args: Arc<Args>,
    draws: Arc<Draws>,
    log: Arc<Mutex<File>>,
    start: Instant,
) -> io::Result<()> {
    client.set_nodelay(true)?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut writer = BufWriter::new(client);
    let mut upstream = Upstream {
        addr: args.upstream,
        conn: None,
    };
    while let Some(req) = read_head(&mut reader)? {
        let mut parts = req.first.split_whitespace();
        let method = parts.next().unwrap_or("GET").to_string();
        let target = parts.next().unwrap_or("/").to_string();
        if req.has_token("expect", "100-continue") {
            writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            writer.flush()?;
        }
        let body = read_body(&mut reader, request_framing(&req))?;
        let close = req.has_token("connection", "close");
        std::thread::sleep(Duration::from_millis(args.latency_ms));
        if args.slowdown > 0.0 && draws.next() < args.slowdown {
            writer.write_all(&slowdown(&method, close))?;
            writer.flush()?;
            log_line(&log, start, &method, &target, 503, &req);
            if close {
                break;
            }
            continue;
        }
        let mut extra = vec![("Connection", "keep-alive".to_string())];
        if !body.is_empty() || req.header("content-length").is_some() {
            extra.push(("Content-Length", body.len().to_string()));
        }
        let head = req.to_bytes(&HOP, &extra);
        let (resp, resp_body) = match upstream.exchange(&head, &body, &method) {
            Ok(r) => r,
            Err(e) => {
                let msg = format!("bench-proxy: upstream failed: {e}");
                let answer = format!(
                    "HTTP/1.1 502 Bad Gateway\r\nContent-Length: {}\r\nContent-Type: text/plain\r\n\r\n{msg}",
                    msg.len()
                );
                writer.write_all(answer.as_bytes())?;
                writer.flush()?;
                log_line(&log, start, &method, &target, 502, &req);
                continue;
            }
        };
        // The body was read whole, so it is sent with its length; a HEAD answer keeps the
        // length of the body it describes.
        let mut extra = Vec::new();
        if !method.eq_ignore_ascii_case("HEAD") {
            extra.push(("Content-Length", resp_body.len().to_string()));
        } else if let Some(n) = resp.header("content-length") {
            extra.push(("Content-Length", n.to_string()));
        }
        if close {
            extra.push(("Connection", "close".to_string()));
        }
        writer.write_all(&resp.to_bytes(&HOP, &extra))?;
        writer.write_all(&resp_body)?;
        writer.flush()?;
        log_line(&log, start, &method, &target, resp.status(), &req);
        if close {
            break;
        }
    }
    Ok(())
}

fn log_line(
    log: &Mutex<File>,
    start: Instant,
    method: &str,
    target: &str,
    status: u16,
    req: &Head,
) {
    let agent = req
        .header("user-agent")
        .and_then(|ua| ua.split_whitespace().next())
        .unwrap_or("-");
    let line = format!(
        "{}\t{method}\t{target}\t{status}\t{agent}\n",
        start.elapsed().as_millis()
    );
    if let Ok(mut f) = log.lock() {
        let _ = f.write_all(line.as_bytes());
    }
}

fn main() {
    let args = Arc::new(Args::parse());
    if !args.upstream.ip().is_loopback() {
        eprintln!("bench-proxy: the upstream must be a loopback address");
        std::process::exit(1);
    }
    let log = match File::create(&args.log) {
        Ok(f) => Arc::new(Mutex::new(f)),
        Err(e) => {
            eprintln!("bench-proxy: cannot create {}: {e}", args.log.display());
            std::process::exit(1);
        }
    };
    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("bench-proxy: cannot listen: {e}");
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().expect("a bound address");
    println!("listening on {addr}");
    let _ = io::stdout().flush();
    let start = Instant::now();
    let draws = Arc::new(Draws(Mutex::new(args.seed)));
    for conn in listener.incoming() {
        let Ok(conn) = conn else { continue };
        let (args, log, draws) = (Arc::clone(&args), Arc::clone(&log), Arc::clone(&draws));
        std::thread::spawn(move || {
            let _ = serve(conn, args, draws, log, start);
        });
    }
}
