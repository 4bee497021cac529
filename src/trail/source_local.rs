//! Local CloudTrail files and folders, and local access-log files.
//!
//! A folder is walked recursively (a copied trail bucket keeps its
//! `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/` layout). Files are read in parallel,
//! one worker per core, each reading its file whole through [`reader::read_bytes`].

use super::{access_log, reader};
use crate::diag::{ErrorCode, InputError};
use crate::warning::{Warning, WarningCode};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// File names read from a folder: CloudTrail delivers `.json.gz`; exports and EventBridge
/// archives are `.json` or JSON lines.
fn is_trail_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // A copied trail bucket also holds digest files (hashes of the log files) and Insights
    // events (call-rate anomalies named after the API they count); neither is a call.
    let lossy = path.to_string_lossy();
    if lossy.contains("CloudTrail-Digest") || lossy.contains("CloudTrail-Insight") {
        return false;
    }
    [
        ".json",
        ".json.gz",
        ".jsonl",
        ".jsonl.gz",
        ".ndjson",
        ".ndjson.gz",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}

/// Every file under `dir` (sorted, recursive) that `keep` accepts.
fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, keep, out)?;
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn unreadable(source: &str, why: impl std::fmt::Display, what: &str) -> InputError {
    InputError::new(
        ErrorCode::Trail,
        format!("cannot read {what} source {source}: {why}"),
    )
    .help(match what {
        "CloudTrail" => "pass `lookup`, an s3://bucket/prefix trail location, or a local .json/.json.gz file or folder",
        _ => "pass an S3 server access log file or folder, or s3://bucket/prefix",
    })
}

/// The files a local source names.
fn files(
    source: &str,
    keep: &dyn Fn(&Path) -> bool,
    what: &str,
) -> Result<Vec<PathBuf>, InputError> {
    let path = Path::new(source);
    let meta = std::fs::metadata(path).map_err(|e| unreadable(source, e, what))?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    walk(path, keep, &mut out).map_err(|e| unreadable(source, e, what))?;
    if out.is_empty() {
        return Err(unreadable(source, "the folder holds no log files", what));
    }
    Ok(out)
}

/// Runs `work` over `items` on one thread per core, keeping the input order in the output.
fn parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = work(item);
                results
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push((i, r));
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Runs `work` over `items` on one thread per core and hands each result to `take` on the
/// calling thread in the input order, as soon as the results before it are in.
fn parallel_in_order<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut take: impl FnMut(usize, R),
) {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let (send, receive) = std::sync::mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let send = send.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                if send.send((i, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(send);
        // Results that came in ahead of an earlier one wait here: only those the other
        // workers finish while one file is still being read.
        let mut early = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, r) in receive {
            early.insert(i, r);
            while let Some(r) = early.remove(&due) {
                take(due, r);
                due += 1;
            }
        }
    });
}

/// The largest file read whole into memory before parsing; larger ones are streamed.
const WHOLE_FILE_LIMIT: u64 = 64 * 1024 * 1024;

/// Reads one opened CloudTrail file: whole into memory when it is of a delivered file's size
/// (parsing from memory is several times faster), streamed otherwise. A file that cannot
/// be read whole is streamed again from its start, so its messages are the streaming
/// reader's.
fn read_trail_file(
    name: &str,
    path: &Path,
    mut file: std::fs::File,
) -> Result<reader::Parsed, String> {
    use std::io::Read;
    let size = file.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
    if size > WHOLE_FILE_LIMIT {
        return reader::read(name, file);
    }
    let mut bytes = Vec::with_capacity(size as usize);
    match file.read_to_end(&mut bytes) {
        Ok(_) => reader::read_bytes(name, &bytes),
        Err(_) => std::fs::File::open(path)
            .map_err(|e| format!("cannot open {name}: {e}"))
            .and_then(|f| reader::read(name, f)),
    }
}

/// Reads a local CloudTrail file or folder. A file that cannot be read is a warning when
/// others in the folder can be; a source none of whose files can be read is an error.
pub fn read_cloudtrail(source: &str) -> Result<reader::Parsed, InputError> {
    let files = files(source, &is_trail_file, "CloudTrail")?;
    let mut out = reader::Parsed::default();
    let mut failed = Vec::new();
    // Each file's events are merged as soon as the files before it are, so what is held
    // is the events kept so far, not every file's results until the last file is read.
    parallel_in_order(
        &files,
        |path| {
            let name = path.display().to_string();
            std::fs::File::open(path)
                .map_err(|e| format!("cannot open {name}: {e}"))
                .and_then(|f| read_trail_file(&name, path, f))
        },
        |i, r| match r {
            Ok(p) => out.merge(p),
            Err(e) => failed.push((files[i].display().to_string(), e)),
        },
    );
    out.events.shrink_to_fit();
    // One unreadable file among others is a warning naming it; a source with no readable
    // file at all is an error.
    if failed.len() == files.len() {
        let first = failed
            .into_iter()
            .next()
            .map(|(_, e)| e)
            .unwrap_or_default();
        return Err(InputError::new(
            ErrorCode::Trail,
            format!("cannot read CloudTrail source {source}: {first}"),
        )
        .help("CloudTrail sources are log files as delivered ({\"Records\": [...]}, .json or .json.gz), single records, EventBridge events or JSON lines"));
    }
    out.malformed += failed.len();
    out.warnings.extend(failed.into_iter().map(|(path, e)| {
        Warning::new(
            WarningCode::MalformedRecord,
            path,
            format!("{e}; file skipped"),
        )
    }));
    Ok(out)
}

/// Reads a local access-log file or folder (every file in it: access logs have no suffix).
pub fn read_access_logs(source: &str) -> Result<access_log::Parsed, InputError> {
    let files = files(
        source,
        &|p: &Path| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        },
        "access-log",
    )?;
    let results = parallel(&files, |path| {
        let name = path.display().to_string();
        std::fs::File::open(path)
            .map_err(|e| format!("cannot open {name}: {e}"))
            .and_then(|f| access_log::read_stream(&name, f))
    });
    let mut out = access_log::Parsed::default();
    for r in results {
        out.merge(r.map_err(|e| unreadable(source, e, "access-log"))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_files_a_folder_contributes() {
        let yes = [
            "AWSLogs/1/CloudTrail/eu-west-1/2026/11/03/1_CloudTrail_eu-west-1_20261103T1420Z_x.json.gz",
            "export/events.json",
            "export/events.JSONL",
        ];
        let no = [
            "AWSLogs/1/CloudTrail-Digest/eu-west-1/2026/11/03/1_CloudTrail-Digest_eu-west-1_t_20261103T1420Z.json.gz",
            "AWSLogs/1/CloudTrail-Insight/eu-west-1/2026/11/03/1_CloudTrail-Insight_eu-west-1_x.json.gz",
            "notes.txt",
        ];
        for p in yes {
            assert!(is_trail_file(Path::new(p)), "{p}");
        }
        for p in no {
            assert!(!is_trail_file(Path::new(p)), "{p}");
        }
    }
}
