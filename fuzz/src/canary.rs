//! Whether an input still marks every occurrence of [`CANARY`] sensitive, decided from the
//! JSON alone, independently of s3drift's readers. When it does, no output may show it.

use serde_json::Value;

/// The text every sensitive value of the seeds contains.
pub const CANARY: &str = "planted-secret";

/// Whether `text` is JSON in which every occurrence of [`CANARY`] is inside a string value
/// (not a key), so a snippet that masks every string value must not show it.
pub fn canary_only_in_values(text: &str) -> bool {
    let Ok(root) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let mut count = Count::default();
    walk(
        &root,
        &mut |v, _| {
            if let Value::String(s) = v {
                count.marked += s.matches(CANARY).count();
            }
        },
        &mut count.unmarked,
        &mut Vec::new(),
    );
    count.settled(text)
}

/// Whether `text` is a format-4 state in which every occurrence of [`CANARY`] is in a
/// value the state marks sensitive: an output with `"sensitive": true`, or an instance
/// attribute under a path listed in its `sensitive_attributes`.
pub fn canary_marked_in_state(text: &str) -> bool {
    let Ok(root) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let mut count = Count::default();
    let mut counted = 0;
    // Outputs.
    if let Some(outputs) = root.get("outputs").and_then(Value::as_object) {
        for o in outputs.values() {
            if o.get("sensitive") == Some(&Value::Bool(true)) {
                if let Some(v) = o.get("value") {
                    count.marked += occurrences(v);
                }
            }
        }
    }
    // Instance attributes.
    for r in root
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for i in r
            .get("instances")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let marks = marked_paths(i.get("sensitive_attributes"));
            if let Some(attrs) = i.get("attributes") {
                walk(
                    attrs,
                    &mut |v, path| {
                        if let Value::String(s) = v {
                            let n = s.matches(CANARY).count();
                            if marks.iter().any(|m| path.starts_with(m)) {
                                count.marked += n;
                            } else {
                                counted += n;
                            }
                        }
                    },
                    &mut count.unmarked,
                    &mut Vec::new(),
                );
            }
        }
    }
    count.unmarked += counted;
    count.settled(text)
}

#[derive(Default)]
struct Count {
    marked: usize,
    unmarked: usize,
}

impl Count {
    /// Every occurrence in the text is accounted for as marked (escapes or duplicate keys
    /// make the counts differ, and then nothing is claimed).
    fn settled(&self, text: &str) -> bool {
        let raw = text.matches(CANARY).count();
        raw > 0 && self.unmarked == 0 && self.marked == raw
    }
}

/// One step of a path below `attributes`.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Index(u64),
}

/// Calls `leaf` on every value with its path; counts canaries in object keys as unmarked.
fn walk(v: &Value, leaf: &mut dyn FnMut(&Value, &[Step]), keys: &mut usize, path: &mut Vec<Step>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                *keys += k.matches(CANARY).count();
                path.push(Step::Key(k.clone()));
                walk(x, leaf, keys, path);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                path.push(Step::Index(i as u64));
                walk(x, leaf, keys, path);
                path.pop();
            }
        }
        _ => leaf(v, path),
    }
}

/// Canary occurrences in string values and keys under `v`.
fn occurrences(v: &Value) -> usize {
    let mut n = 0;
    let mut keys = 0;
    walk(
        v,
        &mut |x, _| {
            if let Value::String(s) = x {
                n += s.matches(CANARY).count();
            }
        },
        &mut keys,
        &mut Vec::new(),
    );
    n + keys
}

/// The paths of a format-4 `sensitive_attributes` list (`[[{"type": "get_attr", "value":
/// "policy"}], …]`); entries of any other form are left out.
fn marked_paths(v: Option<&Value>) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    for p in v.and_then(Value::as_array).into_iter().flatten() {
        let Some(steps) = p.as_array() else { continue };
        let mut path = Vec::new();
        for s in steps {
            let step = match (s.get("type").and_then(Value::as_str), s.get("value")) {
                (Some("get_attr"), Some(Value::String(k))) => Step::Key(k.clone()),
                (Some("index"), Some(key)) => match key.get("value") {
                    Some(Value::String(k)) => Step::Key(k.clone()),
                    Some(Value::Number(n)) if n.as_u64().is_some() => {
                        Step::Index(n.as_u64().unwrap())
                    }
                    _ => break,
                },
                _ => break,
            };
            path.push(step);
        }
        if path.len() == steps.len() && !path.is_empty() {
            out.push(path);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(path: &str) -> String {
        std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn the_seeds_mark_their_canaries() {
        assert!(canary_marked_in_state(&seed(
            "fixtures/shapes/state/sensitive-values.tfstate"
        )));
        assert!(canary_marked_in_state(&seed(
            "fixtures/state/mixed.tfstate"
        )));
        assert!(canary_only_in_values(&seed(
            "fixtures/shapes/plan/sensitive-drift.json"
        )));
    }

    #[test]
    fn an_unmarked_or_escaped_canary_is_not_claimed() {
        let state = seed("fixtures/shapes/state/sensitive-values.tfstate");
        let unmarked = state.replacen("\"value\": \"policy\"", "\"value\": \"polic\"", 1);
        assert!(!canary_marked_in_state(&unmarked));
        let in_key = state.replacen(
            "\"ticket\": \"planted",
            "\"planted-secret-key\": \"planted",
            1,
        );
        assert!(!canary_marked_in_state(&in_key));
        let escaped = state.replacen("planted-secret-sid", "plant\\u0065d-secret-sid", 1);
        assert!(!canary_marked_in_state(&escaped));
        assert!(!canary_marked_in_state("{\"version\": 4"));
    }
}
