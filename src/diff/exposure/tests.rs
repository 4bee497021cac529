//! The grading rules, case by case, neutralised cases included.

use super::*;
use serde_json::json;

const OWNER: &str = "111111111111";
const OWNER_ID: &str = "c0ffee";

fn pab(bpa: bool, ipa: bool, bpp: bool, rpb: bool) -> Value {
    json!({"block_public_acls": bpa, "ignore_public_acls": ipa,
        "block_public_policy": bpp, "restrict_public_buckets": rpb})
}

fn public_policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "PublicRead", "Effect": "Allow",
        "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})
}

fn partner_policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "PartnerRead", "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::b/*"}]})
}

fn tls_policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": [{"Sid": "DenyInsecureTransport", "Effect": "Deny",
        "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
}

fn public_acl() -> Value {
    json!({"grant": ["FULL_CONTROL owner", "READ group:AllUsers"]})
}

fn private_acl() -> Value {
    json!({"grant": ["FULL_CONTROL owner"]})
}

fn enforced() -> Value {
    json!({"object_ownership": "BucketOwnerEnforced"})
}

fn writer() -> Value {
    json!({"object_ownership": "ObjectWriter"})
}

/// One side: public access block, policy, ACL, ownership.
type Values = (Option<Value>, Option<Value>, Option<Value>, Option<Value>);

fn expose(v: &Values, account: AccessBlock) -> Exposure {
    let side = Side {
        public_access_block: v.0.as_ref(),
        policy: v.1.as_ref(),
        acl: v.2.as_ref(),
        ownership: v.3.as_ref(),
    };
    exposure(&side, account, Some(OWNER), Some(OWNER_ID))
}

fn all_on() -> Option<Value> {
    Some(pab(true, true, true, true))
}

fn locked() -> Values {
    (all_on(), None, Some(private_acl()), Some(enforced()))
}

#[test]
fn exposure_levels_table() {
    let off = AccessBlock::default();
    let on = AccessBlock::ALL_ON;
    // (case, side, account block, level, neutralised count)
    let cases: Vec<(&str, Values, AccessBlock, &str, usize)> = vec![
        ("locked down", locked(), off, "private", 0),
        (
            "no block, no policy",
            (None, None, None, None),
            off,
            "private",
            0,
        ),
        (
            "public policy, no block",
            (None, Some(public_policy()), None, None),
            off,
            "internet-public",
            0,
        ),
        // BlockPublicPolicy refuses new public policies; an existing one still applies.
        (
            "public policy, BlockPublicPolicy only",
            (
                Some(pab(false, false, true, false)),
                Some(public_policy()),
                None,
                None,
            ),
            off,
            "internet-public",
            0,
        ),
        (
            "public policy, bucket RestrictPublicBuckets",
            (
                Some(pab(false, false, false, true)),
                Some(public_policy()),
                None,
                None,
            ),
            off,
            "private",
            1,
        ),
        (
            "public policy, account RestrictPublicBuckets",
            (None, Some(public_policy()), None, None),
            on,
            "private",
            1,
        ),
        (
            "partner policy",
            (all_on(), Some(partner_policy()), None, Some(enforced())),
            off,
            "other-account",
            0,
        ),
        (
            "public ACL, ACLs enabled",
            (None, None, Some(public_acl()), Some(writer())),
            off,
            "internet-public",
            0,
        ),
        (
            "public ACL, IgnorePublicAcls",
            (
                Some(pab(false, true, false, false)),
                None,
                Some(public_acl()),
                Some(writer()),
            ),
            off,
            "private",
            1,
        ),
        (
            "public ACL, account IgnorePublicAcls",
            (None, None, Some(public_acl()), Some(writer())),
            on,
            "private",
            1,
        ),
        (
            "public ACL, BucketOwnerEnforced",
            (None, None, Some(public_acl()), Some(enforced())),
            off,
            "private",
            1,
        ),
        (
            "AuthenticatedUsers ACL",
            (
                None,
                None,
                Some(json!({"grant": ["READ group:AuthenticatedUsers"]})),
                None,
            ),
            off,
            "internet-public",
            0,
        ),
        (
            "ACL grant to another canonical user",
            (
                None,
                None,
                Some(json!({"grant": ["READ id:beef"]})),
                Some(writer()),
            ),
            off,
            "other-account",
            0,
        ),
        (
            "ACL grant to the owner's id",
            (
                None,
                None,
                Some(json!({"grant": [format!("FULL_CONTROL id:{OWNER_ID}")]})),
                Some(writer()),
            ),
            off,
            "private",
            0,
        ),
    ];
    for (case, side, account, level, neutralised) in cases {
        let e = expose(&side, account);
        assert_eq!(e.level(), level, "{case}: {e:?}");
        assert_eq!(e.neutralised.len(), neutralised, "{case}: {e:?}");
    }
}

