//! Redaction of values the state or plan marks sensitive. It runs on every finding of a
//! sensitive part before the finding leaves `diff`, so no renderer ever sees the values.

use super::finding::Finding;
use crate::model::REDACTED;
use serde_json::Value;

/// Replaces both values with [`REDACTED`] and marks the finding sensitive. Messages and notes
/// are written without values; as a second guard, any string of the original values that
/// still appears in them is replaced too.
pub fn redact(finding: &mut Finding) {
    let mut secrets = Vec::new();
    for value in [&finding.expected, &finding.actual].into_iter().flatten() {
        collect_strings(value, &mut secrets);
    }
    // Short strings ("Enabled", "true") would blank out ordinary words of the sentence.
    secrets.retain(|s| s.len() >= 6);
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for text in std::iter::once(&mut finding.message).chain(finding.notes.iter_mut()) {
        for secret in &secrets {
            if text.contains(secret.as_str()) {
                *text = text.replace(secret.as_str(), REDACTED);
            }
        }
    }
    finding.expected = Some(Value::String(REDACTED.to_string()));
    finding.actual = Some(Value::String(REDACTED.to_string()));
    finding.sensitive = true;
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        // Keys are structure (attribute names, tag keys in paths), not values.
        Value::Object(m) => m.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::{Code, Kind};
    use serde_json::json;

    #[test]
    fn values_and_leaked_text_are_replaced() {
        let mut f = Finding {
            bucket: "b".into(),
            account: None,
            address: "a".into(),
            path: "policy".into(),
            kind: Kind::Changed,
            code: Code::PolicyChanged,
            severity: Code::PolicyChanged.default_severity(),
            expected: Some(json!({"k": "hunter2-secret"})),
            actual: None,
            message: "was hunter2-secret".into(),
            notes: vec!["also hunter2-secret".into()],
            sensitive: false,
            attribution: None,
            location: None,
            suppression: None,
            expected_actor: None,
            status: None,
            plan: None,
        };
        redact(&mut f);
        let text = serde_json::to_string(&f).unwrap();
        assert!(!text.contains("hunter2"), "{text}");
        assert_eq!(f.actual, Some(json!(REDACTED)));
        assert!(f.sensitive);
    }
}
