//! Finding the state of a Terraform root (`--dir`): its `backend "s3"` block, completed by
//! partial configuration (`--backend-config`), or the local state file.
//!
//! Terraform itself forbids variables and other expressions in a backend block, so every
//! value here is a literal; anything else is reported rather than guessed at.
//!
//! The block is read from the root's `*.tf` and `*.tf.json` files; one in an override file
//! (`override.tf`, `*_override.tf`) replaces the original, as Terraform merges them.
//!
//! The merge order follows `terraform init`: the block in the configuration, then the
//! configuration cached by the last `init` in `.terraform/terraform.tfstate` (which already
//! holds the partial configuration given then), then each `--backend-config` in order.

use crate::aws::{self, AssumeRole, AwsSettings};
use crate::diag::{ErrorCode, InputError};
use crate::state::remote::{fetch_object, RemoteState};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a root's state lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// A local state file.
    Local(PathBuf),
    /// An object in S3.
    S3(S3Backend),
}

/// A resolved `backend "s3"` configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct S3Backend {
    pub bucket: String,
    /// The object key, with the workspace prefix already applied.
    pub key: String,
    pub region: Option<String>,
    /// `endpoints.s3`, or the legacy `endpoint`.
    pub endpoint: Option<String>,
    /// `use_path_style`, or the legacy `force_path_style`.
    pub use_path_style: bool,
    /// The `assume_role` block, or the legacy top-level `role_arn`.
    pub assume_role: Option<AssumeRole>,
    pub profile: Option<String>,
}

/// The workspace key prefix of the S3 backend when none is configured.
pub const DEFAULT_WORKSPACE_KEY_PREFIX: &str = "env:";

/// A literal backend setting.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Setting {
    Text(String),
    Map(BTreeMap<String, Setting>),
}

type Settings = BTreeMap<String, Setting>;

/// The backend block found in the `.tf` files.
struct Found {
    kind: String,
    file: PathBuf,
    settings: Settings,
}

/// Resolves where the state of the root `dir` lives, for `workspace` (else `TF_WORKSPACE`,
/// else the workspace `terraform workspace select` recorded, else `default`).
pub fn resolve(
    dir: &Path,
    workspace: Option<&str>,
    backend_config: &[String],
) -> Result<Location, InputError> {
    let workspace = workspace_name(dir, workspace);
    match find_backend(dir)? {
        Some(found) if found.kind == "s3" => {
            let mut settings = found.settings;
            merge(&mut settings, cached_config(dir));
            for item in backend_config {
                merge(&mut settings, parse_backend_config(item)?);
            }
            s3_backend(&found.file, settings, &workspace).map(Location::S3)
        }
        Some(found) if found.kind != "local" => Err(InputError::new(
            ErrorCode::Config,
            format!(
                "{} uses the backend \"{}\", which s3drift does not read",
                found.file.display(),
                found.kind
            ),
        )
        .help(
            "pull the state and pass it as a file: `terraform state pull > state.json` \
             and then --state state.json",
        )),
        // No backend block means the local backend, as for Terraform.
        found => {
            let mut settings = found.map(|f| f.settings).unwrap_or_default();
            for item in backend_config {
                merge(&mut settings, parse_backend_config(item)?);
            }
            local_state(dir, &settings, &workspace).map(Location::Local)
        }
    }
}