/// (case, code, before, after, account block, severity (`None`: default), reason contains)
type GradeCase = (
    &'static str,
    Code,
    Values,
    Values,
    AccessBlock,
    Option<Severity>,
    &'static str,
);

#[test]
fn grading_table() {
    let off = AccessBlock::default();
    let on = AccessBlock::ALL_ON;
    let no_pab = |v: Values| (None, v.1, v.2, v.3);
    let with = |mut v: Values, policy: Value| {
        v.1 = Some(policy);
        v
    };
    // (case, code, before, after, account block, severity (None: default), reason contains)
    let cases: Vec<GradeCase> = vec![
        (
            "public policy added, nothing blocks",
            Code::PolicyPublic,
            no_pab(locked()),
            with(no_pab(locked()), public_policy()),
            off,
            Some(Severity::Critical),
            "now reachable from the internet: policy statement PublicRead allows everyone",
        ),
        (
            "bucket block removed under an existing public policy",
            Code::PublicAccessBlockRemoved,
            (
                Some(pab(true, true, true, true)),
                Some(public_policy()),
                None,
                Some(enforced()),
            ),
            (None, Some(public_policy()), None, Some(enforced())),
            off,
            Some(Severity::Critical),
            "exposure private → internet-public",
        ),
        (
            "public policy kept off by bucket RestrictPublicBuckets",
            Code::PolicyPublic,
            locked(),
            with(locked(), public_policy()),
            off,
            Some(Severity::Low),
            "kept from taking effect by the bucket RestrictPublicBuckets",
        ),
        (
            "public policy kept off by account RestrictPublicBuckets",
            Code::PolicyPublic,
            no_pab(locked()),
            with(no_pab(locked()), public_policy()),
            on,
            Some(Severity::Low),
            "kept from taking effect by the account RestrictPublicBuckets",
        ),
        (
            "BlockPublicPolicy alone does not neutralise",
            Code::PolicyPublic,
            (
                Some(pab(true, true, true, false)),
                None,
                None,
                Some(enforced()),
            ),
            (
                Some(pab(true, true, true, false)),
                Some(public_policy()),
                None,
                Some(enforced()),
            ),
            off,
            Some(Severity::Critical),
            "now reachable from the internet",
        ),
        (
            "bucket block off, account block on",
            Code::PublicAccessBlockWeakened,
            locked(),
            (
                Some(pab(false, false, false, false)),
                None,
                Some(private_acl()),
                Some(enforced()),
            ),
            on,
            Some(Severity::Low),
            "account public access block still blocks",
        ),
        (
            "bucket block off, account block off, nothing public",
            Code::PublicAccessBlockWeakened,
            locked(),
            (
                Some(pab(true, true, false, false)),
                None,
                Some(private_acl()),
                Some(enforced()),
            ),
            off,
            None,
            "effective public access block is weaker: BlockPublicPolicy, RestrictPublicBuckets",
        ),
        (
            "account opened by policy",
            Code::PolicyChanged,
            locked(),
            with(locked(), partner_policy()),
            off,
            Some(Severity::High),
            "now open to another account: 222222222222",
        ),
        (
            "account opened while a public policy is restricted",
            Code::PolicyChanged,
            (all_on(), Some(public_policy()), None, Some(enforced())),
            (
                all_on(),
                Some(
                    json!({"Statement": [public_policy()["Statement"][0].clone(), partner_policy()["Statement"][0].clone()]}),
                ),
                None,
                Some(enforced()),
            ),
            off,
            None,
            "no effective change",
        ),
        (
            "TLS deny dropped",
            Code::PolicyRemoved,
            with(locked(), tls_policy()),
            locked(),
            off,
            Some(Severity::High),
            "no longer denies requests without TLS",
        ),
        (
            "public ACL with ACLs enabled",
            Code::AclPublic,
            (None, None, Some(private_acl()), Some(writer())),
            (None, None, Some(public_acl()), Some(writer())),
            off,
            Some(Severity::Critical),
            "ACL grants READ to everyone (AllUsers)",
        ),
        (
            "public ACL ignored by IgnorePublicAcls",
            Code::AclPublic,
            (
                Some(pab(true, true, true, true)),
                None,
                Some(private_acl()),
                Some(writer()),
            ),
            (
                Some(pab(true, true, true, true)),
                None,
                Some(public_acl()),
                Some(writer()),
            ),
            off,
            Some(Severity::Low),
            "ignored by the bucket IgnorePublicAcls",
        ),
        (
            "public ACL disabled by BucketOwnerEnforced",
            Code::AclPublic,
            (None, None, Some(private_acl()), Some(enforced())),
            (None, None, Some(public_acl()), Some(enforced())),
            off,
            Some(Severity::Low),
            "disabled by BucketOwnerEnforced",
        ),
        (
            "ACLs re-enabled under a public ACL",
            Code::OwnershipChanged,
            (None, None, Some(public_acl()), Some(enforced())),
            (None, None, Some(public_acl()), Some(writer())),
            off,
            Some(Severity::Critical),
            "now reachable from the internet",
        ),
        (
            "ACLs re-enabled, ACL private",
            Code::OwnershipChanged,
            (None, None, Some(private_acl()), Some(enforced())),
            (None, None, Some(private_acl()), Some(writer())),
            off,
            None,
            "no effective change",
        ),
        (
            "public policy removed",
            Code::PolicyRemoved,
            with(no_pab(locked()), public_policy()),
            no_pab(locked()),
            off,
            None,
            "exposure internet-public → private",
        ),
    ];
    for (case, code, before, after, account, severity, reason) in cases {
        let (got, why) = grade(code, &expose(&before, account), &expose(&after, account));
        assert_eq!(got, severity, "{case}: {why}");
        assert!(why.contains(reason), "{case}: {why}");
    }
}

