//! `acl`: the bucket ACL as grants, a canned ACL expanded to what S3 stores for it. With
//! ownership controls `BucketOwnerEnforced`, ACLs are disabled and only the owner's grant
//! has any effect.

mod canon;
mod events;
pub mod live;

pub use canon::{
    canned_grants, canonical, from_bucket_canned, from_bucket_grants, from_split, grant, grantee,
    EC2_AMI_READER_ID,
};

use super::attr::has_blocks;
use super::inline::{claim, unknown};
use super::locate::{attribute, block, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use crate::registry::Part;
use crate::warning::WarningCode;
use serde_json::{json, Value};

pub const SPEC: PartSpec = PartSpec {
    key: "acl",
    group: "acl",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_acl",
        per_entry: false,
        schema: &[
            ("acl", AttrType::Str),
            ("access_control_policy", AttrType::Blocks),
            ("access_control_policy.owner", AttrType::Blocks),
            ("access_control_policy.owner.id", AttrType::Str),
            ("access_control_policy.grant", AttrType::Blocks),
            ("access_control_policy.grant.permission", AttrType::Str),
            ("access_control_policy.grant.grantee", AttrType::Blocks),
            ("access_control_policy.grant.grantee.type", AttrType::Str),
            ("access_control_policy.grant.grantee.id", AttrType::Str),
            ("access_control_policy.grant.grantee.uri", AttrType::Str),
            ("access_control_policy.grant.grantee.email_address", AttrType::Str),
        ],
        attributes: &["acl", "access_control_policy"],
        derived,
        read: |a, w| from_split(a).map_err(|name| unknown_canned(w, &name)),
    }),
    inline: Inline {
        form: InlineForm::Custom(inline_claim),
        schema: &[
            ("acl", AttrType::Str),
            ("grant", AttrType::Blocks),
            ("grant.type", AttrType::Str),
            ("grant.id", AttrType::Str),
            ("grant.uri", AttrType::Str),
            ("grant.email", AttrType::Str),
            ("grant.permissions", AttrType::Strings),
        ],
        config_blocks: &["acl", "grant"],
    },
    default: owner_only,
    absent_live: none,
    live: Live {
        operation: "GetBucketAcl",
        iam_action: "s3:GetBucketAcl",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &["PutBucketAcl"],
    event_value: events::new_value,
    access_log: &["ACL", "BUCKETACL"],
    shape: Shape {
        keyed: &[],
        atomic: &["acl.grant"],
        ordered: &[],
        maps: &[],
        free_keys: false,
    },
    pending: Pending::Nested {
        wrappers: &["access_control_policy"],
        renames: &[],
    },
    code: Code::AclChanged,
    codes: &[
        CodeInfo {
            code: Code::AclPublic,
            severity: Severity::Critical,
            summary: "The bucket ACL grants access to everyone",
            description: "The live bucket ACL grants access to everyone (AllUsers or AuthenticatedUsers).",
            fix: "Remove the public grant at once (`terraform apply` restores the code's policy or ACL), make sure the public access block is on, and review the access logs for reads by unknown principals.",
            message: Message::Fixed("The bucket ACL grants access to AllUsers or AuthenticatedUsers."),
        },
        CodeInfo {
            code: Code::AclChanged,
            severity: Severity::High,
            summary: "The bucket ACL changed",
            description: "The live bucket ACL differs from the code.",
            fix: REVERT,
            message: Message::Fixed("The bucket ACL grants differ from the code."),
        },
    ],
    classify,
    compare: Compare {
        normalise: Some(owner_view),
        ..Compare::PLAIN
    },
    locate,
    paths: &[PathRow {
        path: "acl.grant",
        inline: "acl (canned), grant",
        split: "aws_s3_bucket_acl: acl, access_control_policy.grant",
        s3_api: "Grants, Owner",
        cloudtrail: "AccessControlPolicy.AccessControlList.Grant, x-amz-acl",
    }],
};

/// A bucket's ACL grants its owner full control, nothing else.
fn owner_only() -> Option<Value> {
    Some(json!({"grant": ["FULL_CONTROL owner"]}))
}

/// The access control policy is computed from a canned `acl` when that is set: unknown in a
/// plan only because apply fills it in.
fn derived(attrs: &Value) -> &'static [&'static str] {
    if attrs
        .get("acl")
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty())
    {
        &["access_control_policy"]
    } else {
        &[]
    }
}

