//! The fleet every generated input describes: buckets with their configuration as the code
//! declares it, how the code is laid out (modules, `count`, `for_each`), and which buckets
//! drifted and how. The state, the snapshot, the live setup and the trail are all views of
//! one fleet, so they agree with each other the way real inputs of one organisation do.

use crate::rng::Rng;
use std::collections::BTreeMap;

/// The account every bucket belongs to.
pub const ACCOUNT: &str = "123456789012";
/// The account's canonical user id (S3 owner id). It is the one the local S3 server
/// (moto) gives its single account, so that a fleet created there reads back as its state.
pub const OWNER_ID: &str = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a";

/// Regions and their share of stacks.
pub const REGIONS: [(&str, u32); 4] = [
    ("us-east-1", 40),
    ("eu-west-1", 30),
    ("us-west-2", 20),
    ("eu-central-1", 10),
];

/// S3's hosted zone per region (what the provider records as `hosted_zone_id`).
pub fn hosted_zone(region: &str) -> &'static str {
    match region {
        "us-east-1" => "Z3AQBSTGFYJSTF",
        "eu-west-1" => "Z1BKCTXD74EZPE",
        "us-west-2" => "Z3BJ6K6RIION7M",
        _ => "Z21DNDUVLTQW6Q",
    }
}

const TEAMS: [&str; 40] = [
    "payments",
    "checkout",
    "search",
    "catalog",
    "identity",
    "billing",
    "ledger",
    "risk",
    "fraud",
    "growth",
    "marketing",
    "analytics",
    "platform",
    "infra",
    "observability",
    "security",
    "compliance",
    "data",
    "ml",
    "recsys",
    "mobile",
    "web",
    "api",
    "gateway",
    "notifications",
    "messaging",
    "media",
    "video",
    "images",
    "docs",
    "support",
    "crm",
    "hr",
    "finance",
    "legal",
    "sre",
    "devtools",
    "ci",
    "edge",
    "partners",
];

const ENVS: [(&str, u32); 4] = [("prod", 40), ("staging", 25), ("dev", 25), ("sandbox", 10)];

/// What a bucket is for; it decides its configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Logs,
    Data,
    Site,
    Backup,
    Artifacts,
    Uploads,
    State,
    Lake,
}

const PURPOSES: [(Purpose, u32); 8] = [
    (Purpose::Logs, 22),
    (Purpose::Data, 24),
    (Purpose::Site, 4),
    (Purpose::Backup, 10),
    (Purpose::Artifacts, 14),
    (Purpose::Uploads, 8),
    (Purpose::State, 6),
    (Purpose::Lake, 12),
];

impl Purpose {
    pub fn key(self) -> &'static str {
        match self {
            Purpose::Logs => "logs",
            Purpose::Data => "data",
            Purpose::Site => "site",
            Purpose::Backup => "backup",
            Purpose::Artifacts => "artifacts",
            Purpose::Uploads => "uploads",
            Purpose::State => "tfstate",
            Purpose::Lake => "lake",
        }
    }
}

/// How a stack's code declares its buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// A community-style bucket module called with `for_each`: one module instance per
    /// bucket, resources `this[0]` inside (`module.x.module.s3_bucket["logs"].aws_s3_bucket.this[0]`).
    ModuleForEach,
    /// A module with `for_each` on its resources (`module.x.aws_s3_bucket.this["logs"]`).
    ResourceForEach,
    /// One resource per bucket, named after it (`module.x.aws_s3_bucket.logs`).
    Single,
    /// `count` (`module.x.aws_s3_bucket.replica[2]`).
    Count,
}

