//! `policy`: the bucket policy document, compared as a document (see [`document`]), never
//! leaf by leaf.

mod canon;
pub mod document;
mod events;
pub mod live;

pub use canon::{from_attribute, parse, Policy};
pub use document::{equivalent, is_account_id, is_public};

use super::inline::{claim, origin_of, unknown};
use super::locate::{attribute, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Kind, Message, Severity, REVERT};
use serde_json::{json, Value};

pub const SPEC: PartSpec = PartSpec {
    key: "policy",
    group: "policy",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_policy",
        per_entry: false,
        schema: &[
            ("policy", AttrType::Str),
        ],
        attributes: &["policy"],
        derived: no_derived,
        read: |a, w| Ok(from_attribute(a, "policy", w)),
    }),
    inline: Inline {
        form: InlineForm::Custom(inline_claim),
        schema: &[("policy", AttrType::Str)],
        config_blocks: &["policy"],
    },
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetBucketPolicy",
        iam_action: "s3:GetBucketPolicy",
        not_configured: &["NoSuchBucketPolicy"],
        scope: Scope::Bucket,
    },
    events: &["PutBucketPolicy", "DeleteBucketPolicy"],
    event_value: events::new_value,
    access_log: &["BUCKETPOLICY", "POLICY"],
    shape: Shape {
        keyed: &[],
        atomic: &["policy"],
        ordered: &[],
        maps: &[],
        free_keys: false,
    },
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[],
    },
    code: Code::PolicyChanged,
    codes: &[
        CodeInfo {
            code: Code::PolicyPublic,
            severity: Severity::Critical,
            summary: "The bucket policy grants access to everyone",
            description: "The live bucket policy grants access to everyone (a `*` principal without a limiting condition). Anyone on the internet may be able to read or write objects.",
            fix: "Remove the public grant at once (`terraform apply` restores the code's policy or ACL), make sure the public access block is on, and review the access logs for reads by unknown principals.",
            message: Message::Fixed("The live bucket policy allows everyone (`*`) without a condition that restricts the caller."),
        },
        CodeInfo {
            code: Code::PolicyChanged,
            severity: Severity::High,
            summary: "The bucket policy changed",
            description: "The live bucket policy differs from the code. Compared as policy documents: formatting, key order and equivalent spellings are not drift.",
            fix: REVERT,
            message: Message::Fixed("The live bucket policy differs from the code."),
        },
        CodeInfo {
            code: Code::PolicyAdded,
            severity: Severity::High,
            summary: "A bucket policy was added outside the code",
            description: "The bucket has a policy the code does not define. Someone granted or denied access outside the code.",
            fix: REVERT,
            message: Message::Fixed("A bucket policy is set live that the code does not have."),
        },
        CodeInfo {
            code: Code::PolicyRemoved,
            severity: Severity::High,
            summary: "The bucket policy was deleted",
            description: "The bucket policy the code defines was deleted. Its statements, including any deny statements that enforced TLS or encryption, no longer apply.",
            fix: REVERT,
            message: Message::Fixed("The bucket policy in the code was deleted live."),
        },
        CodeInfo {
            code: Code::PolicyOrphanedPrincipal,
            severity: Severity::Medium,
            summary: "The bucket policy names a deleted IAM principal",
            description: "The live bucket policy names an IAM principal that no longer exists: S3 shows its unique id (`AROA…`, `AIDA…`) instead of its ARN. A new role with the same name does not get the access back.",
            fix: "Replace the unique id with the ARN of the principal that should have access (or remove the statement), in the code, and apply.",
            message: Message::Fixed("The live bucket policy names a deleted IAM role or user (S3 shows its unique ID)."),
        },
    ],
    classify: |_| Code::PolicyChanged,
    compare: Compare {
        equivalent: Some(equivalent),
        documents: Some(compare),
        ..Compare::PLAIN
    },
    locate,
    paths: &[PathRow {
        path: "policy",
        inline: "policy",
        split: "aws_s3_bucket_policy: policy",
        s3_api: "Policy",
        cloudtrail: "bucketPolicy",
    }],
};

/// Provider v3 reads `policy` back only when the configuration sets it, so an empty one does
/// not manage the bucket policy.
fn inline_claim(src: &dyn InlineSource, w: &mut Warnings<'_>) -> Option<Claim> {
    let keys = ["policy"];
    let origin = origin_of(src, &keys);
    if src.unknown_whole("policy") {
        return unknown(src, &keys, origin);
    }
    let value = from_attribute(src.attrs(), "policy", w)?;
    Some(claim(Some(value), origin, Vec::new(), &keys))
}

/// A policy held as a JSON string (as state stores it) as the document itself.
fn document_of(value: &Value) -> Value {
    match value {
        Value::String(s) => serde_json::from_str(s).unwrap_or_else(|_| value.clone()),
        other => other.clone(),
    }
}

fn change(kind: Kind, code: Code, expected: Option<Value>, actual: Option<Value>) -> Change {
    Change {
        path: SPEC.key.to_string(),
        kind,
        code,
        expected,
        actual,
    }
}

/// Policy findings: one at `policy` for the document, plus one for deleted principals.
fn compare(want: Option<&Value>, have: Option<&Value>) -> Vec<Change> {
    let mut out = Vec::new();
    let want = want.map(document_of);
    let have = have.map(document_of);
    if let Some(h) = &have {
        let known = want
            .as_ref()
            .map(document::orphaned_principals)
            .unwrap_or_default();
        let orphans: Vec<String> = document::orphaned_principals(h)
            .into_iter()
            .filter(|o| !known.contains(o))
            .collect();
        if !orphans.is_empty() {
            out.push(change(
                Kind::Changed,
                Code::PolicyOrphanedPrincipal,
                None,
                Some(json!(orphans)),
            ));
        }
    }
    match (want, have) {
        (None, None) => {}
        (Some(w), None) => out.push(change(
            Kind::RemovedLive,
            Code::PolicyRemoved,
            Some(w),
            None,
        )),
        (None, Some(h)) => {
            let code = if is_public(&h) {
                Code::PolicyPublic
            } else {
                Code::PolicyAdded
            };
            out.push(change(Kind::AddedLive, code, None, Some(h)));
        }
        (Some(w), Some(h)) => {
            if !equivalent(&w, &h) && !document::equivalent_but_orphans(&w, &h) {
                // A policy the code already makes public is not news; one that became public
                // live is the critical case.
                let code = if is_public(&h) && !is_public(&w) {
                    Code::PolicyPublic
                } else {
                    Code::PolicyChanged
                };
                out.push(change(Kind::Changed, code, Some(w), Some(h)));
            }
        }
    }
    out
}

/// The `policy` argument.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match at.names {
        [] => one(vec![attribute("policy")]),
        _ => Vec::new(),
    }
}
