//! The attributes of the AWS provider's S3 resources as a v5 provider records them in state:
//! `aws_s3_bucket` with its computed mirrors of the last read, and the split resources.
//! Every nested block is a list of objects; unset strings are "" and unset blocks [].

use crate::fleet::{hosted_zone, Bucket, Config, Statement, Versioning, OWNER_ID};
use crate::json::{obj, sorted, strs, J};
use std::collections::BTreeMap;

/// The S3 resources the generator writes, one per part.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Bucket,
    Versioning,
    Sse,
    PublicAccessBlock,
    Ownership,
    Policy,
    Lifecycle,
    Logging,
    Website,
    Cors,
}

impl Part {
    pub fn resource_type(self) -> &'static str {
        match self {
            Part::Bucket => "aws_s3_bucket",
            Part::Versioning => "aws_s3_bucket_versioning",
            Part::Sse => "aws_s3_bucket_server_side_encryption_configuration",
            Part::PublicAccessBlock => "aws_s3_bucket_public_access_block",
            Part::Ownership => "aws_s3_bucket_ownership_controls",
            Part::Policy => "aws_s3_bucket_policy",
            Part::Lifecycle => "aws_s3_bucket_lifecycle_configuration",
            Part::Logging => "aws_s3_bucket_logging",
            Part::Website => "aws_s3_bucket_website_configuration",
            Part::Cors => "aws_s3_bucket_cors_configuration",
        }
    }

    /// The parts `b`'s code manages with a resource of their own (the bucket included).
    pub fn of(b: &Bucket) -> Vec<Part> {
        let c = &b.code;
        let mut parts = vec![Part::Bucket];
        if b.splits.versioning {
            parts.push(Part::Versioning);
        }
        if b.splits.sse {
            parts.push(Part::Sse);
        }
        if c.pab.is_some() {
            parts.push(Part::PublicAccessBlock);
        }
        if c.ownership.is_some() {
            parts.push(Part::Ownership);
        }
        if !c.policy.is_empty() {
            parts.push(Part::Policy);
        }
        if !c.lifecycle.is_empty() {
            parts.push(Part::Lifecycle);
        }
        if c.logging.is_some() {
            parts.push(Part::Logging);
        }
        if c.website.is_some() {
            parts.push(Part::Website);
        }
        if !c.cors.is_empty() {
            parts.push(Part::Cors);
        }
        parts
    }

    /// The provider's schema version of the resource.
    pub fn schema_version(self) -> i64 {
        match self {
            Part::Lifecycle => 1,
            _ => 0,
        }
    }
}

/// A policy document, keys in IAM's usual order.
pub fn policy_document(statements: &[Statement]) -> J {
    let st = statements
        .iter()
        .map(|s| {
            let mut o = obj([("Sid", J::from(&s.sid)), ("Effect", J::from(s.effect))]);
            o.push(
                "Principal",
                match &s.principal {
                    None => J::from("*"),
                    Some((kind, v)) => obj([(kind, J::from(v))]),
                },
            );
            o.push(
                "Action",
                if s.actions.len() == 1 {
                    J::from(s.actions[0])
                } else {
                    strs(&s.actions)
                },
            );
            o.push(
                "Resource",
                if s.resources.len() == 1 {
                    J::from(&s.resources[0])
                } else {
                    strs(&s.resources)
                },
            );
            if let Some((op, key, value)) = &s.condition {
                o.push("Condition", obj([(op, obj([(key, J::from(value))]))]));
            }
            o
        })
        .collect();
    obj([
        ("Version", J::from("2012-10-17")),
        ("Statement", J::Arr(st)),
    ])
}

/// The policy text as the code hands it to the provider: `aws_iam_policy_document` output is
/// indented, `jsonencode` output is compact; stacks use either.
pub fn policy_text(b: &Bucket) -> String {
    let doc = policy_document(&b.code.policy);
    if b.index % 3 == 0 {
        doc.compact()
    } else {
        let mut s = String::new();
        doc.write_pretty(&mut s, 0);
        s
    }
}

