//! Reading one module directory: its `.tf` and `.tf.json` files, merged the way Terraform
//! merges them (override files last, replacing attributes and block types).

use super::tree::{apply_override, Body, Entry, EntryKind, FileId, Value};
use crate::warning::{Warning, WarningCode};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A declaration: where its block starts, and its merged body. `None` when the
/// configuration declares it twice (Terraform rejects that; no line is certain).
pub type Decl = Option<(super::tree::Pos, Body)>;

/// What one module directory declares.
#[derive(Debug, Default)]
pub struct ModuleDecls {
    /// Managed resources by `(type, name)`.
    pub resources: BTreeMap<(String, String), Decl>,
    /// Module calls by name.
    pub calls: BTreeMap<String, Decl>,
    /// The file holding the `backend` block, if any (an override file's replaces it).
    pub backend_file: Option<FileId>,
    /// The configuration files, sorted: `.tf` files first, then `.tf.json`.
    pub files: Vec<FileId>,
}

/// Whether `path` is a Terraform configuration file (`*.tf` or `*.tf.json`).
fn is_config(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// Whether `path` is an override file (`override.tf`, `*_override.tf`, and their `.tf.json`).
fn is_override(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name
        .strip_suffix(".tf.json")
        .or_else(|| name.strip_suffix(".tf"))
        .unwrap_or(name);
    stem == "override" || stem.ends_with("_override")
}

/// Reads the module in `dir`. Every file read is appended to `files` (its index is its
/// [`FileId`]); a file that cannot be read or parsed adds a warning and is left out.
pub fn read(dir: &Path, files: &mut Vec<PathBuf>, warnings: &mut Vec<Warning>) -> ModuleDecls {
    let mut out = ModuleDecls::default();
    let listed = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            warnings.push(Warning::new(
                WarningCode::SourceLocation,
                dir.display().to_string(),
                format!("no source locations: cannot read the directory: {e}"),
            ));
            return out;
        }
    };
    let mut paths: Vec<PathBuf> = listed
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_config(p) && p.is_file())
        .collect();
    paths.sort();
    let (overrides, primary): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| is_override(p));
    let mut parsed = Vec::new();
    let first = files.len();
    for path in primary.iter().chain(&overrides) {
        let id = files.len();
        files.push(path.clone());
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(Warning::new(
                    WarningCode::SourceLocation,
                    path.display().to_string(),
                    format!("no source locations: {e}"),
                ));
                continue;
            }
        };
        let body = if path.to_string_lossy().ends_with(".tf.json") {
            super::json::parse(&text, id)
        } else {
            super::hcl::parse(&text, id)
        };
        match body {
            Ok(body) => parsed.push((id, is_override(path), body)),
            Err(e) => warnings.push(Warning::new(
                WarningCode::SourceLocation,
                path.display().to_string(),
                format!("no source locations: {e}"),
            )),
        }
    }
    let mut tf: Vec<FileId> = Vec::new();
    let mut tf_json: Vec<FileId> = Vec::new();
    for (id, path) in files.iter().enumerate().skip(first) {
        if path.to_string_lossy().ends_with(".tf.json") {
            tf_json.push(id);
        } else {
            tf.push(id);
        }
    }
    out.files = tf.into_iter().chain(tf_json).collect();
    for (id, is_override, body) in parsed {
        for entry in body.entries {
            let EntryKind::Block { labels, body } = entry.kind else {
                continue;
            };
            match (entry.name.as_str(), labels.as_slice()) {
                ("resource", [rtype, name]) => declare(
                    &mut out.resources,
                    (rtype.clone(), name.clone()),
                    entry.pos,
                    body,
                    is_override,
                ),
                ("module", [name]) => {
                    declare(&mut out.calls, name.clone(), entry.pos, body, is_override)
                }
                ("terraform", []) if has_backend(&body) => out.backend_file = Some(id),
                _ => {}
            }
        }
    }
    out
}

/// Records a declaration, or merges an override into it.
fn declare<K: Ord>(
    map: &mut BTreeMap<K, Decl>,
    key: K,
    pos: super::tree::Pos,
    body: Body,
    is_override: bool,
) {
    match (map.get_mut(&key), is_override) {
        (Some(Some((_, base))), true) => apply_override(base, &body),
        // An override of nothing is an error to Terraform; it locates nothing.
        (None, true) | (Some(None), true) => {}
        (Some(slot), false) => *slot = None,
        (None, false) => {
            map.insert(key, Some((pos, body)));
        }
    }
}

/// Whether a `terraform` block holds a `backend` block.
fn has_backend(body: &Body) -> bool {
    body.entries.iter().any(|e: &Entry| {
        e.name == "backend"
            && matches!(
                e.kind,
                EntryKind::Block { .. } | EntryKind::Attribute(Value::Object(_))
            )
    })
}

/// The literal `source` of a module call.
pub fn source(body: &Body) -> Option<&str> {
    body.entries.iter().find_map(|e| match &e.kind {
        EntryKind::Attribute(Value::Literal(Some(s))) if e.name == "source" => Some(s.as_str()),
        _ => None,
    })
}

/// Whether a module source is a local path (Terraform: it starts with `./` or `../`).
pub fn is_local(source: &str) -> bool {
    ["./", "../", ".\\", "..\\"]
        .iter()
        .any(|p| source.starts_with(p))
}
