//! Bucket policy equivalence: two policy documents are equal when AWS would evaluate them the
//! same way, whatever their spelling.
//!
//! S3 stores a policy as given, but `GetBucketPolicy` answers with whitespace removed and
//! with account IDs in principals rewritten to `arn:aws:iam::ID:root` (S3 User Guide). The provider compares policies with an "equivalent JSON" check for the same
//! reason. [`normalize`] rewrites a document into one spelling per meaning; only forms the
//! IAM policy grammar defines as equal are merged:
//!
//! - key order and whitespace (JSON objects are unordered);
//! - a single string and a one-element array (the grammar allows either for `Action`,
//!   `NotAction`, `Resource`, `NotResource`, principal values and condition values);
//! - `"Principal": "*"` and `{"AWS": "*"}` (documented as the same "everyone" principal);
//! - `Effect` case (`allow` is accepted as `Allow`);
//! - action names are case-insensitive (`s3:getobject` = `s3:GetObject`); lists of actions,
//!   resources, principals and condition values are sets (order and duplicates carry no
//!   meaning);
//! - an account ID and `arn:aws:iam::ID:root` (the same principal; S3 answers with the ARN,
//!   in the partition of the bucket, taken from the document's resource ARNs);
//! - a `Statement` object and a one-element array; statement order (every statement is
//!   evaluated);
//! - a missing `Version` means `2008-10-17`, the language version IAM assumes then. It is
//!   *not* the same as `2012-10-17` (policy variables differ), so that difference stays.
//!
//! Resource ARNs, condition keys' values and `Sid` keep their case: object keys are
//! case-sensitive, and a changed `Sid` is a real edit.

use crate::parts::keys::sorted_keys;
use serde_json::{Map, Value};

/// The policy language version IAM assumes when a document has none.
const IMPLICIT_VERSION: &str = "2008-10-17";

/// Whether two policy documents mean the same thing (see the module docs for the rules).
/// Either side may be the document or a JSON string holding it, as state files store it.
pub fn equivalent(a: &Value, b: &Value) -> bool {
    normalize(a) == normalize(b)
}

/// Rewrites a policy document into its one canonical spelling. A value that is not a policy
/// document (not an object, or a string that is not JSON) is returned unchanged, so two
/// such values compare as written.
pub fn normalize(doc: &Value) -> Value {
    canonical(doc, true)
}

/// The canonical spelling for people: like [`normalize`], but action names keep the case
/// they were written in, so a diff shows `s3:GetObject` rather than the folded `s3:getobject`.
pub fn display_form(doc: &Value) -> Value {
    canonical(doc, false)
}

