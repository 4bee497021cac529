//! Writes a CloudTrail log folder as a trail delivers it:
//! `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<random>.json.gz`,
//! each file one `{"Records":[…]}` line, gzip-compressed. About 1% of the records are
//! bucket-configuration calls: the calls that made the drifted buckets drift (late in the
//! window) and ordinary applies and failed calls (early in it).

use crate::fleet::{Bucket, Fleet, ACCOUNT, REGIONS};
use crate::records::Records;
use crate::rng::Rng;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What to write.
pub struct Options {
    /// Uncompressed bytes in all, about.
    pub bytes: u64,
    pub files: usize,
    /// The delivery time of the last file (seconds since the epoch).
    pub end: i64,
    /// The share of records that are bucket-configuration calls.
    pub config_share: f64,
    pub threads: usize,
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
    pub records: u64,
    pub config_records: u64,
    pub drift_records: u64,
    pub bytes: u64,
    pub compressed_bytes: u64,
    /// The earliest event time (seconds since the epoch).
    pub start: i64,
}

struct File {
    region: &'static str,
    /// Delivery time; the records are from the five minutes before it.
    stamp: i64,
    name: String,
    dir: PathBuf,
}

/// The files, spread over the regions by their weight, five minutes apart in each.
fn plan(seed: u64, opts: &Options) -> Vec<File> {
    let total: u32 = REGIONS.iter().map(|(_, w)| w).sum();
    let mut files = Vec::new();
    let mut given = 0;
    for (i, (region, w)) in REGIONS.iter().enumerate() {
        let n = if i + 1 == REGIONS.len() {
            opts.files - given
        } else {
            opts.files * *w as usize / total as usize
        };
        given += n;
        for j in 0..n {
            let stamp = opts.end - (n - 1 - j) as i64 * 300;
            let t = jiff::Timestamp::from_second(stamp).expect("a time in range");
            let mut r = Rng::for_item(seed, 20, (i * 1_000_000 + j) as u64);
            let day = t.strftime("%Y/%m/%d").to_string();
            let name = format!(
                "{ACCOUNT}_CloudTrail_{region}_{}_{}.json.gz",
                t.strftime("%Y%m%dT%H%MZ"),
                r.alnum(16)
            );
            files.push(File {
                region,
                stamp,
                name,
                dir: PathBuf::from(format!("AWSLogs/{ACCOUNT}/CloudTrail/{region}/{day}")),
            });
        }
    }
    files
}

