//! Reading a raw Terraform/OpenTofu state (format version 4, Terraform 0.12 and later)
//! into the managed `aws_s3_*` instances it records.
//!
//! Also accepts `terraform show -json` of a state, which holds the same resources in the
//! JSON representation (see [`super::values`]).

use super::address::{instance_address, parse_provider};
use super::detect::{self, Detected};
use super::locate::{self, Seg};
use super::problem::{at, kind, list, object, opt_str, opt_u64, parse_json, req_str, Problem};
use super::values::{self, in_scope};
use super::{schema, sensitive, Loaded, Resource, SourceKind};
use crate::diag::{ErrorCode, InputError};
use crate::warning::{Warning, WarningCode};
use serde_json::{Map, Value};
use std::ops::Range;

/// The full reader: the whole file as a `Value`, checked, with located diagnostics.
pub(super) fn read_full(name: &str, text: &str) -> Result<Read, InputError> {
    let mut root = parse_json(name, text, "--state")?;
    detect::reject(name, text, &root, SourceKind::State)?;
    let read = if detect::detect(&root) == Detected::StateJson {
        read_state_json(&root)
    } else {
        // The state is checked whole before anything is moved out of it, so that a
        // problem's message can still mask the values it marks sensitive.
        read_v4(&root).map(|(mut read, moves)| {
            take_attributes(&mut root, &mut read.1, &moves);
            read
        })
    };
    read.map_err(|p| {
        let secret = secret_ranges(text, &root);
        p.into_error(name, text, &secret)
    })
}

/// The [`Loaded`] of a state read by either reader.
pub(super) fn finish(
    name: &str,
    terraform_version: Option<String>,
    resources: Vec<Resource>,
    mut warnings: Vec<Warning>,
) -> Loaded {
    if resources.is_empty() {
        warnings.push(Warning::new(
            WarningCode::NoS3Resources,
            name,
            "no managed aws_s3_* resources in this state; nothing to check",
        ));
    }
    Loaded {
        source: name.to_string(),
        kind: SourceKind::State,
        terraform_version,
        resources,
        plan: None,
        written_at: None,
        warnings,
    }
}

pub(super) type Read = (Option<String>, Vec<Resource>, Vec<Warning>);

/// Where a resource's attributes are in the state: the resource's index in the result, and
/// the entry and instance they belong to. Attributes are the bulk of a state; they are
/// moved out of the parsed state once it has been checked, not copied.
pub(super) struct Move {
    pub resource: usize,
    pub entry: usize,
    pub instance: usize,
}

/// Moves each checked resource's attributes out of the parsed state.
fn take_attributes(root: &mut Value, resources: &mut [Resource], moves: &[Move]) {
    let Some(Value::Array(entries)) = root.get_mut("resources") else {
        return;
    };
    for m in moves {
        let attributes = entries
            .get_mut(m.entry)
            .and_then(|e| e.get_mut("instances"))
            .and_then(|i| i.get_mut(m.instance))
            .and_then(|i| i.get_mut("attributes"))
            .map(Value::take);
        if let (Some(attributes), Some(resource)) = (attributes, resources.get_mut(m.resource)) {
            resource.attributes = attributes;
        }
    }
}

const HAND_EDITED: &str =
    "the file does not have the layout Terraform writes; was it edited by hand?";

fn read_v4(root: &Value) -> Result<(Read, Vec<Move>), Problem> {
    let map = object(root, &[], "the state")?;
    check_version(map)?;
    let terraform_version = opt_str(map, "terraform_version", &[])?.map(str::to_string);
    let mut entries = Entries::default();
    if let Some(rs) = map.get("resources").filter(|v| !v.is_null()) {
        let rptr = [Seg::from("resources")];
        for (i, r) in list(rs, &rptr, "`resources`")?.iter().enumerate() {
            entries.read(r, i)?;
        }
    }
    Ok((
        (terraform_version, entries.resources, entries.warnings),
        entries.moves,
    ))
}