fn canonical(doc: &Value, fold_action_case: bool) -> Value {
    let parsed;
    let doc = match doc {
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(v @ Value::Object(_)) => {
                parsed = v;
                &parsed
            }
            _ => return doc.clone(),
        },
        other => other,
    };
    let Value::Object(obj) = doc else {
        return doc.clone();
    };
    let mut out = Map::new();
    for (key, value) in obj {
        match key.as_str() {
            "Statement" => {
                let mut statements: Vec<Value> = one_or_many(value)
                    .into_iter()
                    .map(|s| {
                        sorted_keys(&normalize_statement(&s, partition(obj), fold_action_case))
                    })
                    .collect();
                statements.sort_by_key(|s| s.to_string());
                statements.dedup();
                out.insert(key.clone(), Value::Array(statements));
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out.entry("Version")
        .or_insert_with(|| Value::String(IMPLICIT_VERSION.to_string()));
    sorted_keys(&Value::Object(out))
}

/// A string or a list of them, as a list.
fn one_or_many(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// A string-or-list field as a sorted, de-duplicated list, with `f` applied to each string.
fn string_set(value: &Value, f: impl Fn(&str) -> String) -> Value {
    let mut items: Vec<Value> = one_or_many(value)
        .into_iter()
        .map(|v| match v {
            Value::String(s) => Value::String(f(&s)),
            other => sorted_keys(&other),
        })
        .collect();
    items.sort_by_key(|v| v.to_string());
    items.dedup();
    Value::Array(items)
}

fn normalize_statement(statement: &Value, partition: &str, fold_action_case: bool) -> Value {
    let Value::Object(obj) = statement else {
        return statement.clone();
    };
    let mut out = Map::new();
    for (key, value) in obj {
        let normalized = match key.as_str() {
            // The grammar spells it `Allow`/`Deny`; IAM accepts any case.
            "Effect" => match value.as_str() {
                Some(s) if s.eq_ignore_ascii_case("allow") => Value::String("Allow".into()),
                Some(s) if s.eq_ignore_ascii_case("deny") => Value::String("Deny".into()),
                _ => value.clone(),
            },
            // Action names are case-insensitive.
            "Action" | "NotAction" if fold_action_case => {
                string_set(value, |s| s.to_ascii_lowercase())
            }
            "Action" | "NotAction" => string_set(value, str::to_string),
            "Resource" | "NotResource" => string_set(value, str::to_string),
            "Principal" | "NotPrincipal" => normalize_principal(value, partition),
            "Condition" => normalize_condition(value),
            _ => value.clone(),
        };
        out.insert(key.clone(), normalized);
    }
    Value::Object(out)
}

/// `"*"` becomes `{"AWS": ["*"]}`; every principal value becomes a sorted list; a bare
/// 12-digit account ID becomes `arn:aws:iam::ID:root`, the form S3 answers with.
fn normalize_principal(value: &Value, partition: &str) -> Value {
    match value {
        Value::String(s) if s == "*" => {
            let mut m = Map::new();
            m.insert("AWS".into(), Value::Array(vec![Value::String("*".into())]));
            Value::Object(m)
        }
        Value::Object(obj) => {
            let mut out = Map::new();
            for (kind, ids) in obj {
                let set = if kind == "AWS" {
                    string_set(ids, |id| account_root(id, partition))
                } else {
                    string_set(ids, str::to_string)
                };
                out.insert(kind.clone(), set);
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// Whether `s` is an AWS account id: exactly twelve digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn account_root(id: &str, partition: &str) -> String {
    if is_account_id(id) {
        format!("arn:{partition}:iam::{id}:root")
    } else {
        id.to_string()
    }
}

/// The AWS partition the document's resources live in (`aws`, `aws-cn`, `aws-us-gov`), from
/// the first ARN among its `Resource`s: S3 writes an account's root ARN in the bucket's own
/// partition.
fn partition(doc: &Map<String, Value>) -> &str {
    let statements = doc.get("Statement").map(|s| match s {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        other => vec![other],
    });
    statements
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("Resource").or_else(|| s.get("NotResource")))
        .flat_map(|r| match r {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
        .filter_map(Value::as_str)
        .find_map(|arn| arn.strip_prefix("arn:")?.split(':').next())
        .filter(|p| !p.is_empty())
        .unwrap_or("aws")
}

/// Condition values are sets of strings: a single value equals a one-element list, and IAM
/// compares booleans and numbers by their string form (`true` = `"true"`).
fn normalize_condition(value: &Value) -> Value {
    let Value::Object(ops) = value else {
        return value.clone();
    };
    let mut out = Map::new();
    for (op, keys) in ops {
        let normalized = match keys {
            Value::Object(keys) => {
                let mut m = Map::new();
                for (key, values) in keys {
                    m.insert(
                        key.clone(),
                        string_set(&stringify_scalars(values), str::to_string),
                    );
                }
                Value::Object(m)
            }
            other => other.clone(),
        };
        out.insert(op.clone(), normalized);
    }
    Value::Object(out)
}

fn stringify_scalars(value: &Value) -> Value {
    match value {
        Value::Bool(b) => Value::String(b.to_string()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Array(items) => Value::Array(items.iter().map(stringify_scalars).collect()),
        other => other.clone(),
    }
}

/// Condition keys that pin a statement to known callers. S3 treats a policy as public when
/// an `Allow` to everyone has no condition with a fixed value for one of these keys (S3 user
/// guide, "The meaning of public"); any other condition (e.g. `aws:SecureTransport`) still
/// lets everyone in.
const RESTRICTING_KEYS: &[&str] = &[
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceip",
    "aws:sourceowner",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "aws:username",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

/// Whether the policy lets everyone in: an `Allow` statement whose principal is `*` (or
/// `{"AWS": "*"}`) without a condition that restricts the caller.
pub fn is_public(doc: &Value) -> bool {
    let doc = normalize(doc);
    let Some(Value::Array(statements)) = doc.get("Statement") else {
        return false;
    };
    statements.iter().any(|s| {
        let allow = s.get("Effect").and_then(Value::as_str) == Some("Allow");
        let everyone = s
            .get("Principal")
            .and_then(|p| p.get("AWS"))
            .and_then(Value::as_array)
            .is_some_and(|ids| ids.iter().any(|id| id == "*"));
        allow && everyone && !restricted(s.get("Condition"))
    })
}

fn restricted(condition: Option<&Value>) -> bool {
    let Some(Value::Object(ops)) = condition else {
        return false;
    };
    ops.values().any(|keys| {
        keys.as_object().is_some_and(|keys| {
            keys.keys()
                .any(|k| RESTRICTING_KEYS.contains(&k.to_ascii_lowercase().as_str()))
        })
    })
}

/// Principals that S3 shows as a bare unique ID (`AROA…` for a role, `AIDA…` for a user):
/// the principal was deleted after the policy was written, and a re-created principal of the
/// same name would not match (S3 User Guide). Sorted, de-duplicated.
pub fn orphaned_principals(doc: &Value) -> Vec<String> {
    let doc = normalize(doc);
    let mut found = Vec::new();
    if let Some(Value::Array(statements)) = doc.get("Statement") {
        for s in statements {
            for key in ["Principal", "NotPrincipal"] {
                if let Some(Value::Array(ids)) = s.get(key).and_then(|p| p.get("AWS")) {
                    found.extend(
                        ids.iter()
                            .filter_map(Value::as_str)
                            .filter(|id| is_unique_id(id))
                            .map(str::to_string),
                    );
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// IAM unique IDs: a four-letter type prefix and at least 16 upper-case letters or digits.
fn is_unique_id(id: &str) -> bool {
    (id.starts_with("AROA") || id.starts_with("AIDA"))
        && id.len() >= 20
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// Whether the two documents are equivalent once the live side's orphaned principals and the
/// desired side's role and user ARNs that the live side no longer names are set aside: the
/// only difference is then the deletion itself, which has its own finding.
pub fn equivalent_but_orphans(desired: &Value, live: &Value) -> bool {
    let orphans = orphaned_principals(live);
    if orphans.is_empty() {
        return false;
    }
    let live_norm = normalize(live);
    let live_ids = aws_principals(&live_norm);
    let mask = |doc: Value, drop: &dyn Fn(&str) -> bool| map_aws_principals(doc, drop);
    let desired_masked = mask(normalize(desired), &|id: &str| {
        (id.contains(":role/") || id.contains(":user/")) && !live_ids.iter().any(|l| l == id)
    });
    let live_masked = mask(live_norm, &|id: &str| orphans.iter().any(|o| o == id));
    desired_masked == live_masked
}

fn aws_principals(doc: &Value) -> Vec<String> {
    let mut ids = Vec::new();
    if let Some(Value::Array(statements)) = doc.get("Statement") {
        for s in statements {
            for key in ["Principal", "NotPrincipal"] {
                if let Some(Value::Array(list)) = s.get(key).and_then(|p| p.get("AWS")) {
                    ids.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
                }
            }
        }
    }
    ids
}

/// Replaces every AWS principal for which `drop` holds by one placeholder, then re-sorts.
fn map_aws_principals(mut doc: Value, drop: &dyn Fn(&str) -> bool) -> Value {
    const PLACEHOLDER: &str = "(deleted principal)";
    if let Some(Value::Array(statements)) = doc.get_mut("Statement") {
        for s in statements.iter_mut() {
            for key in ["Principal", "NotPrincipal"] {
                if let Some(Value::Array(list)) = s.get_mut(key).and_then(|p| p.get_mut("AWS")) {
                    for id in list.iter_mut() {
                        if id.as_str().is_some_and(drop) {
                            *id = Value::String(PLACEHOLDER.to_string());
                        }
                    }
                    list.sort_by_key(|v| v.to_string());
                    list.dedup();
                }
            }
        }
        statements.sort_by_key(|s| s.to_string());
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eq(a: Value, b: Value) -> bool {
        equivalent(&a, &b)
    }

    #[test]
    fn key_order_whitespace_and_string_form_are_equal() {
        let a = json!({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]});
        let b = Value::String(
            r#"{ "Statement" : { "Resource":["arn:aws:s3:::b/*"], "Action":["s3:getobject"],
                "Principal":{"AWS":["arn:aws:iam::111122223333:role/r"]}, "Effect":"allow" },
                "Version":"2012-10-17" }"#
                .into(),
        );
        assert!(eq(a, b));
    }

    #[test]
    fn star_principal_forms_are_equal_but_not_a_named_principal() {
        let a = json!({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]});
        let b = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject"}]});
        let c = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject"}]});
        assert!(eq(a.clone(), b));
        assert!(!eq(a, c));
    }

    #[test]
    fn account_id_equals_root_arn_but_not_another_account() {
        let a = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*"}]});
        let b = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":"s3:*"}]});
        let c = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"s3:*"}]});
        assert!(eq(a.clone(), b));
        assert!(!eq(a, c));
    }

    #[test]
    fn account_id_takes_the_documents_partition() {
        let a = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"s3:*","Resource":"arn:aws-us-gov:s3:::b"}]});
        let b = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws-us-gov:iam::111122223333:root"},"Action":"s3:*","Resource":"arn:aws-us-gov:s3:::b"}]});
        let c = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"arn:aws-us-gov:s3:::b"}]});
        assert!(eq(a.clone(), b));
        assert!(!eq(a, c));
    }

    #[test]
    fn lists_are_sets_but_resources_keep_case() {
        let a = json!({"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::b/A","arn:aws:s3:::b/B"]}]});
        let b = json!({"Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject","s3:getObject"],"Resource":["arn:aws:s3:::b/B","arn:aws:s3:::b/A"]}]});
        let c = json!({"Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::b/a","arn:aws:s3:::b/B"]}]});
        assert!(eq(a.clone(), b));
        assert!(!eq(a, c));
    }

    #[test]
    fn missing_version_is_2008_not_2012() {
        let none = json!({"Statement":[]});
        let old = json!({"Version":"2008-10-17","Statement":[]});
        let new = json!({"Version":"2012-10-17","Statement":[]});
        assert!(eq(none.clone(), old));
        assert!(!eq(none, new));
    }

    #[test]
    fn condition_values_are_string_sets() {
        let a = json!({"Statement":[{"Effect":"Deny","Condition":{"Bool":{"aws:SecureTransport":false}}}]});
        let b = json!({"Statement":[{"Effect":"Deny","Condition":{"Bool":{"aws:SecureTransport":["false"]}}}]});
        let c = json!({"Statement":[{"Effect":"Deny","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]});
        assert!(eq(a.clone(), b));
        assert!(!eq(a, c));
    }

    #[test]
    fn statement_order_and_key_order_inside_statements_are_ignored() {
        let a: Value = serde_json::from_str(r#"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Sid":"A"},{"Sid":"B","Effect":"Deny","Action":"s3:*"}]}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"Statement":[{"Action":"s3:*","Effect":"Deny","Sid":"B"},{"Sid":"A","Action":"s3:GetObject","Effect":"Allow"}]}"#).unwrap();
        let c: Value =
            serde_json::from_str(r#"{"Statement":[{"Action":"s3:*","Effect":"Deny","Sid":"B"}]}"#)
                .unwrap();
        assert!(equivalent(&a, &b));
        assert!(!equivalent(&a, &c));
    }

    #[test]
    fn effect_case_is_ignored_but_effect_is_not() {
        let a = json!({"Statement":[{"Effect":"ALLOW","Action":"s3:*"}]});
        let b = json!({"Statement":[{"Effect":"Allow","Action":"s3:*"}]});
        let c = json!({"Statement":[{"Effect":"Deny","Action":"s3:*"}]});
        assert!(eq(a.clone(), b));
        assert!(!eq(a, c));
    }

    #[test]
    fn public_needs_allow_everyone_without_restricting_condition() {
        let open =
            json!({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]});
        let tls_only = json!({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]});
        let vpce = json!({"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]});
        let deny = json!({"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*"}]});
        assert!(is_public(&open));
        assert!(is_public(&tls_only));
        assert!(!is_public(&vpce));
        assert!(!is_public(&deny));
    }

    #[test]
    fn orphans_are_unique_ids_only() {
        let doc = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":["AROAEXAMPLEID12345678","arn:aws:iam::111122223333:role/r"]},"Action":"s3:*"}]});
        assert_eq!(orphaned_principals(&doc), vec!["AROAEXAMPLEID12345678"]);
        let desired = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/gone","arn:aws:iam::111122223333:role/r"]},"Action":"s3:*"}]});
        assert!(equivalent_but_orphans(&desired, &doc));
        let widened = json!({"Statement":[{"Effect":"Allow","Principal":{"AWS":["AROAEXAMPLEID12345678","arn:aws:iam::111122223333:role/r"]},"Action":"s3:*"},{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]});
        assert!(!equivalent_but_orphans(&desired, &widened));
    }

    #[test]
    fn display_form_keeps_action_case_but_compares_without_it() {
        let a = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}});
        let b = json!({"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Principal": {"AWS": "*"}, "Action": ["S3:getobject"], "Resource": ["arn:aws:s3:::b/*"]}]});
        assert!(equivalent(&a, &b));
        let shown = display_form(&a).to_string();
        assert!(shown.contains("s3:GetObject"), "{shown}");
        assert!(normalize(&a).to_string().contains("s3:getobject"));
    }
}