/// Writes the folder under `root`.
pub fn write(fleet: &Fleet, opts: &Options, root: &Path) -> Result<Written, String> {
    let files = plan(fleet.seed, opts);
    if files.is_empty() {
        return Err("a trail needs at least one file".into());
    }
    let start = files.iter().map(|f| f.stamp).min().unwrap_or(opts.end) - 300;
    let span = (opts.end - start).max(1);
    let mut by_region: BTreeMap<&str, Vec<&Bucket>> = BTreeMap::new();
    for b in &fleet.buckets {
        by_region.entry(b.region).or_default().push(b);
    }
    // Each drift call goes into a file of its bucket's region in the last 30% of the window.
    let mut drift_at: BTreeMap<usize, Vec<&Bucket>> = BTreeMap::new();
    for b in fleet.drifted() {
        let late: Vec<usize> = files
            .iter()
            .enumerate()
            .filter(|(_, f)| f.region == b.region && f.stamp >= start + span * 7 / 10)
            .map(|(i, _)| i)
            .collect();
        if let Some(&i) = Rng::for_item(fleet.seed, 21, b.index as u64).pick_opt(&late) {
            drift_at.entry(i).or_default().push(b);
        }
    }
    let per_file = opts.bytes / files.len() as u64;
    // Applies go into the early files only; they make up the configuration calls the drift
    // calls leave to reach `config_share` (records average about 1.6 KB).
    let records_estimate = (opts.bytes / 1600).max(1) as f64;
    let early_files = files
        .iter()
        .filter(|f| f.stamp < start + span * 7 / 10)
        .count()
        .max(1) as f64;
    let early_records = records_estimate * early_files / files.len() as f64;
    let apply_share = ((opts.config_share * records_estimate - fleet.drifted().count() as f64)
        / early_records)
        .clamp(0.0, 1.0);
    let next = AtomicUsize::new(0);
    let totals = Mutex::new(Written {
        start,
        ..Default::default()
    });
    let failure = Mutex::new(None::<String>);
    std::thread::scope(|scope| {
        for _ in 0..opts.threads.max(1) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() || failure.lock().map(|f| f.is_some()).unwrap_or(true) {
                    break;
                }
                let f = &files[i];
                let empty = Vec::new();
                let buckets = by_region.get(f.region).unwrap_or(&empty);
                let drifts = drift_at.get(&i).map(Vec::as_slice).unwrap_or(&[]);
                let early = f.stamp < start + span * 7 / 10;
                match write_file(
                    fleet.seed,
                    i,
                    f,
                    buckets,
                    drifts,
                    per_file,
                    if early { apply_share } else { 0.0 },
                    root,
                ) {
                    Ok(w) => {
                        let mut t = totals.lock().expect("totals");
                        t.files += 1;
                        t.records += w.records;
                        t.config_records += w.config_records;
                        t.drift_records += w.drift_records;
                        t.bytes += w.bytes;
                        t.compressed_bytes += w.compressed_bytes;
                    }
                    Err(e) => {
                        *failure.lock().expect("failure") = Some(e);
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().expect("failure") {
        return Err(e);
    }
    Ok(totals.into_inner().expect("totals"))
}

#[allow(clippy::too_many_arguments)]
fn write_file(
    seed: u64,
    index: usize,
    f: &File,
    buckets: &[&Bucket],
    drifts: &[&Bucket],
    target: u64,
    apply_share: f64,
    root: &Path,
) -> Result<Written, String> {
    let mut g = Records {
        r: Rng::for_item(seed, 22, index as u64),
        region: f.region,
        buckets,
    };
    let mut text = String::with_capacity(target as usize + 8192);
    text.push_str("{\"Records\":[");
    let mut w = Written::default();
    let mut pending: Vec<&Bucket> = drifts.to_vec();
    while (text.len() as u64) < target || !pending.is_empty() {
        // Times rise through the file's five minutes as it fills.
        let time = f.stamp - 300 + (text.len() as u64 * 300 / target.max(1)).min(300) as i64;
        let rec = if !pending.is_empty() && (g.r.chance(0.01) || text.len() as u64 >= target) {
            let b = pending.remove(0);
            w.drift_records += 1;
            w.config_records += 1;
            g.config_drift(time, b)
        } else if apply_share > 0.0 && g.r.chance(apply_share) {
            match g.config_apply(time) {
                Some(rec) => {
                    w.config_records += 1;
                    rec
                }
                None => g.ordinary(time),
            }
        } else {
            g.ordinary(time)
        };
        if w.records > 0 {
            text.push(',');
        }
        rec.write_compact(&mut text);
        w.records += 1;
    }
    text.push_str("]}");
    w.bytes = text.len() as u64;
    let dir = root.join(&f.dir);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(&f.name);
    let mut gz = GzEncoder::new(Vec::with_capacity(text.len() / 8), Compression::default());
    gz.write_all(text.as_bytes())
        .map_err(|e| format!("cannot compress {}: {e}", path.display()))?;
    let bytes = gz
        .finish()
        .map_err(|e| format!("cannot compress {}: {e}", path.display()))?;
    w.compressed_bytes = bytes.len() as u64;
    fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::MultiGzDecoder;
    use std::io::Read;

    #[test]
    fn files_are_delivered_trail_files_and_hold_every_drift_call() {
        let fleet = Fleet::generate(5, 60, 3);
        let dir = tempfile::tempdir().unwrap();
        let opts = Options {
            bytes: 800_000,
            files: 8,
            end: 1_795_000_000,
            config_share: 0.01,
            threads: 2,
        };
        let w = write(&fleet, &opts, dir.path()).unwrap();
        assert_eq!(w.files, 8);
        assert_eq!(w.drift_records, 3);
        let mut records = 0;
        let mut stack = vec![dir.path().to_path_buf()];
        while let Some(p) = stack.pop() {
            for e in fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let rel = path
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                assert!(rel.starts_with("AWSLogs/123456789012/CloudTrail/"), "{rel}");
                assert!(rel.ends_with(".json.gz"), "{rel}");
                let mut text = String::new();
                MultiGzDecoder::new(fs::File::open(&path).unwrap())
                    .read_to_string(&mut text)
                    .unwrap();
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                records += v["Records"].as_array().unwrap().len() as u64;
            }
        }
        assert_eq!(records, w.records);
    }
}
