//! What a bucket policy opens, statement by statement: to everyone, to other accounts, or
//! nothing; and whether it denies plain HTTP. Pure: the document is normalised with the
//! policy part's own [`normalize`](crate::parts::policy::document::normalize).

use crate::parts::policy::document::normalize;
use serde_json::Value;
use std::collections::BTreeSet;

/// Condition keys that pin an `Allow` to known callers when their value is fixed (S3 user
/// guide, "The meaning of public": a policy is not public when every statement granting to
/// `*` is limited by one of these with a value that holds no wildcard).
const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:principalorgid",
    "aws:principalaccount",
    "aws:sourceaccount",
    "aws:sourcearn",
];

/// Condition operators that *limit* a key to the listed values. Negated operators
/// (`StringNotEquals`, `NotIpAddress`) exclude callers instead, and `…IfExists` passes
/// requests that lack the key, so neither pins the caller.
const LIMITING_OPERATORS: &[&str] = &[
    "stringequals",
    "stringequalsignorecase",
    "stringlike",
    "arnequals",
    "arnlike",
    "ipaddress",
];

/// What one policy document grants.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyGrants {
    /// The `Sid` (or position) of each `Allow` statement open to everyone.
    pub public: Vec<String>,
    /// Accounts other than the owner that an `Allow` names, with the statement.
    pub accounts: BTreeSet<String>,
    /// Whether a `Deny` statement refuses requests without TLS (`aws:SecureTransport` false).
    pub denies_insecure_transport: bool,
}

