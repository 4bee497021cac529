//! The fleet's live side as S3 API request bodies (one JSON object a line), for a script
//! that creates the buckets in a local S3 server. AWS's defaults since 2023 (SSE-S3, an
//! all-on public access block, BucketOwnerEnforced) are written out, because the local
//! server does not apply them.

use crate::fleet::{Bucket, Fleet, Pab, Versioning};
use crate::json::{obj, strs, J};
use crate::s3_attrs::policy_document;
use std::io::{self, Write};

fn pab(p: Pab) -> J {
    obj([
        ("BlockPublicAcls", J::from(p.block_public_acls)),
        ("IgnorePublicAcls", J::from(p.ignore_public_acls)),
        ("BlockPublicPolicy", J::from(p.block_public_policy)),
        ("RestrictPublicBuckets", J::from(p.restrict_public_buckets)),
    ])
}

/// One bucket's line.
pub fn line(b: &Bucket) -> J {
    let c = b.live();
    let mut by_default = obj([(
        "SSEAlgorithm",
        J::from(if c.sse.kms_key.is_some() {
            "aws:kms"
        } else {
            "AES256"
        }),
    )]);
    if let Some(k) = &c.sse.kms_key {
        by_default.push("KMSMasterKeyID", J::from(k));
    }
    obj([
        ("name", J::from(&b.name)),
        ("region", J::from(b.region)),
        (
            "versioning",
            match c.versioning {
                Versioning::Disabled => J::Null,
                v => J::from(v.as_str()),
            },
        ),
        (
            "encryption",
            obj([(
                "Rules",
                J::Arr(vec![obj([
                    ("ApplyServerSideEncryptionByDefault", by_default),
                    ("BucketKeyEnabled", J::from(c.sse.bucket_key)),
                ])]),
            )]),
        ),
        ("public_access_block", pab(c.pab.unwrap_or(Pab::ALL_ON))),
        (
            "ownership",
            J::from(c.ownership.unwrap_or("BucketOwnerEnforced")),
        ),
        (
            "policy",
            if c.policy.is_empty() {
                J::Null
            } else {
                J::from(policy_document(&c.policy).compact())
            },
        ),
        (
            "lifecycle",
            if c.lifecycle.is_empty() {
                J::Null
            } else {
                obj([(
                    "Rules",
                    J::Arr(
                        c.lifecycle
                            .iter()
                            .map(|r| {
                                let mut rule = obj([
                                    ("ID", J::from(&r.id)),
                                    ("Status", J::from("Enabled")),
                                    ("Filter", obj([("Prefix", J::from(&r.prefix))])),
                                ]);
                                if let Some(d) = r.expiration_days {
                                    rule.push("Expiration", obj([("Days", J::from(d))]));
                                }
                                if !r.transitions.is_empty() {
                                    rule.push(
                                        "Transitions",
                                        J::Arr(
                                            r.transitions
                                                .iter()
                                                .map(|(class, days)| {
                                                    obj([
                                                        ("Days", J::from(*days)),
                                                        ("StorageClass", J::from(*class)),
                                                    ])
                                                })
                                                .collect(),
                                        ),
                                    );
                                }
                                if let Some(d) = r.noncurrent_days {
                                    rule.push(
                                        "NoncurrentVersionExpiration",
                                        obj([("NoncurrentDays", J::from(d))]),
                                    );
                                }
                                if let Some(d) = r.abort_days {
                                    rule.push(
                                        "AbortIncompleteMultipartUpload",
                                        obj([("DaysAfterInitiation", J::from(d))]),
                                    );
                                }
                                rule
                            })
                            .collect(),
                    ),
                )])
            },
        ),
        (
            "logging",
            match &c.logging {
                None => J::Null,
                Some(l) => obj([(
                    "LoggingEnabled",
                    obj([
                        ("TargetBucket", J::from(&l.target_bucket)),
                        ("TargetPrefix", J::from(&l.target_prefix)),
                    ]),
                )]),
            },
        ),
        (
            "website",
            match &c.website {
                None => J::Null,
                Some((index, error)) => obj([
                    ("IndexDocument", obj([("Suffix", J::from(index))])),
                    ("ErrorDocument", obj([("Key", J::from(error))])),
                ]),
            },
        ),
        (
            "cors",
            if c.cors.is_empty() {
                J::Null
            } else {
                obj([(
                    "CORSRules",
                    J::Arr(
                        c.cors
                            .iter()
                            .map(|r| {
                                obj([
                                    ("ID", J::from(&r.id)),
                                    ("AllowedHeaders", strs(&r.headers)),
                                    ("AllowedMethods", strs(&r.methods)),
                                    ("AllowedOrigins", strs(&r.origins)),
                                    ("ExposeHeaders", strs(&["ETag"])),
                                    ("MaxAgeSeconds", J::from(r.max_age)),
                                ])
                            })
                            .collect(),
                    ),
                )])
            },
        ),
        (
            "tags",
            J::Arr(
                c.tags
                    .iter()
                    .map(|(k, v)| obj([("Key", J::from(k)), ("Value", J::from(v))]))
                    .collect(),
            ),
        ),
    ])
}

/// Writes every bucket's line.
pub fn write(fleet: &Fleet, out: &mut impl Write) -> io::Result<()> {
    for b in &fleet.buckets {
        let mut s = line(b).compact();
        s.push('\n');
        out.write_all(s.as_bytes())?;
    }
    Ok(())
}
