//! `bench-gen`: writes the benchmark inputs, deterministic for a seed: a Terraform v4 state
//! of an organisation's fleet, a snapshot of the same buckets with some drifted, a
//! CloudTrail log folder that holds the calls that drifted them, and the live setup for a
//! local S3 server. Prints a JSON manifest of what it wrote.
//!
//! ```sh
//! cargo run --release --example bench-gen -- --out target/bench/data/x --only state
//! ```

mod fleet;
mod json;
mod live;
mod other;
mod records;
mod rng;
mod s3_attrs;
mod snapshot;
mod state;
mod trail;

use clap::{Parser, ValueEnum};
use fleet::Fleet;
use json::{obj, J};
use std::fs;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum What {
    State,
    Snapshot,
    Trail,
    Live,
}

/// Writes deterministic benchmark inputs.
#[derive(Parser, Debug)]
#[command(name = "bench-gen")]
struct Args {
    /// The folder to write into (created).
    #[arg(long)]
    out: PathBuf,
    /// What to write (repeatable; all when not given).
    #[arg(long, value_enum, value_delimiter = ',')]
    only: Vec<What>,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Buckets in the fleet.
    #[arg(long, default_value_t = 12_500)]
    buckets: usize,
    /// Resource instances in the state (default: 6.5 a bucket, i.e. 81,250 for 12,500).
    #[arg(long)]
    resources: Option<usize>,
    /// State size in bytes (default: 8,000 a bucket, i.e. 100 MB for 12,500).
    #[arg(long)]
    state_bytes: Option<u64>,
    /// The share of buckets that drifted.
    #[arg(long, default_value_t = 0.02)]
    drift: f64,
    /// Uncompressed trail bytes.
    #[arg(long, default_value_t = 1 << 30)]
    trail_bytes: u64,
    /// Trail files (default: 968 a GiB).
    #[arg(long)]
    trail_files: Option<usize>,
    /// The snapshot's capture time; the trail ends an hour before it.
    #[arg(long, default_value = "2026-11-20T09:00:00Z")]
    captured_at: jiff::Timestamp,
    /// Threads compressing trail files (default: the cores).
    #[arg(long)]
    threads: Option<usize>,
}

fn create(path: &Path) -> Result<BufWriter<fs::File>, String> {
    fs::File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| format!("cannot create {}: {e}", path.display()))
}

fn run(args: &Args) -> Result<J, String> {
    let all = args.only.is_empty();
    let wants = |w: What| all || args.only.contains(&w);
    fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let drifted = (args.buckets as f64 * args.drift).round() as usize;
    let fleet = Fleet::generate(args.seed, args.buckets, drifted);
    let mut manifest = obj([
        ("generator", J::from("bench-gen 1")),
        ("seed", J::Int(args.seed as i64)),
        ("buckets", J::from(args.buckets)),
        ("drifted", J::from(drifted)),
        (
            "drifted_buckets",
            J::Arr(fleet.drifted().map(|b| J::from(&b.name)).collect()),
        ),
    ]);
    if wants(What::State) {
        let resources = args
            .resources
            .unwrap_or((args.buckets as f64 * 6.5).round() as usize);
        let bytes = args.state_bytes.unwrap_or(args.buckets as u64 * 8_000);
        let path = args.out.join("state.tfstate");
        let mut out = create(&path)?;
        let w = state::write(&fleet, resources, bytes, &mut out)?;
        std::io::Write::flush(&mut out).map_err(|e| e.to_string())?;
        manifest.push(
            "state",
            obj([
                ("path", J::from(path.display().to_string())),
                ("bytes", J::Int(w.bytes as i64)),
                ("plain_bytes", J::Int(w.plain_bytes as i64)),
                ("resource_blocks", J::from(w.resource_blocks)),
                ("instances", J::from(w.instances)),
                ("s3_instances", J::from(w.s3_instances)),
                ("aws_s3_bucket", J::from(w.buckets)),
                ("data_instances", J::from(w.data_instances)),
            ]),
        );
    }
    if wants(What::Snapshot) {
        let path = args.out.join("snapshot.json");
        let mut out = create(&path)?;
        let bytes = snapshot::write(&fleet, &args.captured_at.to_string(), &mut out)
            .map_err(|e| e.to_string())?;
        std::io::Write::flush(&mut out).map_err(|e| e.to_string())?;
        manifest.push(
            "snapshot",
            obj([
                ("path", J::from(path.display().to_string())),
                ("bytes", J::Int(bytes as i64)),
                ("captured_at", J::from(args.captured_at.to_string())),
            ]),
        );
    }
    if wants(What::Trail) {
        let root = args.out.join("trail");
        if root.exists() {
            fs::remove_dir_all(&root)
                .map_err(|e| format!("cannot clear {}: {e}", root.display()))?;
        }
        let files = args.trail_files.unwrap_or(
            ((args.trail_bytes as f64 / (1u64 << 30) as f64) * 968.0)
                .round()
                .max(1.0) as usize,
        );
        let opts = trail::Options {
            bytes: args.trail_bytes,
            files,
            end: args.captured_at.as_second() - 3600,
            config_share: 0.01,
            threads: args
                .threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
        };
        let w = trail::write(&fleet, &opts, &root)?;
        let start = jiff::Timestamp::from_second(w.start).map_err(|e| e.to_string())?;
        manifest.push(
            "trail",
            obj([
                ("path", J::from(root.display().to_string())),
                ("files", J::from(w.files)),
                ("records", J::Int(w.records as i64)),
                ("config_records", J::Int(w.config_records as i64)),
                ("drift_records", J::Int(w.drift_records as i64)),
                ("bytes", J::Int(w.bytes as i64)),
                ("compressed_bytes", J::Int(w.compressed_bytes as i64)),
                ("start", J::from(start.to_string())),
            ]),
        );
    }
    if wants(What::Live) {
        let path = args.out.join("live.jsonl");
        let mut out = create(&path)?;
        live::write(&fleet, &mut out).map_err(|e| e.to_string())?;
        std::io::Write::flush(&mut out).map_err(|e| e.to_string())?;
        manifest.push("live", obj([("path", J::from(path.display().to_string()))]));
    }
    Ok(manifest)
}

fn main() {
    let args = Args::parse();
    match run(&args) {
        Ok(manifest) => {
            let mut s = String::new();
            manifest.write_pretty(&mut s, 0);
            println!("{s}");
        }
        Err(e) => {
            eprintln!("bench-gen: {e}");
            std::process::exit(1);
        }
    }
}
