//! The JSON types of the attributes the model reads, checked when a state or plan is read.
//!
//! The parts' readers are total: a value of an unexpected type
//! reads as "unset". That is right for the forms the provider really writes (`""`, `null`,
//! `[]`), but a hand-edited or tool-mangled file (`block_public_acls: "yes"`, `bucket: 123`,
//! `versioning: "oops"`) would then compare as "not configured" and could hide real drift.
//! So every attribute the model reads is type-checked here first, and a wrong type is a
//! located [`Problem`] (exit 1), never a silent skip.
//!
//! [`schema`] is the one table, built from the parts' own rows: per monitored type, each
//! attribute path the model reads (block names joined by `.`, list positions left out) and
//! the JSON type it must have. Keys the
//! table does not list are not read by the model and are not checked. `null` and a missing
//! key are always accepted: Terraform writes `null` for unset arguments (provider v5+
//! framework resources) and leaves values unknown until apply out of `planned_values`.
//! Each type accepts exactly what the model's reader for it accepts (see [`Kind`]).

use super::locate::Seg;
use super::problem::{kind, Problem};
use crate::parts::AttrType as Kind;
use crate::parts::Part;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::sync::OnceLock;
use Kind::{Blocks, Bool, Count, Flag, Str, StringMap, Strings, TagBlocks};

/// Read by the model on every monitored type, to place the resource on its bucket.
const COMMON: &[(&str, Kind)] = &[
    ("bucket", Str),
    ("expected_bucket_owner", Str),
    ("region", Str),
];

/// Read by the model on `aws_s3_bucket` itself, besides each part's inline attributes.
const BUCKET: &[(&str, Kind)] = &[("id", Str), ("bucket_region", Str)];

/// Per monitored type: attribute path → expected type. `aws_s3_bucket` has its own rows and
/// every part's inline rows; each split resource has its part's rows.
pub fn schema() -> &'static BTreeMap<&'static str, Vec<(&'static str, Kind)>> {
    static SCHEMA: OnceLock<BTreeMap<&'static str, Vec<(&'static str, Kind)>>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut out: BTreeMap<&str, Vec<(&str, Kind)>> = BTreeMap::new();
        let bucket = out.entry("aws_s3_bucket").or_default();
        bucket.extend_from_slice(BUCKET);
        for part in Part::ALL {
            bucket.extend_from_slice(part.spec().inline.schema);
        }
        for part in Part::ALL {
            if let Some(split) = &part.spec().split {
                out.insert(split.resource, split.schema.to_vec());
            }
        }
        out
    })
}

/// One type's rows, indexed for lookups: every state holds thousands of instances, each
/// with dozens of keys, so a linear search of the table per key was a visible share of
/// reading a large state.
struct Index {
    /// A top-level key's type: the common rows first, then the type's own (the first row
    /// for a path wins, as in the table).
    top: HashMap<&'static str, Kind>,
    /// A nested path's type (`rule.filter.prefix`), from the type's own rows.
    nested: HashMap<&'static str, Kind>,
}

fn index(rtype: &str) -> Option<&'static Index> {
    static INDEX: OnceLock<BTreeMap<&'static str, Index>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            schema()
                .iter()
                .map(|(rtype, table)| {
                    let mut top = HashMap::new();
                    for (p, k) in COMMON.iter().chain(table.iter()) {
                        top.entry(*p).or_insert(*k);
                    }
                    let mut nested = HashMap::new();
                    for (p, k) in table.iter() {
                        nested.entry(*p).or_insert(*k);
                    }
                    (*rtype, Index { top, nested })
                })
                .collect()
        })
        .get(rtype)
}

/// Checks the attributes of instance `address` of type `rtype`, found at `ptr` in the file.
/// Types the table does not list (the unmonitored `aws_s3_*` types) are not checked.
pub fn check(rtype: &str, address: &str, attrs: &Value, ptr: &[Seg]) -> Result<(), Problem> {
    let Some(index) = index(rtype) else {
        return Ok(());
    };
    let Value::Object(map) = attrs else {
        return Ok(());
    };
    let mut walk = Walk {
        index,
        address,
        base: ptr,
        path: String::new(),
        name: String::new(),
        steps: Vec::new(),
    };
    for (key, value) in map {
        let Some(kind) = index.top.get(key.as_str()).copied() else {
            continue;
        };
        walk.path.clear();
        walk.path.push_str(key);
        walk.name.clear();
        walk.name.push_str(key);
        walk.steps.clear();
        walk.steps.push(Step::Key(key));
        walk.value(kind, value)?;
    }
    Ok(())
}

/// A step of the pointer below the attributes, borrowed from the value being checked; a
/// [`Seg`] is made of it only for a problem's location.
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Idx(usize),
}