fn tree(parts: Value) -> DesiredTree {
    serde_json::from_value(
        json!({"bucket": "b", "address": "aws_s3_bucket.b", "source": "s",
        "account": OWNER, "bucket_managed": true, "parts": parts, "resources": []}),
    )
    .unwrap()
}

fn managed(part: &str, value: Value) -> (String, Value) {
    (
        part.to_string(),
        json!({"state": "managed", "value": value, "origin": "split", "address": format!("aws_s3_bucket_{part}.b")}),
    )
}

fn live(parts: Value) -> LiveBucket {
    serde_json::from_value(
        json!({"status": "present", "account": OWNER, "owner_id": OWNER_ID, "parts": parts}),
    )
    .unwrap()
}

fn finding(code: Code, path: &str) -> Finding {
    let mut f = crate::diff::unmanaged_bucket("b");
    f.code = code;
    f.kind = Kind::Changed;
    f.path = path.to_string();
    f.severity = code.default_severity();
    f
}

#[test]
fn unknown_account_block_is_off_and_said() {
    let t = tree(json!(Object::from_iter([managed(
        "public_access_block",
        pab(true, true, true, true)
    )])));
    let l = live(json!({
        "public_access_block": {"status": "present", "value": pab(false, false, false, false)},
        "policy": {"status": "absent"},
        "acl": {"status": "present", "value": private_acl()},
        "ownership_controls": {"status": "present", "value": enforced()}}));
    let mut unknown = finding(
        Code::PublicAccessBlockWeakened,
        "public_access_block.block_public_acls",
    );
    grade_bucket(&t, &l, None, std::iter::once(&mut unknown));
    assert_eq!(unknown.severity, Severity::Critical);
    assert!(
        unknown.notes[0].contains("account public access block unknown"),
        "{:?}",
        unknown.notes
    );
    let mut known = finding(
        Code::PublicAccessBlockWeakened,
        "public_access_block.block_public_acls",
    );
    grade_bucket(
        &t,
        &l,
        Some(AccessBlock::ALL_ON),
        std::iter::once(&mut known),
    );
    assert_eq!(known.severity, Severity::Low);
    assert!(!known.notes[0].contains("unknown"), "{:?}", known.notes);
}

