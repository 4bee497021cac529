//! `PutBucketAcl` → the new grants: an access control policy, a canned ACL header
//! (`x-amz-acl`) or grant headers (`x-amz-grant-read: id="…"`).

use super::{canned_grants, canonical, grant};
use crate::parts::xml::{child, many, text, texts};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    NewValue::from_value(value(p))
}

/// `x-amz-grant-read: id="…", uri="…"` headers → grant strings.
fn header_grants(p: &Value) -> Vec<String> {
    const HEADERS: &[(&str, &str)] = &[
        ("x-amz-grant-read", "READ"),
        ("x-amz-grant-write", "WRITE"),
        ("x-amz-grant-read-acp", "READ_ACP"),
        ("x-amz-grant-write-acp", "WRITE_ACP"),
        ("x-amz-grant-full-control", "FULL_CONTROL"),
    ];
    let mut out = Vec::new();
    for (header, permission) in HEADERS {
        for value in texts(p, header) {
            for grantee in value.split(',') {
                let Some((kind, v)) = grantee.trim().split_once('=') else {
                    continue;
                };
                let v = Some(v.trim().trim_matches('"'));
                let who = match kind.trim() {
                    "id" => super::grantee("CanonicalUser", v, None, None, None),
                    "uri" => super::grantee("Group", None, v, None, None),
                    "emailAddress" => super::grantee("AmazonCustomerByEmail", None, None, v, None),
                    _ => None,
                };
                if let Some(who) = who {
                    out.push(grant(permission, &who));
                }
            }
        }
    }
    out
}

fn value(p: &Value) -> Option<Value> {
    let grants = if let Some(policy) = child(p, "AccessControlPolicy") {
        let owner = child(policy, "Owner").and_then(|o| text(o, "ID"));
        let list = child(policy, "AccessControlList")?;
        many(list, "Grant")
            .into_iter()
            .filter_map(|g| {
                let permission = text(g, "Permission")?;
                let grantee = child(g, "Grantee")?;
                let who = super::grantee(
                    text(grantee, "xsi:type").unwrap_or(""),
                    text(grantee, "ID"),
                    text(grantee, "URI"),
                    text(grantee, "EmailAddress"),
                    owner,
                )?;
                Some(grant(permission, &who))
            })
            .collect()
    } else if let Some(canned) = text(p, "x-amz-acl") {
        canned_grants(canned)?
    } else {
        let headers = header_grants(p);
        if headers.is_empty() {
            return None;
        }
        headers
    };
    Some(canonical(grants))
}