/// The state of one descent: the table path (`rule.filter.prefix`), the Terraform-style
/// name for messages (`rule[0].filter[0].prefix`) and the pointer below `base`.
struct Walk<'a, 'v> {
    index: &'a Index,
    address: &'a str,
    base: &'a [Seg],
    path: String,
    name: String,
    steps: Vec<Step<'v>>,
}

impl<'v> Walk<'_, 'v> {
    fn value(&mut self, kind: Kind, v: &'v Value) -> Result<(), Problem> {
        if v.is_null() {
            return Ok(());
        }
        let ok = match kind {
            Str => v.is_string(),
            Bool => v.is_boolean(),
            Flag => match v {
                Value::Bool(_) => true,
                Value::String(s) => {
                    s.eq_ignore_ascii_case("true")
                        || s.eq_ignore_ascii_case("false")
                        || s == "Enabled"
                        || s == "Disabled"
                }
                _ => false,
            },
            Count => match v {
                Value::Number(n) => n.is_i64() || n.is_u64(),
                Value::String(s) => s.trim().is_empty() || s.trim().parse::<i64>().is_ok(),
                _ => false,
            },
            Strings => return self.items(v, kind, |i| i.is_string()),
            StringMap => return self.map_values(v),
            Blocks | TagBlocks => return self.blocks(v, kind),
        };
        if ok {
            Ok(())
        } else {
            Err(self.wrong(kind, v))
        }
    }

    /// A list whose items (or `null`s) satisfy `item`.
    fn items(
        &mut self,
        v: &'v Value,
        kind: Kind,
        item: impl Fn(&Value) -> bool,
    ) -> Result<(), Problem> {
        let Value::Array(items) = v else {
            return Err(self.wrong(kind, v));
        };
        for (i, it) in items.iter().enumerate() {
            if !it.is_null() && !item(it) {
                return Err(self.nested(Step::Idx(i), &format!("[{i}]"), kind, it));
            }
        }
        Ok(())
    }

    fn map_values(&mut self, v: &'v Value) -> Result<(), Problem> {
        let Value::Object(map) = v else {
            return Err(self.wrong(StringMap, v));
        };
        for (k, item) in map {
            if !item.is_null() && !item.is_string() {
                let shown = format!("[{}]", serde_json::Value::String(k.clone()));
                return Err(self.nested(Step::Key(k), &shown, StringMap, item));
            }
        }
        Ok(())
    }

    fn blocks(&mut self, v: &'v Value, kind: Kind) -> Result<(), Problem> {
        match v {
            Value::Object(_) => self.block(v),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Null => {}
                        Value::Object(_) => {
                            let len = self.name.len();
                            let _ = write!(self.name, "[{i}]");
                            self.steps.push(Step::Idx(i));
                            self.block(item)?;
                            self.steps.pop();
                            self.name.truncate(len);
                        }
                        Value::String(_) if kind == TagBlocks => {}
                        other => {
                            return Err(self.nested(Step::Idx(i), &format!("[{i}]"), kind, other))
                        }
                    }
                }
                Ok(())
            }
            _ => Err(self.wrong(kind, v)),
        }
    }

    /// The attributes of one block object.
    fn block(&mut self, v: &'v Value) -> Result<(), Problem> {
        let Value::Object(map) = v else {
            return Ok(());
        };
        for (key, child) in map {
            let path_len = self.path.len();
            self.path.push('.');
            self.path.push_str(key);
            let Some(kind) = self.index.nested.get(self.path.as_str()).copied() else {
                self.path.truncate(path_len);
                continue;
            };
            let name_len = self.name.len();
            self.name.push('.');
            self.name.push_str(key);
            self.steps.push(Step::Key(key));
            self.value(kind, child)?;
            self.steps.pop();
            self.name.truncate(name_len);
            self.path.truncate(path_len);
        }
        Ok(())
    }

    /// The location of the value the descent is at, as a pointer into the file.
    fn ptr(&self) -> Vec<Seg> {
        let mut out = self.base.to_vec();
        out.extend(self.steps.iter().map(|s| match s {
            Step::Key(k) => Seg::Key(k.to_string()),
            Step::Idx(i) => Seg::Idx(*i),
        }));
        out
    }

    /// An item of a list or map (at `step`, shown as `shown`) of the wrong type.
    fn nested(&mut self, step: Step<'v>, shown: &str, want: Kind, item: &Value) -> Problem {
        self.steps.push(step);
        self.name.push_str(shown);
        let p = Problem::shape(
            &self.ptr(),
            format!(
                "{}: `{}` must be {}, found {}",
                self.address,
                self.name,
                item_expected(want),
                kind(item)
            ),
            format!("expected {} here", item_expected(want)),
            hint(&self.name, item_expected(want)),
        );
        self.steps.pop();
        p
    }

    fn wrong(&self, want: Kind, v: &Value) -> Problem {
        Problem::shape(
            &self.ptr(),
            format!(
                "{}: `{}` must be {}, found {}",
                self.address,
                self.name,
                expected(want),
                kind(v)
            ),
            format!("expected {} here", expected(want)),
            hint(&self.name, expected(want)),
        )
    }
}

