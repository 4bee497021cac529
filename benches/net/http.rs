//! Just enough HTTP/1.1 for the benchmark's proxy and load generator (std only): message
//! heads, and bodies framed by `Content-Length`, chunked encoding or the end of the stream.

use std::io::{self, BufRead};

/// A request or response head.
#[derive(Clone, Debug, Default)]
pub struct Head {
    /// `GET /b?versioning HTTP/1.1` or `HTTP/1.1 200 OK`.
    pub first: String,
    pub headers: Vec<(String, String)>,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether a header holds `token` in its comma-separated list (case-insensitive).
    pub fn has_token(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .any(|(_, v)| v.split(',').any(|t| t.trim().eq_ignore_ascii_case(token)))
    }

    /// The status code of a response head.
    pub fn status(&self) -> u16 {
        self.first
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    /// The head as it goes on the wire, without the headers named in `drop`, plus `extra`.
    pub fn to_bytes(&self, drop: &[&str], extra: &[(&str, String)]) -> Vec<u8> {
        let mut out = String::with_capacity(512);
        out.push_str(&self.first);
        out.push_str("\r\n");
        for (k, v) in &self.headers {
            if drop.iter().any(|d| k.eq_ignore_ascii_case(d)) {
                continue;
            }
            out.push_str(k);
            out.push_str(": ");
            out.push_str(v);
            out.push_str("\r\n");
        }
        for (k, v) in extra {
            out.push_str(k);
            out.push_str(": ");
            out.push_str(v);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        out.into_bytes()
    }
}

/// Reads a head; `None` at a clean end of stream before its first byte.
pub fn read_head(r: &mut impl BufRead) -> io::Result<Option<Head>> {
    let mut line = String::new();
    // Tolerate blank lines between messages (RFC 9112 §2.2).
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if !line.trim_end().is_empty() {
            break;
        }
    }
    let mut head = Head {
        first: line.trim_end().to_string(),
        headers: Vec::new(),
    };
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the stream ended inside a message head",
            ));
        }
        let l = line.trim_end();
        if l.is_empty() {
            return Ok(Some(head));
        }
        if let Some((k, v)) = l.split_once(':') {
            head.headers
                .push((k.trim().to_string(), v.trim().to_string()));
        }
    }
}

/// How a message's body is framed.
pub enum Framing {
    None,
    Length(u64),
    Chunked,
    /// Until the sender closes the connection (responses only).
    UntilClose,
}

/// The framing of a request body (RFC 9112 §6.3).
pub fn request_framing(h: &Head) -> Framing {
    if h.has_token("transfer-encoding", "chunked") {
        Framing::Chunked
    } else if let Some(n) = h.header("content-length").and_then(|v| v.parse().ok()) {
        Framing::Length(n)
    } else {
        Framing::None
    }
}

/// The framing of a response body, given the request's method (RFC 9112 §6.3).
pub fn response_framing(h: &Head, method: &str) -> Framing {
    let status = h.status();
    if method.eq_ignore_ascii_case("HEAD")
        || (100..200).contains(&status)
        || status == 204
        || status == 304
    {
        Framing::None
    } else if h.has_token("transfer-encoding", "chunked") {
        Framing::Chunked
    } else if let Some(n) = h.header("content-length").and_then(|v| v.parse().ok()) {
        Framing::Length(n)
    } else {
        Framing::UntilClose
    }
}

/// Reads a whole body (chunks joined).
pub fn read_body(r: &mut impl BufRead, framing: Framing) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    match framing {
        Framing::None => {}
        Framing::Length(n) => {
            body.resize(n as usize, 0);
            r.read_exact(&mut body)?;
        }
        Framing::UntilClose => {
            r.read_to_end(&mut body)?;
        }
        Framing::Chunked => {
            let mut line = String::new();
            loop {
                line.clear();
                r.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                    .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "a bad chunk size"))?;
                if size == 0 {
                    // Trailers, then the blank line.
                    loop {
                        line.clear();
                        if r.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
                            break;
                        }
                    }
                    break;
                }
                let start = body.len();
                body.resize(start + size, 0);
                r.read_exact(&mut body[start..])?;
                line.clear();
                r.read_line(&mut line)?;
            }
        }
    }
    Ok(body)
}
