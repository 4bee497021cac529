//! The bad-input catalogue: every class of wrong input real pipelines produce, and what
//! s3drift does with it. Each row is an input and its documented outcome (README, "Bad
//! input"): an error with its stable code, location where known and exit 1, or a warning
//! and the run going on. No row may panic or print more than a few KB.

use flate2::write::GzEncoder;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DEMO_STATE: &str = "fixtures/demo/terraform.tfstate";
const DEMO_LIVE: &str = "fixtures/demo/live.json";
const DEMO_TRAIL: &str = "fixtures/demo/cloudtrail";
/// The most any row may print to stderr.
const STDERR_LIMIT: usize = 8 * 1024;

/// What a row must end in.
enum Outcome {
    /// Exit 1 with this diagnostic code; `at` is a `file:line:column` fragment when the
    /// place is known.
    Error {
        code: &'static str,
        says: &'static str,
        at: Option<&'static str>,
    },
    /// The run goes on (exit 0 or 2) and the JSON report carries this warning code (or
    /// finding code), naming `says`.
    Warning {
        code: &'static str,
        says: &'static str,
    },
    /// The run goes on and reports this finding code.
    Finding { code: &'static str },
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn demo_state() -> String {
    std::fs::read_to_string(root().join(DEMO_STATE)).unwrap()
}

fn minified(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn utf16(text: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

/// The demo state with `edit` applied to its JSON.
fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&demo_state()).unwrap();
    edit(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

/// The first attributes object of a resource of `rtype`.
fn attributes<'a>(v: &'a mut Value, rtype: &str) -> &'a mut Value {
    v["resources"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["type"] == rtype)
        .map(|r| &mut r["instances"][0]["attributes"])
        .unwrap()
}

struct Row {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    /// Arguments; `{dir}` is replaced by the row's folder.
    args: Vec<&'static str>,
    outcome: Outcome,
}

fn row(
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    args: &[&'static str],
    outcome: Outcome,
) -> Row {
    Row {
        name,
        files,
        args: args.to_vec(),
        outcome,
    }
}

fn error(code: &'static str, says: &'static str, at: Option<&'static str>) -> Outcome {
    Outcome::Error { code, says, at }
}

fn check_state(file: &'static str) -> Vec<&'static str> {
    vec![
        "check",
        "--state",
        file,
        "--snapshot",
        DEMO_LIVE,
        "--format",
        "json",
    ]
}

fn rows() -> Vec<Row> {
    let state = demo_state();
    let big_output = {
        // An 80 KB output value in front of the resources, minified: the error lies past
        // column 65,536 of the only line.
        let mut v: Value = serde_json::from_str(&state).unwrap();
        let resources = v["resources"].take();
        v["outputs"] = serde_json::json!({"blob": {"value": "x".repeat(80_000), "type": "string"}});
        v.as_object_mut().unwrap().remove("resources");
        v["resources"] = resources;
        minified(&v)
    };
    let plan_without_prior = serde_json::json!({
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "resource_drift": [{
            "address": "aws_s3_bucket.x", "mode": "managed", "type": "aws_s3_bucket", "name": "x",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["update"], "before": {"bucket": "acme-x"}, "after": {"bucket": "acme-x"}}
        }],
        "resource_changes": []
    });
    let mut rows = vec![
        // The state file itself.
        row("empty file", vec![("s.tfstate", Vec::new())], &["check", "--state", "{dir}/s.tfstate"], error("empty", "is empty", None)),
        row("missing file", vec![], &["check", "--state", "{dir}/nope.tfstate"], error("io", "no such file", None)),
        row("a directory", vec![("d/x", b"x".to_vec())], &["check", "--state", "{dir}/d"], error("io", "is a directory", None)),
        row("not JSON", vec![("s.tfstate", b"hello: world\n".to_vec())], &["check", "--state", "{dir}/s.tfstate"], error("not_json", "", Some("s.tfstate:1:1"))),
        row("truncated JSON", vec![("s.tfstate", state.as_bytes()[..state.len() / 2].to_vec())], &["check", "--state", "{dir}/s.tfstate"], error("not_json", "", Some("s.tfstate:"))),
        row("minified, error past column 65,536", vec![("s.tfstate", big_output.as_bytes()[..75_000].to_vec())], &["check", "--state", "{dir}/s.tfstate"], error("not_json", "", Some("s.tfstate:1:75000"))),
        row("minified, wrong type past column 65,536", vec![("s.tfstate", big_output.replacen("\"block_public_acls\":true", "\"block_public_acls\":\"yes\"", 1).into_bytes())], &["check", "--state", "{dir}/s.tfstate"], error("shape", "block_public_acls", Some("s.tfstate:1:"))),
        row("NUL bytes", vec![("s.tfstate", [&state.as_bytes()[..100], b"\0\0\0", &state.as_bytes()[100..]].concat())], &["check", "--state", "{dir}/s.tfstate"], error("not_json", "", Some("s.tfstate:"))),
        row("binary plan file", vec![("plan.out", b"PK\x03\x04\x14\x00\x00\x00\x08\x00\xff\xfe".to_vec())], &["check", "--plan", "{dir}/plan.out"], error("not_json", "binary plan file", None)),
        row("invalid gzip", vec![("s.tfstate", vec![0x1f, 0x8b, 8, 0, 1, 2, 3])], &["check", "--state", "{dir}/s.tfstate"], error("not_json", "does not decompress", None)),
        row("format 3 state", vec![("s.tfstate", br#"{"version":3,"terraform_version":"0.11.14","serial":1,"modules":[]}"#.to_vec())], &["check", "--state", "{dir}/s.tfstate"], error("state_version", "", None)),
        row("a future state version", vec![("s.tfstate", br#"{"version":5,"terraform_version":"2.0.0","serial":1,"resources":[]}"#.to_vec())], &["check", "--state", "{dir}/s.tfstate"], error("state_version", "", None)),
        row("a plan given to --state", vec![("p.json", br#"{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{},"resource_changes":[]}"#.to_vec())], &["check", "--state", "{dir}/p.json"], error("wrong_flag", "--plan", None)),
        row("a state given to --plan", vec![("s.tfstate", state.clone().into_bytes())], &["check", "--plan", "{dir}/s.tfstate"], error("wrong_flag", "--state", None)),
        row("encrypted OpenTofu state", vec![("s.tfstate", br#"{"serial":1,"lineage":"x","meta":{"key_provider.pbkdf2.k":"e30="},"encrypted_data":"AAAA","encryption_version":"v0"}"#.to_vec())], &["check", "--state", "{dir}/s.tfstate"], error("encrypted_state", "", None)),
        row("a wrong type in a resource", vec![("s.tfstate", edited(|v| attributes(v, "aws_s3_bucket_public_access_block")["block_public_acls"] = "yes".into()).into_bytes())], &["check", "--state", "{dir}/s.tfstate"], error("shape", "block_public_acls", Some("s.tfstate:"))),
        row("resources not a list", vec![("s.tfstate", br#"{"version":4,"terraform_version":"1.9.5","serial":1,"lineage":"x","resources":{}}"#.to_vec())], &["check", "--state", "{dir}/s.tfstate"], error("shape", "", Some("s.tfstate:1:"))),
        row("nesting 10,000 deep", vec![("s.tfstate", ["[".repeat(10_000), "]".repeat(10_000)].concat().into_bytes())], &["check", "--state", "{dir}/s.tfstate"], error("not_json", "", None)),
        row("a glob that matches nothing", vec![], &["check", "--state", "{dir}/*.tfstate"], error("pattern", "", None)),
        row("the only state has no S3 resource", vec![("s.tfstate", br#"{"version":4,"terraform_version":"1.9.5","serial":1,"lineage":"x","resources":[]}"#.to_vec())], &["check", "--state", "{dir}/s.tfstate", "--snapshot", DEMO_LIVE], error("nothing_compared", "holds no S3 bucket", None)),
        row("a plan with resource_drift but no prior_state", vec![("p.json", minified(&plan_without_prior).into_bytes())], &["check", "--plan", "{dir}/p.json", "--snapshot", DEMO_LIVE], error("nothing_compared", "holds none", None)),
        // Decoded, with a warning.
        row("a UTF-16 state with a byte order mark", vec![("s.tfstate", utf16(&state))], &check_state("{dir}/s.tfstate"), Outcome::Warning { code: "input-encoding", says: "UTF-16" }),
        row("a gzip-compressed state", vec![("s.tfstate.gz", gzip(state.as_bytes()))], &check_state("{dir}/s.tfstate.gz"), Outcome::Warning { code: "input-encoding", says: "gzip" }),
        row("a state without S3 resources among others", vec![("other.tfstate", br#"{"version":4,"terraform_version":"1.9.5","serial":1,"lineage":"x","resources":[]}"#.to_vec())], &["check", "--state", "{dir}/other.tfstate", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "--format", "json"], Outcome::Warning { code: "no-s3-resources", says: "other.tfstate" }),
        row("the same bucket in two states with different values", vec![("b.tfstate", edited(|v| attributes(v, "aws_s3_bucket_versioning")["versioning_configuration"][0]["status"] = "Suspended".into()).into_bytes())], &["check", "--state", DEMO_STATE, "--state", "{dir}/b.tfstate", "--snapshot", DEMO_LIVE, "--format", "json"], Outcome::Finding { code: "resource-conflict" }),
        // The snapshot.
        row("a snapshot of another schema version", vec![("live.json", br#"{"schema":"s3drift/snapshot","version":99,"captured_at":"2026-11-20T09:00:00Z","buckets":{}}"#.to_vec())], &["check", "--state", DEMO_STATE, "--snapshot", "{dir}/live.json"], error("snapshot", "", None)),
        row("a snapshot that is not JSON", vec![("live.json", b"<xml/>".to_vec())], &["check", "--state", DEMO_STATE, "--snapshot", "{dir}/live.json"], error("not_json", "", None)),
        row("a snapshot holding none of the buckets", vec![("live.json", br#"{"schema":"s3drift/snapshot","version":1,"captured_at":"2026-11-20T09:00:00Z","buckets":{}}"#.to_vec())], &["check", "--state", DEMO_STATE, "--snapshot", "{dir}/live.json"], error("nothing_compared", "holds none", None)),
        // Event sources.
        row("one non-JSON file in a CloudTrail folder", vec![("trail/bad.json", b"not json".to_vec()), ("trail/good.json", std::fs::read(root().join(DEMO_TRAIL).join(first_trail_file())).unwrap())], &["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "--cloudtrail", "{dir}/trail", "--format", "json"], Outcome::Warning { code: "malformed-record", says: "bad.json" }),
        row("a CloudTrail folder with no readable file", vec![("trail/bad.json", b"not json".to_vec())], &["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "--cloudtrail", "{dir}/trail"], error("trail", "bad.json", None)),
        row("an access log cut mid-line", vec![("logs/log", b"79a5 acme-prod-data [06/Feb/2026:00:00:38 +0000] 192.0.2.3 arn:aws:iam::123456789012:user/alice 3E57427F3EXAMPLE REST.PUT.VERSIONING - \"PUT /acme-prod-data?vers".to_vec())], &["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "--access-logs", "{dir}/logs", "--format", "json"], Outcome::Warning { code: "malformed-record", says: "logs/log:1" }),
        // Flags.
        row("--bucket matching nothing", vec![], &["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "--bucket", "nomatch-*"], error("usage", "leave none", None)),
        row("--since in the future", vec![], &["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "--cloudtrail", DEMO_TRAIL, "--since", "2999-01-01T00:00:00Z"], error("usage", "in the future", None)),
        row("--since after the live read", vec![], &["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "--cloudtrail", DEMO_TRAIL, "--since", "2026-11-25T00:00:00Z"], error("usage", "after the live read", None)),
        row("--denied-window forever", vec![], &["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "--cloudtrail", DEMO_TRAIL, "--denied-window", "forever"], error("usage", "--denied-window \"forever\"", None)),
        row("-o into a missing folder", vec![], &["check", "--state", DEMO_STATE, "--snapshot", DEMO_LIVE, "-o", "{dir}/missing/out.json"], error("output", "missing/out.json", None)),
    ];
    #[cfg(unix)]
    rows.push(row(
        "a symlink loop in a CloudTrail folder",
        vec![(
            "trail/good.json",
            std::fs::read(root().join(DEMO_TRAIL).join(first_trail_file())).unwrap(),
        )],
        &[
            "check",
            "--state",
            DEMO_STATE,
            "--snapshot",
            DEMO_LIVE,
            "--cloudtrail",
            "{dir}/trail",
            "--format",
            "json",
        ],
        Outcome::Finding {
            code: "policy-changed",
        },
    ));
    rows
}

fn first_trail_file() -> PathBuf {
    let mut files: Vec<PathBuf> = walk(&root().join(DEMO_TRAIL));
    files.sort();
    files[0]
        .strip_prefix(root().join(DEMO_TRAIL))
        .unwrap()
        .to_path_buf()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn run(row: &Row) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &row.files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    #[cfg(unix)]
    if row.name == "a symlink loop in a CloudTrail folder" {
        std::os::unix::fs::symlink(dir.path().join("trail"), dir.path().join("trail/loop"))
            .unwrap();
    }
    let d = dir.path().display().to_string();
    let args: Vec<String> = row.args.iter().map(|a| a.replace("{dir}", &d)).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(&args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("AWS_PROFILE")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .unwrap();
    (out, dir)
}

#[test]
fn every_class_has_its_documented_outcome() {
    let rows = rows();
    assert!(rows.len() >= 30, "the catalogue covers at least 30 classes");
    let mut failures = Vec::new();
    for row in &rows {
        let (out, _dir) = run(row);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut fail = |why: String| {
            failures.push(format!(
                "{}: {why}\n--- stderr:\n{}",
                row.name,
                &stderr[..stderr.len().min(2000)]
            ))
        };
        if stderr.len() > STDERR_LIMIT {
            fail(format!("{} bytes on stderr", stderr.len()));
        }
        if stderr.contains("panicked") {
            fail("panicked".into());
        }
        match &row.outcome {
            Outcome::Error { code, says, at } => {
                if out.status.code() != Some(1) {
                    fail(format!("exit {:?}, not 1", out.status.code()));
                }
                if !stderr.contains(&format!("s3drift::{code}")) {
                    fail(format!("no s3drift::{code}"));
                }
                if !stderr.contains(says) {
                    fail(format!("does not say {says:?}"));
                }
                if let Some(at) = at {
                    if !stderr.contains(at) {
                        fail(format!("no location {at:?}"));
                    }
                }
                if !stdout.is_empty() {
                    fail("wrote a report on an error".into());
                }
            }
            Outcome::Warning { code, says } => {
                if !matches!(out.status.code(), Some(0 | 2)) {
                    fail(format!(
                        "exit {:?}: the run did not go on",
                        out.status.code()
                    ));
                } else {
                    let report: Value = serde_json::from_str(&stdout).unwrap_or_default();
                    let found = report["warnings"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|w| {
                            w["code"] == *code
                                && (w["source"].as_str().unwrap_or("").contains(says)
                                    || w["message"].as_str().unwrap_or("").contains(says))
                        });
                    if !found {
                        fail(format!(
                            "no {code} warning naming {says:?}: {}",
                            report["warnings"]
                        ));
                    }
                }
            }
            Outcome::Finding { code } => {
                let report: Value = serde_json::from_str(&stdout).unwrap_or_default();
                let found = report["findings"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|f| f["code"] == *code);
                if !matches!(out.status.code(), Some(0 | 2)) || !found {
                    fail(format!("exit {:?}, no {code} finding", out.status.code()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A single line of 1 GiB (a state with a giant output value, cut short): the error points
/// at the end of the line, and stderr stays small.
#[test]
fn a_one_gigabyte_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.tfstate");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        f.write_all(br#"{"version":4,"terraform_version":"1.9.5","serial":1,"lineage":"x","outputs":{"blob":{"type":"string","value":""#).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..1024 {
            f.write_all(&chunk).unwrap();
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(["check", "--state", path.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("s3drift::not_json"), "{stderr}");
    assert!(stderr.contains("huge.tfstate:1:"), "{stderr}");
    assert!(stderr.len() < STDERR_LIMIT, "{} bytes", stderr.len());
}
