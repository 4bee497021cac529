//! `policy`: the policy document as JSON. Terraform stores it as a string; an empty
//! string or `null` means no policy. Semantic equivalence (statement order, one string vs
//! a one-element list, principals) is decided in `diff::policy`, not here.

use crate::parts::Warnings;
use crate::warning::WarningCode;
use serde_json::Value;

/// A policy string read as the canonical value.
#[derive(Clone, Debug, PartialEq)]
pub enum Policy {
    /// No policy (`""` or `null`).
    Absent,
    /// The parsed document.
    Document(Value),
    /// Text that is not JSON, kept as a string so the difference still shows; the message
    /// says why it did not parse.
    Unparsable(String, String),
}

/// Reads a policy attribute or API answer.
pub fn parse(text: Option<&str>) -> Policy {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Policy::Absent;
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Null) => Policy::Absent,
        Ok(v) => Policy::Document(v),
        Err(e) => Policy::Unparsable(text.to_string(), e.to_string()),
    }
}

/// The canonical value of a policy attribute (`None` when absent); an unparsable policy is
/// kept as a string and a warning names the resource.
pub fn from_attribute(attrs: &Value, key: &str, warnings: &mut Warnings<'_>) -> Option<Value> {
    match parse(attrs.get(key).and_then(Value::as_str)) {
        Policy::Absent => None,
        Policy::Document(v) => Some(v),
        Policy::Unparsable(text, why) => {
            warnings.push(
                WarningCode::UnreadableValue,
                format!("{key} is not valid JSON ({why}); compared as text"),
            );
            Some(Value::String(text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn absent_document_and_unparsable() {
        let mut out = Vec::new();
        let mut w = Warnings {
            address: "aws_s3_bucket_policy.p",
            out: &mut out,
        };
        assert_eq!(
            from_attribute(&json!({"policy": ""}), "policy", &mut w),
            None
        );
        assert_eq!(
            from_attribute(&json!({"policy": null}), "policy", &mut w),
            None
        );
        let doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}";
        let got = from_attribute(&json!({"policy": doc}), "policy", &mut w).unwrap();
        assert_eq!(got["Statement"][0]["Principal"], json!("*"));
        let got = from_attribute(&json!({"policy": "{\"Version\":"}), "policy", &mut w);
        assert_eq!(got, Some(json!("{\"Version\":")));
        assert_eq!(out.len(), 1);
        assert!(out[0]
            .to_string()
            .starts_with("aws_s3_bucket_policy.p: policy is not valid JSON"));
    }
}