/// A group of buckets written by one module call, with the other resources that come with
/// them (roles, keys, log groups…).
#[derive(Clone, Debug)]
pub struct Stack {
    pub team: &'static str,
    pub env: &'static str,
    pub region: &'static str,
    pub placement: Placement,
    /// The module path (`module.payments_prod_3`), or "" for the root module.
    pub module: String,
    /// The stack's KMS key ARN.
    pub kms_key: String,
    /// The buckets, as indexes into [`Fleet::buckets`].
    pub buckets: Vec<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Versioning {
    Enabled,
    Suspended,
    Disabled,
}

impl Versioning {
    pub fn as_str(self) -> &'static str {
        match self {
            Versioning::Enabled => "Enabled",
            Versioning::Suspended => "Suspended",
            Versioning::Disabled => "Disabled",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sse {
    /// `None` is SSE-S3 (AES256).
    pub kms_key: Option<String>,
    pub bucket_key: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pab {
    pub block_public_acls: bool,
    pub block_public_policy: bool,
    pub ignore_public_acls: bool,
    pub restrict_public_buckets: bool,
}

impl Pab {
    pub const ALL_ON: Pab = Pab {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
    };
}

#[derive(Clone, Debug, PartialEq)]
pub struct LifecycleRule {
    pub id: String,
    pub prefix: String,
    pub expiration_days: Option<u32>,
    /// `(storage class, days)`.
    pub transitions: Vec<(&'static str, u32)>,
    pub noncurrent_days: Option<u32>,
    pub abort_days: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Logging {
    pub target_bucket: String,
    pub target_prefix: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cors {
    pub id: String,
    pub methods: Vec<&'static str>,
    pub origins: Vec<String>,
    pub headers: Vec<&'static str>,
    pub max_age: u32,
}

/// One policy statement, in the order IAM documents list their fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub sid: String,
    pub effect: &'static str,
    /// `None` is `"*"`; otherwise (`AWS`|`Service`, value).
    pub principal: Option<(&'static str, String)>,
    pub actions: Vec<&'static str>,
    pub resources: Vec<String>,
    /// (operator, key, value).
    pub condition: Option<(&'static str, &'static str, String)>,
}

/// A bucket's whole configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub versioning: Versioning,
    pub sse: Sse,
    /// `None`: no public access block resource (AWS's all-on default applies).
    pub pab: Option<Pab>,
    /// `None`: no ownership controls resource (AWS's BucketOwnerEnforced applies).
    pub ownership: Option<&'static str>,
    pub policy: Vec<Statement>,
    pub lifecycle: Vec<LifecycleRule>,
    pub logging: Option<Logging>,
    /// `(index document, error document)`.
    pub website: Option<(String, String)>,
    pub cors: Vec<Cors>,
    /// `tags` on the resource; `tags_all` adds [`Bucket::default_tags`].
    pub tags: BTreeMap<String, String>,
}

/// Which parts the code manages with split resources; the others are mirrors on
/// `aws_s3_bucket` (provider v4+ records the last read there).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Splits {
    pub versioning: bool,
    pub sse: bool,
}

/// How a drifted bucket differs from its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drift {
    VersioningSuspended,
    EncryptionDowngraded,
    PublicAccessBlockWeakened,
    PolicyStatementAdded,
    PolicyRemoved,
    TagChanged,
    LoggingDisabled,
    LifecycleRemoved,
}

impl Drift {
    /// The CloudTrail event that makes this change.
    pub fn event_name(self) -> &'static str {
        match self {
            Drift::VersioningSuspended => "PutBucketVersioning",
            Drift::EncryptionDowngraded => "PutBucketEncryption",
            Drift::PublicAccessBlockWeakened => "PutBucketPublicAccessBlock",
            Drift::PolicyStatementAdded => "PutBucketPolicy",
            Drift::PolicyRemoved => "DeleteBucketPolicy",
            Drift::TagChanged => "PutBucketTagging",
            Drift::LoggingDisabled => "PutBucketLogging",
            Drift::LifecycleRemoved => "DeleteBucketLifecycle",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Bucket {
    pub index: usize,
    pub name: String,
    /// The `for_each` key, or the `count` index as text.
    pub key: String,
    pub purpose: Purpose,
    pub region: &'static str,
    pub code: Config,
    pub splits: Splits,
    /// The provider's `default_tags`.
    pub default_tags: BTreeMap<String, String>,
    pub drift: Option<Drift>,
}

impl Bucket {
    pub fn arn(&self) -> String {
        format!("arn:aws:s3:::{}", self.name)
    }

    pub fn tags_all(&self) -> BTreeMap<String, String> {
        let mut all = self.default_tags.clone();
        all.extend(self.code.tags.clone());
        all
    }

    /// The live configuration: the code's, with the drift applied.
    pub fn live(&self) -> Config {
        let mut c = self.code.clone();
        c.tags = self.tags_all();
        match self.drift {
            None => {}
            Some(Drift::VersioningSuspended) => c.versioning = Versioning::Suspended,
            Some(Drift::EncryptionDowngraded) => {
                c.sse = Sse {
                    kms_key: None,
                    bucket_key: false,
                }
            }
            Some(Drift::PublicAccessBlockWeakened) => {
                let mut p = c.pab.unwrap_or(Pab::ALL_ON);
                p.block_public_policy = false;
                p.restrict_public_buckets = false;
                c.pab = Some(p);
            }
            Some(Drift::PolicyStatementAdded) => c.policy.push(Statement {
                sid: "TemporaryPartnerAccess".into(),
                effect: "Allow",
                principal: Some(("AWS", "arn:aws:iam::444455556666:root".into())),
                actions: vec!["s3:GetObject", "s3:ListBucket"],
                resources: vec![self.arn(), format!("{}/*", self.arn())],
                condition: None,
            }),
            Some(Drift::PolicyRemoved) => c.policy.clear(),
            Some(Drift::TagChanged) => {
                c.tags.insert("CostCenter".into(), "cc-0000".into());
            }
            Some(Drift::LoggingDisabled) => c.logging = None,
            Some(Drift::LifecycleRemoved) => c.lifecycle.clear(),
        }
        c
    }
}

/// All buckets and stacks.
pub struct Fleet {
    pub seed: u64,
    pub stacks: Vec<Stack>,
    pub buckets: Vec<Bucket>,
}

impl Fleet {
    /// `buckets` buckets, of which `drifted` have drifted.
    pub fn generate(seed: u64, buckets: usize, drifted: usize) -> Fleet {
        let mut rng = Rng::for_item(seed, 1, 0);
        let mut stacks = Vec::new();
        let mut all = Vec::with_capacity(buckets);
        let mut module_names: BTreeMap<String, usize> = BTreeMap::new();
        while all.len() < buckets {
            let size = match rng.below(10) {
                0..=2 => 1,
                3..=6 => rng.range(2, 6),
                _ => rng.range(7, 24),
            } as usize;
            let size = size.min(buckets - all.len());
            let team = *rng.pick(&TEAMS);
            let env = *rng.weighted(&ENVS);
            let region = *rng.weighted(&REGIONS);
            let placement = *rng.weighted(&[
                (Placement::ModuleForEach, 40),
                (Placement::ResourceForEach, 28),
                (Placement::Single, 22),
                (Placement::Count, 10),
            ]);
            let base = format!("{team}_{env}");
            let n = module_names.entry(base.clone()).or_insert(0);
            *n += 1;
            let module = if stacks.is_empty() {
                // The root module holds a stack too, as most states have a few buckets
                // declared at the top level.
                String::new()
            } else if *n == 1 {
                format!("module.{base}")
            } else {
                format!("module.{base}_{n}")
            };
            let kms_key = format!("arn:aws:kms:{region}:{ACCOUNT}:key/{}", rng.uuid());
            let mut stack = Stack {
                team,
                env,
                region,
                placement,
                module,
                kms_key,
                buckets: Vec::new(),
            };
            let mut keys: BTreeMap<&'static str, usize> = BTreeMap::new();
            for _ in 0..size {
                let index = all.len();
                let mut b = Rng::for_item(seed, 2, index as u64);
                let purpose = *b.weighted(&PURPOSES);
                let k = keys.entry(purpose.key()).or_insert(0);
                *k += 1;
                let key = match (placement, *k) {
                    (Placement::Count, _) => (stack.buckets.len()).to_string(),
                    (_, 1) => purpose.key().to_string(),
                    (_, k) => format!("{}-{k}", purpose.key()),
                };
                let name = format!("{team}-{}-{env}-{index:04}", purpose.key());
                let bucket = configure(&mut b, index, name, key, purpose, &stack);
                stack.buckets.push(index);
                all.push(bucket);
            }
            // Access logs go to the stack's own log bucket; without one, the stack logs
            // nothing.
            let target = stack
                .buckets
                .iter()
                .map(|&i| &all[i])
                .find(|b| b.purpose == Purpose::Logs)
                .map(|b| b.name.clone());
            let mut delivers = false;
            for &i in &stack.buckets {
                let b = &mut all[i];
                if b.code.logging.is_some() {
                    b.code.logging = target.as_ref().map(|t| Logging {
                        target_bucket: t.clone(),
                        target_prefix: format!("{}/", b.name),
                    });
                    delivers |= target.is_some();
                }
            }
            // S3 delivers access logs only to a bucket whose policy lets the logging
            // service write (S3 User Guide, "Permissions for log delivery").
            if let Some(t) = stack
                .buckets
                .iter()
                .copied()
                .find(|&i| delivers && Some(&all[i].name) == target.as_ref())
            {
                let b = &mut all[t];
                if !b.code.policy.iter().any(|s| s.sid == "AllowLogDelivery") {
                    let arn = b.arn();
                    b.code.policy.push(log_delivery(&arn));
                }
            }
            stacks.push(stack);
        }
        // Which buckets drifted: the first `drifted` of a seeded shuffle.
        let mut pick = Rng::for_item(seed, 3, 0);
        for &i in pick.permutation(all.len()).iter().take(drifted) {
            let mut r = Rng::for_item(seed, 4, i as u64);
            let b = &all[i];
            let mut candidates = vec![
                Drift::PublicAccessBlockWeakened,
                Drift::TagChanged,
                Drift::PolicyStatementAdded,
            ];
            if b.code.versioning == Versioning::Enabled {
                candidates.extend([Drift::VersioningSuspended; 3]);
            }
            if b.code.sse.kms_key.is_some() {
                candidates.extend([Drift::EncryptionDowngraded; 2]);
            }
            if !b.code.policy.is_empty() {
                candidates.push(Drift::PolicyRemoved);
            }
            if b.code.logging.is_some() {
                candidates.push(Drift::LoggingDisabled);
            }
            if !b.code.lifecycle.is_empty() {
                candidates.push(Drift::LifecycleRemoved);
            }
            if b.code.pab.is_some_and(|p| !p.block_public_policy) {
                candidates.retain(|d| *d != Drift::PublicAccessBlockWeakened);
            }
            all[i].drift = Some(*r.pick(&candidates));
        }
        Fleet {
            seed,
            stacks,
            buckets: all,
        }
    }

    pub fn drifted(&self) -> impl Iterator<Item = &Bucket> {
        self.buckets.iter().filter(|b| b.drift.is_some())
    }
}

fn deny_insecure(arn: &str) -> Statement {
    Statement {
        sid: "DenyInsecureTransport".into(),
        effect: "Deny",
        principal: None,
        actions: vec!["s3:*"],
        resources: vec![arn.to_string(), format!("{arn}/*")],
        condition: Some(("Bool", "aws:SecureTransport", "false".into())),
    }
}

fn log_delivery(arn: &str) -> Statement {
    Statement {
        sid: "AllowLogDelivery".into(),
        effect: "Allow",
        principal: Some(("Service", "logging.s3.amazonaws.com".into())),
        actions: vec!["s3:PutObject"],
        resources: vec![format!("{arn}/*")],
        condition: Some(("StringEquals", "aws:SourceAccount", ACCOUNT.into())),
    }
}

fn configure(
    r: &mut Rng,
    index: usize,
    name: String,
    key: String,
    purpose: Purpose,
    s: &Stack,
) -> Bucket {
    let arn = format!("arn:aws:s3:::{name}");
    let kms = |bucket_key: bool| Sse {
        kms_key: Some(s.kms_key.clone()),
        bucket_key,
    };
    let aes = Sse {
        kms_key: None,
        bucket_key: false,
    };
    let role = |r: &mut Rng| {
        format!(
            "arn:aws:iam::{ACCOUNT}:role/{}-{}-{}",
            s.team,
            s.env,
            r.pick(&["app", "worker", "etl", "reader", "api"])
        )
    };
    let mut c = Config {
        versioning: Versioning::Enabled,
        sse: aes.clone(),
        pab: Some(Pab::ALL_ON),
        ownership: Some("BucketOwnerEnforced"),
        policy: Vec::new(),
        lifecycle: Vec::new(),
        logging: None,
        website: None,
        cors: Vec::new(),
        tags: BTreeMap::new(),
    };
    // The stack's log bucket is named once all of its buckets exist.
    let access_logs = String::new();
    match purpose {
        Purpose::Logs => {
            c.versioning = if r.chance(0.6) {
                Versioning::Disabled
            } else {
                Versioning::Enabled
            };
            c.ownership = Some(if r.chance(0.5) {
                "BucketOwnerPreferred"
            } else {
                "BucketOwnerEnforced"
            });
            if r.chance(0.3) {
                c.policy.push(log_delivery(&arn));
            }
            if r.chance(0.5) {
                c.lifecycle.push(LifecycleRule {
                    id: "expire-logs".into(),
                    prefix: r.pick(&["", "access/", "alb/", "cloudfront/"]).to_string(),
                    expiration_days: Some(*r.pick(&[30, 90, 365, 400])),
                    transitions: if r.chance(0.5) {
                        vec![("STANDARD_IA", 30)]
                    } else {
                        vec![]
                    },
                    noncurrent_days: None,
                    abort_days: Some(7),
                });
            }
        }
        Purpose::Data => {
            if r.chance(0.6) {
                c.sse = kms(true);
            }
            if r.chance(0.3) {
                c.policy.push(deny_insecure(&arn));
            }
            if r.chance(0.3) {
                c.policy.push(Statement {
                    sid: "AppRead".into(),
                    effect: "Allow",
                    principal: Some(("AWS", role(r))),
                    actions: vec!["s3:GetObject", "s3:ListBucket"],
                    resources: vec![arn.clone(), format!("{arn}/*")],
                    condition: None,
                });
            }
            if r.chance(0.2) {
                c.lifecycle.push(LifecycleRule {
                    id: "noncurrent-cleanup".into(),
                    prefix: String::new(),
                    expiration_days: None,
                    transitions: vec![],
                    noncurrent_days: Some(*r.pick(&[30, 60, 90])),
                    abort_days: Some(7),
                });
            }
            if r.chance(0.5) {
                c.logging = Some(Logging {
                    target_bucket: access_logs,
                    target_prefix: format!("{name}/"),
                });
            }
        }
        Purpose::Site => {
            c.versioning = if r.chance(0.5) {
                Versioning::Enabled
            } else {
                Versioning::Disabled
            };
            c.pab = Some(Pab {
                block_public_acls: true,
                block_public_policy: false,
                ignore_public_acls: true,
                restrict_public_buckets: false,
            });
            c.policy.push(Statement {
                sid: "PublicRead".into(),
                effect: "Allow",
                principal: None,
                actions: vec!["s3:GetObject"],
                resources: vec![format!("{arn}/*")],
                condition: None,
            });
            c.website = Some(("index.html".into(), "error.html".into()));
            if r.chance(0.2) {
                c.cors.push(Cors {
                    id: "site".into(),
                    methods: vec!["GET", "HEAD"],
                    origins: vec![format!("https://{}.acme.example", s.team)],
                    headers: vec!["*"],
                    max_age: 3000,
                });
            }
        }
        Purpose::Backup => {
            c.sse = kms(r.chance(0.7));
            if r.chance(0.4) {
                c.policy.push(deny_insecure(&arn));
            }
            if r.chance(0.6) {
                c.lifecycle.push(LifecycleRule {
                    id: "archive".into(),
                    prefix: String::new(),
                    expiration_days: Some(2555),
                    transitions: vec![("GLACIER", 30), ("DEEP_ARCHIVE", 180)],
                    noncurrent_days: Some(90),
                    abort_days: None,
                });
            }
        }
        Purpose::Artifacts if r.chance(0.7) => {}
        Purpose::Artifacts => {
            c.lifecycle.push(LifecycleRule {
                id: "noncurrent-cleanup".into(),
                prefix: String::new(),
                expiration_days: None,
                transitions: vec![],
                noncurrent_days: Some(14),
                abort_days: Some(7),
            });
            if r.chance(0.3) {
                c.lifecycle.push(LifecycleRule {
                    id: "expire-snapshots".into(),
                    prefix: "snapshots/".into(),
                    expiration_days: Some(30),
                    transitions: vec![],
                    noncurrent_days: None,
                    abort_days: None,
                });
            }
        }
        Purpose::Uploads => {
            if r.chance(0.5) {
                c.sse = kms(true);
            }
            if r.chance(0.6) {
                c.cors.push(Cors {
                    id: "browser-upload".into(),
                    methods: vec!["POST", "PUT"],
                    origins: vec![format!("https://app.{}.acme.example", s.env)],
                    headers: vec!["content-type", "x-amz-date"],
                    max_age: 3000,
                });
            }
            if r.chance(0.3) {
                c.lifecycle.push(LifecycleRule {
                    id: "abort-uploads".into(),
                    prefix: "incoming/".into(),
                    expiration_days: Some(7),
                    transitions: vec![],
                    noncurrent_days: None,
                    abort_days: Some(1),
                });
            }
        }
        Purpose::State => {
            if r.chance(0.3) {
                c.sse = kms(false);
            }
            if r.chance(0.5) {
                c.policy.push(deny_insecure(&arn));
            }
        }
        Purpose::Lake => {
            c.sse = kms(true);
            if r.chance(0.4) {
                c.policy.push(deny_insecure(&arn));
            }
            if r.chance(0.35) {
                c.lifecycle.push(LifecycleRule {
                    id: "tiering".into(),
                    prefix: "raw/".into(),
                    expiration_days: None,
                    transitions: vec![("INTELLIGENT_TIERING", 0)],
                    noncurrent_days: Some(30),
                    abort_days: Some(7),
                });
            }
            if r.chance(0.6) {
                c.logging = Some(Logging {
                    target_bucket: access_logs,
                    target_prefix: format!("{name}/"),
                });
            }
        }
    }
    // Older stacks leave some parts to the bucket's inline blocks, whose mirrors the
    // provider keeps up to date.
    let old = matches!(s.placement, Placement::Single | Placement::Count);
    let mut splits = Splits {
        versioning: r.chance(if old { 0.4 } else { 0.65 }),
        sse: r.chance(if old { 0.3 } else { 0.4 }),
    };
    if !splits.sse && c.sse.kms_key.is_some() {
        splits.sse = true;
    }
    if !splits.versioning && c.versioning == Versioning::Suspended {
        splits.versioning = true;
    }
    if r.chance(if old { 0.6 } else { 0.3 }) && c.pab == Some(Pab::ALL_ON) {
        c.pab = None;
    }
    if r.chance(if old { 0.8 } else { 0.6 }) && c.ownership == Some("BucketOwnerEnforced") {
        c.ownership = None;
    }
    c.tags.insert("Name".into(), name.clone());
    if r.chance(0.5) {
        c.tags
            .insert("CostCenter".into(), format!("cc-{}", 1000 + r.below(9000)));
    }
    if r.chance(0.3) {
        c.tags.insert(
            "DataClassification".into(),
            r.pick(&["public", "internal", "confidential", "restricted"])
                .to_string(),
        );
    }
    if r.chance(0.1) {
        c.tags
            .insert("Owner".into(), format!("{}-oncall@acme.example", s.team));
    }
    let mut default_tags = BTreeMap::new();
    default_tags.insert("Environment".into(), s.env.to_string());
    default_tags.insert("ManagedBy".into(), "terraform".into());
    default_tags.insert("Team".into(), s.team.to_string());
    Bucket {
        index,
        name,
        key,
        purpose,
        region: s.region,
        code: c,
        splits,
        default_tags,
        drift: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_fleet_and_the_drift_count_is_exact() {
        let a = Fleet::generate(7, 300, 6);
        let b = Fleet::generate(7, 300, 6);
        assert_eq!(a.buckets.len(), 300);
        assert_eq!(a.drifted().count(), 6);
        let names = |f: &Fleet| f.buckets.iter().map(|b| b.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        let mut unique = names(&a);
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 300, "bucket names are unique");
        assert_ne!(names(&a), names(&Fleet::generate(8, 300, 6)));
    }
}
