//! What a plan's `configuration` section tells us: provider aliases, which bucket a split
//! resource's `bucket` expression references, and which inline blocks each
//! `aws_s3_bucket` sets in code.
//!
//! Addresses in `configuration` are relative to their module; the walk prefixes them with
//! `module.<call>.` per `module_calls` level, giving configuration addresses (no instance
//! keys), the form [`config_address`](super::address::config_address) produces.

use super::address::config_address;
use super::locate::Seg;
use super::problem::{at, list, object, opt_str, Problem};
use super::values::{in_scope, Aliases};
use super::ProviderRef;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The facts read from `configuration`.
#[derive(Debug, Default)]
pub struct ConfigInfo {
    pub aliases: Aliases,
    pub bucket_refs: BTreeMap<String, String>,
    pub inline_blocks: BTreeMap<String, BTreeSet<String>>,
}

/// Reads `configuration` (absent in some plans, e.g. filtered fixtures).
pub fn read(root: &Map<String, Value>) -> Result<ConfigInfo, Problem> {
    let mut info = ConfigInfo::default();
    let Some(config) = root.get("configuration").filter(|v| !v.is_null()) else {
        return Ok(info);
    };
    let ptr = vec![Seg::from("configuration")];
    let cmap = object(config, &ptr, "`configuration`")?;
    let providers = cmap.get("provider_config").and_then(Value::as_object);
    if let Some(rm) = cmap.get("root_module").filter(|v| !v.is_null()) {
        walk(rm, "", &at(&ptr, "root_module"), providers, &mut info)?;
    }
    Ok(info)
}

fn walk(
    module: &Value,
    prefix: &str,
    ptr: &[Seg],
    providers: Option<&Map<String, Value>>,
    info: &mut ConfigInfo,
) -> Result<(), Problem> {
    let map = object(module, ptr, "a module in `configuration`")?;
    if let Some(resources) = map.get("resources").filter(|v| !v.is_null()) {
        let rptr = at(ptr, "resources");
        for (i, r) in list(resources, &rptr, "`resources`")?.iter().enumerate() {
            resource(r, prefix, &at(&rptr, i), providers, info)?;
        }
    }
    if let Some(calls) = map.get("module_calls").filter(|v| !v.is_null()) {
        let cptr = at(ptr, "module_calls");
        for (name, call) in object(calls, &cptr, "`module_calls`")? {
            let here = at(&cptr, name.as_str());
            let call_map = object(call, &here, "a module call")?;
            if let Some(child) = call_map.get("module").filter(|v| !v.is_null()) {
                let child_prefix = format!("{prefix}module.{name}.");
                walk(child, &child_prefix, &at(&here, "module"), providers, info)?;
            }
        }
    }
    Ok(())
}

fn resource(
    r: &Value,
    prefix: &str,
    ptr: &[Seg],
    providers: Option<&Map<String, Value>>,
    info: &mut ConfigInfo,
) -> Result<(), Problem> {
    let map = object(r, ptr, "a resource in `configuration`")?;
    let (Some(mode), Some(rtype), Some(address)) = (
        opt_str(map, "mode", ptr)?,
        opt_str(map, "type", ptr)?,
        opt_str(map, "address", ptr)?,
    ) else {
        return Ok(());
    };
    if mode != "managed" || !in_scope(rtype) {
        return Ok(());
    }
    let full = format!("{prefix}{}", config_address(address));
    if let Some(key) = opt_str(map, "provider_config_key", ptr)? {
        if let Some(p) = provider_for_key(key, providers) {
            info.aliases.insert(full.clone(), p);
        }
    }
    let Some(expressions) = map.get("expressions").and_then(Value::as_object) else {
        return Ok(());
    };
    if rtype == "aws_s3_bucket" {
        let blocks: BTreeSet<String> = expressions
            .keys()
            .filter(|k| crate::parts::inline_config_blocks().any(|(b, _)| b == k.as_str()))
            .cloned()
            .collect();
        info.inline_blocks.insert(full, blocks);
    } else if let Some(target) = bucket_reference(expressions.get("bucket")) {
        info.bucket_refs.insert(full, format!("{prefix}{target}"));
    }
    Ok(())
}

/// The `aws_s3_bucket.<name>` a `bucket` expression references, if any. References are
/// module-relative and list the most specific first (`aws_s3_bucket.b.id`,
/// `aws_s3_bucket.b`); a reference through a variable or module output cannot be followed.
fn bucket_reference(expr: Option<&Value>) -> Option<String> {
    let refs = expr?.get("references")?.as_array()?;
    refs.iter().filter_map(Value::as_str).find_map(|r| {
        let plain = config_address(r);
        let mut parts = plain.split('.');
        match (parts.next(), parts.next()) {
            (Some("aws_s3_bucket"), Some(name)) if !name.is_empty() => {
                Some(format!("aws_s3_bucket.{name}"))
            }
            _ => None,
        }
    })
}

/// The provider a `provider_config_key` (`aws`, `aws.west`, `child:aws`,
/// `module.child:aws.west`) names, preferring the `provider_config` entry's own `name` and
/// `alias`.
fn provider_for_key(key: &str, providers: Option<&Map<String, Value>>) -> Option<ProviderRef> {
    if let Some(entry) = providers.and_then(|p| p.get(key)) {
        if let Some(name) = entry.get("name").and_then(Value::as_str) {
            return Some(ProviderRef {
                name: name.to_string(),
                alias: entry
                    .get("alias")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            });
        }
    }
    let local = key.rsplit(':').next()?;
    let mut parts = local.splitn(2, '.');
    let name = parts.next().filter(|n| !n.is_empty())?;
    Some(ProviderRef {
        name: name.to_string(),
        alias: parts.next().map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_and_keys() {
        assert_eq!(
            bucket_reference(Some(
                &json!({"references": ["var.x", "aws_s3_bucket.b[0].id", "aws_s3_bucket.b"]})
            )),
            Some("aws_s3_bucket.b".into())
        );
        assert_eq!(
            bucket_reference(Some(&json!({"references": ["module.m.bucket_id"]}))),
            None
        );
        assert_eq!(
            bucket_reference(Some(&json!({"constant_value": "x"}))),
            None
        );
        assert_eq!(
            provider_for_key("module.child:aws.west", None),
            Some(ProviderRef {
                name: "aws".into(),
                alias: Some("west".into())
            })
        );
        assert_eq!(
            provider_for_key("first_layer:aws", None),
            Some(ProviderRef {
                name: "aws".into(),
                alias: None
            })
        );
    }
}