/// The entries of a state's `resources` list read so far; both readers of a raw state
/// (this one and the quick reader in `fast.rs`) feed it one entry at a time, so they check alike.
#[derive(Default)]
pub(super) struct Entries {
    pub resources: Vec<Resource>,
    pub warnings: Vec<Warning>,
    /// Where each resource's attributes still are.
    pub moves: Vec<Move>,
    seen: std::collections::BTreeSet<String>,
}

impl Entries {
    /// Takes on the entries `later` read, the rest of the same list read on its own, as if
    /// they had been read here; `None` when both name one instance, which the reading of
    /// the whole list refuses.
    pub fn append(&mut self, mut later: Entries) -> Option<()> {
        if !self.seen.is_disjoint(&later.seen) {
            return None;
        }
        self.resources.append(&mut later.resources);
        self.warnings.append(&mut later.warnings);
        self.moves.append(&mut later.moves);
        // Merged in one pass over both, not inserted one by one.
        self.seen.append(&mut later.seen);
        Some(())
    }

    /// Reads entry `i` of `resources`.
    pub fn read(&mut self, r: &Value, i: usize) -> Result<(), Problem> {
        let here = [Seg::from("resources"), Seg::Idx(i)];
        let before = self.resources.len();
        read_resource(
            r,
            &here,
            i,
            &mut self.resources,
            &mut self.moves,
            &mut self.warnings,
        )?;
        // Terraform refuses a state listing one instance twice (e.g. two states merged
        // by hand); picking one of them silently could hide drift.
        for res in &self.resources[before..] {
            if !self.seen.insert(res.address.clone()) {
                return Err(Problem::shape(
                    &here,
                    format!("{} appears twice in the state", res.address),
                    "the second entry for it",
                    "Terraform rejects such a state too; remove the duplicate (compare with `terraform state pull`)",
                ));
            }
        }
        Ok(())
    }
}

fn check_version(map: &Map<String, Value>) -> Result<(), Problem> {
    let ptr = [Seg::from("version")];
    let version = match map.get("version") {
        None => {
            return Err(Problem {
                code: ErrorCode::StateVersion,
                at: vec![],
                message: "the state has no `version`, so its format is unknown".into(),
                label: "no `version` key in this object".into(),
                help: "s3drift reads state format version 4 (Terraform 0.12+ and OpenTofu); \
                       pass the file exactly as `terraform state pull` prints it"
                    .into(),
            })
        }
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or(0),
        Some(other) => {
            return Err(Problem::shape(
                &ptr,
                format!("`version` must be a whole number, found {}", kind(other)),
                "expected a number such as 4",
                HAND_EDITED,
            ))
        }
    };
    match version {
        4 => Ok(()),
        0..=3 => Err(Problem {
            code: ErrorCode::StateVersion,
            at: ptr.to_vec(),
            message: format!(
                "state format version {version} was written by Terraform 0.11 or older, which s3drift does not read"
            ),
            label: format!("format version {version}"),
            help: "upgrade the state to format 4: run `terraform init` and `terraform apply` (or \
                   `terraform apply -refresh-only`) once with Terraform 0.12 or later (after \
                   `terraform 0.12upgrade` of the configuration); it rewrites the state as format 4"
                .into(),
        }),
        _ => Err(Problem {
            code: ErrorCode::StateVersion,
            at: ptr.to_vec(),
            message: format!("state format version {version} is newer than s3drift knows (it reads version 4)"),
            label: format!("format version {version}"),
            help: "upgrade s3drift, or report the Terraform/OpenTofu version that wrote this file"
                .into(),
        }),
    }
}

