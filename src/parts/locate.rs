//! Where the Terraform code writes a canonical path: the nested blocks and the attribute of
//! the resource that sets it. Each part says it for its own paths (its spec's `locate`);
//! this file holds the words they say it in, and the walk from a path to its part.
//!
//! Split resources (`aws_s3_bucket_versioning`, …) and the provider v3 inline blocks of
//! `aws_s3_bucket` spell the same setting differently (`versioning_configuration { status }`
//! against `versioning { enabled }`). Where a canonical leaf has no one attribute in the code
//! (a lifecycle filter, a replication rule's fields), the walk stops at the enclosing block:
//! a line that is not certain is never given.

use crate::registry::Part;

/// One step from a body into its contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// The one nested block of this type.
    Block(String),
    /// The one nested block of this type whose attribute `key` is the string `value`
    /// (a lifecycle rule by `id`, a transition by `storage_class`).
    BlockWhere {
        block: String,
        key: String,
        value: String,
    },
    /// The attribute, when its value is written literally.
    Attribute(String),
    /// The key `key` of the object constructor in attribute `attribute`, when its value is
    /// written literally (`tags = { owner = "data" }`).
    ObjectKey { attribute: String, key: String },
}

/// Where a path of a part is being looked for.
pub struct Place<'a> {
    /// The whole canonical path.
    pub path: &'a str,
    /// Its segments after the part's key.
    pub rest: &'a [Segment],
    /// The same, as text.
    pub names: &'a [&'a str],
    /// In `aws_s3_bucket` itself (the provider v3 inline form), not a split resource.
    pub inline: bool,
}

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
    if !inline && Part::of_split(rtype) != Some(part) {
        return Vec::new();
    }
    let names: Vec<&str> = rest
        .iter()
        .map(|s| match s {
            Segment::Name(n) | Segment::Key(n) => n.as_str(),
        })
        .collect();
    (part.spec().locate)(&Place {
        path,
        rest,
        names: &names,
        inline,
    })
}

/// `rule { … }` blocks down to an attribute, inside the inline block `inline_block` on
/// `aws_s3_bucket` (encryption, Object Lock).
pub fn nested_in(at: &Place<'_>, inline_block: &str) -> Vec<Vec<Step>> {
    if at.names.first() != Some(&"rule") {
        return Vec::new();
    }
    let mut steps = if at.inline {
        vec![block(inline_block)]
    } else {
        Vec::new()
    };
    steps.extend(nested(at.names));
    one(steps)
}

/// `rule.apply_server_side_encryption_by_default.sse_algorithm`: blocks down to an attribute.
pub fn nested(names: &[&str]) -> Vec<Step> {
    let Some((leaf, blocks)) = names.split_last() else {
        return Vec::new();
    };
    let mut steps: Vec<Step> = blocks.iter().map(|b| block(b)).collect();
    steps.push(attribute(leaf));
    steps
}

pub fn one(steps: Vec<Step>) -> Vec<Vec<Step>> {
    vec![steps]
}

pub fn block(name: &str) -> Step {
    Step::Block(name.to_string())
}

pub fn attribute(name: &str) -> Step {
    Step::Attribute(name.to_string())
}

pub fn block_where(block: &str, key: &str, value: &str) -> Step {
    Step::BlockWhere {
        block: block.to_string(),
        key: key.to_string(),
        value: value.to_string(),
    }
}

/// One segment of a canonical path: `.name` or `[key]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Name(String),
    Key(String),
}

/// Splits a canonical path. A key ends at the `]` followed by `.`, `[` or the end, so a
/// rule id may itself hold dots or brackets.
pub fn parse(path: &str) -> Vec<Segment> {
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
