//! `bench-floor`: what the hardware and the server can do at best, to put each measured
//! figure in proportion.
//!
//! * `value FILE`: read a JSON file and build a `serde_json::Value` of it, nothing else
//!   (the floor of a state reader built on serde_json).
//! * `inflate DIR [--threads N]`: inflate every `.json.gz` under DIR, whole, on N threads,
//!   with the same gzip backend as s3drift; nothing is parsed (the floor of a trail scan).
//! * `requests --target ADDR --list FILE [--concurrency N]`: send the requests listed in
//!   FILE (one `METHOD TARGET` a line) over kept-alive connections, N at a time (the floor
//!   of a live scan through the same proxy and server).
//!
//! Each prints one JSON line with what it did.

// Shared with the proxy, which uses the rest of it.
#[allow(dead_code)]
#[path = "../net/http.rs"]
mod http;

use clap::{Parser, Subcommand};
use flate2::read::MultiGzDecoder;
use std::io::{BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(name = "bench-floor")]
struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand, Debug)]
enum What {
    /// Parse a JSON file into a `serde_json::Value`.
    Value { file: PathBuf },
    /// Inflate every `.json.gz` under a folder.
    Inflate {
        dir: PathBuf,
        #[arg(long, default_value_t = 2)]
        threads: usize,
    },
    /// Send a list of requests at high concurrency.
    Requests {
        /// The proxy (or server) to send them to; loopback only.
        #[arg(long)]
        target: SocketAddr,
        /// One `METHOD TARGET` a line.
        #[arg(long)]
        list: PathBuf,
        #[arg(long, default_value_t = 128)]
        concurrency: usize,
    },
}

fn gz_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            gz_files(&path, out)?;
        } else if path.to_string_lossy().ends_with(".json.gz") {
            out.push(path);
        }
    }
    Ok(())
}

fn value(file: &Path) -> Result<String, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let v: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    let resources = v
        .get("resources")
        .and_then(|r| r.as_array())
        .map_or(0, Vec::len);
    Ok(format!(
        "{{\"bytes\":{},\"resources\":{resources}}}",
        bytes.len()
    ))
}

fn inflate(dir: &Path, threads: usize) -> Result<String, String> {
    let mut files = Vec::new();
    gz_files(dir, &mut files).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    files.sort();
    let next = AtomicUsize::new(0);
    let total = AtomicU64::new(0);
    let failed = std::sync::Mutex::new(None::<String>);
    std::thread::scope(|s| {
        for _ in 0..threads.max(1) {
            s.spawn(|| {
                let mut buf = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    buf.clear();
                    let result = std::fs::File::open(path)
                        .and_then(|f| MultiGzDecoder::new(BufReader::new(f)).read_to_end(&mut buf));
                    match result {
                        Ok(n) => {
                            total.fetch_add(n as u64, Ordering::Relaxed);
                        }
                        Err(e) => {
                            *failed.lock().expect("lock") =
                                Some(format!("{}: {e}", path.display()));
                            break;
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = failed.into_inner().expect("lock") {
        return Err(e);
    }
    Ok(format!(
        "{{\"files\":{},\"bytes\":{}}}",
        files.len(),
        total.load(Ordering::Relaxed)
    ))
}

fn requests(target: SocketAddr, list: &Path, concurrency: usize) -> Result<String, String> {
    if !target.ip().is_loopback() {
        return Err("the target must be a loopback address".into());
    }
    let text = std::fs::read_to_string(list)
        .map_err(|e| format!("cannot read {}: {e}", list.display()))?;
    let reqs: Vec<(String, String)> = text
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect();
    let next = AtomicUsize::new(0);
    let errors = AtomicUsize::new(0);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..concurrency.max(1) {
            s.spawn(|| {
                let mut conn: Option<(TcpStream, BufReader<TcpStream>)> = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((method, path)) = reqs.get(i) else { break };
                    let ok = (|| -> std::io::Result<bool> {
                        if conn.is_none() {
                            let c = TcpStream::connect(target)?;
                            c.set_nodelay(true)?;
                            let r = BufReader::new(c.try_clone()?);
                            conn = Some((c, r));
                        }
                        let (w, r) = conn.as_mut().expect("connected");
                        let req = format!(
                            "{method} {path} HTTP/1.1\r\nHost: {target}\r\nUser-Agent: bench-floor\r\nAccept: */*\r\n\r\n"
                        );
                        w.write_all(req.as_bytes())?;
                        let head = http::read_head(r)?.ok_or_else(|| {
                            std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "closed")
                        })?;
                        http::read_body(r, http::response_framing(&head, method))?;
                        if head.has_token("connection", "close") {
                            conn = None;
                        }
                        Ok(head.status() < 500)
                    })();
                    if !matches!(ok, Ok(true)) {
                        errors.fetch_add(1, Ordering::Relaxed);
                        if ok.is_err() {
                            conn = None;
                        }
                    }
                }
            });
        }
    });
    Ok(format!(
        "{{\"requests\":{},\"errors\":{},\"seconds\":{:.3}}}",
        reqs.len(),
        errors.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    ))
}

fn main() {
    let args = Args::parse();
    let result = match &args.what {
        What::Value { file } => value(file),
        What::Inflate { dir, threads } => inflate(dir, *threads),
        What::Requests {
            target,
            list,
            concurrency,
        } => requests(*target, list, *concurrency),
    };
    match result {
        Ok(line) => println!("{line}"),
        Err(e) => {
            eprintln!("bench-floor: {e}");
            std::process::exit(1);
        }
    }
}