fn map(m: &BTreeMap<String, String>) -> J {
    J::Obj(m.iter().map(|(k, v)| (k.clone(), J::from(v))).collect())
}

fn sse_rule(c: &Config) -> J {
    obj([
        (
            "apply_server_side_encryption_by_default",
            J::Arr(vec![obj([
                (
                    "kms_master_key_id",
                    J::from(c.sse.kms_key.clone().unwrap_or_default()),
                ),
                (
                    "sse_algorithm",
                    J::from(if c.sse.kms_key.is_some() {
                        "aws:kms"
                    } else {
                        "AES256"
                    }),
                ),
            ])]),
        ),
        ("bucket_key_enabled", J::from(c.sse.bucket_key)),
    ])
}

fn lifecycle_rules(c: &Config) -> J {
    J::Arr(
        c.lifecycle
            .iter()
            .map(|r| {
                obj([
                    (
                        "abort_incomplete_multipart_upload",
                        J::Arr(
                            r.abort_days
                                .map(|d| obj([("days_after_initiation", J::from(d))]))
                                .into_iter()
                                .collect(),
                        ),
                    ),
                    (
                        "expiration",
                        J::Arr(
                            r.expiration_days
                                .map(|d| {
                                    obj([
                                        ("date", J::from("")),
                                        ("days", J::from(d)),
                                        ("expired_object_delete_marker", J::from(false)),
                                    ])
                                })
                                .into_iter()
                                .collect(),
                        ),
                    ),
                    (
                        "filter",
                        J::Arr(vec![obj([
                            ("and", J::Arr(vec![])),
                            ("object_size_greater_than", J::from("")),
                            ("object_size_less_than", J::from("")),
                            ("prefix", J::from(&r.prefix)),
                            ("tag", J::Arr(vec![])),
                        ])]),
                    ),
                    ("id", J::from(&r.id)),
                    (
                        "noncurrent_version_expiration",
                        J::Arr(
                            r.noncurrent_days
                                .map(|d| {
                                    obj([
                                        ("newer_noncurrent_versions", J::from("")),
                                        ("noncurrent_days", J::from(d)),
                                    ])
                                })
                                .into_iter()
                                .collect(),
                        ),
                    ),
                    ("noncurrent_version_transition", J::Arr(vec![])),
                    ("prefix", J::from("")),
                    ("status", J::from("Enabled")),
                    (
                        "transition",
                        J::Arr(
                            r.transitions
                                .iter()
                                .map(|(class, days)| {
                                    obj([
                                        ("date", J::from("")),
                                        ("days", J::from(*days)),
                                        ("storage_class", J::from(*class)),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ])
            })
            .collect(),
    )
}

/// The deprecated inline `lifecycle_rule` mirror.
fn lifecycle_mirror(c: &Config) -> J {
    J::Arr(
        c.lifecycle
            .iter()
            .map(|r| {
                obj([
                    (
                        "abort_incomplete_multipart_upload_days",
                        J::from(r.abort_days.unwrap_or(0)),
                    ),
                    ("enabled", J::from(true)),
                    (
                        "expiration",
                        J::Arr(
                            r.expiration_days
                                .map(|d| {
                                    obj([
                                        ("date", J::from("")),
                                        ("days", J::from(d)),
                                        ("expired_object_delete_marker", J::from(false)),
                                    ])
                                })
                                .into_iter()
                                .collect(),
                        ),
                    ),
                    ("id", J::from(&r.id)),
                    (
                        "noncurrent_version_expiration",
                        J::Arr(
                            r.noncurrent_days
                                .map(|d| obj([("days", J::from(d))]))
                                .into_iter()
                                .collect(),
                        ),
                    ),
                    ("noncurrent_version_transition", J::Arr(vec![])),
                    ("prefix", J::from(&r.prefix)),
                    ("tags", J::Obj(vec![])),
                    (
                        "transition",
                        J::Arr(
                            r.transitions
                                .iter()
                                .map(|(class, days)| {
                                    obj([
                                        ("date", J::from("")),
                                        ("days", J::from(*days)),
                                        ("storage_class", J::from(*class)),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ])
            })
            .collect(),
    )
}

fn cors_rules(c: &Config, with_id: bool) -> J {
    J::Arr(
        c.cors
            .iter()
            .map(|r| {
                let mut pairs = vec![
                    ("allowed_headers".to_string(), strs(&r.headers)),
                    ("allowed_methods".to_string(), strs(&r.methods)),
                    ("allowed_origins".to_string(), strs(&r.origins)),
                    ("expose_headers".to_string(), strs(&["ETag"])),
                    ("max_age_seconds".to_string(), J::from(r.max_age)),
                ];
                if with_id {
                    pairs.push(("id".to_string(), J::from(&r.id)));
                }
                sorted(pairs)
            })
            .collect(),
    )
}

fn website_endpoint(b: &Bucket) -> (String, String) {
    let domain = format!("s3-website-{}.amazonaws.com", b.region);
    (domain.clone(), format!("{}.{domain}", b.name))
}

/// The attributes of one S3 resource of `b`.
pub fn attributes(b: &Bucket, part: Part) -> J {
    let c = &b.code;
    let bucket = J::from(&b.name);
    let mut a: Vec<(String, J)> = match part {
        Part::Bucket => {
            let (wdomain, wendpoint) = website_endpoint(b);
            let website = c.website.is_some();
            vec![
                ("acceleration_status".into(), J::from("")),
                ("acl".into(), J::Null),
                ("arn".into(), J::from(b.arn())),
                ("bucket".into(), bucket.clone()),
                (
                    "bucket_domain_name".into(),
                    J::from(format!("{}.s3.amazonaws.com", b.name)),
                ),
                ("bucket_prefix".into(), J::from("")),
                (
                    "bucket_regional_domain_name".into(),
                    J::from(format!("{}.s3.{}.amazonaws.com", b.name, b.region)),
                ),
                ("cors_rule".into(), cors_rules(c, false)),
                ("force_destroy".into(), J::from(false)),
                (
                    "grant".into(),
                    J::Arr(vec![obj([
                        ("id", J::from(OWNER_ID)),
                        ("permissions", strs(&["FULL_CONTROL"])),
                        ("type", J::from("CanonicalUser")),
                        ("uri", J::from("")),
                    ])]),
                ),
                ("hosted_zone_id".into(), J::from(hosted_zone(b.region))),
                ("id".into(), bucket.clone()),
                ("lifecycle_rule".into(), lifecycle_mirror(c)),
                (
                    "logging".into(),
                    J::Arr(
                        c.logging
                            .iter()
                            .map(|l| {
                                obj([
                                    ("target_bucket", J::from(&l.target_bucket)),
                                    ("target_prefix", J::from(&l.target_prefix)),
                                ])
                            })
                            .collect(),
                    ),
                ),
                ("object_lock_configuration".into(), J::Arr(vec![])),
                ("object_lock_enabled".into(), J::from(false)),
                (
                    "policy".into(),
                    J::from(if c.policy.is_empty() {
                        String::new()
                    } else {
                        policy_document(&c.policy).compact()
                    }),
                ),
                ("region".into(), J::from(b.region)),
                ("replication_configuration".into(), J::Arr(vec![])),
                ("request_payer".into(), J::from("BucketOwner")),
                (
                    "server_side_encryption_configuration".into(),
                    J::Arr(vec![obj([("rule", J::Arr(vec![sse_rule(c)]))])]),
                ),
                ("tags".into(), map(&c.tags)),
                ("tags_all".into(), map(&b.tags_all())),
                ("timeouts".into(), J::Null),
                (
                    "versioning".into(),
                    J::Arr(vec![obj([
                        ("enabled", J::from(c.versioning == Versioning::Enabled)),
                        ("mfa_delete", J::from(false)),
                    ])]),
                ),
                (
                    "website".into(),
                    J::Arr(
                        c.website
                            .iter()
                            .map(|(index, error)| {
                                obj([
                                    ("error_document", J::from(error)),
                                    ("index_document", J::from(index)),
                                    ("redirect_all_requests_to", J::from("")),
                                    ("routing_rules", J::from("")),
                                ])
                            })
                            .collect(),
                    ),
                ),
                (
                    "website_domain".into(),
                    if website { J::from(wdomain) } else { J::Null },
                ),
                (
                    "website_endpoint".into(),
                    if website { J::from(wendpoint) } else { J::Null },
                ),
            ]
        }
        Part::Versioning => vec![
            ("mfa".into(), J::Null),
            (
                "versioning_configuration".into(),
                J::Arr(vec![obj([
                    ("mfa_delete", J::from("")),
                    ("status", J::from(c.versioning.as_str())),
                ])]),
            ),
        ],
        Part::Sse => vec![("rule".into(), J::Arr(vec![sse_rule(c)]))],
        Part::PublicAccessBlock => {
            let p = c.pab.expect("a public access block");
            vec![
                ("block_public_acls".into(), J::from(p.block_public_acls)),
                ("block_public_policy".into(), J::from(p.block_public_policy)),
                ("ignore_public_acls".into(), J::from(p.ignore_public_acls)),
                (
                    "restrict_public_buckets".into(),
                    J::from(p.restrict_public_buckets),
                ),
            ]
        }
        Part::Ownership => vec![(
            "rule".into(),
            J::Arr(vec![obj([(
                "object_ownership",
                J::from(c.ownership.expect("ownership controls")),
            )])]),
        )],
        Part::Policy => vec![("policy".into(), J::from(policy_text(b)))],
        Part::Lifecycle => vec![
            ("rule".into(), lifecycle_rules(c)),
            ("timeouts".into(), J::Null),
            (
                "transition_default_minimum_object_size".into(),
                J::from("all_storage_classes_128K"),
            ),
        ],
        Part::Logging => {
            let l = c.logging.as_ref().expect("logging");
            vec![
                ("target_bucket".into(), J::from(&l.target_bucket)),
                ("target_grant".into(), J::Arr(vec![])),
                ("target_object_key_format".into(), J::Arr(vec![])),
                ("target_prefix".into(), J::from(&l.target_prefix)),
            ]
        }
        Part::Website => {
            let (index, error) = c.website.as_ref().expect("website");
            let (wdomain, wendpoint) = website_endpoint(b);
            vec![
                (
                    "error_document".into(),
                    J::Arr(vec![obj([("key", J::from(error))])]),
                ),
                (
                    "index_document".into(),
                    J::Arr(vec![obj([("suffix", J::from(index))])]),
                ),
                ("redirect_all_requests_to".into(), J::Arr(vec![])),
                ("routing_rule".into(), J::Arr(vec![])),
                ("routing_rules".into(), J::from("")),
                ("website_domain".into(), J::from(wdomain)),
                ("website_endpoint".into(), J::from(wendpoint)),
            ]
        }
        Part::Cors => vec![("cors_rule".into(), cors_rules(c, true))],
    };
    if part != Part::Bucket {
        a.push(("bucket".into(), bucket.clone()));
        a.push(("id".into(), bucket));
        if !matches!(
            part,
            Part::PublicAccessBlock | Part::Ownership | Part::Policy
        ) {
            a.push(("expected_bucket_owner".into(), J::from("")));
        }
    }
    sorted(a)
}

/// The `private` blob the provider stores: its timeouts for `aws_s3_bucket`, `null` for the
/// split resources (base64).
pub fn private(part: Part) -> &'static str {
    match part {
        Part::Bucket => "eyJlMmJmYjczMC1lY2FhLTExZTYtOGY4OC0zNDM2M2JjN2M0YzAiOnsiY3JlYXRlIjoxMjAwMDAwMDAwMDAwLCJkZWxldGUiOjM2MDAwMDAwMDAwMDAsInJlYWQiOjEyMDAwMDAwMDAwMDAsInVwZGF0ZSI6MTIwMDAwMDAwMDAwMH19",
        _ => "bnVsbA==",
    }
}