fn workspace_name(dir: &Path, given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var("TF_WORKSPACE").ok())
        .or_else(|| {
            std::fs::read_to_string(dir.join(".terraform").join("environment"))
                .ok()
                .map(|s| s.trim().to_string())
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".to_string())
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

/// Reads the root's configuration files (sorted; override files last, as Terraform merges
/// them) and returns the backend block, if any.
fn find_backend(dir: &Path) -> Result<Option<Found>, InputError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        InputError::new(
            ErrorCode::Io,
            format!("cannot read directory {}: {e}", dir.display()),
        )
        .help("--dir takes the Terraform root directory (where `terraform init` runs)")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_config(p) && p.is_file())
        .collect();
    files.sort();
    let (overrides, primary): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|p| is_override(p));
    let mut found: Option<Found> = None;
    for file in primary {
        for (kind, settings) in backends_in(&file)? {
            if let Some(first) = &found {
                return Err(InputError::new(
                    ErrorCode::Config,
                    format!(
                        "{} and {} both configure a backend; Terraform allows one",
                        first.file.display(),
                        file.display()
                    ),
                )
                .help("remove one of the backend blocks"));
            }
            found = Some(Found {
                kind,
                file: file.clone(),
                settings,
            });
        }
    }
    // A backend block in an override file replaces the original one.
    for file in overrides {
        for (kind, settings) in backends_in(&file)? {
            found = Some(Found {
                kind,
                file: file.clone(),
                settings,
            });
        }
    }
    Ok(found)
}

/// The `terraform { backend "<kind>" { … } }` blocks of one file.
fn backends_in(file: &Path) -> Result<Vec<(String, Settings)>, InputError> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        InputError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", file.display()),
        )
    })?;
    backends_of(&file.display().to_string(), &text)
}

/// The `backend "s3"` block of one configuration file's text, resolved for `workspace`
/// without partial configuration; `None` when the file configures no `s3` backend. A
/// `name` ending in `.tf.json` selects Terraform's JSON syntax, any other HCL.
pub fn s3_backend_in(
    name: &str,
    text: &str,
    workspace: &str,
) -> Result<Option<S3Backend>, InputError> {
    match backends_of(name, text)?
        .into_iter()
        .rfind(|(kind, _)| kind == "s3")
    {
        Some((_, settings)) => s3_backend(Path::new(name), settings, workspace).map(Some),
        None => Ok(None),
    }
}

/// The `terraform { backend "<kind>" { … } }` blocks of one file's text.
fn backends_of(name: &str, text: &str) -> Result<Vec<(String, Settings)>, InputError> {
    if name.ends_with(".tf.json") {
        return json_backends(name, text);
    }
    let body = hcl::parse(text).map_err(|e| hcl_error(name, text, &e))?;
    let mut out = Vec::new();
    for terraform in body.blocks().filter(|b| b.identifier() == "terraform") {
        for backend in terraform
            .body()
            .blocks()
            .filter(|b| b.identifier() == "backend")
        {
            let kind = backend
                .labels()
                .first()
                .map(|l| l.as_str().to_string())
                .unwrap_or_default();
            out.push((kind, body_settings(backend.body(), name)?));
        }
    }
    Ok(out)
}

/// Backends of a `.tf.json` file: `{"terraform": {"backend": {"s3": {…}}}}`, where each
/// level may also be a list of such objects (Terraform's JSON syntax).
fn json_backends(name: &str, text: &str) -> Result<Vec<(String, Settings)>, InputError> {
    use serde_json::Value as J;
    let json: J = serde_json::from_str(text).map_err(|e| {
        let at = crate::diag::offset_of(text, e.line(), e.column());
        InputError::new(
            ErrorCode::Config,
            format!("{name} is not valid Terraform JSON configuration: {e}"),
        )
        .with_source(name, text, at.into(), "here", &secret_values(text))
    })?;
    fn objects(v: Option<&J>) -> Vec<&serde_json::Map<String, J>> {
        match v {
            Some(J::Object(m)) => vec![m],
            Some(J::Array(items)) => items.iter().filter_map(J::as_object).collect(),
            _ => Vec::new(),
        }
    }
    let mut out = Vec::new();
    for terraform in objects(json.get("terraform")) {
        for backend in objects(terraform.get("backend")) {
            for (kind, settings) in backend {
                for s in objects(Some(settings)) {
                    out.push((kind.clone(), json_settings(s)));
                }
            }
        }
    }
    Ok(out)
}

/// What to mask in a snippet of a configuration file that could not be read: every string
/// value, since a backend block may hold `access_key`, `secret_key` or `token`.
fn secret_values(text: &str) -> Vec<std::ops::Range<usize>> {
    super::locate::string_value_ranges(text)
}

