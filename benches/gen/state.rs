//! Writes the fleet as a Terraform v4 state: resources sorted by module, mode, type and
//! name as Terraform writes them, two-space indented, buckets declared through modules,
//! `count` and `for_each`, among the other resources of the same stacks.
//!
//! The file is written twice over: a first pass measures the plain shapes, the second pads
//! the non-S3 resources (more tags, policy statements, environment variables) so that the
//! file reaches the requested size without touching the S3 resources.

use crate::fleet::{Fleet, Placement, Stack};
use crate::json::{escape, J};
use crate::other::{self, Kind, MIX};
use crate::rng::Rng;
use crate::s3_attrs::{self, Part};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// An instance's key.
#[derive(Clone, Debug)]
enum Key {
    None,
    Int(i64),
    Str(String),
}

impl Key {
    fn text(&self) -> String {
        match self {
            Key::None => String::new(),
            Key::Int(n) => n.to_string(),
            Key::Str(s) => s.clone(),
        }
    }
}

#[derive(Clone, Debug)]
enum What {
    S3 { bucket: usize, part: Part },
    Other { kind: Kind, stack: usize, seed: u64 },
}

#[derive(Clone, Debug)]
struct Instance {
    key: Key,
    what: What,
}

#[derive(Clone, Debug)]
struct Resource {
    module: String,
    data: bool,
    rtype: &'static str,
    name: String,
    region: &'static str,
    instances: Vec<Instance>,
    /// The configuration address this resource depends on, if any.
    depends_on: Option<String>,
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    pub bytes: u64,
    /// The size before padding.
    pub plain_bytes: u64,
    pub resource_blocks: usize,
    pub instances: usize,
    pub s3_instances: usize,
    pub buckets: usize,
    pub data_instances: usize,
}

