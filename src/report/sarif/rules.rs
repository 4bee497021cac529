//! The rules: one per finding code, with its summary, description, fix and GitHub's
//! `security-severity` band.

use super::schema::{Configuration, Help, Rule, RuleProperties, Text};
use crate::code::{Code, Severity};

/// The SARIF level of a severity: code scanning shows errors, warnings and notes.
pub(super) fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// `security-severity` inside GitHub's band for each severity.
pub(super) fn security_severity(severity: Severity) -> Option<&'static str> {
    match severity {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

/// `encryption-downgraded` → `EncryptionDowngraded`.
pub(super) fn rule_name(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Every finding code as a rule, in [`Code::ALL`] order (a result's `ruleIndex`).
pub(super) fn rules() -> Vec<Rule> {
    Code::ALL
        .iter()
        .map(|&code| {
            let severity = code.default_severity();
            let description = code.info().description;
            let fix = code.info().fix;
            Rule {
                id: code.as_str(),
                name: rule_name(code),
                short_description: Text {
                    text: code.summary().to_string(),
                },
                full_description: Text {
                    text: description.to_string(),
                },
                help: Help {
                    text: format!("{description}\n\nFix: {fix}"),
                    markdown: format!(
                        "**{}** (`{}`, default severity {severity})\n\n{description}\n\n## Fix\n\n{fix}",
                        code.summary(),
                        code.as_str()
                    ),
                },
                default_configuration: Configuration {
                    level: level(severity),
                },
                properties: RuleProperties {
                    tags: vec!["security", "drift", "s3", "terraform"],
                    precision: "very-high",
                    problem_severity: match level(severity) {
                        "note" => "recommendation",
                        other => other,
                    },
                    security_severity: security_severity(severity),
                },
            }
        })
        .collect()
}
