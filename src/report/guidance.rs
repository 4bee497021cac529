//! What each finding code means and how to fix it, for the formats that explain their
//! rules (SARIF's rule help, shown by code scanning next to every alert).
//!
//! One `match` per text over [`Code`], so a new code does not compile until it is explained.

use crate::code::Code;

/// A paragraph on what the code means and why it matters.
pub fn description(code: Code) -> &'static str {
    match code {
        Code::EncryptionDowngraded => "The bucket's default encryption is weaker than the code says: a KMS key was replaced by SSE-S3, or the configuration was deleted (which, since January 2023, reverts a bucket to SSE-S3). New objects are no longer protected by the key policy the code intended.",
        Code::EncryptionChanged => "The bucket's default encryption differs from the code without getting weaker: another KMS key, or the S3 Bucket Key turned on or off. Objects written now use settings the code does not know about.",
        Code::PublicAccessBlockRemoved => "The bucket's public access block was deleted. Nothing at the bucket level now stops a policy or ACL from making objects public.",
        Code::PublicAccessBlockWeakened => "A public access block setting the code turns on is off live. Policies or ACLs that grant public access are no longer blocked or ignored.",
        Code::PublicAccessBlockChanged => "A public access block setting differs from the code without weakening the block (a setting was turned on outside the code).",
        Code::PolicyPublic => "The live bucket policy grants access to everyone (a `*` principal without a limiting condition). Anyone on the internet may be able to read or write objects.",
        Code::PolicyChanged => "The live bucket policy differs from the code. Compared as policy documents: formatting, key order and equivalent spellings are not drift.",
        Code::PolicyAdded => "The bucket has a policy the code does not define. Someone granted or denied access outside the code.",
        Code::PolicyRemoved => "The bucket policy the code defines was deleted. Its statements, including any deny statements that enforced TLS or encryption, no longer apply.",
        Code::PolicyOrphanedPrincipal => "The live bucket policy names an IAM principal that no longer exists: S3 shows its unique id (`AROA…`, `AIDA…`) instead of its ARN. A new role with the same name does not get the access back.",
        Code::AclPublic => "The live bucket ACL grants access to everyone (AllUsers or AuthenticatedUsers).",
        Code::AclChanged => "The live bucket ACL differs from the code.",
        Code::OwnershipChanged => "Object ownership differs from the code. Moving away from `BucketOwnerEnforced` turns ACLs back on.",
        Code::VersioningSuspended => "Versioning is on in the code but suspended or never enabled live. Overwritten and deleted objects can no longer be recovered.",
        Code::VersioningChanged => "The versioning status differs from the code in a way that does not lose protection (turned on outside the code).",
        Code::MfaDeleteChanged => "MFA delete differs from the code. With it on, deleting an object version or changing versioning needs the root user's MFA device; with it off, any principal allowed to may do so.",
        Code::LifecycleChanged => "A lifecycle rule differs from the code: objects may expire, transition or be kept on a schedule the code does not say.",
        Code::ReplicationChanged => "The replication configuration differs from the code, or was removed.",
        Code::LoggingDisabled => "Server access logging is on in the code but off live: requests to the bucket are no longer logged.",
        Code::LoggingChanged => "Server access logs go to another target bucket or prefix than the code says.",
        Code::CorsChanged => "A CORS rule differs from the code: other origins, methods or headers are allowed.",
        Code::WebsiteChanged => "Static website hosting differs from the code.",
        Code::ObjectLockChanged => "Object lock settings differ from the code: the default retention mode or period changed.",
        Code::AccelerateChanged => "S3 Transfer Acceleration differs from the code: turned on, transfers through the accelerate endpoint cost more; turned off, clients that use that endpoint fail.",
        Code::NotificationChanged => "An event notification differs from the code: object events flow to a topic, queue or function the code does not name, or stop flowing to one it does.",
        Code::TagsChanged => "A tag differs from the code (compared with `tags_all`, which includes the provider's `default_tags`).",
        Code::BucketMissing => "The bucket in the state no longer exists. Anyone can now create a bucket with that name and receive what still writes to it.",
        Code::BucketOwnerChanged => "The bucket name now answers for another AWS account: it was deleted and created again by someone else. Do not write to it.",
        Code::AttributeUnreadable => "One part of the bucket's configuration could not be read (for example AccessDenied). It was not compared; this is not drift.",
        Code::BucketUnreadable => "No part of the bucket's configuration could be read. The bucket was not compared.",
        Code::ResourceConflict => "Several resources in the state manage the same part of one bucket. Each apply makes one of them win; the live value flips between them.",
        Code::InlineSplitConflict => "The configuration sets a part both inline on `aws_s3_bucket` and with its split resource, the setup the AWS provider warns flip-flops on every apply.",
        Code::UnmanagedBucket => "A bucket exists that no loaded state manages: created outside the code, or managed by a state that was not loaded.",
        Code::DuplicateBucket => "Several of the merged reports compared this bucket. Either two states manage it (each apply undoes the other's changes), or one account or state was checked by two jobs of the matrix.",
        Code::DeniedBurst => "One principal made a burst of bucket-configuration calls that were denied: someone or something is trying to change buckets it may not change.",
    }
}