/// The module path without instance keys (`module.a["x"].module.b` → `module.a.module.b`),
/// as Terraform records dependencies.
fn config_path(module: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in module.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn address(module: &str, rtype: &str, name: &str) -> String {
    if module.is_empty() {
        format!("{rtype}.{name}")
    } else {
        format!("{}.{rtype}.{name}", config_path(module))
    }
}

fn s3_resources(fleet: &Fleet, s: &Stack, out: &mut Vec<Resource>) {
    let buckets = || s.buckets.iter().map(|&i| &fleet.buckets[i]);
    let mut push = |module: &str, part: Part, name: &str, instances: Vec<Instance>| {
        if instances.is_empty() {
            return;
        }
        let depends_on = (part != Part::Bucket).then(|| address(module, "aws_s3_bucket", name));
        out.push(Resource {
            module: module.to_string(),
            data: false,
            rtype: part.resource_type(),
            name: name.to_string(),
            region: s.region,
            instances,
            depends_on,
        });
    };
    match s.placement {
        Placement::ModuleForEach => {
            for b in buckets() {
                let module = if s.module.is_empty() {
                    format!("module.s3_bucket[\"{}\"]", b.key)
                } else {
                    format!("{}.module.s3_bucket[\"{}\"]", s.module, b.key)
                };
                for part in Part::of(b) {
                    let inst = Instance {
                        key: Key::Int(0),
                        what: What::S3 {
                            bucket: b.index,
                            part,
                        },
                    };
                    push(&module, part, "this", vec![inst]);
                }
            }
        }
        Placement::ResourceForEach | Placement::Count => {
            let mut by_part: BTreeMap<Part, Vec<Instance>> = BTreeMap::new();
            for (i, b) in buckets().enumerate() {
                for part in Part::of(b) {
                    by_part.entry(part).or_default().push(Instance {
                        key: if s.placement == Placement::Count {
                            Key::Int(i as i64)
                        } else {
                            Key::Str(b.key.clone())
                        },
                        what: What::S3 {
                            bucket: b.index,
                            part,
                        },
                    });
                }
            }
            let name = if s.placement == Placement::Count {
                "bucket"
            } else {
                "this"
            };
            for (part, instances) in by_part {
                push(&s.module, part, name, instances);
            }
        }
        Placement::Single => {
            for b in buckets() {
                let name = b.key.replace('-', "_");
                for part in Part::of(b) {
                    let inst = Instance {
                        key: Key::None,
                        what: What::S3 {
                            bucket: b.index,
                            part,
                        },
                    };
                    push(&s.module, part, &name, vec![inst]);
                }
            }
        }
    }
}

/// The data sources a community bucket module reads in each of its instances.
fn module_data(fleet: &Fleet, s: &Stack, stack: usize, seed: u64, out: &mut Vec<Resource>) {
    if s.placement != Placement::ModuleForEach {
        return;
    }
    for &i in &s.buckets {
        let b = &fleet.buckets[i];
        let module = if s.module.is_empty() {
            format!("module.s3_bucket[\"{}\"]", b.key)
        } else {
            format!("{}.module.s3_bucket[\"{}\"]", s.module, b.key)
        };
        let kinds = vec![
            (Kind::DataCallerIdentity, Key::None, "current"),
            (Kind::DataPartition, Key::None, "current"),
            (Kind::DataRegion, Key::None, "current"),
        ];
        for (n, (kind, key, name)) in kinds.into_iter().enumerate() {
            out.push(Resource {
                module: module.clone(),
                data: true,
                rtype: kind.resource_type(),
                name: name.to_string(),
                region: s.region,
                instances: vec![Instance {
                    key,
                    what: What::Other {
                        kind,
                        stack,
                        seed: seed ^ ((i as u64) << 8 | n as u64),
                    },
                }],
                depends_on: None,
            });
        }
    }
}

/// Adds `quota` instances of other resources to stack `stack`.
fn other_resources(s: &Stack, stack: usize, quota: usize, seed: u64, out: &mut Vec<Resource>) {
    let mut r = Rng::for_item(seed, 10, stack as u64);
    let mut left = quota;
    let mut used: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    while left > 0 {
        let (kind, lo, hi) = {
            let options: Vec<((Kind, u64, u64), u32)> =
                MIX.iter().map(|&(k, w, lo, hi)| ((k, lo, hi), w)).collect();
            *r.weighted(&options)
        };
        let n = (r.range(lo, hi) as usize).min(left);
        let base = *r.pick(kind.names());
        let count = used
            .entry((kind.resource_type(), base.to_string()))
            .or_insert(0);
        *count += 1;
        let name = if *count == 1 {
            base.to_string()
        } else {
            format!("{base}_{count}")
        };
        let keyed = hi > 1;
        let by_name = matches!(
            kind,
            Kind::IamRolePolicyAttachment | Kind::Route53Record | Kind::SsmParameter
        );
        let instances = (0..n)
            .map(|i| Instance {
                key: match (keyed, by_name) {
                    (false, _) => Key::None,
                    (true, false) => Key::Int(i as i64),
                    (true, true) => Key::Str(
                        [
                            "primary",
                            "secondary",
                            "readonly",
                            "metrics",
                            "audit",
                            "batch",
                        ][i % 6]
                            .to_string()
                            + &if i >= 6 {
                                format!("-{}", i / 6)
                            } else {
                                String::new()
                            },
                    ),
                },
                what: What::Other {
                    kind,
                    stack,
                    seed: r.next_u64(),
                },
            })
            .collect();
        out.push(Resource {
            module: s.module.clone(),
            data: kind.is_data(),
            rtype: kind.resource_type(),
            name,
            region: s.region,
            instances,
            depends_on: None,
        });
        left -= n;
    }
}

/// Lays out every resource block of the state, sorted.
fn layout(fleet: &Fleet, resources: usize) -> Result<Vec<Resource>, String> {
    let mut out = Vec::new();
    for (i, s) in fleet.stacks.iter().enumerate() {
        s3_resources(fleet, s, &mut out);
        module_data(fleet, s, i, fleet.seed, &mut out);
    }
    let fixed: usize = out.iter().map(|r| r.instances.len()).sum();
    let budget = resources.checked_sub(fixed).ok_or_else(|| {
        format!("{resources} resources cannot hold these buckets: their S3 resources and module data sources alone are {fixed}")
    })?;
    // Every stack gets other resources in proportion to its buckets.
    let total = fleet.buckets.len().max(1);
    let mut given = 0;
    for (i, s) in fleet.stacks.iter().enumerate() {
        let quota = if i + 1 == fleet.stacks.len() {
            budget - given
        } else {
            budget * (given_buckets(fleet, i + 1)) / total - given
        };
        other_resources(s, i, quota, fleet.seed, &mut out);
        given += quota;
    }
    out.sort_by(|a, b| {
        (&a.module, !a.data, a.rtype, &a.name).cmp(&(&b.module, !b.data, b.rtype, &b.name))
    });
    Ok(out)
}

/// The buckets in stacks `0..n`.
fn given_buckets(fleet: &Fleet, n: usize) -> usize {
    fleet.stacks[..n].iter().map(|s| s.buckets.len()).sum()
}

const PROVIDER: &str = "provider[\"registry.terraform.io/hashicorp/aws\"]";

fn instance_text(fleet: &Fleet, res: &Resource, inst: &Instance, pad: usize) -> String {
    let (attributes, schema_version, sensitive, private) = match &inst.what {
        What::S3 { bucket, part } => (
            s3_attrs::attributes(&fleet.buckets[*bucket], *part),
            part.schema_version(),
            None,
            Some(s3_attrs::private(*part)),
        ),
        What::Other { kind, stack, seed } => {
            let s = &fleet.stacks[*stack];
            let names: Vec<String> = s
                .buckets
                .iter()
                .map(|&i| fleet.buckets[i].name.clone())
                .collect();
            let key = inst.key.text();
            let ctx = other::Ctx {
                stack: s,
                name: &res.name,
                key: &key,
                buckets: &names,
            };
            let mut r = Rng::new(*seed);
            (
                other::attributes(*kind, &ctx, &mut r, pad),
                kind.schema_version(),
                kind.sensitive(),
                (!kind.is_data()).then_some("bnVsbA=="),
            )
        }
    };
    let mut o = J::Obj(vec![]);
    match &inst.key {
        Key::None => {}
        Key::Int(n) => o.push("index_key", J::Int(*n)),
        Key::Str(s) => o.push("index_key", J::from(s)),
    }
    o.push("schema_version", J::Int(schema_version));
    o.push("attributes", attributes);
    o.push(
        "sensitive_attributes",
        J::Arr(
            sensitive
                .map(|attr| {
                    J::Arr(vec![crate::json::obj([
                        ("type", J::from("get_attr")),
                        ("value", J::from(attr)),
                    ])])
                })
                .into_iter()
                .collect(),
        ),
    );
    if let Some(p) = private {
        o.push("private", J::from(p));
    }
    if let Some(dep) = &res.depends_on {
        o.push("dependencies", J::Arr(vec![J::from(dep)]));
    }
    let mut s = String::with_capacity(4096);
    o.write_pretty(&mut s, 4);
    s
}

fn resource_head(res: &Resource) -> String {
    let mut s = String::from("    {\n");
    if !res.module.is_empty() {
        s.push_str("      \"module\": ");
        escape(&res.module, &mut s);
        s.push_str(",\n");
    }
    s.push_str(if res.data {
        "      \"mode\": \"data\",\n"
    } else {
        "      \"mode\": \"managed\",\n"
    });
    s.push_str(&format!(
        "      \"type\": \"{}\",\n      \"name\": ",
        res.rtype
    ));
    escape(&res.name, &mut s);
    s.push_str(",\n      \"provider\": ");
    let provider = if res.region == "us-east-1" {
        PROVIDER.to_string()
    } else {
        format!("{PROVIDER}.{}", res.region.replace('-', "_"))
    };
    escape(&provider, &mut s);
    s.push_str(",\n      \"instances\": [\n        ");
    s
}

/// Writes one pass. Without a plan the non-S3 instances get no padding; with
/// `(plain lengths, extra bytes)` each is padded so that the bytes added so far follow the
/// even share of `extra`, correcting the error of the ones before.
/// Returns the bytes written and the length of each non-S3 instance.
fn write_pass(
    fleet: &Fleet,
    layout: &[Resource],
    lineage: &str,
    plan: Option<(&[usize], u64)>,
    out: &mut impl Write,
) -> io::Result<(u64, Vec<usize>)> {
    let mut bytes = 0u64;
    let mut put = |s: &str, out: &mut dyn Write| -> io::Result<()> {
        bytes += s.len() as u64;
        out.write_all(s.as_bytes())
    };
    put(
        &format!(
            "{{\n  \"version\": 4,\n  \"terraform_version\": \"1.9.8\",\n  \"serial\": 4127,\n  \"lineage\": \"{lineage}\",\n  \"outputs\": {{\n    \"bucket_count\": {{\n      \"value\": {},\n      \"type\": \"number\"\n    }}\n  }},\n  \"resources\": [\n",
            fleet.buckets.len()
        ),
        out,
    )?;
    let mut lens = Vec::new();
    let mut added: i64 = 0;
    for (ri, res) in layout.iter().enumerate() {
        if ri > 0 {
            put(",\n", out)?;
        }
        put(&resource_head(res), out)?;
        for (ii, inst) in res.instances.iter().enumerate() {
            if ii > 0 {
                put(",\n        ", out)?;
            }
            let text = match inst.what {
                What::S3 { .. } => instance_text(fleet, res, inst, 0),
                What::Other { .. } => {
                    let k = lens.len();
                    let pad = plan.map_or(0, |(base, extra)| {
                        let want = (extra as u128 * (k as u128 + 1) / base.len() as u128) as i64;
                        (want - added).max(0) as usize
                    });
                    let t = instance_text(fleet, res, inst, pad);
                    if let Some((base, _)) = plan {
                        added += t.len() as i64 - base[k] as i64;
                    }
                    lens.push(t.len());
                    t
                }
            };
            put(&text, out)?;
        }
        put("\n      ]\n    }", out)?;
    }
    put("\n  ],\n  \"check_results\": null\n}\n", out)?;
    Ok((bytes, lens))
}

/// Writes the state to `out`: `resources` instances in all, about `target_bytes` long.
pub fn write(
    fleet: &Fleet,
    resources: usize,
    target_bytes: u64,
    out: &mut impl Write,
) -> Result<Written, String> {
    let layout = layout(fleet, resources)?;
    let lineage = Rng::for_item(fleet.seed, 11, 0).uuid();
    let (plain, base) =
        write_pass(fleet, &layout, &lineage, None, &mut io::sink()).map_err(|e| e.to_string())?;
    if plain > target_bytes {
        eprintln!(
            "bench-gen: the state's plain shapes already take {plain} bytes, more than the {target_bytes} asked for"
        );
    }
    let extra = target_bytes.saturating_sub(plain);
    let plan = (!base.is_empty() && extra > 0).then_some((base.as_slice(), extra));
    let (bytes, _) = write_pass(fleet, &layout, &lineage, plan, out).map_err(|e| e.to_string())?;
    let count = |f: &dyn Fn(&Resource) -> bool| -> usize {
        layout
            .iter()
            .filter(|r| f(r))
            .map(|r| r.instances.len())
            .sum()
    };
    Ok(Written {
        bytes,
        plain_bytes: plain,
        resource_blocks: layout.len(),
        instances: count(&|_| true),
        s3_instances: count(&|r| r.rtype.starts_with("aws_s3_")),
        buckets: count(&|r| r.rtype == "aws_s3_bucket"),
        data_instances: count(&|r| r.data),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_has_the_asked_counts_and_size_and_is_a_v4_state() {
        let fleet = Fleet::generate(3, 100, 2);
        let mut out = Vec::new();
        let w = write(&fleet, 650, 800_000, &mut out).unwrap();
        assert_eq!(w.bytes as usize, out.len());
        assert!(
            (out.len() as f64 - 800_000.0).abs() < 8_000.0,
            "{} bytes",
            out.len()
        );
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["version"], 4);
        let resources = v["resources"].as_array().unwrap();
        let instances = |pred: &dyn Fn(&serde_json::Value) -> bool| -> usize {
            resources
                .iter()
                .filter(|r| pred(r))
                .map(|r| r["instances"].as_array().unwrap().len())
                .sum()
        };
        assert_eq!(instances(&|_| true), 650);
        assert_eq!(instances(&|r| r["type"] == "aws_s3_bucket"), 100);
        assert!(instances(&|r| !r["type"].as_str().unwrap().starts_with("aws_s3_")) > 100);
    }
}
