//! The JSON *representation* of state that `terraform show -json` writes: a `root_module`
//! with `resources` (each with a ready-made `address`, `values` and `sensitive_values`)
//! and nested `child_modules`. Plans use it for `prior_state` and `planned_values`.

use super::address::config_address;
use super::locate::Seg;
use super::problem::{at, list, object, opt_str, opt_u64, req_str, Problem};
use super::{sensitive, ProviderRef, Resource};
use serde_json::Value;
use std::collections::BTreeMap;

/// Whether a resource type is in scope: every `aws_s3_*` type (monitored or recognised).
/// `aws_s3control_*` and `aws_s3outposts_*` are other services.
pub fn in_scope(rtype: &str) -> bool {
    rtype.starts_with("aws_s3_")
}

/// Provider aliases by configuration address (from a plan's `configuration`), since
/// `provider_name` in values names the provider but not its alias.
pub type Aliases = BTreeMap<String, ProviderRef>;

/// Collects the managed in-scope resources of a `root_module` (recursing `child_modules`).
/// Deposed objects are skipped.
pub fn module_resources(
    module: &Value,
    ptr: &[Seg],
    aliases: &Aliases,
    out: &mut Vec<Resource>,
) -> Result<(), Problem> {
    if module.is_null() {
        return Ok(());
    }
    let map = object(module, ptr, "a module in `values`")?;
    if let Some(resources) = map.get("resources").filter(|v| !v.is_null()) {
        let rptr = at(ptr, "resources");
        for (i, r) in list(resources, &rptr, "`resources`")?.iter().enumerate() {
            let here = at(&rptr, i);
            if let Some(res) = resource(r, &here, aliases)? {
                out.push(res);
            }
        }
    }
    if let Some(children) = map.get("child_modules").filter(|v| !v.is_null()) {
        let cptr = at(ptr, "child_modules");
        for (i, child) in list(children, &cptr, "`child_modules`")?.iter().enumerate() {
            module_resources(child, &at(&cptr, i), aliases, out)?;
        }
    }
    Ok(())
}

fn resource(r: &Value, ptr: &[Seg], aliases: &Aliases) -> Result<Option<Resource>, Problem> {
    let map = object(r, ptr, "a resource entry")?;
    let mode = req_str(map, "mode", ptr)?;
    let rtype = req_str(map, "type", ptr)?;
    let address = req_str(map, "address", ptr)?;
    if mode != "managed" || !in_scope(rtype) || opt_str(map, "deposed_key", ptr)?.is_some() {
        return Ok(None);
    }
    let attributes = match map.get("values") {
        None | Some(Value::Null) => Value::Object(Default::default()),
        Some(v) => {
            object(v, &at(ptr, "values"), "`values`")?;
            super::schema::check(rtype, address, v, &at(ptr, "values"))?;
            v.clone()
        }
    };
    let sensitive = map
        .get("sensitive_values")
        .map(sensitive::from_mirror)
        .unwrap_or_default();
    let tainted = match map.get("tainted") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(Problem::shape(
                &at(ptr, "tainted"),
                "`tainted` must be true or false",
                "expected a boolean here",
                "the file does not have the layout Terraform writes; was it edited by hand?",
            ))
        }
    };
    Ok(Some(Resource {
        address: address.to_string(),
        rtype: rtype.to_string(),
        provider: provider_of(address, opt_str(map, "provider_name", ptr)?, aliases),
        attributes,
        sensitive,
        unknown: Vec::new(),
        // Terraform 1.12+ writes the resource identity next to the values.
        identity: map.get("identity").filter(|v| v.is_object()).cloned(),
        tainted,
        schema_version: opt_u64(map, "schema_version", ptr)?.unwrap_or(0),
    }))
}

/// The provider of a resource in values: its alias from the configuration where known,
/// else the type from `provider_name` (`registry.terraform.io/hashicorp/aws` or, before
/// Terraform 0.13, plain `aws`).
pub fn provider_of(address: &str, provider_name: Option<&str>, aliases: &Aliases) -> ProviderRef {
    if let Some(p) = aliases.get(&config_address(address)) {
        return p.clone();
    }
    let name = provider_name
        .and_then(|p| p.rsplit('/').next())
        .filter(|n| !n.is_empty())
        .unwrap_or("aws");
    ProviderRef {
        name: name.to_string(),
        alias: None,
    }
}
