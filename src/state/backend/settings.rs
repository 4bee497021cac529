//! Backend settings as literals (text or nested maps), how partial configurations merge
//! into them, and the typed lookups the resolvers use.

use std::collections::BTreeMap;

/// A literal backend setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Setting {
    Text(String),
    Map(BTreeMap<String, Setting>),
}

/// A backend block's settings by name.
pub(super) type Settings = BTreeMap<String, Setting>;

/// Merges `from` over `into`: a later value wins, and nested maps (`assume_role`,
/// `endpoints`) merge key by key.
pub(super) fn merge(into: &mut Settings, from: Settings) {
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

/// Settings from a JSON object; empty strings, `null`s and empty objects are unset.
pub(super) fn json_settings(m: &serde_json::Map<String, serde_json::Value>) -> Settings {
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

/// A non-empty text setting.
pub(super) fn text<'a>(s: &'a Settings, key: &str) -> Option<&'a str> {
    match s.get(key) {
        Some(Setting::Text(t)) if !t.is_empty() => Some(t),
        _ => None,
    }
}

/// A nested map setting (`assume_role`, `endpoints`).
pub(super) fn map<'a>(s: &'a Settings, key: &str) -> Option<&'a Settings> {
    match s.get(key) {
        Some(Setting::Map(m)) => Some(m),
        _ => None,
    }
}

/// Whether a boolean setting is true, as the backend spells it.
pub(super) fn truthy(v: Option<&str>) -> bool {
    matches!(v, Some("true") | Some("True") | Some("1"))
}
