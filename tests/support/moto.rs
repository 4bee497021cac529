//! A moto S3 server for one test: `moto_server -H 127.0.0.1 -p <free port>`, stopped on drop.
//!
//! The binary is found through `MOTO_SERVER_BIN`, else `target/moto-venv/bin/moto_server`
//! (where `.ci/install-moto` puts the pinned `moto[server]==5.1.22`). When there is none, the
//! harness runs `.ci/install-moto` once, so `cargo test` works on a fresh
//! machine with Python 3; if that fails the test fails with instructions. A live test never
//! skips silently.
//!
//! Out-of-band changes are made the way an operator would, with boto3, by
//! [`Moto::boto3`]: the Python next to the moto binary (or `S3DRIFT_TEST_PYTHON`) runs a
//! short script with an `s3` client already pointed at the server.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running moto server.
pub struct Moto {
    child: Child,
    pub addr: SocketAddr,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Where the moto server binary is. Panics with instructions when there is none.
pub fn moto_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("MOTO_SERVER_BIN").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(
            p.is_file(),
            "MOTO_SERVER_BIN={} does not exist; install it with \
             `python3 -m venv target/moto-venv && target/moto-venv/bin/pip install 'moto[server]==5.1.22'`",
            p.display()
        );
        return p;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/moto-venv/bin/moto_server");
    if venv.is_file() {
        return venv;
    }
    // A moto_server found on PATH is not used: its version is unknown, and moto 5.2.x
    // answers GetBucketVersioning with an XML root aws-sdk-s3 rejects.
    install_moto();
    if venv.is_file() {
        return venv;
    }
    panic!(
        "the live tests need a moto S3 server and none was found (MOTO_SERVER_BIN, \
         target/moto-venv/bin/moto_server) or installed by .ci/install-moto. Install it with \
         `python3 -m venv target/moto-venv && target/moto-venv/bin/pip install 'moto[server]==5.1.22'`"
    )
}

/// Installs the pinned moto into `target/moto-venv` with `.ci/install-moto`, once per test
/// binary (the script is idempotent, so binaries that race only repeat a cheap check).
fn install_moto() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let status = Command::new("bash")
            .arg(root.join(".ci/install-moto"))
            .current_dir(root)
            .status();
        if !matches!(status, Ok(s) if s.success()) {
            eprintln!("installing moto with .ci/install-moto failed: {status:?}");
        }
    });
}

/// The Python with boto3 that makes the out-of-band changes.
pub fn python_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("S3DRIFT_TEST_PYTHON").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let beside = moto_bin().with_file_name("python");
    if beside.is_file() {
        return beside;
    }
    on_path("python3").unwrap_or_else(|| panic!("no python3 with boto3 found for the live tests"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A bare HTTP/1.1 request to `addr`; returns the status line and body.
pub fn http(addr: SocketAddr, method: &str, path: &str) -> std::io::Result<String> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_millis(500))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    Ok(out)
}

impl Moto {
    /// Starts a server on a free port and waits until it answers.
    pub fn start() -> Moto {
        let bin = moto_bin();
        for _ in 0..3 {
            let port = free_port();
            let mut child = Command::new(&bin)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
            let addr: SocketAddr = ([127, 0, 0, 1], port).into();
            let deadline = Instant::now() + Duration::from_secs(30);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break; // the port was taken after all: try another
                }
                if http(addr, "GET", "/moto-api/").is_ok_and(|r| r.starts_with("HTTP/1.1 200")) {
                    return Moto {
                        child,
                        addr,
                        endpoint: format!("http://{addr}"),
                    };
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!(
            "moto_server ({}) did not come up on 127.0.0.1",
            bin.display()
        );
    }

    /// Forgets every bucket (`POST /moto-api/reset`).
    pub fn reset(&self) {
        let r = http(self.addr, "POST", "/moto-api/reset").expect("moto reset");
        assert!(r.starts_with("HTTP/1.1 200"), "moto reset failed: {r}");
    }

    /// Runs a boto3 script against the server. `s3` is a client in us-east-1, `s3_in(region)`
    /// one in another region, `aws(service, region)` a client of any other service, `json`
    /// is imported. Returns stdout; panics with the script's
    /// stderr when it fails.
    pub fn boto3(&self, script: &str) -> String {
        let prelude = format!(
            r#"
import json, boto3
from botocore.config import Config
def s3_in(region):
    return boto3.client("s3", endpoint_url="{endpoint}", region_name=region,
        aws_access_key_id="testing", aws_secret_access_key="testing",
        config=Config(s3={{"addressing_style": "path"}}))
s3 = s3_in("us-east-1")
def aws(service, region="us-east-1"):
    return boto3.client(service, endpoint_url="{endpoint}", region_name=region,
        aws_access_key_id="testing", aws_secret_access_key="testing")
"#,
            endpoint = self.endpoint
        );
        let mut child = Command::new(python_bin())
            .arg("-")
            .envs(super::ENV.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python for boto3");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{prelude}\n{script}\n").as_bytes())
            .expect("write script");
        let out = child.wait_with_output().expect("boto3 script");
        assert!(
            out.status.success(),
            "boto3 script failed:\n{script}\n--- stderr ---\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
