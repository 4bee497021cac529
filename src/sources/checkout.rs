//! The checkout: the folder every location is relative to (the repository root, as code
//! scanning expects), and paths relative to it.

use std::path::{Component, Path, PathBuf};

/// The root of the checkout holding `start`: the nearest folder at or above it with a
/// `.git` entry (a folder, or the file of a worktree or submodule); else
/// `$GITHUB_WORKSPACE`, else the current directory, when either holds `start`.
pub fn root_for(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    if let Some(root) = start.ancestors().find(|a| a.join(".git").exists()) {
        return Some(root.to_path_buf());
    }
    let holding = |dir: Option<PathBuf>| {
        dir.and_then(|d| std::fs::canonicalize(d).ok())
            .filter(|d| start.starts_with(d))
    };
    holding(std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from))
        .or_else(|| holding(std::env::current_dir().ok()))
}

/// `path` relative to `root`, with `/` separators, when it is inside `root` (symbolic links
/// resolved); `None` outside it.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let path = std::fs::canonicalize(path).ok()?;
    let rest = path.strip_prefix(root).ok()?;
    let mut parts = Vec::new();
    for c in rest.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?.to_string()),
            _ => return None,
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_and_outside() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("repo/.git")).unwrap();
        std::fs::create_dir_all(root.join("repo/infra/modules")).unwrap();
        std::fs::write(root.join("repo/infra/main.tf"), "").unwrap();
        std::fs::write(root.join("outside.tf"), "").unwrap();
        let repo = root_for(&root.join("repo/infra/modules")).unwrap();
        assert_eq!(repo, root.join("repo"));
        assert_eq!(
            relative(&repo, &root.join("repo/infra/modules/../main.tf")).as_deref(),
            Some("infra/main.tf")
        );
        assert_eq!(relative(&repo, &root.join("outside.tf")), None);
        assert_eq!(relative(&repo, &root.join("repo/missing.tf")), None);
    }
}