fn expected(kind: Kind) -> &'static str {
    match kind {
        Str => "a string",
        Bool => "true or false",
        Flag => "true or false",
        Count => "a whole number",
        Strings => "a list of strings",
        StringMap => "a map of strings",
        Blocks | TagBlocks => "a list of blocks (objects)",
    }
}

fn item_expected(kind: Kind) -> &'static str {
    match kind {
        Strings | StringMap => "a string",
        _ => "a block (an object)",
    }
}

/// The hint: what the provider writes there, and why reading on would be wrong.
fn hint(name: &str, expected: &str) -> String {
    format!(
        "the AWS provider writes `{name}` as {expected}, so the file was likely edited by hand \
         or by a tool; read as written it could hide drift. Restore the value, or take a fresh \
         copy (`terraform state pull`, or `terraform show -json plan.out` for a plan)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(rtype: &str, attrs: Value) -> Option<Problem> {
        check(rtype, "x.y", &attrs, &[Seg::from("attributes")]).err()
    }

    #[test]
    fn every_table_path_continues_a_block_path() {
        for (rtype, table) in schema() {
            for (path, _) in table.iter() {
                if let Some((parent, _)) = path.rsplit_once('.') {
                    let kind = table.iter().find(|(p, _)| *p == parent).map(|(_, k)| *k);
                    assert!(
                        matches!(kind, Some(Blocks | TagBlocks)),
                        "{rtype}: {path} has no block parent"
                    );
                }
            }
        }
    }

    #[test]
    fn provider_forms_pass() {
        assert!(err(
            "aws_s3_bucket_lifecycle_configuration",
            json!({"rule": [{"filter": [{"object_size_greater_than": "", "object_size_less_than": "128",
                "tag": [], "and": []}], "transition": [{"days": null, "date": null}],
                "noncurrent_version_expiration": [{"newer_noncurrent_versions": "3", "noncurrent_days": 30}]}]})
        )
        .is_none());
        assert!(err(
            "aws_s3_bucket_public_access_block",
            json!({"block_public_acls": true, "block_public_policy": null, "ignore_public_acls": "false"})
        )
        .is_none());
        assert!(err("aws_s3_object", json!({"bucket": 1})).is_none());
        assert!(err(
            "aws_s3_bucket",
            json!({"tags": {"a": "b", "c": null}, "cors_rule": [{"allowed_origins": ["*", null]}]})
        )
        .is_none());
    }

    #[test]
    fn wrong_types_are_named_with_their_place() {
        let p = err(
            "aws_s3_bucket_lifecycle_configuration",
            json!({"rule": [{"id": "a"}, {"filter": [{"and": [{"object_size_less_than": "big"}]}]}]}),
        )
        .unwrap();
        assert_eq!(
            p.message,
            "x.y: `rule[1].filter[0].and[0].object_size_less_than` must be a whole number, found a string"
        );
        assert_eq!(
            p.at,
            vec![
                Seg::from("attributes"),
                Seg::from("rule"),
                Seg::Idx(1),
                Seg::from("filter"),
                Seg::Idx(0),
                Seg::from("and"),
                Seg::Idx(0),
                Seg::from("object_size_less_than")
            ]
        );
        let p = err("aws_s3_bucket", json!({"tags_all": {"Secret": 12345}})).unwrap();
        assert_eq!(
            p.message,
            "x.y: `tags_all[\"Secret\"]` must be a string, found a number"
        );
        let p = err(
            "aws_s3_bucket",
            json!({"versioning": [{"enabled": "true"}]}),
        )
        .unwrap();
        assert!(p
            .message
            .contains("`versioning[0].enabled` must be true or false"));
        let p = err("aws_s3_bucket", json!({"grant": ["x"]})).unwrap();
        assert!(p
            .message
            .contains("`grant[0]` must be a block (an object), found a string"));
        let p = err("aws_s3_bucket_versioning", json!({"bucket": 123})).unwrap();
        assert!(p
            .message
            .contains("`bucket` must be a string, found a number"));
        let p = err(
            "aws_s3_bucket_cors_configuration",
            json!({"cors_rule": [{"max_age_seconds": 1.5}]}),
        )
        .unwrap();
        assert!(p.message.contains("must be a whole number, found a number"));
    }
}
