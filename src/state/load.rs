//! Local state and plan files: expanding the paths and globs given on the command line,
//! and reading one file into a [`Loaded`].

use super::{parse_plan, read_state, stream_state, Deferred, Loaded, SourceKind};
use crate::diag::{ErrorCode, InputError};
use crate::warning::{Warning, WarningCode};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Whether an argument names remote state (`s3://bucket/key`) rather than a local path.
pub fn is_remote(s: &str) -> bool {
    s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("s3://"))
}

/// Reads a local state or plan file. The content decides the reader's error messages (a
/// plan given as a state names `--plan`, and the reverse), `kind` which reader is used.
pub fn load_local(path: &Path, kind: SourceKind) -> Result<Loaded, InputError> {
    load(path, kind, false).map(|(loaded, _)| loaded)
}

/// A local state file, its attributes deferred as
/// [`parse_state_deferred`](super::parse_state_deferred) defers them.
pub fn load_local_deferred(path: &Path) -> Result<(Loaded, Deferred), InputError> {
    load(path, SourceKind::State, true)
}

fn load(path: &Path, kind: SourceKind, defer: bool) -> Result<(Loaded, Deferred), InputError> {
    let name = path.display().to_string();
    let flag = match kind {
        SourceKind::State => "--state",
        SourceKind::Plan => "--plan",
    };
    // Most states are taken by the quick reader straight from the file, a piece at a time.
    // Anything it gives up on (a compressed file, an error, another format) is read whole
    // below, and every message is the full reader's. A pipe (`/dev/stdin`, `<(…)`) can be
    // read only once, so it is read whole from the start; it is told apart before it is
    // opened, since opening a pipe waits for its writer.
    let mut streamed = false;
    if kind == SourceKind::State && std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        if let Ok(file) = std::fs::File::open(path) {
            let len = file.metadata().map_or(0, |m| m.len());
            if let Some(read) = stream_state(&name, &file, len, defer) {
                return Ok(read);
            }
            streamed = true;
        }
    }
    let bytes = std::fs::read(path).map_err(|e| {
        let (what, hint) = match e.kind() {
            std::io::ErrorKind::NotFound => (
                "no such file".to_string(),
                format!(
                    "check the path given to {flag}; globs are expanded by s3drift, so quote them"
                ),
            ),
            std::io::ErrorKind::PermissionDenied => (
                "permission denied".to_string(),
                "the file is not readable by this user".to_string(),
            ),
            _ if path.is_dir() => (
                "it is a directory".to_string(),
                format!("{flag} takes a file; point it at the .tfstate/.json file inside"),
            ),
            _ => (e.to_string(), format!("check the path given to {flag}")),
        };
        InputError::new(ErrorCode::Io, format!("cannot read {name}: {what}")).help(hint)
    })?;
    // The quick reader has already given up on this text, unless it is decoded first.
    let quick = !streamed || !is_plain(&bytes);
    let (text, decoded) = decode(&name, flag, bytes)?;
    let (mut loaded, deferred) = match kind {
        SourceKind::State => read_state(&name, &text, defer, quick)?,
        SourceKind::Plan => (parse_plan(&name, &text)?, Deferred::default()),
    };
    if let Some(how) = decoded {
        loaded.warnings.push(Warning::new(
            WarningCode::InputEncoding,
            name.as_str(),
            format!("the file is {how}; it was decoded before reading"),
        ));
    }
    Ok((loaded, deferred))
}

/// The first bytes of a gzip file, and the byte order marks [`decode`] takes off.
const GZIP: [u8; 2] = [0x1f, 0x8b];
const UTF16_LE: [u8; 2] = [0xff, 0xfe];
const UTF16_BE: [u8; 2] = [0xfe, 0xff];
const UTF8_BOM: [u8; 3] = [0xef, 0xbb, 0xbf];

/// Whether [`decode`] takes `bytes` as they are.
fn is_plain(bytes: &[u8]) -> bool {
    ![&GZIP[..], &UTF16_LE, &UTF16_BE, &UTF8_BOM]
        .iter()
        .any(|m| bytes.starts_with(m))
}

/// Decompressed states larger than this are refused: a gzip bomb must not take the machine.
const MAX_DECOMPRESSED: u64 = 4 << 30;