#[test]
fn a_part_unreadable_live_never_lowers() {
    // The bucket's RestrictPublicBuckets would neutralise the new public policy, but live's
    // public access block is unreadable.
    let t = tree(json!(Object::from_iter([managed(
        "public_access_block",
        pab(true, true, true, true)
    ),])));
    let l = live(json!({
        "public_access_block": {"status": "unreadable", "reason": "AccessDenied"},
        "policy": {"status": "present", "value": public_policy()},
        "acl": {"status": "present", "value": private_acl()},
        "ownership_controls": {"status": "present", "value": enforced()}}));
    let mut f = finding(Code::PolicyPublic, "policy");
    grade_bucket(&t, &l, None, std::iter::once(&mut f));
    assert_eq!(f.severity, Severity::Critical);
    assert!(
        f.notes[0].contains("public_access_block unreadable live"),
        "{:?}",
        f.notes
    );
}

#[test]
fn encryption_downgrade_stays_critical_and_other_parts_are_untouched() {
    let t = tree(json!({}));
    let l = live(json!({}));
    let mut enc = finding(
        Code::EncryptionDowngraded,
        "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm",
    );
    enc.expected = Some(json!("aws:kms"));
    enc.actual = Some(json!("AES256"));
    let mut tags = finding(Code::TagsChanged, "tags.owner");
    grade_bucket(&t, &l, None, [&mut enc, &mut tags].into_iter());
    assert_eq!(enc.severity, Severity::Critical);
    assert_eq!(
        enc.notes,
        vec!["default encryption downgraded from aws:kms to AES256".to_string()]
    );
    assert_eq!(tags.severity, Severity::Low);
    assert!(tags.notes.is_empty());
}

type Object = serde_json::Map<String, Value>;

#[test]
fn sensitive_parts_keep_their_details_out_of_notes() {
    let mut parts = Object::from_iter([managed("policy", json!(null))]);
    parts["policy"]["sensitive"] = json!(true);
    let t = tree(Value::Object(parts));
    let l = live(json!({
        "public_access_block": {"status": "absent"},
        "policy": {"status": "present", "value": partner_policy()},
        "acl": {"status": "present", "value": private_acl()},
        "ownership_controls": {"status": "present", "value": enforced()}}));
    let mut f = finding(Code::PolicyAdded, "policy");
    grade_bucket(&t, &l, None, std::iter::once(&mut f));
    assert_eq!(f.severity, Severity::High);
    assert_eq!(
        f.notes,
        vec!["exposure private → other-account: details redacted (sensitive) (account public access block unknown, graded as off)".to_string()]
    );
}
