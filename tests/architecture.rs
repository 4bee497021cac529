//! The design, checked: `src/` reads as the data flow, and the core does no I/O.
//!
//! Every `crate::…` and `super::…` path in every file of `src/` (in `use` lines, inline
//! paths and doc links alike) must point at an earlier stage, or stay inside its own
//! module. Stages, earliest first:
//!
//! | rank | modules |
//! |---|---|
//! | 0 | `registry`, `diag`, `warning` (vocabulary) |
//! | 1 | `code` |
//! | 2 | `aws` (the one AWS edge) |
//! | 3 | `parts` (each part's knowledge; its `live.rs` is its S3 read) |
//! | 4 | `state` |
//! | 5 | `model` |
//! | 6 | `live`, `trail` (siblings: neither imports the other) |
//! | 7 | `diff`, `doctor` (siblings: the comparison, and the check of the event sources) |
//! | 8 | `attribution`, `report`, `sources` (siblings; `sources` places findings in the Terraform code) |
//! | 9 | `github` (the GitHub REST edge the Action uses) |
//! | 10 | `app` |
//!
//! The core (`parts` except each part's `live.rs`, `model`, `diff`, `attribution`,
//! `report`) names no file system, network, process, environment, terminal, `tokio`,
//! `aws_*` or `clap`, and prints nothing. Files may not form import cycles with their
//! siblings (a parent module and its own submodules are one unit).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const STAGES: &[(&str, u8)] = &[
    ("registry", 0),
    ("diag", 0),
    ("warning", 0),
    ("code", 1),
    ("aws", 2),
    ("parts", 3),
    ("state", 4),
    ("model", 5),
    ("live", 6),
    ("trail", 6),
    ("diff", 7),
    ("doctor", 7),
    ("attribution", 8),
    ("report", 8),
    ("sources", 8),
    ("github", 9),
    ("app", 10),
];

const CORE: &[&str] = &["parts", "model", "diff", "attribution", "report"];

/// What the core may not name: I/O, the process, the terminal, the runtime, AWS, clap.
const FORBIDDEN_IN_CORE: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "tokio",
    "aws_sdk",
    "aws_smithy",
    "aws_config",
    "aws_credential",
    "clap",
    "println!",
    "eprintln!",
    "print!",
    "eprint!",
    "dbg!",
];

/// The module path of a file under `src/`: `src/parts/acl/live.rs` → `parts::acl::live`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut segs: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if segs.last().is_some_and(|s| s == "mod") {
        segs.pop();
    }
    segs
}

/// The stage of a module path: a part's `live.rs` is the live stage; the rest by their top
/// module. `None` for the crate root and the binary.
fn stage(module: &[String]) -> Option<(String, u8)> {
    let top = module.first()?;
    if top == "parts" && module.len() == 3 && module[2] == "live" {
        return Some(("live".into(), 6));
    }
    STAGES
        .iter()
        .find(|(m, _)| m == top)
        .map(|(m, r)| (m.to_string(), *r))
}

/// The text with `//` comments removed, doc comments (`///`, `//!`) kept: their links are
/// references too.
fn without_plain_comments(text: &str) -> String {
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("///") || trimmed.starts_with("//!") {
                return line.to_string();
            }
            match line.find("//") {
                // `//` inside a string (a URL) is not a comment.
                Some(i) if !line[..i].contains('"') => line[..i].to_string(),
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The identifier at the start of `bytes`.
fn ident_at(bytes: &[u8]) -> String {
    let n = bytes.iter().take_while(|b| ident(**b)).count();
    String::from_utf8_lossy(&bytes[..n]).into_owned()
}

/// Every `crate::…`/`super::…` path in the text, resolved to an absolute module path (the
/// segments after the root; `crate::{a, b}` gives both).
fn references(module: &[String], text: &str) -> Vec<Vec<String>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let starts = rest.starts_with(b"crate::") || rest.starts_with(b"super::");
        let boundary = i == 0 || !(ident(bytes[i - 1]) || bytes[i - 1] == b':');
        if !(starts && boundary) {
            i += 1;
            continue;
        }
        // `crate` is the root; each `super` goes one level up from the file's module
        // (`super` in `a/b.rs`, module `a::b`, and in `a/b/mod.rs` alike is `a`).
        let mut base: Vec<String> = if rest.starts_with(b"crate::") {
            i += "crate::".len();
            Vec::new()
        } else {
            let mut m = module.to_vec();
            while bytes[i..].starts_with(b"super::") {
                m.pop();
                i += "super::".len();
            }
            m
        };
        // `{a, b::c}` lists several paths.
        if bytes.get(i) == Some(&b'{') {
            let end = bytes[i..]
                .iter()
                .position(|b| *b == b'}')
                .map_or(bytes.len(), |e| i + e);
            for item in bytes[i + 1..end].split(|b| *b == b',') {
                let start = item.iter().take_while(|b| b.is_ascii_whitespace()).count();
                let seg = ident_at(&item[start..]);
                if !seg.is_empty() && seg != "self" {
                    let mut p = base.clone();
                    p.push(seg);
                    out.push(p);
                }
            }
            i = end;
            continue;
        }
        loop {
            let seg = ident_at(&bytes[i..]);
            if seg.is_empty() {
                break;
            }
            i += seg.len();
            base.push(seg);
            let more = bytes[i..].starts_with(b"::") && bytes.get(i + 2).is_some_and(|b| ident(*b));
            if !more {
                break;
            }
            i += 2;
        }
        out.push(base);
    }
    out
}