/// The file as UTF-8 text, and how it was decoded when it was not plain UTF-8 (a gzip file
/// from a backup, UTF-16 with a byte order mark as PowerShell's `>` writes it).
fn decode(
    name: &str,
    flag: &str,
    bytes: Vec<u8>,
) -> Result<(String, Option<&'static str>), InputError> {
    let not_text = |what: String, hint: &str| {
        InputError::new(ErrorCode::NotJson, format!("{name} {what}")).help(hint.to_string())
    };
    if bytes.starts_with(&GZIP) {
        let mut out = Vec::new();
        let reader = flate2::read::GzDecoder::new(bytes.as_slice());
        std::io::Read::read_to_end(
            &mut std::io::Read::take(reader, MAX_DECOMPRESSED + 1),
            &mut out,
        )
        .map_err(|e| {
            not_text(
                format!("is gzip-compressed but does not decompress: {e}"),
                "decompress it with `gunzip -k` to see what is wrong",
            )
        })?;
        if out.len() as u64 > MAX_DECOMPRESSED {
            return Err(not_text(
                "decompresses to more than 4 GiB".into(),
                "decompress it yourself if it really is a state",
            ));
        }
        let (text, _) = decode(name, flag, out)?;
        return Ok((text, Some("gzip-compressed")));
    }
    for (bom, big_endian, how) in [
        (
            UTF16_LE,
            false,
            "UTF-16 (little-endian, with a byte order mark)",
        ),
        (
            UTF16_BE,
            true,
            "UTF-16 (big-endian, with a byte order mark)",
        ),
    ] {
        if let Some(rest) = bytes.strip_prefix(&bom) {
            let units = rest.chunks(2).map(|c| match (c, big_endian) {
                ([a, b], false) => u16::from_le_bytes([*a, *b]),
                ([a, b], true) => u16::from_be_bytes([*a, *b]),
                _ => 0xDC00, // an odd trailing byte: a lone surrogate, reported below
            });
            let text: Result<String, _> = char::decode_utf16(units).collect();
            return match text {
                Ok(text) => Ok((text, Some(how))),
                Err(e) => Err(not_text(
                    format!("starts as UTF-16 but is not valid UTF-16 ({e})"),
                    "write it as UTF-8, e.g. `terraform state pull | Out-File -Encoding utf8 state.json`",
                )),
            };
        }
    }
    let bytes = match bytes.strip_prefix(&UTF8_BOM) {
        // A UTF-8 byte order mark says nothing JSON needs to know.
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map(|t| (t, None)).map_err(|e| {
        InputError::new(
            ErrorCode::NotJson,
            format!(
                "{name} is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
        .help(if e.as_bytes().starts_with(b"PK") {
            "this looks like a binary plan file; convert it with `terraform show -json plan.out > plan.json`"
                .to_string()
        } else {
            format!("{flag} expects the JSON that Terraform or OpenTofu wrote")
        })
    })
}

/// Expands local paths and glob patterns into a sorted, de-duplicated list of files. A
/// pattern that matches nothing, or a path that does not exist, is an error: a typo must
/// not turn into an empty, drift-free run. `s3://` URLs are not accepted here; callers
/// split them off with [`is_remote`].
pub fn expand_patterns(patterns: &[String]) -> Result<Vec<PathBuf>, InputError> {
    let mut out = BTreeSet::new();
    for pattern in patterns {
        if is_remote(pattern) {
            return Err(InputError::new(
                ErrorCode::Pattern,
                format!("{pattern} is remote state and cannot be expanded as a local path"),
            )
            .help("s3:// URLs are read directly; globs are not supported in them"));
        }
        // A literal file whose name has glob characters (`env[prod].tfstate`) is taken as is.
        if !pattern.contains(['*', '?', '[']) || Path::new(pattern).is_file() {
            let path = PathBuf::from(pattern);
            if !path.exists() {
                return Err(InputError::new(
                    ErrorCode::Io,
                    format!("cannot read {pattern}: no such file"),
                )
                .help("check the path; use a glob such as 'envs/*/terraform.tfstate' for several files"));
            }
            if path.is_dir() {
                return Err(InputError::new(
                    ErrorCode::Io,
                    format!("{pattern} is a directory, not a state or plan file"),
                )
                .help(format!(
                    "pass the file inside, or a glob such as '{}/*.tfstate'",
                    pattern.trim_end_matches('/')
                )));
            }
            out.insert(path);
            continue;
        }
        let paths = glob::glob(pattern).map_err(|e| {
            InputError::new(
                ErrorCode::Pattern,
                format!("{pattern:?} is not a valid glob: {} (at character {})", e.msg, e.pos + 1),
            )
            .help("`*` matches within a directory, `**` across directories, `[ab]` one of a set; quote the pattern so the shell leaves it alone")
        })?;
        let mut matched = 0usize;
        for entry in paths {
            let path = entry.map_err(|e| {
                InputError::new(
                    ErrorCode::Io,
                    format!(
                        "cannot read {} while expanding {pattern:?}: {}",
                        e.path().display(),
                        e.error()
                    ),
                )
                .help("check the directory's permissions")
            })?;
            if path.is_file() {
                matched += 1;
                out.insert(path);
            }
        }
        if matched == 0 {
            return Err(InputError::new(
                ErrorCode::Pattern,
                format!("{pattern:?} matches no files"),
            )
            .help("check the pattern relative to the current directory; `**` is needed to match in subdirectories (e.g. 'envs/**/terraform.tfstate')"));
        }
    }
    Ok(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_detection() {
        assert!(is_remote("s3://bucket/key"));
        assert!(is_remote("S3://bucket/key"));
        assert!(!is_remote("s3:/x"));
        assert!(!is_remote("./s3://x"));
        assert!(!is_remote("é"));
    }
}
