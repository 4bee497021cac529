//! Reading a plan's JSON (`terraform show -json plan.out`, format 0.1–1.x).
//!
//! The state side is the *last-applied* state: a plan's `prior_state` is taken after
//! refresh, so it already equals live, and each `resource_drift[].change.before` is put
//! back (Terraform's JSON output format). `planned_values` is the config side;
//! `resource_changes` gives the pending actions and the sensitive and unknown marks.
//! `prior_state` as refreshed (before the put-back) is kept too: with `resource_drift` it is
//! live as the plan saw it, the third view of `check --plan`.

use super::detect;
use super::locate::{self, Seg};
use super::plan_config;
use super::problem::{at, kind, list, object, opt_str, parse_json, req_str, Problem};
use super::values::{self, in_scope, provider_of, Aliases};
use super::{sensitive, AttrPath, Loaded, PlanInfo, Resource, SourceKind};
use crate::diag::{ErrorCode, InputError};
use crate::warning::{Warning, WarningCode};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Reads a plan's JSON text. `name` is the path shown in messages.
pub fn parse_plan(name: &str, text: &str) -> Result<Loaded, InputError> {
    let root = parse_json(name, text, "--plan")?;
    detect::reject(name, text, &root, SourceKind::Plan)?;
    // A plan holds before/after values of every resource and variable; its sensitive marks
    // are spread over several mirrors, so a snippet masks every string value.
    read(name, &root).map_err(|p| p.into_error(name, text, &locate::string_value_ranges(text)))
}

/// One `resource_changes` entry, reduced to what the model needs.
struct Change {
    after_sensitive: Option<Vec<AttrPath>>,
    after_unknown: Vec<AttrPath>,
}

fn read(name: &str, root: &Value) -> Result<Loaded, Problem> {
    let map = object(root, &[], "the plan")?;
    check_format(map)?;
    let terraform_version = opt_str(map, "terraform_version", &[])?.map(str::to_string);
    let config = plan_config::read(map)?;

    let mut info = PlanInfo {
        bucket_refs: config.bucket_refs,
        inline_blocks: config.inline_blocks,
        ..PlanInfo::default()
    };
    let changes = resource_changes(map, &mut info)?;

    let mut resources = Vec::new();
    if let Some(prior) = map.get("prior_state").filter(|v| !v.is_null()) {
        let ptr = vec![Seg::from("prior_state")];
        let pmap = object(prior, &ptr, "`prior_state`")?;
        if let Some(vals) = pmap.get("values").filter(|v| !v.is_null()) {
            let vptr = at(&ptr, "values");
            let vmap = object(vals, &vptr, "`prior_state.values`")?;
            if let Some(rm) = vmap.get("root_module") {
                values::module_resources(
                    rm,
                    &at(&vptr, "root_module"),
                    &config.aliases,
                    &mut resources,
                )?;
            }
        }
    }
    info.refreshed = resources.clone();
    info.refreshed.sort_by(|a, b| a.address.cmp(&b.address));
    // The plan's refresh is a live side only when it holds the refreshed state itself: a
    // `resource_drift` without `prior_state` says what drifted but not what live is, so
    // such a plan is compared with a live read (or a snapshot) like any other.
    let has_prior = map.get("prior_state").is_some_and(|v| !v.is_null());
    info.drift_reported = has_prior && map.get("resource_drift").is_some_and(|v| !v.is_null());
    info.timestamp = match opt_str(map, "timestamp", &[])? {
        None => None,
        Some(t) => Some(t.parse().map_err(|e| {
            Problem::shape(
                &[Seg::from("timestamp")],
                format!(
                    "`timestamp` must be an RFC 3339 time such as \"2026-11-20T09:00:00Z\": {e}"
                ),
                "not an RFC 3339 time",
                "pass the output of `terraform show -json plan.out` unchanged",
            )
        })?),
    };
    put_back_drift(map, &config.aliases, &mut resources)?;
    resources.sort_by(|a, b| a.address.cmp(&b.address));

    if let Some(planned) = map.get("planned_values").filter(|v| !v.is_null()) {
        let ptr = vec![Seg::from("planned_values")];
        let pmap = object(planned, &ptr, "`planned_values`")?;
        let mut planned_resources = Vec::new();
        if let Some(rm) = pmap.get("root_module") {
            values::module_resources(
                rm,
                &at(&ptr, "root_module"),
                &config.aliases,
                &mut planned_resources,
            )?;
        }
        for mut r in planned_resources {
            if let Some(c) = changes.get(&r.address) {
                if let Some(s) = &c.after_sensitive {
                    r.sensitive = merge(&r.sensitive, s);
                }
                r.unknown = c.after_unknown.clone();
            }
            info.planned.insert(r.address.clone(), r);
        }
    }

    let mut warnings = Vec::new();
    if resources.is_empty() && info.planned.is_empty() {
        warnings.push(Warning::new(
            WarningCode::NoS3Resources,
            name,
            "no managed aws_s3_* resources in this plan; nothing to check",
        ));
    }
    Ok(Loaded {
        source: name.to_string(),
        kind: SourceKind::Plan,
        terraform_version,
        resources,
        plan: Some(info),
        written_at: None,
        warnings,
    })
}

