//! Sensitive and unknown attribute paths, from every shape Terraform and OpenTofu write
//! them in, normalised to [`AttrPath`].
//!
//! - State `sensitive_attributes` (format 4, Terraform 0.15+ and OpenTofu): a list of paths,
//!   each a list of steps `{"type":"get_attr","value":"name"}` or
//!   `{"type":"index","value":{"value":<key>,"type":"string"|"number"}}` (the index key is
//!   cty's typed JSON). Terraform 0.12–0.14 wrote no such key, or `null`.
//! - Plan `before_sensitive` / `after_sensitive` / `after_unknown` and the JSON state
//!   representation's `sensitive_values`: a mirror of the value where `true` marks a
//!   sensitive (or unknown) leaf or whole subtree.
//! - Path strings (`tags["secret"]`, `rule[0].id`, or a JSON pointer `/tags/secret`) are
//!   accepted too, so a writer that flattens paths still has its secrets honoured.

use super::locate::Seg;
use super::{AttrPath, Step};
use serde_json::Value;

/// Normalises a state instance's `sensitive_attributes` value. An `Err` names the entry
/// that could not be read; callers then treat the whole instance as sensitive.
pub fn from_state(v: &Value) -> Result<Vec<AttrPath>, String> {
    let mut out = Vec::new();
    match v {
        Value::Null => {}
        Value::Object(_) | Value::Bool(_) => out.extend(from_mirror(v)),
        Value::Array(entries) => {
            for (i, entry) in entries.iter().enumerate() {
                let path = match entry {
                    Value::Array(steps) => steps
                        .iter()
                        .map(step)
                        .collect::<Option<AttrPath>>()
                        .ok_or_else(|| format!("entry {i} has a step of an unknown form"))?,
                    Value::String(s) => parse_path_string(s)
                        .ok_or_else(|| format!("entry {i} ({s:?}) is not an attribute path"))?,
                    _ => return Err(format!("entry {i} is neither a list of steps nor a path")),
                };
                out.push(path);
            }
        }
        _ => return Err("expected a list of attribute paths".into()),
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Paths of every `true` leaf in a mirror structure (`after_sensitive`, `after_unknown`,
/// `sensitive_values`). `true` at the top marks the whole value (the empty path).
pub fn from_mirror(v: &Value) -> Vec<AttrPath> {
    let mut out = Vec::new();
    walk_mirror(v, &mut Vec::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk_mirror(v: &Value, prefix: &mut AttrPath, out: &mut Vec<AttrPath>) {
    match v {
        Value::Bool(true) => out.push(prefix.clone()),
        Value::Object(map) => {
            for (k, child) in map {
                prefix.push(Step::Attr(k.clone()));
                walk_mirror(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(Step::Index(i as u64));
                walk_mirror(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// One `{"type": …, "value": …}` step of a state path.
fn step(v: &Value) -> Option<Step> {
    let kind = v.get("type")?.as_str()?;
    let value = v.get("value")?;
    match kind {
        "get_attr" => Some(Step::Attr(value.as_str()?.to_string())),
        "index" => {
            // cty writes typed JSON (`{"value": 0, "type": "number"}`); accept a bare key too.
            let key = match value {
                Value::Object(o) if o.contains_key("value") => o.get("value")?,
                other => other,
            };
            match key {
                Value::String(s) => Some(Step::Attr(s.clone())),
                Value::Number(n) => n.as_u64().map(Step::Index),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Parses `a.b[0]["k"]` or a JSON pointer `/a/b/0/k`.
pub fn parse_path_string(s: &str) -> Option<AttrPath> {
    if let Some(rest) = s.strip_prefix('/') {
        return Some(
            rest.split('/')
                .map(|seg| {
                    let seg = seg.replace("~1", "/").replace("~0", "~");
                    match seg.parse::<u64>() {
                        Ok(i) => Step::Index(i),
                        Err(_) => Step::Attr(seg),
                    }
                })
                .collect(),
        );
    }
    let mut out = Vec::new();
    let mut rest = s;
    let mut first = true;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            if r.starts_with('"') {
                let end = string_end(r)?;
                out.push(Step::Attr(serde_json::from_str(&r[..end]).ok()?));
                rest = r[end..].strip_prefix(']')?;
            } else {
                let close = r.find(']')?;
                out.push(Step::Index(r[..close].trim().parse().ok()?));
                rest = &r[close + 1..];
            }
        } else {
            let r = if first { rest } else { rest.strip_prefix('.')? };
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            out.push(Step::Attr(r[..end].to_string()));
            rest = &r[end..];
        }
        first = false;
    }
    (!out.is_empty()).then_some(out)
}

/// The byte length of the quoted string at the start of `s`, quotes included.
fn string_end(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '"' {
            return Some(i + 1);
        }
    }
    None
}

/// The JSON pointer of a path inside an attributes object.
pub fn pointer(path: &AttrPath) -> Vec<Seg> {
    path.iter()
        .map(|s| match s {
            Step::Attr(a) => Seg::Key(a.clone()),
            Step::Index(i) => Seg::Idx(*i as usize),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn a(s: &str) -> Step {
        Step::Attr(s.into())
    }

    #[test]
    fn state_step_lists() {
        let v = json!([
            [{"type": "get_attr", "value": "tags_all"}, {"type": "index", "value": {"value": "secret", "type": "string"}}],
            [{"type": "get_attr", "value": "rule"}, {"type": "index", "value": {"value": 0, "type": "number"}}, {"type": "get_attr", "value": "id"}],
            [{"type": "get_attr", "value": "policy"}]
        ]);
        assert_eq!(
            from_state(&v).unwrap(),
            vec![
                vec![a("policy")],
                vec![a("rule"), Step::Index(0), a("id")],
                vec![a("tags_all"), a("secret")],
            ]
        );
        assert_eq!(from_state(&json!(null)).unwrap(), Vec::<AttrPath>::new());
        assert_eq!(from_state(&json!([])).unwrap(), Vec::<AttrPath>::new());
    }

    #[test]
    fn state_path_strings_and_mirrors() {
        let v = json!(["tags[\"a.b\"]", "rule[0].id", "/website/0/routing_rules"]);
        assert_eq!(
            from_state(&v).unwrap(),
            vec![
                vec![a("rule"), Step::Index(0), a("id")],
                vec![a("tags"), a("a.b")],
                vec![a("website"), Step::Index(0), a("routing_rules")],
            ]
        );
        assert_eq!(
            from_state(&json!({"policy": true})).unwrap(),
            vec![vec![a("policy")]]
        );
    }

    #[test]
    fn unreadable_entries_are_errors() {
        assert!(from_state(&json!([[{"type": "splat"}]])).is_err());
        assert!(from_state(&json!([7])).is_err());
        assert!(from_state(&json!("x")).is_err());
        assert!(from_state(&json!(["a..b"])).is_err());
    }

    #[test]
    fn mirrors() {
        let v = json!({"tags": {"k": true, "j": false}, "grant": [{}, {"id": true}], "x": [], "policy": true});
        assert_eq!(
            from_mirror(&v),
            vec![
                vec![a("grant"), Step::Index(1), a("id")],
                vec![a("policy")],
                vec![a("tags"), a("k")],
            ]
        );
        assert_eq!(from_mirror(&json!(true)), vec![Vec::<Step>::new()]);
        assert!(from_mirror(&json!(false)).is_empty());
    }
}