/// How to fix it, in Markdown.
pub fn fix(code: Code) -> &'static str {
    const REVERT: &str = "Check who made the change (the alert names the CloudTrail event when one was found). If the change was not intended, run `terraform apply` to put the code's value back. If it was, write the new value into the code so the two agree.";
    match code {
        Code::EncryptionDowngraded | Code::EncryptionChanged => "Check who changed the encryption (the alert names the event). Unless the change was approved, run `terraform apply` to restore the configured key. Objects written meanwhile keep the encryption they were written with: re-encrypt them (copy in place) if they must be under the key.",
        Code::PublicAccessBlockRemoved | Code::PublicAccessBlockWeakened => "Run `terraform apply` now to restore the public access block, then review the bucket policy and ACL for grants to everyone and the access logs for reads made while the block was off.",
        Code::PolicyPublic | Code::AclPublic => "Remove the public grant at once (`terraform apply` restores the code's policy or ACL), make sure the public access block is on, and review the access logs for reads by unknown principals.",
        Code::PolicyOrphanedPrincipal => "Replace the unique id with the ARN of the principal that should have access (or remove the statement), in the code, and apply.",
        Code::BucketMissing => "If the bucket should exist, run `terraform apply` to create it again before someone else claims the name. If it was retired on purpose, remove it from the code and the state.",
        Code::BucketOwnerChanged => "Stop every writer to this bucket name: it belongs to another account. Remove it from the state (`terraform state rm`), pick a new name, and find out how the bucket came to be deleted.",
        Code::AttributeUnreadable | Code::BucketUnreadable => "Grant the role s3drift runs as the read permissions `s3drift iam-policy` prints, so the part can be compared next time.",
        Code::ResourceConflict | Code::InlineSplitConflict => "Keep one resource per part: remove the inline block from `aws_s3_bucket` (or the duplicate split resource) in the code, then apply.",
        Code::UnmanagedBucket => "Import the bucket into the state that should manage it (`terraform import` or an `import` block), or delete it if it is not needed.",
        Code::DuplicateBucket => "Keep the bucket in one state: remove it from the others (`terraform state rm`, or a `removed` block), or fix the matrix so each account or state is checked once.",
        Code::DeniedBurst => "Find out who the principal is and why it tried to change bucket configuration; if the calls are not expected, treat its credentials as compromised.",
        Code::PublicAccessBlockChanged
        | Code::PolicyChanged
        | Code::PolicyAdded
        | Code::PolicyRemoved
        | Code::AclChanged
        | Code::OwnershipChanged
        | Code::VersioningSuspended
        | Code::VersioningChanged
        | Code::MfaDeleteChanged
        | Code::LifecycleChanged
        | Code::ReplicationChanged
        | Code::LoggingDisabled
        | Code::LoggingChanged
        | Code::CorsChanged
        | Code::WebsiteChanged
        | Code::ObjectLockChanged
        | Code::TagsChanged
        | Code::AccelerateChanged
        | Code::NotificationChanged => REVERT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_explained() {
        for code in Code::ALL {
            assert!(description(*code).len() > 40, "{code}");
            assert!(fix(*code).len() > 40, "{code}");
        }
    }
}
