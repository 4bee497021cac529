//! From a finding's canonical path to where the code writes it: the nested blocks and the
//! attribute of the resource that sets it (see the README's path table).
//!
//! Split resources (`aws_s3_bucket_versioning`, …) and the provider v3 inline blocks of
//! `aws_s3_bucket` spell the same setting differently (`versioning_configuration { status }`
//! against `versioning { enabled }`). Where a canonical leaf has no one attribute in the code
//! (a lifecycle filter, a replication rule's fields), the walk stops at the enclosing block.

use super::tree::Step;
use crate::model::Part;

/// The walks that may lead to `path` inside a resource of type `rtype`, most likely first.
/// Empty when only the resource block itself is known to be right.
pub fn walks(rtype: &str, path: &str) -> Vec<Vec<Step>> {
    let segments = parse(path);
    let Some((Segment::Name(head), rest)) = segments.split_first() else {
        return Vec::new();
    };
    let Some(part) = Part::from_key(head) else {
        return Vec::new();
    };
    let inline = rtype == "aws_s3_bucket";
    let split = !inline && Part::of_split(rtype) == Some(part);
    if !inline && !split {
        return Vec::new();
    }
    let names: Vec<&str> = rest
        .iter()
        .map(|s| match s {
            Segment::Name(n) | Segment::Key(n) => n.as_str(),
        })
        .collect();
    match part {
        Part::Versioning => match (names.as_slice(), inline) {
            (["status"], false) => {
                one(vec![block("versioning_configuration"), attribute("status")])
            }
            (["mfa_delete"], false) => one(vec![
                block("versioning_configuration"),
                attribute("mfa_delete"),
            ]),
            (["status"], true) => one(vec![block("versioning"), attribute("enabled")]),
            (["mfa_delete"], true) => one(vec![block("versioning"), attribute("mfa_delete")]),
            _ => Vec::new(),
        },
        Part::ServerSideEncryptionConfiguration | Part::ObjectLockConfiguration
            if names.first() == Some(&"rule") =>
        {
            let mut steps = if inline { vec![block(head)] } else { vec![] };
            steps.extend(nested(&names));
            one(steps)
        }
        Part::ObjectLockConfiguration => match names.as_slice() {
            ["object_lock_enabled"] if inline => vec![
                vec![attribute("object_lock_enabled")],
                vec![
                    block("object_lock_configuration"),
                    attribute("object_lock_enabled"),
                ],
            ],
            ["object_lock_enabled"] => one(vec![attribute("object_lock_enabled")]),
            _ => Vec::new(),
        },
        Part::LifecycleRule => lifecycle(rest, inline),
        Part::ReplicationConfiguration => match (rest, inline) {
            ([Segment::Name(role)], false) if role == "role" => one(vec![attribute("role")]),
            ([Segment::Name(role)], true) if role == "role" => {
                one(vec![block("replication_configuration"), attribute("role")])
            }
            ([Segment::Name(rules), Segment::Key(id), ..], false) if rules == "rules" => {
                one(vec![block_where("rule", "id", id)])
            }
            ([Segment::Name(rules), Segment::Key(id), ..], true) if rules == "rules" => one(vec![
                block("replication_configuration"),
                block_where("rules", "id", id),
            ]),
            _ => Vec::new(),
        },
        Part::Logging => match names.as_slice() {
            [leaf @ ("target_bucket" | "target_prefix")] if inline => {
                one(vec![block("logging"), attribute(leaf)])
            }
            [leaf @ ("target_bucket" | "target_prefix")] => one(vec![attribute(leaf)]),
            _ => Vec::new(),
        },
        Part::PublicAccessBlock => match names.as_slice() {
            [leaf] if split => one(vec![attribute(leaf)]),
            _ => Vec::new(),
        },
        Part::CorsRule => match rest {
            [Segment::Key(id), ..] => one(vec![block_where("cors_rule", "id", id)]),
            _ => Vec::new(),
        },
        Part::Website => website(&names, inline),
        Part::Policy => match names.as_slice() {
            [] => one(vec![attribute("policy")]),
            _ => Vec::new(),
        },
        Part::Acl => match (names.as_slice(), inline) {
            (["grant"], false) => {
                vec![vec![attribute("acl")], vec![block("access_control_policy")]]
            }
            (["grant"], true) => vec![vec![attribute("acl")], vec![block("grant")]],
            _ => Vec::new(),
        },
        Part::OwnershipControls => match names.as_slice() {
            ["object_ownership"] if split => {
                one(vec![block("rule"), attribute("object_ownership")])
            }
            _ => Vec::new(),
        },
        Part::Tags => match path.strip_prefix("tags.") {
            Some(key) if inline && !key.is_empty() => one(vec![Step::ObjectKey {
                attribute: "tags".into(),
                key: key.to_string(),
            }]),
            _ => Vec::new(),
        },
        Part::ServerSideEncryptionConfiguration => Vec::new(),
        Part::AccelerateConfiguration => match (names.as_slice(), inline) {
            (["status"], false) => one(vec![attribute("status")]),
            (["status"], true) => one(vec![attribute("acceleration_status")]),
            _ => Vec::new(),
        },
        Part::Notification => match rest {
            [Segment::Name(kind), Segment::Key(id), ..] if split => {
                one(vec![block_where(kind, "id", id)])
            }
            [Segment::Name(leaf)] if split && leaf == "eventbridge" => one(vec![attribute(leaf)]),
            _ => Vec::new(),
        },
    }
}

