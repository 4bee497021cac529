//! One-line JSON, as `terraform show -json` and `terraform state pull` write it: an error
//! far into a long line gets a short windowed snippet, the exact line and column, a
//! path printed whole, exit 1 and a few lines on stderr (it used to print the whole line
//! and then panic inside miette, which pads to the column with a format width).

use s3drift::diag::render_plain;
use s3drift::state::parse_state;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The most a diagnostic may print, in bytes.
const STDERR_MAX: usize = 4096;

/// The demo state, minified, with an 80 KB output value before its resources.
fn minified_demo() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/demo/terraform.tfstate");
    let mut state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    state["outputs"] = serde_json::json!({
        "bundle": {"value": "o".repeat(80_000), "type": "string"}
    });
    let text = serde_json::to_string(&state).unwrap();
    assert!(!text.contains('\n'));
    assert!(text.find("\"outputs\"").unwrap() < text.find("\"resources\"").unwrap());
    text
}

/// Case (a): cut at 75,000 bytes, inside the output's value. serde_json places the end of
/// the input at its last character, column 75,000.
fn truncated() -> String {
    minified_demo()[..75_000].to_string()
}

/// Case (b): the first `block_public_acls` set to `"yes"`; returns the text and the byte
/// offset of the bad value.
fn wrong_type() -> (String, usize) {
    let text = minified_demo().replacen(
        "\"block_public_acls\":true",
        "\"block_public_acls\":\"yes\"",
        1,
    );
    let at = text.find("\"yes\"").unwrap();
    assert!(at > 65_536);
    (text, at)
}

/// Writes `text` to `dir/name` under the test's scratch directory; returns the directory.
fn scratch(dir: &str, name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("minified_json")
        .join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
    dir
}

/// `s3drift tree --state <name>` run in `dir`: exit code and stderr.
fn tree(dir: &Path, name: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_s3drift"))
        .args(["tree", "--state", name])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    assert!(out.stdout.is_empty());
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn truncated_minified_state_renders_a_window() {
    let text = truncated();
    let err = parse_state("global-s3.tfstate", &text).unwrap_err();
    let shown = render_plain(&err);
    assert!(shown.contains("[global-s3.tfstate:1:75000]"), "{shown}");
    insta::assert_snapshot!(shown);
}

#[test]
fn wrong_type_in_minified_state_renders_a_window() {
    let (text, at) = wrong_type();
    let err = parse_state("global-s3.tfstate", &text).unwrap_err();
    let shown = render_plain(&err);
    assert!(
        shown.contains(&format!("[global-s3.tfstate:1:{}]", at + 1)),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn the_cli_exits_1_with_a_short_diagnostic() {
    let (bad_type, at) = wrong_type();
    for (name, text, place) in [
        ("cut.tfstate", truncated(), "1:75000".to_string()),
        ("yes.tfstate", bad_type, format!("1:{}", at + 1)),
    ] {
        let dir = scratch("cli", name, &text);
        let (code, stderr) = tree(&dir, name);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.len() < STDERR_MAX, "{} bytes", stderr.len());
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains(&format!("[{name}:{place}]")), "{stderr}");
        assert!(stderr.contains('…'), "{stderr}");
    }
}

#[test]
fn a_long_path_is_never_split() {
    let (text, _) = wrong_type();
    let deep = "platform-team-infrastructure/environments-production/eu-west-1-global-resources";
    let dir = scratch(deep, "global-s3.tfstate", &text);
    let name = format!("{deep}/global-s3.tfstate");
    let root = dir.ancestors().nth(3).unwrap();
    let (code, stderr) = tree(root, &name);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(name.len() > 80);
    // In the message and in the location header, the path is on one line, whole.
    assert!(stderr.matches(name.as_str()).count() >= 2, "{stderr}");
}