/// Plan JSON formats 0.x and 1.x share the layout read here; a 2.x would not promise that.
fn check_format(map: &Map<String, Value>) -> Result<(), Problem> {
    let ptr = [Seg::from("format_version")];
    let version = match map.get("format_version") {
        Some(Value::String(s)) => s,
        other => {
            return Err(Problem::shape(
                &ptr,
                format!(
                    "`format_version` must be a string such as \"1.2\", found {}",
                    other.map(kind).unwrap_or("nothing")
                ),
                "expected a string here",
                "pass the output of `terraform show -json plan.out` unchanged",
            ))
        }
    };
    match version.split('.').next() {
        Some("0" | "1") => Ok(()),
        _ => Err(Problem {
            code: ErrorCode::StateVersion,
            at: ptr.to_vec(),
            message: format!(
                "plan JSON format {version} is newer than s3drift knows (it reads 0.x and 1.x)"
            ),
            label: format!("format {version}"),
            help: "upgrade s3drift, or report the Terraform/OpenTofu version that wrote this plan"
                .into(),
        }),
    }
}

/// Fills `creates`/`deletes`/`updates` and returns each in-scope change by address.
fn resource_changes(
    map: &Map<String, Value>,
    info: &mut PlanInfo,
) -> Result<BTreeMap<String, Change>, Problem> {
    let mut out = BTreeMap::new();
    let Some(rcs) = map.get("resource_changes").filter(|v| !v.is_null()) else {
        return Ok(out);
    };
    let ptr = vec![Seg::from("resource_changes")];
    for (i, rc) in list(rcs, &ptr, "`resource_changes`")?.iter().enumerate() {
        let here = at(&ptr, i);
        let rmap = object(rc, &here, "a resource change")?;
        let address = req_str(rmap, "address", &here)?;
        let mode = opt_str(rmap, "mode", &here)?.unwrap_or("managed");
        let rtype = req_str(rmap, "type", &here)?;
        // Changes to a deposed object concern the old half of a replacement.
        if mode != "managed" || !in_scope(rtype) || opt_str(rmap, "deposed", &here)?.is_some() {
            continue;
        }
        let cptr = at(&here, "change");
        let change = object(
            rmap.get("change").unwrap_or(&Value::Null),
            &cptr,
            "`change`",
        )?;
        let aptr = at(&cptr, "actions");
        let actions: Vec<String> = list(
            change.get("actions").unwrap_or(&Value::Null),
            &aptr,
            "`actions`",
        )?
        .iter()
        .enumerate()
        .map(|(k, a)| {
            a.as_str().map(str::to_string).ok_or_else(|| {
                Problem::shape(
                    &at(&aptr, k),
                    format!("an action must be a string, found {}", kind(a)),
                    "expected \"create\", \"update\", \"delete\", \"no-op\" or \"read\"",
                    "pass the output of `terraform show -json plan.out` unchanged",
                )
            })
        })
        .collect::<Result<_, _>>()?;
        let has = |a: &str| actions.iter().any(|x| x == a);
        match (has("create"), has("delete"), has("update")) {
            // A replacement: the new object is not live yet and the old one goes.
            (true, true, _) => {
                info.creates.insert(address.to_string());
                info.deletes.insert(address.to_string());
                info.updates.insert(address.to_string());
            }
            (true, false, _) => {
                info.creates.insert(address.to_string());
            }
            (false, true, _) => {
                info.deletes.insert(address.to_string());
            }
            (false, false, true) => {
                info.updates.insert(address.to_string());
            }
            // no-op, read, forget: nothing will change live.
            _ => {}
        }
        out.insert(
            address.to_string(),
            Change {
                after_sensitive: change.get("after_sensitive").map(sensitive::from_mirror),
                after_unknown: change
                    .get("after_unknown")
                    .map(sensitive::from_mirror)
                    .unwrap_or_default(),
            },
        );
    }
    Ok(out)
}

