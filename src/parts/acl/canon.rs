//! `acl`: `{"grant": ["<PERMISSION> <grantee>", …]}`, sorted and de-duplicated.
//!
//! A canned ACL is expanded into the grants S3 stores for it, so `acl = "private"` and an
//! explicit owner FULL_CONTROL grant compare equal. Grantees: `owner` (the bucket owner),
//! `id:<canonical id>`, `group:<name>` (the last segment of the group URI) and
//! `email:<address>`. The desired side knows the owner only through
//! `access_control_policy.owner` of `aws_s3_bucket_acl`; the provider v4+ `grant` mirror
//! records the owner's grant with its canonical id, which is kept as `id:<id>`. The diff
//! rewrites the live owner's id (GetBucketAcl's `Owner`) to `owner` on both sides.

use crate::parts::attr::{block, blocks, text};
use serde_json::{json, Value};

/// The grantee S3 gives `READ` under `aws-exec-read`: the EC2 AMI bundle reader's
/// canonical user id, as GetBucketAcl reports it.
pub const EC2_AMI_READER_ID: &str =
    "6aa5a366c34c1cbe25dc49211496e913e0351eb0e8c37aa3477e40942ec6b97c";

/// The grant strings a canned ACL stands for on a bucket; `None` for a name S3 does not
/// know. `bucket-owner-read` and `bucket-owner-full-control` only mean something for
/// objects; on a bucket they leave the owner's grant alone.
pub fn canned_grants(acl: &str) -> Option<Vec<String>> {
    let mut grants = vec!["FULL_CONTROL owner".to_string()];
    let extra: &[&str] = match acl {
        "private" | "bucket-owner-read" | "bucket-owner-full-control" => &[],
        "public-read" => &["READ group:AllUsers"],
        "public-read-write" => &["READ group:AllUsers", "WRITE group:AllUsers"],
        "authenticated-read" => &["READ group:AuthenticatedUsers"],
        "log-delivery-write" => &["READ_ACP group:LogDelivery", "WRITE group:LogDelivery"],
        "aws-exec-read" => {
            return Some(sorted(vec![
                grants.remove(0),
                format!("READ id:{EC2_AMI_READER_ID}"),
            ]))
        }
        _ => return None,
    };
    grants.extend(extra.iter().map(|s| s.to_string()));
    Some(sorted(grants))
}

/// The canonical grantee from the API's or the provider's grantee fields. `owner_id`, when
/// known, turns a grant to the bucket owner into `owner`. Group URIs are shortened to
/// their last segment (`http://acs.amazonaws.com/groups/global/AllUsers` → `group:AllUsers`).
pub fn grantee(
    kind: &str,
    id: Option<&str>,
    uri: Option<&str>,
    email: Option<&str>,
    owner_id: Option<&str>,
) -> Option<String> {
    let id = id.filter(|s| !s.is_empty());
    let uri = uri.filter(|s| !s.is_empty());
    let email = email.filter(|s| !s.is_empty());
    match kind {
        "Group" => uri.map(|u| {
            format!(
                "group:{}",
                u.trim_end_matches('/').rsplit('/').next().unwrap_or(u)
            )
        }),
        "AmazonCustomerByEmail" => email.map(|e| format!("email:{e}")),
        _ => match id {
            Some(i) if Some(i) == owner_id.filter(|o| !o.is_empty()) => Some("owner".into()),
            Some(i) => Some(format!("id:{i}")),
            None => uri
                .map(|u| format!("group:{}", u.rsplit('/').next().unwrap_or(u)))
                .or_else(|| email.map(|e| format!("email:{e}"))),
        },
    }
}

/// `"<PERMISSION> <grantee>"`.
pub fn grant(permission: &str, grantee: &str) -> String {
    format!("{permission} {grantee}")
}

fn sorted(mut grants: Vec<String>) -> Vec<String> {
    grants.sort();
    grants.dedup();
    grants
}

/// The canonical value from grant strings in any order.
pub fn canonical(grants: Vec<String>) -> Value {
    json!({ "grant": sorted(grants) })
}

/// The `grant` set of `aws_s3_bucket` (`{id, type, uri, permissions}`; v3 read/write, a
/// computed mirror from v4). `None` when it is empty.
pub fn from_bucket_grants(attrs: &Value) -> Option<Value> {
    let mut out = Vec::new();
    for g in blocks(attrs, "grant") {
        let kind = text(g, "type").unwrap_or("");
        let Some(who) = grantee(kind, text(g, "id"), text(g, "uri"), text(g, "email"), None) else {
            continue;
        };
        if let Some(Value::Array(perms)) = g.get("permissions") {
            out.extend(
                perms
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|p| grant(p, &who)),
            );
        }
    }
    (!out.is_empty()).then(|| canonical(out))
}