/// Reads a policy document (object or JSON string). `owner` is the bucket's account; when
/// unknown, every account a principal names counts as another account.
pub fn grants(doc: &Value, owner: Option<&str>) -> PolicyGrants {
    let doc = normalize(doc);
    let mut out = PolicyGrants::default();
    let Some(Value::Array(statements)) = doc.get("Statement") else {
        return out;
    };
    for (i, s) in statements.iter().enumerate() {
        let name = s
            .get("Sid")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .map_or_else(|| format!("#{}", i + 1), str::to_string);
        match s.get("Effect").and_then(Value::as_str) {
            Some("Deny") if denies_plain_http(s.get("Condition")) => {
                out.denies_insecure_transport = true;
            }
            Some("Allow") => {
                // `NotPrincipal` with `Allow` grants everyone but the listed principals.
                let everyone =
                    s.get("NotPrincipal").is_some() || principal_ids(s).any(|id| id == "*");
                if everyone {
                    if let Some(key) = restricting_key(s.get("Condition")) {
                        out.accounts
                            .insert(format!("callers limited by {key} (statement {name})"));
                    } else {
                        out.public.push(name.clone());
                    }
                }
                for id in principal_ids(s) {
                    if let Some(account) = account_of(id) {
                        if owner != Some(account) {
                            out.accounts.insert(account.to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn principal_ids(statement: &Value) -> impl Iterator<Item = &str> {
    statement
        .get("Principal")
        .and_then(|p| p.get("AWS"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// The account of an IAM ARN (`arn:aws:iam::123456789012:root`).
fn account_of(id: &str) -> Option<&str> {
    let mut fields = id.split(':');
    let (Some("arn"), _, Some("iam"), _, Some(account)) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return None;
    };
    crate::parts::policy::document::is_account_id(account).then_some(account)
}

/// The first condition key that pins the caller with fixed values, if any.
fn restricting_key(condition: Option<&Value>) -> Option<String> {
    let Some(Value::Object(ops)) = condition else {
        return None;
    };
    for (op, keys) in ops {
        let op = op.to_ascii_lowercase();
        let base = op
            .strip_prefix("forallvalues:")
            .or_else(|| op.strip_prefix("foranyvalue:"))
            .unwrap_or(&op);
        if !LIMITING_OPERATORS.contains(&base) {
            continue;
        }
        let like = base.ends_with("like");
        let Some(keys) = keys.as_object() else {
            continue;
        };
        for (key, values) in keys {
            if !RESTRICTING_KEYS.contains(&key.to_ascii_lowercase().as_str()) {
                continue;
            }
            let values: Vec<&str> = match values {
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                Value::String(s) => vec![s.as_str()],
                _ => Vec::new(),
            };
            // `StringLike "aws:SourceVpc": "*"` matches every caller; only a fixed value pins.
            let fixed = !values.is_empty()
                && values
                    .iter()
                    .all(|v| !v.is_empty() && !(like && (v.contains('*') || v.contains('?'))));
            if fixed {
                return Some(key.clone());
            }
        }
    }
    None
}

/// Whether a `Deny` condition refuses requests made without TLS.
fn denies_plain_http(condition: Option<&Value>) -> bool {
    let Some(Value::Object(ops)) = condition else {
        return false;
    };
    ops.iter().any(|(op, keys)| {
        op.eq_ignore_ascii_case("Bool")
            && keys.as_object().is_some_and(|keys| {
                keys.iter().any(|(k, v)| {
                    k.eq_ignore_ascii_case("aws:SecureTransport")
                        && match v {
                            Value::Array(items) => items.iter().any(is_false),
                            other => is_false(other),
                        }
                })
            })
    })
}

fn is_false(v: &Value) -> bool {
    v == &Value::Bool(false) || v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("false"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn allow(principal: Value, condition: Option<Value>) -> Value {
        let mut s = json!({"Sid": "S", "Effect": "Allow", "Principal": principal,
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"});
        if let Some(c) = condition {
            s["Condition"] = c;
        }
        json!({"Version": "2012-10-17", "Statement": [s]})
    }

    #[test]
    fn principals_and_conditions_table() {
        let owner = Some("111111111111");
        // (principal, condition, public?, other accounts)
        let cases: Vec<(Value, Option<Value>, bool, usize)> = vec![
            (json!("*"), None, true, 0),
            (json!({"AWS": "*"}), None, true, 0),
            (
                json!("*"),
                Some(json!({"Bool": {"aws:SecureTransport": "true"}})),
                true,
                0,
            ),
            (
                json!("*"),
                Some(json!({"StringEquals": {"aws:SourceVpce": "vpce-1"}})),
                false,
                1,
            ),
            (
                json!("*"),
                Some(json!({"StringEquals": {"aws:SourceVpc": "vpc-1"}})),
                false,
                1,
            ),
            (
                json!("*"),
                Some(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})),
                false,
                1,
            ),
            (
                json!("*"),
                Some(json!({"StringEquals": {"aws:PrincipalOrgID": "o-1"}})),
                false,
                1,
            ),
            (
                json!("*"),
                Some(json!({"StringEquals": {"aws:PrincipalAccount": "111111111111"}})),
                false,
                1,
            ),
            (
                json!("*"),
                Some(json!({"StringEquals": {"aws:SourceAccount": "111111111111"}})),
                false,
                1,
            ),
            (
                json!("*"),
                Some(
                    json!({"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::111111111111:distribution/E1"}}),
                ),
                false,
                1,
            ),
            // A wildcard restricts nothing.
            (
                json!("*"),
                Some(json!({"StringLike": {"aws:SourceVpc": "*"}})),
                true,
                0,
            ),
            (
                json!("*"),
                Some(json!({"StringLike": {"aws:SourceArn": ["arn:aws:cloudfront::*"]}})),
                true,
                0,
            ),
            // Negated and IfExists operators do not pin the caller.
            (
                json!("*"),
                Some(json!({"StringNotEquals": {"aws:SourceVpce": "vpce-1"}})),
                true,
                0,
            ),
            (
                json!("*"),
                Some(json!({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}})),
                true,
                0,
            ),
            (
                json!({"AWS": "arn:aws:iam::111111111111:role/app"}),
                None,
                false,
                0,
            ),
            (json!({"AWS": "222222222222"}), None, false, 1),
            (
                json!({"AWS": "arn:aws:iam::222222222222:role/x"}),
                None,
                false,
                1,
            ),
            (
                json!({"Service": "logging.s3.amazonaws.com"}),
                None,
                false,
                0,
            ),
        ];
        for (principal, condition, public, accounts) in cases {
            let doc = allow(principal.clone(), condition.clone());
            let g = grants(&doc, owner);
            assert_eq!(!g.public.is_empty(), public, "{principal} {condition:?}");
            assert_eq!(g.accounts.len(), accounts, "{principal} {condition:?}");
        }
    }

    #[test]
    fn not_principal_allow_is_public_and_string_documents_parse() {
        let doc = json!({"Statement": [{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"},
            "Action": "s3:*", "Resource": "*"}]});
        assert_eq!(grants(&doc, None).public, vec!["#1".to_string()]);
        let text = Value::String(allow(json!("*"), None).to_string());
        assert_eq!(grants(&text, None).public, vec!["S".to_string()]);
    }

    #[test]
    fn secure_transport_deny_is_seen() {
        let doc = json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
        assert!(grants(&doc, None).denies_insecure_transport);
        let doc = json!({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": false}}}]});
        assert!(grants(&doc, None).denies_insecure_transport);
        assert!(!grants(&allow(json!("*"), None), None).denies_insecure_transport);
    }
}