/// Every `.rs` file under `dir`, relative to `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The breaches of the design in `files` (path relative to `src/`, text).
fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_of(p)).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (path, text) in files {
        let module = module_of(path);
        let Some((own, rank)) = stage(&module) else {
            continue;
        };
        let code = without_plain_comments(text);
        for target in references(&module, &code) {
            let Some((theirs, their_rank)) = stage(&target) else {
                continue;
            };
            let same_module = module.first() == target.first() && own == theirs;
            let part_read_to_its_part =
                own == "live" && module.first().is_some_and(|m| m == "parts");
            if !(same_module || their_rank < rank || part_read_to_its_part && theirs == "parts") {
                out.push(format!(
                    "{}: `{}` is stage {theirs} ({their_rank}), not before {own} ({rank})",
                    path.display(),
                    target.join("::")
                ));
            }
            // The file the path lands in, for the cycle check.
            let mut file = target.clone();
            while !file.is_empty() && !modules.contains(&file) {
                file.pop();
            }
            if !file.is_empty() && file != module {
                edges.entry(module.clone()).or_default().insert(file);
            }
        }
        let core = CORE.contains(&own.as_str()) && own != "live";
        if core {
            for word in FORBIDDEN_IN_CORE {
                if code.contains(word) {
                    out.push(format!(
                        "{}: the core names `{word}` (I/O, the process, AWS or the terminal belong to the edges)",
                        path.display()
                    ));
                }
            }
        }
    }
    // Cycles between files that are not parent and child.
    let related = |a: &[String], b: &[String]| a.starts_with(b) || b.starts_with(a);
    for (from, tos) in &edges {
        for to in tos {
            if related(from, to) {
                continue;
            }
            if from < to && reaches(&edges, to, from, &related) {
                out.push(format!(
                    "import cycle: {} and {}",
                    from.join("::"),
                    to.join("::")
                ));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `from` reaches `to` over edges between unrelated files.
fn reaches(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    from: &[String],
    to: &[String],
    related: &dyn Fn(&[String], &[String]) -> bool,
) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_vec()];
    while let Some(m) = stack.pop() {
        if m == to {
            return true;
        }
        if !seen.insert(m.clone()) {
            continue;
        }
        for next in edges.get(&m).into_iter().flatten() {
            if !related(&m, next) {
                stack.push(next.clone());
            }
        }
    }
    false
}

fn sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    rust_files(&src)
        .into_iter()
        .map(|rel| {
            let text = std::fs::read_to_string(src.join(&rel)).expect("readable source");
            (rel, text)
        })
        .collect()
}

#[test]
fn the_source_tree_follows_the_stage_order_and_the_core_does_no_io() {
    let found = violations(&sources());
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_check_finds_a_forbidden_import_inline_or_in_use_lines() {
    let mut files = sources();
    let clean = violations(&files).len();
    // The model names the diff (a later stage): once in a `use` line, once inline.
    files.push((
        PathBuf::from("model/leak.rs"),
        "use crate::diff::finding::Finding;\nfn f() -> &'static str { crate::report::REPORT_SCHEMA }\n"
            .into(),
    ));
    // A trail file reaching into the live reader, a sibling stage.
    files.push((
        PathBuf::from("trail/leak.rs"),
        "use crate::{live::ReadOptions, model::Target};\n".into(),
    ));
    // The core reading a file and printing.
    files.push((
        PathBuf::from("diff/leak.rs"),
        "fn f() { let _ = std::fs::read(\"x\"); println!(\"hi\"); }\n".into(),
    ));
    let found = violations(&files);
    let new: Vec<&String> = found.iter().filter(|v| v.contains("leak.rs")).collect();
    assert_eq!(found.len() - clean, 5, "{new:#?}");
    for expected in [
        "model/leak.rs: `diff::finding::Finding`",
        "model/leak.rs: `report::REPORT_SCHEMA`",
        "trail/leak.rs: `live`",
        "diff/leak.rs: the core names `std::fs`",
        "diff/leak.rs: the core names `println!`",
    ] {
        assert!(
            new.iter().any(|v| v.starts_with(expected)),
            "{expected} not found in {new:#?}"
        );
    }
}

#[test]
fn the_check_finds_a_file_cycle() {
    let files = vec![
        (PathBuf::from("diff/a.rs"), "use super::b::x;\n".into()),
        (PathBuf::from("diff/b.rs"), "use super::a::y;\n".into()),
        (PathBuf::from("diff/mod.rs"), "mod a; mod b;\n".into()),
    ];
    assert_eq!(violations(&files), ["import cycle: diff::a and diff::b"]);
}

/// Only the binary knows that the process exits next, so only it may leave values unfreed
/// (`main.rs`, `free_at_exit`): a library caller that runs a command gets them back.
#[test]
fn only_the_binary_leaves_memory_to_the_process_exit() {
    let leaking: Vec<String> = sources()
        .iter()
        .filter(|(rel, text)| {
            rel != Path::new("main.rs") && without_plain_comments(text).contains("mem::forget")
        })
        .map(|(rel, _)| rel.display().to_string())
        .collect();
    assert!(leaking.is_empty(), "{leaking:?}");
}
