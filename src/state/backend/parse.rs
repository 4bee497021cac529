//! Reading `terraform { backend "<kind>" { … } }` blocks from a file's text, in HCL (via
//! hcl-rs) or Terraform's JSON syntax, into literal settings.

use super::diagnostics::{hcl_error, not_literal, secret_values};
use super::settings::{json_settings, Setting, Settings};
use crate::diag::{ErrorCode, InputError};
use std::collections::BTreeMap;

/// The `terraform { backend "<kind>" { … } }` blocks of one file's text.
pub(super) fn backends_of(name: &str, text: &str) -> Result<Vec<(String, Settings)>, InputError> {
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

/// The attributes and nested blocks of a backend block as settings.
pub(super) fn body_settings(body: &hcl::Body, file: &str) -> Result<Settings, InputError> {
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

/// A setting's value, which must be a literal: backend blocks cannot use expressions.
pub(super) fn literal(
    expr: &hcl::Expression,
    key: &str,
    file: &str,
) -> Result<Setting, InputError> {
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