fn hcl_error(name: &str, text: &str, e: &hcl::Error) -> InputError {
    let err = InputError::new(
        ErrorCode::Config,
        format!("{name} is not valid Terraform configuration: {e}"),
    )
    .help("s3drift reads the backend block of the root's .tf files; `terraform validate` shows the same problem");
    match e {
        hcl::Error::Parse(p) => {
            let at = crate::diag::offset_of(text, p.location().line(), p.location().column());
            err.with_source(name, text, at.into(), "here", &secret_values(text))
        }
        _ => err,
    }
}

fn body_settings(body: &hcl::Body, file: &str) -> Result<Settings, InputError> {
    let mut out = Settings::new();
    for attr in body.attributes() {
        out.insert(
            attr.key().to_string(),
            literal(attr.expr(), attr.key(), file)?,
        );
    }
    // `assume_role { … }` written as a block is read like the attribute form.
    for block in body.blocks() {
        out.insert(
            block.identifier().to_string(),
            Setting::Map(body_settings(block.body(), file)?),
        );
    }
    Ok(out)
}

fn literal(expr: &hcl::Expression, key: &str, file: &str) -> Result<Setting, InputError> {
    use hcl::Expression as E;
    Ok(match expr {
        E::String(s) => Setting::Text(s.clone()),
        E::Bool(b) => Setting::Text(b.to_string()),
        E::Number(n) => Setting::Text(n.to_string()),
        E::Null => Setting::Text(String::new()),
        E::Object(obj) => {
            let mut m = BTreeMap::new();
            for (k, v) in obj {
                let k = match k {
                    hcl::ObjectKey::Identifier(i) => i.to_string(),
                    hcl::ObjectKey::Expression(E::String(s)) => s.clone(),
                    _ => return Err(not_literal(key, file)),
                };
                m.insert(k.clone(), literal(v, &k, file)?);
            }
            Setting::Map(m)
        }
        _ => return Err(not_literal(key, file)),
    })
}

fn not_literal(key: &str, file: &str) -> InputError {
    InputError::new(
        ErrorCode::Config,
        format!("the backend setting `{key}` in {file} is not a literal value"),
    )
    .help("backend blocks cannot use variables or expressions (Terraform rejects them too); pass the value with --backend-config KEY=VALUE")
}

fn merge(into: &mut Settings, from: Settings) {
    for (k, v) in from {
        match (into.get_mut(&k), v) {
            (Some(Setting::Map(have)), Setting::Map(new)) => {
                for (nk, nv) in new {
                    have.insert(nk, nv);
                }
            }
            (_, v) => {
                into.insert(k, v);
            }
        }
    }
}

/// The backend configuration `terraform init` cached, without its unset (`null`) keys.
fn cached_config(dir: &Path) -> Settings {
    let path = dir.join(".terraform").join("terraform.tfstate");
    let Ok(text) = std::fs::read_to_string(path) else {
        return Settings::new();
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Settings::new();
    };
    if json.pointer("/backend/type").and_then(|t| t.as_str()) != Some("s3") {
        return Settings::new();
    }
    match json.pointer("/backend/config") {
        Some(serde_json::Value::Object(m)) => json_settings(m),
        _ => Settings::new(),
    }
}

fn json_settings(m: &serde_json::Map<String, serde_json::Value>) -> Settings {
    use serde_json::Value as J;
    m.iter()
        .filter_map(|(k, v)| {
            let s = match v {
                J::String(s) if !s.is_empty() => Setting::Text(s.clone()),
                J::Bool(b) => Setting::Text(b.to_string()),
                J::Number(n) => Setting::Text(n.to_string()),
                J::Object(o) => {
                    let inner = json_settings(o);
                    if inner.is_empty() {
                        return None;
                    }
                    Setting::Map(inner)
                }
                _ => return None,
            };
            Some((k.clone(), s))
        })
        .collect()
}

