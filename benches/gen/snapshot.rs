//! Writes the fleet's live side as an `s3drift/snapshot` version 1 file: every bucket
//! present, every part in its canonical shape, the drifted buckets with their drift.

use crate::fleet::{Bucket, Fleet, Pab, ACCOUNT, OWNER_ID};
use crate::json::{obj, sorted, strs, J};
use crate::s3_attrs::policy_document;
use std::io::{self, Write};

fn present(value: J) -> J {
    obj([("status", J::from("present")), ("value", value)])
}

fn absent() -> J {
    obj([("status", J::from("absent"))])
}

fn sorted_strs(items: &[&str]) -> J {
    let mut v = items.to_vec();
    v.sort();
    strs(&v)
}

/// The parts of one bucket as a live read records them.
pub fn parts(b: &Bucket) -> J {
    let c = b.live();
    let mut parts: Vec<(String, J)> = Vec::new();
    let mut part = |name: &str, v: J| parts.push((name.to_string(), v));
    part(
        "acl",
        present(obj([(
            "grant",
            strs(&[format!("FULL_CONTROL id:{OWNER_ID}")]),
        )])),
    );
    part(
        "cors_rule",
        if c.cors.is_empty() {
            absent()
        } else {
            present(J::Obj(
                c.cors
                    .iter()
                    .map(|r| {
                        let origins: Vec<&str> = r.origins.iter().map(String::as_str).collect();
                        (
                            r.id.clone(),
                            obj([
                                ("allowed_headers", sorted_strs(&r.headers)),
                                ("allowed_methods", sorted_strs(&r.methods)),
                                ("allowed_origins", sorted_strs(&origins)),
                                ("expose_headers", strs(&["ETag"])),
                                ("max_age_seconds", J::from(r.max_age)),
                            ]),
                        )
                    })
                    .collect(),
            ))
        },
    );
    part(
        "lifecycle_rule",
        if c.lifecycle.is_empty() {
            absent()
        } else {
            present(sorted(
                c.lifecycle
                    .iter()
                    .map(|r| {
                        let mut v = Vec::new();
                        if let Some(d) = r.abort_days {
                            v.push((
                                "abort_incomplete_multipart_upload".to_string(),
                                obj([("days_after_initiation", J::from(d))]),
                            ));
                        }
                        if let Some(d) = r.expiration_days {
                            v.push(("expiration".into(), obj([("days", J::from(d))])));
                        }
                        if !r.prefix.is_empty() {
                            v.push(("filter".into(), obj([("prefix", J::from(&r.prefix))])));
                        }
                        if let Some(d) = r.noncurrent_days {
                            v.push((
                                "noncurrent_version_expiration".into(),
                                obj([("noncurrent_days", J::from(d))]),
                            ));
                        }
                        v.push(("status".into(), J::from("Enabled")));
                        if !r.transitions.is_empty() {
                            v.push((
                                "transition".into(),
                                sorted(
                                    r.transitions
                                        .iter()
                                        .map(|(class, days)| {
                                            (class.to_string(), obj([("days", J::from(*days))]))
                                        })
                                        .collect(),
                                ),
                            ));
                        }
                        (r.id.clone(), sorted(v))
                    })
                    .collect(),
            ))
        },
    );
    part(
        "logging",
        match &c.logging {
            None => absent(),
            Some(l) => present(obj([
                ("target_bucket", J::from(&l.target_bucket)),
                ("target_prefix", J::from(&l.target_prefix)),
            ])),
        },
    );
    part("object_lock_configuration", absent());
    part(
        "ownership_controls",
        present(obj([(
            "object_ownership",
            J::from(c.ownership.unwrap_or("BucketOwnerEnforced")),
        )])),
    );
    part(
        "policy",
        if c.policy.is_empty() {
            absent()
        } else {
            present(policy_document(&c.policy))
        },
    );
    let p = c.pab.unwrap_or(Pab::ALL_ON);
    part(
        "public_access_block",
        present(obj([
            ("block_public_acls", J::from(p.block_public_acls)),
            ("block_public_policy", J::from(p.block_public_policy)),
            ("ignore_public_acls", J::from(p.ignore_public_acls)),
            (
                "restrict_public_buckets",
                J::from(p.restrict_public_buckets),
            ),
        ])),
    );
    part("replication_configuration", absent());
    let mut by_default = vec![(
        "sse_algorithm".to_string(),
        J::from(if c.sse.kms_key.is_some() {
            "aws:kms"
        } else {
            "AES256"
        }),
    )];
    if let Some(k) = &c.sse.kms_key {
        by_default.push(("kms_master_key_id".into(), J::from(k)));
    }
    part(
        "server_side_encryption_configuration",
        present(obj([(
            "rule",
            obj([
                (
                    "apply_server_side_encryption_by_default",
                    sorted(by_default),
                ),
                ("bucket_key_enabled", J::from(c.sse.bucket_key)),
            ]),
        )])),
    );
    part(
        "tags",
        present(J::Obj(
            c.tags
                .iter()
                .map(|(k, v)| (k.clone(), J::from(v)))
                .collect(),
        )),
    );
    part(
        "versioning",
        present(obj([
            ("mfa_delete", J::from(false)),
            ("status", J::from(c.versioning.as_str())),
        ])),
    );
    part(
        "website",
        match &c.website {
            None => absent(),
            Some((index, error)) => present(obj([
                ("error_document", J::from(error)),
                ("index_document", J::from(index)),
            ])),
        },
    );
    sorted(parts)
}

/// Writes the snapshot, captured at `captured_at` (RFC 3339).
pub fn write(fleet: &Fleet, captured_at: &str, out: &mut impl Write) -> io::Result<u64> {
    let mut names: Vec<&Bucket> = fleet.buckets.iter().collect();
    names.sort_by(|a, b| a.name.cmp(&b.name));
    let mut text = String::new();
    text.push_str("{\n  \"buckets\": {");
    for (i, b) in names.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str("\n    ");
        crate::json::escape(&b.name, &mut text);
        text.push_str(": ");
        let bucket = obj([
            ("account", J::from(ACCOUNT)),
            ("owner_id", J::from(OWNER_ID)),
            ("parts", parts(b)),
            ("region", J::from(b.region)),
            ("status", J::from("present")),
        ]);
        bucket.write_pretty(&mut text, 2);
    }
    text.push_str(&format!(
        "\n  }},\n  \"captured_at\": \"{captured_at}\",\n  \"schema\": \"s3drift/snapshot\",\n  \"version\": 1\n}}\n"
    ));
    out.write_all(text.as_bytes())?;
    Ok(text.len() as u64)
}