fn read_resource(
    r: &Value,
    ptr: &[Seg],
    entry: usize,
    out: &mut Vec<Resource>,
    moves: &mut Vec<Move>,
    warnings: &mut Vec<Warning>,
) -> Result<(), Problem> {
    let map = object(r, ptr, "a resource entry")?;
    let mode = req_str(map, "mode", ptr)?;
    let rtype = req_str(map, "type", ptr)?;
    let name = req_str(map, "name", ptr)?;
    let module = opt_str(map, "module", ptr)?.unwrap_or("");
    if !module.is_empty() && !module.starts_with("module.") {
        return Err(Problem::shape(
            &at(ptr, "module"),
            format!("`module` {module:?} is not a module address"),
            "expected a module path such as \"module.storage\"",
            HAND_EDITED,
        ));
    }
    // Data sources are read, not managed; other types are out of scope.
    if mode != "managed" || !in_scope(rtype) {
        return Ok(());
    }
    let provider_str = req_str(map, "provider", ptr)?;
    let provider = parse_provider(provider_str).ok_or_else(|| {
        Problem::shape(
            &at(ptr, "provider"),
            format!("`provider` {provider_str:?} is not a provider address"),
            "expected provider[\"registry.terraform.io/hashicorp/aws\"] or provider.aws",
            HAND_EDITED,
        )
    })?;
    let iptr = at(ptr, "instances");
    let instances = match map.get("instances") {
        None | Some(Value::Null) => return Ok(()),
        Some(v) => list(v, &iptr, "`instances`")?,
    };
    for (j, inst) in instances.iter().enumerate() {
        let here = at(&iptr, j);
        let imap = object(inst, &here, "an instance")?;
        // A deposed object is the old half of a create-before-destroy replacement; the
        // current object is the one the configuration describes.
        if opt_str(imap, "deposed", &here)?.is_some_and(|d| !d.is_empty()) {
            continue;
        }
        let key = imap.get("index_key");
        let address = instance_address(module, rtype, name, key).ok_or_else(|| {
            Problem::shape(
                &at(&here, "index_key"),
                format!(
                    "`index_key` must be a whole number or a string, found {}",
                    key.map(kind).unwrap_or("nothing")
                ),
                "expected a count index or a for_each key",
                HAND_EDITED,
            )
        })?;
        let tainted = match opt_str(imap, "status", &here)? {
            None | Some("") => false,
            Some("tainted") => true,
            Some(other) => {
                return Err(Problem::shape(
                    &at(&here, "status"),
                    format!("{address} has the unknown status {other:?}"),
                    "expected \"tainted\" or no status",
                    HAND_EDITED,
                ))
            }
        };
        let attributes = match imap.get("attributes") {
            Some(v @ Value::Object(_)) => v,
            Some(other) => {
                return Err(Problem::shape(
                    &at(&here, "attributes"),
                    format!(
                        "`attributes` of {address} must be an object, found {}",
                        kind(other)
                    ),
                    "expected an object here",
                    HAND_EDITED,
                ))
            }
            None if imap.contains_key("attributes_flat") => {
                return Err(Problem::shape(
                    &here,
                    format!("{address} has only the legacy flat attributes of Terraform 0.11"),
                    "`attributes_flat` instead of `attributes`",
                    "run `terraform apply -refresh-only` once with a current Terraform; it \
                     rewrites the instance with structured attributes",
                ))
            }
            None => {
                return Err(Problem::shape(
                    &here,
                    format!("{address} has no `attributes`"),
                    "`attributes` missing in this instance",
                    HAND_EDITED,
                ))
            }
        };
        let sensitive = match imap.get("sensitive_attributes") {
            None => Vec::new(),
            Some(v) => sensitive::from_state(v).unwrap_or_else(|why| {
                // Unreadable marks: hide the whole instance rather than risk a leak.
                warnings.push(Warning::new(
                    WarningCode::StateContent,
                    address.as_str(),
                    format!("`sensitive_attributes` could not be read ({why}); every attribute of it is treated as sensitive"),
                ));
                vec![Vec::new()]
            }),
        };
        let identity = match imap.get("identity") {
            None | Some(Value::Null) => None,
            Some(v @ Value::Object(_)) => Some(v.clone()),
            Some(other) => {
                return Err(Problem::shape(
                    &at(&here, "identity"),
                    format!(
                        "`identity` of {address} must be an object, found {}",
                        kind(other)
                    ),
                    "expected an object here",
                    HAND_EDITED,
                ))
            }
        };
        schema::check(rtype, &address, attributes, &at(&here, "attributes"))?;
        moves.push(Move {
            resource: out.len(),
            entry,
            instance: j,
        });
        out.push(Resource {
            address,
            rtype: rtype.to_string(),
            provider: provider.clone(),
            // Moved in by `take_attributes` once the whole state is checked.
            attributes: Value::Null,
            sensitive,
            unknown: Vec::new(),
            identity,
            tainted,
            schema_version: opt_u64(imap, "schema_version", &here)?.unwrap_or(0),
        });
    }
    Ok(())
}