/// One `--backend-config`: a file of `key = "value"` lines (like `-backend-config=FILE`),
/// or `KEY=VALUE`.
fn parse_backend_config(item: &str) -> Result<Settings, InputError> {
    let path = Path::new(item);
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| InputError::new(ErrorCode::Io, format!("cannot read {item}: {e}")))?;
        let body = hcl::parse(&text).map_err(|e| hcl_error(item, &text, &e))?;
        return body_settings(&body, item);
    }
    let Some((key, value)) = item.split_once('=') else {
        return Err(InputError::new(
            ErrorCode::Usage,
            format!("--backend-config {item}: not KEY=VALUE and no such file"),
        )
        .help("pass KEY=VALUE (e.g. bucket=my-tfstate) or the path of a file of key = \"value\" lines"));
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(InputError::new(
            ErrorCode::Usage,
            format!("--backend-config {item}: the key is empty"),
        )
        .help("pass KEY=VALUE, e.g. key=prod/terraform.tfstate"));
    }
    let value = value.trim();
    // Nested settings (`assume_role={role_arn="…"}`) are HCL objects, as for Terraform.
    let setting = if value.starts_with('{') {
        let body = hcl::parse(&format!("v = {value}"))
            .map_err(|e| hcl_error("--backend-config", item, &e))?;
        match body.attributes().next() {
            Some(a) => literal(a.expr(), key, "--backend-config")?,
            None => Setting::Text(String::new()),
        }
    } else {
        Setting::Text(value.trim_matches('"').to_string())
    };
    Ok(Settings::from([(key.to_string(), setting)]))
}

fn text<'a>(s: &'a Settings, key: &str) -> Option<&'a str> {
    match s.get(key) {
        Some(Setting::Text(t)) if !t.is_empty() => Some(t),
        _ => None,
    }
}

fn map<'a>(s: &'a Settings, key: &str) -> Option<&'a Settings> {
    match s.get(key) {
        Some(Setting::Map(m)) => Some(m),
        _ => None,
    }
}

fn truthy(v: Option<&str>) -> bool {
    matches!(v, Some("true") | Some("True") | Some("1"))
}

fn s3_backend(file: &Path, s: Settings, workspace: &str) -> Result<S3Backend, InputError> {
    let missing: Vec<&str> = ["bucket", "key"]
        .into_iter()
        .filter(|k| text(&s, k).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(InputError::new(
            ErrorCode::Config,
            format!(
                "the backend \"s3\" block in {} has no {}",
                file.display(),
                missing.join(" and ")
            ),
        )
        .help(format!(
            "complete the partial configuration the way `terraform init` takes it: {}",
            missing
                .iter()
                .map(|k| format!("--backend-config {k}=…"))
                .collect::<Vec<_>>()
                .join(" ")
        )));
    }
    let bucket = text(&s, "bucket").unwrap_or_default().to_string();
    let base_key = text(&s, "key").unwrap_or_default();
    // The S3 backend keeps non-default workspaces under <prefix>/<workspace>/<key>.
    let key = if workspace == "default" {
        base_key.to_string()
    } else {
        let prefix = match s.get("workspace_key_prefix") {
            Some(Setting::Text(p)) => p.as_str(),
            _ => DEFAULT_WORKSPACE_KEY_PREFIX,
        };
        if prefix.is_empty() {
            format!("{workspace}/{base_key}")
        } else {
            format!("{prefix}/{workspace}/{base_key}")
        }
    };
    let endpoint = map(&s, "endpoints")
        .and_then(|e| text(e, "s3"))
        .or_else(|| text(&s, "endpoint"))
        .map(str::to_string);
    let use_path_style = truthy(text(&s, "use_path_style")) || truthy(text(&s, "force_path_style"));
    let assume_role = match map(&s, "assume_role") {
        Some(r) => text(r, "role_arn").map(|arn| AssumeRole {
            role_arn: arn.to_string(),
            external_id: text(r, "external_id").map(str::to_string),
            session_name: text(r, "session_name").map(str::to_string),
        }),
        // Backends written before Terraform 1.6 put the role at the top level.
        None => text(&s, "role_arn").map(|arn| AssumeRole {
            role_arn: arn.to_string(),
            external_id: text(&s, "external_id").map(str::to_string),
            session_name: text(&s, "session_name").map(str::to_string),
        }),
    };
    Ok(S3Backend {
        bucket,
        key,
        region: text(&s, "region").map(str::to_string),
        endpoint,
        use_path_style,
        assume_role,
        profile: text(&s, "profile").map(str::to_string),
    })
}