/// Puts each drifted resource's `before` back into the state side: refresh already wrote
/// the live value into `prior_state`, and the last-applied value is what the code meant.
/// A resource deleted outside Terraform is missing from `prior_state` and comes back here.
fn put_back_drift(
    map: &Map<String, Value>,
    aliases: &Aliases,
    resources: &mut Vec<Resource>,
) -> Result<(), Problem> {
    let Some(drifts) = map.get("resource_drift").filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let ptr = vec![Seg::from("resource_drift")];
    for (i, d) in list(drifts, &ptr, "`resource_drift`")?.iter().enumerate() {
        let here = at(&ptr, i);
        let dmap = object(d, &here, "a drift entry")?;
        let address = req_str(dmap, "address", &here)?;
        let mode = opt_str(dmap, "mode", &here)?.unwrap_or("managed");
        let rtype = req_str(dmap, "type", &here)?;
        if mode != "managed" || !in_scope(rtype) || opt_str(dmap, "deposed", &here)?.is_some() {
            continue;
        }
        let cptr = at(&here, "change");
        let change = object(
            dmap.get("change").unwrap_or(&Value::Null),
            &cptr,
            "`change`",
        )?;
        let before = match change.get("before") {
            Some(b @ Value::Object(_)) => b,
            None | Some(Value::Null) => continue,
            Some(other) => {
                return Err(Problem::shape(
                    &at(&cptr, "before"),
                    format!("`before` must be an object, found {}", kind(other)),
                    "expected an object here",
                    "pass the output of `terraform show -json plan.out` unchanged",
                ))
            }
        };
        super::schema::check(rtype, address, before, &at(&cptr, "before"))?;
        let before_sensitive = change.get("before_sensitive").map(sensitive::from_mirror);
        let before_identity = change
            .get("before_identity")
            .filter(|v| v.is_object())
            .cloned();
        match resources.iter_mut().find(|r| r.address == address) {
            Some(r) => {
                r.attributes = before.clone();
                if let Some(s) = before_sensitive {
                    r.sensitive = merge(&r.sensitive, &s);
                }
                if let Some(id) = before_identity {
                    r.identity = Some(id);
                }
            }
            None => resources.push(Resource {
                address: address.to_string(),
                rtype: rtype.to_string(),
                provider: provider_of(address, opt_str(dmap, "provider_name", &here)?, aliases),
                attributes: before.clone(),
                sensitive: before_sensitive.unwrap_or_default(),
                unknown: Vec::new(),
                identity: before_identity,
                tainted: false,
                schema_version: 0,
            }),
        }
    }
    Ok(())
}

/// The union of two sorted path lists: a value sensitive on either side stays hidden.
fn merge(a: &[AttrPath], b: &[AttrPath]) -> Vec<AttrPath> {
    let mut out: Vec<AttrPath> = a.iter().chain(b).cloned().collect();
    out.sort();
    out.dedup();
    out
}
