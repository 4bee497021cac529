//! The workflow run's environment, as GitHub Actions sets it for every step
//! (docs: "Variables reference", default environment variables).

use crate::diag::{ErrorCode, InputError};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The API root of github.com; GitHub Enterprise Server sets `GITHUB_API_URL` to its own.
pub const DEFAULT_API_URL: &str = "https://api.github.com";
/// The web root of github.com.
pub const DEFAULT_SERVER_URL: &str = "https://github.com";

/// What a step knows about its run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GithubEnv {
    /// `GITHUB_API_URL`, without a trailing `/`.
    pub api_url: String,
    /// `GITHUB_SERVER_URL`, without a trailing `/`.
    pub server_url: String,
    /// `GITHUB_REPOSITORY`: `owner/name`.
    pub repository: Option<String>,
    /// `GITHUB_EVENT_PATH`: the webhook payload that started the run.
    pub event_path: Option<PathBuf>,
    /// `GITHUB_OUTPUT`: the step's outputs file.
    pub output: Option<PathBuf>,
    /// `GITHUB_STEP_SUMMARY`: the step's summary file.
    pub step_summary: Option<PathBuf>,
    /// `GITHUB_RUN_ID`, for links back to the run.
    pub run_id: Option<String>,
}

impl GithubEnv {
    /// Reads the variables from `vars` (the process environment, handed in by the binary).
    /// Empty values count as unset.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> GithubEnv {
        let vars: BTreeMap<String, String> = vars
            .into_iter()
            .filter(|(k, v)| k.starts_with("GITHUB_") && !v.is_empty())
            .collect();
        let get = |k: &str| vars.get(k).cloned();
        let url = |k: &str, default: &str| {
            get(k)
                .unwrap_or_else(|| default.to_string())
                .trim_end_matches('/')
                .to_string()
        };
        GithubEnv {
            api_url: url("GITHUB_API_URL", DEFAULT_API_URL),
            server_url: url("GITHUB_SERVER_URL", DEFAULT_SERVER_URL),
            repository: get("GITHUB_REPOSITORY"),
            event_path: get("GITHUB_EVENT_PATH").map(PathBuf::from),
            output: get("GITHUB_OUTPUT").map(PathBuf::from),
            step_summary: get("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            run_id: get("GITHUB_RUN_ID"),
        }
    }

    /// `owner/name`, checked; an error says which variable is missing.
    pub fn repo(&self) -> Result<Repo, InputError> {
        let Some(full) = &self.repository else {
            return Err(missing(
                "GITHUB_REPOSITORY",
                "the repository, as owner/name",
            ));
        };
        Repo::parse(full)
    }

    /// The run's page, when the run id is known.
    pub fn run_url(&self) -> Option<String> {
        Some(format!(
            "{}/{}/actions/runs/{}",
            self.server_url,
            self.repository.as_deref()?,
            self.run_id.as_deref()?
        ))
    }
}

/// An error for a variable a command needs and the run did not set.
pub fn missing(var: &str, what: &str) -> InputError {
    InputError::new(ErrorCode::Usage, format!("{var} is not set ({what})")).help(
        "run this command in a GitHub Actions step, or set the variable as a workflow run would",
    )
}

/// A repository's owner and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repo {
    pub owner: String,
    pub name: String,
}

impl Repo {
    /// Parses `owner/name`. GitHub allows letters, digits, `-`, `_` and `.` in both, so
    /// nothing else can reach a request path.
    pub fn parse(full: &str) -> Result<Repo, InputError> {
        let ok = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                && s != "."
                && s != ".."
        };
        match full.split_once('/') {
            Some((owner, name)) if ok(owner) && ok(name) => Ok(Repo {
                owner: owner.to_string(),
                name: name.to_string(),
            }),
            _ => Err(InputError::new(
                ErrorCode::Usage,
                format!("GITHUB_REPOSITORY is `{full}`, not owner/name"),
            )),
        }
    }
}

/// The pull request a run is for: `pull_request.number` in a `pull_request` or
/// `pull_request_target` event's payload. `None` for any other event.
pub fn pull_request_number(event: &Value) -> Option<u64> {
    event.get("pull_request")?.get("number")?.as_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn reads_the_standard_variables() {
        let env = GithubEnv::from_vars(vars(&[
            ("GITHUB_API_URL", "https://ghe.example/api/v3/"),
            ("GITHUB_REPOSITORY", "acme/infra"),
            ("GITHUB_RUN_ID", "42"),
            ("GITHUB_OUTPUT", ""),
            ("HOME", "/root"),
        ]));
        assert_eq!(env.api_url, "https://ghe.example/api/v3");
        assert_eq!(env.server_url, DEFAULT_SERVER_URL);
        assert_eq!(env.output, None, "empty is unset");
        assert_eq!(
            env.run_url().as_deref(),
            Some("https://github.com/acme/infra/actions/runs/42")
        );
        assert_eq!(env.repo().unwrap().name, "infra");
    }

    #[test]
    fn repository_names_are_checked() {
        for bad in [
            "acme",
            "acme/",
            "/x",
            "acme/x/y",
            "acme/../x",
            "a b/c",
            "acme/..",
        ] {
            assert!(Repo::parse(bad).is_err(), "{bad}");
        }
        assert!(Repo::parse("Acme-1/infra.tf_x").is_ok());
        assert_eq!(
            GithubEnv::default().repo().unwrap_err().code,
            ErrorCode::Usage
        );
    }

    #[test]
    fn pull_request_events_only() {
        let pr = serde_json::json!({"action": "synchronize", "number": 7, "pull_request": {"number": 7}});
        assert_eq!(pull_request_number(&pr), Some(7));
        let push = serde_json::json!({"ref": "refs/heads/main"});
        assert_eq!(pull_request_number(&push), None);
    }
}
