//! The action's step outputs, in the `$GITHUB_OUTPUT` file syntax: `name=value` lines, or
//! `name<<DELIMITER` … `DELIMITER` for a value with a line break (GitHub docs, "Workflow
//! commands": setting an output parameter, multiline strings).

use crate::report::Report;

/// The outputs of a run, in the order they are written.
pub fn outputs(
    report: Option<&Report>,
    report_json: Option<&str>,
    sarif_file: Option<&str>,
    exit_code: Option<i32>,
) -> Vec<(&'static str, String)> {
    let count = |f: &dyn Fn(&Report) -> usize| report.map(|r| f(r).to_string()).unwrap_or_default();
    vec![
        ("drift-count", count(&|r| r.summary.drift)),
        ("critical-count", count(&|r| r.summary.critical)),
        ("unreadable-count", count(&|r| r.summary.unreadable)),
        ("report-json", report_json.unwrap_or_default().to_string()),
        ("sarif-file", sarif_file.unwrap_or_default().to_string()),
        (
            "exit-code",
            exit_code.map(|c| c.to_string()).unwrap_or_default(),
        ),
    ]
}

/// The outputs as `$GITHUB_OUTPUT` text.
pub fn format(outputs: &[(&str, String)]) -> String {
    let mut text = String::new();
    for (name, value) in outputs {
        if value.contains(['\n', '\r']) {
            // A delimiter the value does not contain, as GitHub requires.
            let mut delimiter = "S3DRIFT_EOF".to_string();
            while value.contains(&delimiter) {
                delimiter.push('_');
            }
            text.push_str(&format!("{name}<<{delimiter}\n{value}\n{delimiter}\n"));
        } else {
            text.push_str(&format!("{name}={value}\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_multi_line_values() {
        let text = format(&[
            ("a", "1".into()),
            ("b", "x\nS3DRIFT_EOF\ny".into()),
            ("c", String::new()),
        ]);
        assert_eq!(
            text,
            "a=1\nb<<S3DRIFT_EOF_\nx\nS3DRIFT_EOF\ny\nS3DRIFT_EOF_\nc=\n"
        );
    }

    #[test]
    fn no_report_leaves_counts_empty() {
        let out = outputs(None, None, None, Some(1));
        assert_eq!(out[0], ("drift-count", String::new()));
        assert_eq!(out[5], ("exit-code", "1".to_string()));
    }
}