/// `lifecycle_rule[<id>]…`: the rule found by its literal `id`, then the field.
fn lifecycle(rest: &[Segment], inline: bool) -> Vec<Vec<Step>> {
    let [Segment::Key(id), fields @ ..] = rest else {
        return Vec::new();
    };
    let mut steps = vec![block_where(
        if inline { "lifecycle_rule" } else { "rule" },
        "id",
        id,
    )];
    let name = |i: usize| match fields.get(i) {
        Some(Segment::Name(n)) => Some(n.as_str()),
        _ => None,
    };
    let key = |i: usize| match fields.get(i) {
        Some(Segment::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    match (name(0), inline) {
        (None, _) => {}
        (Some("status"), false) => steps.push(attribute("status")),
        (Some("status"), true) => steps.push(attribute("enabled")),
        (Some("filter"), false) => steps.push(block("filter")),
        (Some(b @ ("expiration" | "noncurrent_version_expiration")), _) => {
            steps.push(block(b));
            // The v3 inline block calls `noncurrent_days` `days`: stop at the block there.
            if let Some(leaf) = name(1).filter(|_| !inline || b == "expiration") {
                steps.push(attribute(leaf));
            }
        }
        (Some(b @ ("transition" | "noncurrent_version_transition")), _) => {
            if let Some(class) = key(1) {
                steps.push(block_where(b, "storage_class", class));
                if let Some(leaf) = name(2).filter(|_| !inline || b == "transition") {
                    steps.push(attribute(leaf));
                }
            }
        }
        (Some("abort_incomplete_multipart_upload"), false) => {
            steps.push(block("abort_incomplete_multipart_upload"));
            if let Some(leaf) = name(1) {
                steps.push(attribute(leaf));
            }
        }
        (Some("abort_incomplete_multipart_upload"), true) => {
            steps.push(attribute("abort_incomplete_multipart_upload_days"))
        }
        _ => {}
    }
    one(steps)
}

fn website(names: &[&str], inline: bool) -> Vec<Vec<Step>> {
    match (names, inline) {
        (["index_document"], false) => one(vec![block("index_document"), attribute("suffix")]),
        (["error_document"], false) => one(vec![block("error_document"), attribute("key")]),
        (["redirect_all_requests_to"], false) => one(vec![block("redirect_all_requests_to")]),
        (["routing_rules"], false) => one(vec![attribute("routing_rules")]),
        ([leaf], true) => one(vec![block("website"), attribute(leaf)]),
        _ => Vec::new(),
    }
}

/// `rule.apply_server_side_encryption_by_default.sse_algorithm`: blocks down to an attribute.
fn nested(names: &[&str]) -> Vec<Step> {
    let Some((leaf, blocks)) = names.split_last() else {
        return Vec::new();
    };
    let mut steps: Vec<Step> = blocks.iter().map(|b| block(b)).collect();
    steps.push(attribute(leaf));
    steps
}

fn one(steps: Vec<Step>) -> Vec<Vec<Step>> {
    vec![steps]
}

fn block(name: &str) -> Step {
    Step::Block(name.to_string())
}

fn attribute(name: &str) -> Step {
    Step::Attribute(name.to_string())
}

fn block_where(block: &str, key: &str, value: &str) -> Step {
    Step::BlockWhere {
        block: block.to_string(),
        key: key.to_string(),
        value: value.to_string(),
    }
}

/// One segment of a canonical path: `.name` or `[key]`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Name(String),
    Key(String),
}

/// Splits a canonical path. A key ends at the `]` followed by `.`, `[` or the end, so a
/// rule id may itself hold dots or brackets.
fn parse(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let end = after
                .match_indices(']')
                .map(|(i, _)| i)
                .find(|&i| matches!(after[i + 1..].chars().next(), None | Some('.' | '[')));
            let Some(end) = end else {
                out.push(Segment::Key(after.to_string()));
                break;
            };
            out.push(Segment::Key(after[..end].to_string()));
            rest = after[end + 1..]
                .strip_prefix('.')
                .unwrap_or(&after[end + 1..]);
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            out.push(Segment::Name(rest[..end].to_string()));
            rest = rest[end..].strip_prefix('.').unwrap_or(&rest[end..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_keys() {
        assert_eq!(
            parse("lifecycle_rule[a.b[1]].transition[GLACIER].days"),
            vec![
                Segment::Name("lifecycle_rule".into()),
                Segment::Key("a.b[1]".into()),
                Segment::Name("transition".into()),
                Segment::Key("GLACIER".into()),
                Segment::Name("days".into()),
            ]
        );
        assert_eq!(parse("policy"), vec![Segment::Name("policy".into())]);
    }

    #[test]
    fn split_and_inline_spellings() {
        assert_eq!(
            walks("aws_s3_bucket_versioning", "versioning.status"),
            vec![vec![block("versioning_configuration"), attribute("status")]]
        );
        assert_eq!(
            walks("aws_s3_bucket", "versioning.status"),
            vec![vec![block("versioning"), attribute("enabled")]]
        );
        assert_eq!(
            walks(
                "aws_s3_bucket_server_side_encryption_configuration",
                "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm"
            ),
            vec![vec![
                block("rule"),
                block("apply_server_side_encryption_by_default"),
                attribute("sse_algorithm")
            ]]
        );
        assert_eq!(
            walks(
                "aws_s3_bucket",
                "server_side_encryption_configuration.rule.bucket_key_enabled"
            ),
            vec![vec![
                block("server_side_encryption_configuration"),
                block("rule"),
                attribute("bucket_key_enabled")
            ]]
        );
        assert_eq!(
            walks(
                "aws_s3_bucket_lifecycle_configuration",
                "lifecycle_rule[logs].transition[GLACIER].days"
            ),
            vec![vec![
                block_where("rule", "id", "logs"),
                block_where("transition", "storage_class", "GLACIER"),
                attribute("days")
            ]]
        );
        assert_eq!(
            walks("aws_s3_bucket", "lifecycle_rule[logs].status"),
            vec![vec![
                block_where("lifecycle_rule", "id", "logs"),
                attribute("enabled")
            ]]
        );
        assert_eq!(
            walks(
                "aws_s3_bucket_public_access_block",
                "public_access_block.block_public_acls"
            ),
            vec![vec![attribute("block_public_acls")]]
        );
        assert_eq!(
            walks("aws_s3_bucket", "tags.kubernetes.io/cluster"),
            vec![vec![Step::ObjectKey {
                attribute: "tags".into(),
                key: "kubernetes.io/cluster".into()
            }]]
        );
        assert_eq!(
            walks("aws_s3_bucket_policy", "policy"),
            vec![vec![attribute("policy")]]
        );
    }

    #[test]
    fn no_walk_where_the_resource_does_not_set_the_path() {
        // A versioning path on the policy resource, a part aws_s3_bucket cannot set inline,
        // bucket-level findings and an unknown part: the block line is all that is known.
        assert!(walks("aws_s3_bucket_policy", "versioning.status").is_empty());
        assert!(walks("aws_s3_bucket", "public_access_block.block_public_acls").is_empty());
        assert!(walks("aws_s3_bucket", "ownership_controls.object_ownership").is_empty());
        assert!(walks("aws_s3_bucket", "").is_empty());
        assert!(walks("aws_s3_bucket", "nonsense.x").is_empty());
    }
}