/// `terraform show -json` of a state: `values.root_module`.
fn read_state_json(root: &Value) -> Result<Read, Problem> {
    let map = object(root, &[], "the state")?;
    let terraform_version = opt_str(map, "terraform_version", &[])?.map(str::to_string);
    let mut resources = Vec::new();
    if let Some(v) = map.get("values").filter(|v| !v.is_null()) {
        let vmap = object(v, &[Seg::from("values")], "`values`")?;
        if let Some(rm) = vmap.get("root_module") {
            let ptr = [Seg::from("values"), Seg::from("root_module")];
            values::module_resources(rm, &ptr, &Default::default(), &mut resources)?;
        }
    }
    Ok((terraform_version, resources, Vec::new()))
}

/// Byte ranges of every value the state marks sensitive (instances' `sensitive_attributes`
/// and sensitive outputs), for masking snippets. Where the marks cannot be read, the whole
/// instance is masked; where the layout itself is broken, every string value is.
pub fn secret_ranges(text: &str, root: &Value) -> Vec<Range<usize>> {
    if detect::detect(root) == Detected::StateJson {
        return locate::string_value_ranges(text);
    }
    let mut targets: Vec<Vec<Seg>> = Vec::new();
    let mut out = Vec::new();
    if let Some(outputs) = root.get("outputs").and_then(Value::as_object) {
        for (k, o) in outputs {
            if matches!(o.get("sensitive"), Some(v) if v != &Value::Bool(false)) {
                targets.push(vec![
                    Seg::from("outputs"),
                    Seg::Key(k.clone()),
                    Seg::from("value"),
                ]);
            }
        }
    }
    match root.get("resources") {
        None | Some(Value::Null) => {}
        Some(Value::Array(resources)) => {
            for (i, r) in resources.iter().enumerate() {
                instance_targets(r, i, &mut targets);
            }
        }
        Some(_) => {
            // Not a list: nothing says which of its values are sensitive, so all are masked.
            match locate::value_span(text, &[Seg::from("resources")]) {
                Some(span) => out.extend(
                    locate::string_value_ranges(&text[span.clone()])
                        .into_iter()
                        .map(|r| r.start + span.start..r.end + span.start),
                ),
                None => out.extend(locate::string_value_ranges(text)),
            }
        }
    }
    out.extend(
        locate::value_spans(text, &targets)
            .into_iter()
            .filter_map(|span| locate::secret_ranges(text, span)),
    );
    out
}

/// The pointers of the values one resource entry marks sensitive. Where the marks cannot
/// be read, the whole instance (or the odd `instances` value) is a target.
fn instance_targets(r: &Value, i: usize, targets: &mut Vec<Vec<Seg>>) {
    let base = [Seg::from("resources"), Seg::Idx(i), Seg::from("instances")];
    let Some(instances) = r.get("instances").and_then(Value::as_array) else {
        // Not the layout Terraform writes: whatever is there may hold attributes.
        if r.get("instances")
            .is_some_and(|v| v.is_object() || v.is_string())
        {
            targets.push(base.to_vec());
        }
        return;
    };
    for (j, inst) in instances.iter().enumerate() {
        let here = at(&base, j);
        let paths = match inst {
            Value::Object(imap) => imap
                .get("sensitive_attributes")
                .map(sensitive::from_state)
                .unwrap_or(Ok(Vec::new())),
            _ => Err(String::new()),
        };
        match paths {
            Ok(paths) => {
                for p in paths {
                    let mut ptr = at(&here, "attributes");
                    ptr.extend(sensitive::pointer(&p));
                    targets.push(ptr);
                }
            }
            Err(_) => targets.push(here),
        }
    }
}