/// `aws_s3_bucket_acl`: the canned `acl` when set, else `access_control_policy`, whose
/// grants to `owner.id` become `owner`. `Err` names a canned ACL S3 does not know.
pub fn from_split(attrs: &Value) -> Result<Option<Value>, String> {
    if let Some(acl) = text(attrs, "acl") {
        return canned_grants(acl)
            .map(|g| Some(canonical(g)))
            .ok_or_else(|| acl.to_string());
    }
    let Some(policy) = block(attrs, "access_control_policy") else {
        return Ok(None);
    };
    let owner = block(policy, "owner").and_then(|o| text(o, "id"));
    let mut out = Vec::new();
    for g in blocks(policy, "grant") {
        let Some(permission) = text(g, "permission") else {
            continue;
        };
        let Some(who) = block(g, "grantee").and_then(|e| {
            grantee(
                text(e, "type").unwrap_or(""),
                text(e, "id"),
                text(e, "uri"),
                text(e, "email_address"),
                owner,
            )
        }) else {
            continue;
        };
        out.push(grant(permission, &who));
    }
    Ok((!out.is_empty()).then(|| canonical(out)))
}

/// The canned `acl` argument of `aws_s3_bucket` (v3 default `"private"`). `Err` names a
/// canned ACL S3 does not know.
pub fn from_bucket_canned(attrs: &Value) -> Result<Option<Value>, String> {
    match text(attrs, "acl") {
        None => Ok(None),
        Some(acl) => canned_grants(acl)
            .map(|g| Some(canonical(g)))
            .ok_or_else(|| acl.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canned_expansions() {
        assert_eq!(
            canned_grants("private").unwrap(),
            vec!["FULL_CONTROL owner"]
        );
        assert_eq!(
            canned_grants("public-read").unwrap(),
            vec!["FULL_CONTROL owner", "READ group:AllUsers"]
        );
        assert_eq!(
            canned_grants("log-delivery-write").unwrap(),
            vec![
                "FULL_CONTROL owner",
                "READ_ACP group:LogDelivery",
                "WRITE group:LogDelivery"
            ]
        );
        assert_eq!(
            canned_grants("public-read-write").unwrap(),
            vec![
                "FULL_CONTROL owner",
                "READ group:AllUsers",
                "WRITE group:AllUsers"
            ]
        );
        assert_eq!(
            canned_grants("authenticated-read").unwrap()[1],
            "READ group:AuthenticatedUsers"
        );
        assert_eq!(
            canned_grants("aws-exec-read").unwrap()[1],
            format!("READ id:{EC2_AMI_READER_ID}")
        );
        assert_eq!(canned_grants("world-writable"), None);
    }

    #[test]
    fn split_access_control_policy_maps_owner_and_groups() {
        // corpus snyk__policy-engine__golden-tfstate-ids-01: acl and its computed policy agree.
        let attrs = json!({"access_control_policy": [{"grant": [
            {"grantee": [{"display_name": "", "email_address": "", "id": "", "type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery"}], "permission": "READ_ACP"},
            {"grantee": [{"display_name": "", "email_address": "", "id": "", "type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery"}], "permission": "WRITE"},
            {"grantee": [{"display_name": "jasper", "email_address": "", "id": "abc", "type": "CanonicalUser", "uri": ""}], "permission": "FULL_CONTROL"},
            {"grantee": [{"display_name": "", "email_address": "", "id": "def", "type": "CanonicalUser", "uri": ""}], "permission": "READ"}],
            "owner": [{"display_name": "jasper", "id": "abc"}]}], "acl": "", "bucket": "b"});
        assert_eq!(
            from_split(&attrs).unwrap(),
            Some(canonical(vec![
                "FULL_CONTROL owner".into(),
                "READ_ACP group:LogDelivery".into(),
                "WRITE group:LogDelivery".into(),
                "READ id:def".into()
            ]))
        );
        let mut canned = attrs.clone();
        canned["acl"] = json!("log-delivery-write");
        canned["access_control_policy"][0]["grant"]
            .as_array_mut()
            .unwrap()
            .pop();
        assert_eq!(
            from_split(&canned).unwrap(),
            from_split(&{
                let mut a = canned.clone();
                a["acl"] = json!("");
                a
            })
            .unwrap()
        );
        assert_eq!(from_split(&json!({"acl": "nope"})), Err("nope".to_string()));
    }

    #[test]
    fn bucket_grant_mirror_keeps_the_owner_id() {
        let attrs = json!({"acl": null, "grant": [
            {"id": "ffff", "permissions": ["FULL_CONTROL"], "type": "CanonicalUser", "uri": ""},
            {"id": "", "permissions": ["READ", "WRITE"], "type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}]});
        assert_eq!(
            from_bucket_grants(&attrs),
            Some(
                json!({"grant": ["FULL_CONTROL id:ffff", "READ group:AllUsers", "WRITE group:AllUsers"]})
            )
        );
        assert_eq!(from_bucket_grants(&json!({"grant": []})), None);
        assert_eq!(
            from_bucket_canned(&json!({"acl": "private"})),
            Ok(Some(json!({"grant": ["FULL_CONTROL owner"]})))
        );
        assert_eq!(
            grantee(
                "AmazonCustomerByEmail",
                None,
                None,
                Some("a@example.com"),
                None
            )
            .as_deref(),
            Some("email:a@example.com")
        );
    }
}