/// The local backend: `terraform.tfstate`, or `terraform.tfstate.d/<ws>/terraform.tfstate`
/// for a non-default workspace (with `path` / `workspace_dir` when the block sets them).
fn local_state(dir: &Path, s: &Settings, workspace: &str) -> Result<PathBuf, InputError> {
    let path = if workspace == "default" {
        dir.join(text(s, "path").unwrap_or("terraform.tfstate"))
    } else {
        dir.join(text(s, "workspace_dir").unwrap_or("terraform.tfstate.d"))
            .join(workspace)
            .join("terraform.tfstate")
    };
    if path.is_file() {
        Ok(path)
    } else {
        Err(InputError::new(
            ErrorCode::Io,
            format!(
                "no state found for {}: no backend \"s3\" block and no {}",
                dir.display(),
                path.display()
            ),
        )
        .help("pass the state with --state FILE or s3://BUCKET/KEY, or point --dir at the Terraform root"))
    }
}

/// Reads the state a `backend "s3"` block points at. The block's endpoint, profile and role
/// apply unless the command line set them; its region is the state bucket's region.
pub async fn fetch_backend(
    aws: &AwsSettings,
    backend: &S3Backend,
) -> Result<RemoteState, InputError> {
    let settings = AwsSettings {
        profile: aws.profile.clone().or_else(|| backend.profile.clone()),
        region: aws.region.clone().or_else(|| backend.region.clone()),
        assume_role: aws
            .assume_role
            .clone()
            .or_else(|| backend.assume_role.clone()),
        endpoint_url: aws.endpoint_url.clone(),
    };
    let config = aws::sdk_config(&settings).await?;
    // An explicit --endpoint-url wins, as the other command-line flags do; then the block's
    // endpoint, then AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL.
    let endpoint = aws
        .endpoint_url
        .clone()
        .or_else(|| backend.endpoint.clone())
        .or_else(|| aws::s3_endpoint(aws));
    fetch_object(
        &config,
        endpoint.as_deref(),
        backend.use_path_style,
        backend.region.as_deref(),
        &backend.bucket,
        &backend.key,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    const FULL: &str = r#"
terraform {
  required_version = ">= 1.6"
  backend "s3" {
    bucket               = "acme-tfstate"
    key                  = "platform/terraform.tfstate"
    region               = "eu-central-1"
    workspace_key_prefix = "ws"
    endpoints = {
      s3 = "http://127.0.0.1:9000"
    }
    use_path_style = true
    profile        = "ops"
    assume_role = {
      role_arn     = "arn:aws:iam::111122223333:role/state-reader"
      external_id  = "x-1"
      session_name = "ci"
    }
  }
}
"#;

    fn s3(loc: Location) -> S3Backend {
        match loc {
            Location::S3(b) => b,
            other => panic!("expected an s3 backend, got {other:?}"),
        }
    }

    #[test]
    fn full_block() {
        let dir = root(&[("main.tf", FULL)]);
        let b = s3(resolve(dir.path(), Some("default"), &[]).unwrap());
        assert_eq!(
            b,
            S3Backend {
                bucket: "acme-tfstate".into(),
                key: "platform/terraform.tfstate".into(),
                region: Some("eu-central-1".into()),
                endpoint: Some("http://127.0.0.1:9000".into()),
                use_path_style: true,
                assume_role: Some(AssumeRole {
                    role_arn: "arn:aws:iam::111122223333:role/state-reader".into(),
                    external_id: Some("x-1".into()),
                    session_name: Some("ci".into()),
                }),
                profile: Some("ops".into()),
            }
        );
        let b = s3(resolve(dir.path(), Some("staging"), &[]).unwrap());
        assert_eq!(b.key, "ws/staging/platform/terraform.tfstate");
    }

    #[test]
    fn partial_config_and_default_prefix() {
        let dir = root(&[
            ("backend.tf", "terraform {\n  backend \"s3\" {}\n}\n"),
            (
                "prod.s3.tfbackend",
                "bucket = \"acme-tfstate\"\nregion = \"us-west-2\"\nforce_path_style = true\n",
            ),
        ]);
        let file = dir.path().join("prod.s3.tfbackend").display().to_string();
        let b = s3(resolve(
            dir.path(),
            Some("blue"),
            &[
                file,
                "key=app/terraform.tfstate".into(),
                "endpoint=http://localhost:1".into(),
            ],
        )
        .unwrap());
        assert_eq!(b.bucket, "acme-tfstate");
        assert_eq!(b.key, "env:/blue/app/terraform.tfstate");
        assert_eq!(b.region.as_deref(), Some("us-west-2"));
        assert_eq!(b.endpoint.as_deref(), Some("http://localhost:1"));
        assert!(b.use_path_style);
    }

    #[test]
    fn later_backend_config_wins_and_nested_values_parse() {
        let dir = root(&[("main.tf", FULL)]);
        let b = s3(resolve(
            dir.path(),
            Some("default"),
            &[
                "bucket=other".into(),
                r#"assume_role={role_arn="arn:aws:iam::444455556666:role/r"}"#.into(),
            ],
        )
        .unwrap());
        assert_eq!(b.bucket, "other");
        let role = b.assume_role.unwrap();
        assert_eq!(role.role_arn, "arn:aws:iam::444455556666:role/r");
        // Keys the override does not name stay as the block set them.
        assert_eq!(role.external_id.as_deref(), Some("x-1"));
    }

    #[test]
    fn missing_keys_are_named_with_a_hint() {
        let dir = root(&[(
            "main.tf",
            "terraform {\n  backend \"s3\" {\n    region = \"eu-west-1\"\n  }\n}\n",
        )]);
        let e = resolve(dir.path(), None, &[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        assert!(e.message.contains("bucket and key"), "{}", e.message);
        assert!(e.help.unwrap().contains("--backend-config bucket="));
    }

    #[test]
    fn variables_are_rejected() {
        let dir = root(&[(
            "main.tf",
            "terraform {\n  backend \"s3\" {\n    bucket = var.b\n    key = \"k\"\n  }\n}\n",
        )]);
        let e = resolve(dir.path(), None, &[]).unwrap_err();
        assert!(e.message.contains("`bucket`"), "{}", e.message);
    }

    #[test]
    fn local_fallback_and_workspaces() {
        let dir = root(&[
            (
                "main.tf",
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n",
            ),
            ("terraform.tfstate", "{}"),
            ("terraform.tfstate.d/blue/terraform.tfstate", "{}"),
        ]);
        assert_eq!(
            resolve(dir.path(), Some("default"), &[]).unwrap(),
            Location::Local(dir.path().join("terraform.tfstate"))
        );
        assert_eq!(
            resolve(dir.path(), Some("blue"), &[]).unwrap(),
            Location::Local(
                dir.path()
                    .join("terraform.tfstate.d/blue/terraform.tfstate")
            )
        );
        let e = resolve(dir.path(), Some("green"), &[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::Io);
    }

    #[test]
    fn bad_hcl_points_at_the_line() {
        let dir = root(&[(
            "main.tf",
            "terraform {\n  backend \"s3\" {\n    bucket = \n",
        )]);
        let e = resolve(dir.path(), None, &[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::Config);
        assert!(e.label.is_some());
    }

    #[test]
    fn one_file_read_alone() {
        let hcl = "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n    key = \"k\"\n  }\n}\n";
        let found = s3_backend_in("main.tf", hcl, "dev").unwrap().unwrap();
        assert_eq!(
            (found.bucket.as_str(), found.key.as_str()),
            ("b", "env:/dev/k")
        );
        let json = r#"{"terraform": {"backend": {"s3": {"bucket": "b", "key": "k"}}}}"#;
        let found = s3_backend_in("main.tf.json", json, "default")
            .unwrap()
            .unwrap();
        assert_eq!(found.key, "k");
        assert_eq!(
            s3_backend_in("main.tf", "locals {}\n", "default").unwrap(),
            None
        );
        let e = s3_backend_in(
            "main.tf.json",
            json.replace("\"key\"", "\"kei\"").as_str(),
            "default",
        )
        .unwrap_err();
        assert!(e.message.contains("has no key"), "{}", e.message);
    }

    #[test]
    fn snippets_of_bad_configuration_mask_credentials() {
        for (file, text) in [
            (
                "main.tf",
                "terraform {\n  backend \"s3\" {\n    secret_key = \"planted-key\"\n    bucket = \n",
            ),
            (
                "main.tf.json",
                "{\"terraform\": {\"backend\": {\"s3\": {\"secret_key\": \"planted-key\",,}}}}",
            ),
        ] {
            let dir = root(&[(file, text)]);
            let e = resolve(dir.path(), None, &[]).unwrap_err();
            assert_eq!(e.code, ErrorCode::Config);
            let shown = crate::diag::render_plain(&e);
            assert!(shown.contains("secret_key"), "{shown}");
            assert!(!shown.contains("planted-key"), "{shown}");
        }
    }

    #[test]
    fn json_configuration_and_override_files() {
        let dir = root(&[(
            "main.tf.json",
            r#"{"terraform": [{"backend": {"s3": {"bucket": "json-bucket", "key": "j/terraform.tfstate"}}}]}"#,
        )]);
        let b = s3(resolve(dir.path(), Some("default"), &[]).unwrap());
        assert_eq!(
            (b.bucket.as_str(), b.key.as_str()),
            ("json-bucket", "j/terraform.tfstate")
        );

        let dir = root(&[
            ("main.tf", FULL),
            (
                "backend_override.tf",
                "terraform {\n  backend \"s3\" {\n    bucket = \"o\"\n    key = \"o.tfstate\"\n  }\n}\n",
            ),
        ]);
        let b = s3(resolve(dir.path(), Some("default"), &[]).unwrap());
        assert_eq!((b.bucket.as_str(), b.key.as_str()), ("o", "o.tfstate"));
        assert_eq!(b.region, None, "the override replaces the whole block");
    }

    #[test]
    fn two_backends_are_an_error() {
        let block = "terraform {\n  backend \"s3\" {}\n}\n";
        let dir = root(&[("a.tf", block), ("b.tf", block)]);
        let e = resolve(dir.path(), None, &[]).unwrap_err();
        assert!(
            e.message.contains("both configure a backend"),
            "{}",
            e.message
        );
    }

    #[test]
    fn other_backends_are_named() {
        let dir = root(&[(
            "main.tf",
            "terraform {\n  backend \"gcs\" {\n    bucket = \"b\"\n  }\n}\n",
        )]);
        let e = resolve(dir.path(), None, &[]).unwrap_err();
        assert!(e.message.contains("\"gcs\""));
    }

    #[test]
    fn init_cache_completes_a_partial_block() {
        let dir = root(&[
            ("main.tf", "terraform {\n  backend \"s3\" {}\n}\n"),
            (
                ".terraform/terraform.tfstate",
                r#"{"version":3,"backend":{"type":"s3","config":{"bucket":"cached","key":"c/terraform.tfstate","region":null,"endpoints":null}}}"#,
            ),
            (".terraform/environment", "blue\n"),
        ]);
        let b = s3(resolve(dir.path(), None, &[]).unwrap());
        assert_eq!(b.bucket, "cached");
        assert_eq!(b.key, "env:/blue/c/terraform.tfstate");
        assert_eq!(b.region, None);
    }
}