fn unknown_canned(w: &mut Warnings<'_>, name: &str) {
    w.push(
        WarningCode::UnreadableValue,
        format!("`{name}` is not a canned ACL S3 knows; the bucket ACL is not monitored"),
    );
}

/// Provider v3: `grant` and `acl` conflict; with grants set, they are the ACL, else the
/// canned `acl` (default `private`). From v4 on, a set `acl` is an argument; without one,
/// the `grant` set is the provider's mirror.
fn inline_claim(src: &dyn InlineSource, w: &mut Warnings<'_>) -> Option<Claim> {
    let a = src.attrs();
    let keys = ["acl", "grant"];
    let canned = |w: &mut Warnings<'_>| match from_bucket_canned(a) {
        Ok(v) => v,
        Err(name) => {
            unknown_canned(w, &name);
            None
        }
    };
    if src.v3() {
        let value = if has_blocks(a, "grant") {
            from_bucket_grants(a)
        } else {
            canned(w)
        };
        return value.map(|v| claim(Some(v), Origin::Inline, src.pending(&keys, false), &keys));
    }
    if let Some(v) = canned(w) {
        return Some(claim(Some(v), Origin::Inline, Vec::new(), &keys));
    }
    if src.unknown_whole("grant") || src.unknown_whole("acl") {
        return unknown(src, &keys, Origin::Inline);
    }
    let origin = if src.configured(&["grant"]) {
        Origin::Inline
    } else {
        Origin::Mirror
    };
    from_bucket_grants(a).map(|v| claim(Some(v), origin, Vec::new(), &keys))
}

/// ACL grantees that open a bucket to everyone: S3's predefined groups AllUsers (anyone,
/// signed or not) and AuthenticatedUsers (any AWS account), per the S3 ACL overview.
const PUBLIC_GRANTEES: [&str; 2] = ["group:AllUsers", "group:AuthenticatedUsers"];

/// The grants of a value that open the bucket to everyone.
pub fn public_grants(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|g| {
            PUBLIC_GRANTEES
                .iter()
                .any(|p| g.ends_with(&format!(" {p}")))
        })
        .map(str::to_string)
        .collect()
}

fn classify(leaf: &Leaf) -> Code {
    let before = public_grants(leaf.expected.as_ref());
    if public_grants(leaf.actual.as_ref())
        .iter()
        .any(|g| !before.contains(g))
    {
        Code::AclPublic
    } else {
        Code::AclChanged
    }
}

/// Grants with the owner's canonical id written as `owner`, as the desired side writes them.
/// With `BucketOwnerEnforced` ACLs are disabled and only the owner's grant has any effect
/// (S3 user guide, "Controlling ownership of objects and disabling ACLs"), so the others are
/// left out.
fn owner_view(value: Value, ctx: &Context<'_>) -> Value {
    let Value::Object(mut obj) = value else {
        return value;
    };
    let enforced = super::ownership::acls_disabled((ctx.live)(Part::OwnershipControls).as_ref());
    if let Some(Value::Array(grants)) = obj.get("grant") {
        let mut out: Vec<String> = grants
            .iter()
            .filter_map(Value::as_str)
            .map(|g| match (g.split_once(' '), ctx.owner_id) {
                (Some((perm, grantee)), Some(owner))
                    if grantee.strip_prefix("id:") == Some(owner) =>
                {
                    format!("{perm} owner")
                }
                _ => g.to_string(),
            })
            .filter(|g| !enforced || g.ends_with(" owner"))
            .collect();
        out.sort();
        out.dedup();
        obj.insert("grant".into(), json!(out));
    }
    Value::Object(obj)
}

/// A canned `acl`, else the grants (`access_control_policy`, or provider v3's `grant`).
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match (at.names, at.inline) {
        (["grant"], false) => vec![vec![attribute("acl")], vec![block("access_control_policy")]],
        (["grant"], true) => vec![vec![attribute("acl")], vec![block("grant")]],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acl_public_only_when_a_public_grant_appears() {
        let leaf = |a: Value| Leaf {
            path: "acl.grant".into(),
            expected: Some(json!(["FULL_CONTROL owner"])),
            actual: Some(a),
        };
        assert_eq!(
            classify(&leaf(json!(["FULL_CONTROL owner", "READ group:AllUsers"]))),
            Code::AclPublic
        );
        assert_eq!(
            classify(&leaf(json!(["FULL_CONTROL owner", "READ id:abc"]))),
            Code::AclChanged
        );
    }
}
