//! Source locations: where in the Terraform code each finding's attribute is set.
//!
//! `--dir` names the root module. Its `.tf` and `.tf.json` files, and those of the local
//! modules it calls (`source = "./modules/storage"`, nested to any depth), are read into a
//! [`SourceIndex`]; [`SourceIndex::locate`] then maps a resource instance address and a
//! canonical path (`module.storage.aws_s3_bucket_versioning.this["logs"]`,
//! `versioning.status`) to a file and line:
//!
//! 1. the line of the attribute that sets the value, when the code writes it literally in
//!    the resource's block (through nested blocks found without doubt);
//! 2. else the line of the resource block;
//! 3. else no location. A wrong line is worse than none: `dynamic` blocks, two candidate
//!    blocks and computed values all stop at the enclosing block.
//!
//! `count` and `for_each` instances share their block. A resource inside a module whose
//! source is not in the checkout (a registry or git module) is located at the `module`
//! block that calls it. Paths are relative to the root of the checkout, never outside it.
//!
//! This is an edge module: it reads files. Everything it returns is data.

pub mod checkout;
mod hcl;
mod json;
mod module;
pub mod tree;

use crate::diag::{ErrorCode, InputError};
use crate::diff::finding::{Finding, SourceLocation};
use crate::warning::{Warning, WarningCode};
use module::Decl;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tree::Pos;

/// Modules nested deeper than this are not followed (a module that calls itself would
/// otherwise never end; Terraform rejects such a configuration anyway).
const MAX_DEPTH: usize = 32;

/// The resources of a root module and of the local modules it calls.
#[derive(Debug)]
pub struct SourceIndex {
    checkout: PathBuf,
    files: Vec<PathBuf>,
    /// Loaded modules by module path (`""`, `module.storage`, `module.storage.module.logs`).
    modules: BTreeMap<String, Loaded>,
    /// Module calls whose source is not read (not local, or not in the checkout), by module
    /// path: the position of the `module` block.
    opaque: BTreeMap<String, Pos>,
    /// The root module's file holding the `backend` block, else its first file.
    anchor_file: Option<usize>,
    /// Files that could not be read or parsed, and module sources that could not be
    /// followed. The run goes on without their locations.
    pub warnings: Vec<Warning>,
}

#[derive(Debug)]
struct Loaded {
    resources: std::collections::BTreeMap<(String, String), Decl>,
    /// The `module` block that brought this module in, when it is in the checkout: where a
    /// resource whose own file is outside the checkout is located.
    call: Option<Pos>,
}

impl SourceIndex {
    /// Reads the root module `dir` and every local module it calls. Paths are made relative
    /// to `checkout` (see [`checkout::root_for`]). Only an unreadable `dir` is an error; an
    /// unreadable or unparsable file below it is a warning.
    pub fn read(dir: &Path, checkout: &Path) -> Result<SourceIndex, InputError> {
        let canonical = |p: &Path| {
            std::fs::canonicalize(p).map_err(|e| {
                InputError::new(
                    ErrorCode::Io,
                    format!("cannot read directory {}: {e}", p.display()),
                )
                .help("--dir takes the Terraform root module (where `terraform init` runs)")
            })
        };
        let dir = canonical(dir)?;
        let mut index = SourceIndex {
            checkout: canonical(checkout)?,
            files: Vec::new(),
            modules: BTreeMap::new(),
            opaque: BTreeMap::new(),
            anchor_file: None,
            warnings: Vec::new(),
        };
        let root = module::read(&dir, &mut index.files, &mut index.warnings);
        index.anchor_file = root.backend_file.or_else(|| root.files.first().copied());
        index.load(String::new(), &dir, root, None, 0);
        Ok(index)
    }

    fn load(
        &mut self,
        key: String,
        dir: &Path,
        decls: module::ModuleDecls,
        call: Option<Pos>,
        depth: usize,
    ) {
        for (name, decl) in &decls.calls {
            let child = if key.is_empty() {
                format!("module.{name}")
            } else {
                format!("{key}.module.{name}")
            };
            let Some((pos, body)) = decl else { continue };
            // The call as the user sees it: this block if it is in the checkout, else the
            // call that brought this module in.
            let here = if self.in_checkout(pos.file) {
                Some(*pos)
            } else {
                call
            };
            let local = module::source(body).filter(|s| module::is_local(s));
            let child_dir = local.and_then(|s| std::fs::canonicalize(dir.join(s)).ok());
            match child_dir {
                Some(child_dir) if depth < MAX_DEPTH => {
                    let decls = module::read(&child_dir, &mut self.files, &mut self.warnings);
                    self.load(child, &child_dir, decls, here, depth + 1);
                }
                _ => {
                    if let Some(s) = local {
                        self.warnings.push(Warning::new(
                            WarningCode::SourceLocation,
                            child.as_str(),
                            format!(
                                "no source locations inside: cannot follow its source {s:?} from {}",
                                dir.display()
                            ),
                        ));
                    }
                    if let Some(here) = here {
                        self.opaque.insert(child, here);
                    }
                }
            }
        }
        self.modules.insert(
            key,
            Loaded {
                resources: decls.resources,
                call,
            },
        );
    }

    /// Where `address` sets `path` (see the module documentation), or `None`.
    pub fn locate(&self, address: &str, path: &str) -> Option<SourceLocation> {
        let config = crate::state::address::config_address(address);
        let parts: Vec<&str> = config.split('.').collect();
        let mut key = String::new();
        let mut i = 0;
        while parts.get(i) == Some(&"module") {
            let name = parts.get(i + 1)?;
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str("module.");
            key.push_str(name);
            i += 2;
        }
        let [rtype, name] = parts[i..] else {
            return None;
        };
        let Some(module) = self.modules.get(&key) else {
            // Inside a module that is not read: its nearest call in the checkout.
            return self
                .opaque
                .iter()
                .filter(|(k, _)| key == **k || key.starts_with(&format!("{k}.")))
                .max_by_key(|(k, _)| k.len())
                .and_then(|(_, pos)| self.location(*pos));
        };
        let (block, body) = module
            .resources
            .get(&(rtype.to_string(), name.to_string()))?
            .as_ref()?;
        let mut best: (usize, Option<Pos>) = (0, None);
        for walk in crate::parts::locate::walks(rtype, path) {
            let found = tree::follow(body, &walk);
            if found.1.is_some() && found.0 > best.0 {
                best = found;
            }
        }
        best.1
            .and_then(|p| self.location(p))
            .or_else(|| self.location(*block))
            .or_else(|| module.call.and_then(|p| self.location(p)))
    }

    /// Fills `location` on every finding that has an address.
    pub fn fill(&self, findings: &mut [Finding]) {
        for f in findings.iter_mut().filter(|f| !f.address.is_empty()) {
            f.location = self.locate(&f.address, &f.path);
        }
    }

    /// The root module's file holding the `backend` block (else its first configuration
    /// file), at line 1: where a finding without a location of its own can point.
    pub fn anchor(&self) -> Option<SourceLocation> {
        self.anchor_file
            .and_then(|file| self.location(Pos { file, line: 1 }))
    }

    fn in_checkout(&self, file: usize) -> bool {
        self.files
            .get(file)
            .is_some_and(|p| checkout::relative(&self.checkout, p).is_some())
    }

    fn location(&self, pos: Pos) -> Option<SourceLocation> {
        if pos.line == 0 {
            return None;
        }
        let file = checkout::relative(&self.checkout, self.files.get(pos.file)?)?;
        Some(SourceLocation {
            file,
            line: pos.line,
        })
    }
}
