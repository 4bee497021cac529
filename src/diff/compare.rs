//! Compares one desired tree with its live bucket, part by part.
//!
//! Order of concerns per bucket: configuration and state conflicts (desired-side facts, listed
//! whatever live says), then the bucket's existence and owner, then each part: unreadable
//! parts are listed and never compared, unmanaged parts are compared with AWS's defaults, and
//! managed parts leaf by leaf after the part-specific equivalences below.

use super::classify;
use super::finding::Finding;
use super::leaves::{self, Leaf};
use super::{defaults, pending, redact};
use crate::code::{Code, Kind};
use crate::model::{CompactJson, Origin, Part};
use crate::model::{DesiredPart, DesiredState, DesiredTree, LiveBucket, LivePart, LiveStatus};
use crate::parts::{Change, Context};
use serde_json::Value;

/// The note on findings whose desired value is a provider v4+ inline mirror.
pub const MIRROR_NOTE: &str =
    "apply would not revert this: no code manages this part (the value is the provider's last read)";
/// The note on findings for parts no resource manages.
pub const UNMANAGED_NOTE: &str = "no code manages this part: it was compared with AWS's default";
/// The note on unmanaged parts of a bucket whose `aws_s3_bucket` is not in the loaded state:
/// a configuration that was not loaded may manage them.
pub const UNMANAGED_ELSEWHERE_NOTE: &str = "no loaded state manages this part, nor the bucket itself (another configuration may): it was compared with AWS's default";
/// The note on every finding of a tainted bucket.
pub const TAINTED_NOTE: &str = "the bucket is tainted in state: the next apply replaces it";

/// A finding before the bucket, address and redaction are filled in.
struct Draft {
    path: String,
    kind: Kind,
    code: Code,
    expected: Option<Value>,
    actual: Option<Value>,
    message: String,
    notes: Vec<String>,
}

impl Draft {
    fn new(path: impl Into<String>, kind: Kind, code: Code) -> Draft {
        let path = path.into();
        Draft {
            message: code.message(kind, &path),
            path,
            kind,
            code,
            expected: None,
            actual: None,
            notes: Vec::new(),
        }
    }

    fn values(mut self, expected: Option<Value>, actual: Option<Value>) -> Draft {
        self.expected = expected;
        self.actual = actual;
        self
    }

    fn message(mut self, message: String) -> Draft {
        self.message = message;
        self
    }

    fn note(mut self, note: impl Into<String>) -> Draft {
        self.notes.push(note.into());
        self
    }

    fn from_leaf(part: Part, leaf: Leaf) -> Draft {
        let kind = classify::kind_of(&leaf);
        let code = classify::code_for(part, &leaf);
        Draft::new(leaf.path, kind, code).values(leaf.expected, leaf.actual)
    }
}

impl From<Change> for Draft {
    fn from(c: Change) -> Draft {
        Draft::new(c.path, c.kind, c.code).values(c.expected, c.actual)
    }
}

fn drafts(changes: Vec<Change>) -> Vec<Draft> {
    changes.into_iter().map(Draft::from).collect()
}

/// Who sets a part: the address findings name, and how the values must be treated.
struct Source {
    address: String,
    origin: Option<Origin>,
    sensitive: bool,
}

impl Source {
    /// Bucket-level findings and unmanaged parts name the bucket's own address.
    fn bucket(tree: &DesiredTree) -> Source {
        Source::at(&tree.address)
    }

    fn at(address: &str) -> Source {
        Source {
            address: address.to_string(),
            origin: None,
            sensitive: false,
        }
    }

    fn part(dp: &DesiredPart) -> Source {
        Source {
            address: dp.address.clone(),
            origin: Some(dp.origin),
            sensitive: dp.sensitive,
        }
    }
}

/// Collects the findings of one tree.
struct Bucket<'a> {
    tree: &'a DesiredTree,
    out: &'a mut Vec<Finding>,
}

impl Bucket<'_> {
    fn emit(&mut self, source: &Source, draft: Draft) {
        let mut notes = draft.notes;
        if source.origin == Some(Origin::Mirror) {
            notes.push(MIRROR_NOTE.to_string());
        }
        if self.tree.tainted {
            notes.push(TAINTED_NOTE.to_string());
        }
        let mut finding = Finding {
            bucket: self.tree.bucket.clone(),
            account: None,
            address: source.address.clone(),
            path: draft.path,
            kind: draft.kind,
            code: draft.code,
            severity: draft.code.default_severity(),
            expected: draft.expected,
            actual: draft.actual,
            message: draft.message,
            notes,
            sensitive: false,
            attribution: None,
            location: None,
            suppression: None,
            expected_actor: None,
            status: None,
            plan: None,
        };
        if source.sensitive {
            redact::redact(&mut finding);
        }
        self.out.push(finding);
    }

    fn emit_bucket(&mut self, draft: Draft) {
        self.emit(&Source::bucket(self.tree), draft);
    }
}

/// Compares one desired tree with its live bucket (`None`: the snapshot has no entry).
pub fn compare_bucket(tree: &DesiredTree, live: Option<&LiveBucket>, out: &mut Vec<Finding>) {
    let mut b = Bucket { tree, out };
    conflicts(&mut b);
    // A plan will create this bucket: nothing of it is expected live yet.
    if tree.planned_create {
        return;
    }
    let Some(live) = live else {
        b.emit_bucket(Draft::new("", Kind::NotCompared, Code::NotInSnapshot));
        return;
    };
    match live.status {
        LiveStatus::Missing => {
            let mut d = Draft::new("", Kind::MissingLive, Code::BucketMissing)
                .message("The bucket does not exist live (S3 answers NoSuchBucket).".into());
            if tree.planned_delete {
                d = d.note("a plan will delete this bucket");
            }
            b.emit_bucket(d);
            return;
        }
        LiveStatus::OwnerChanged => {
            // The name was deleted and taken by another account: its configuration is not
            // ours to compare.
            b.emit_bucket(
                Draft::new("", Kind::OwnerChanged, Code::BucketOwnerChanged)
                    .values(
                        tree.account.clone().map(Value::String),
                        live.account.clone().map(Value::String),
                    )
                    .message(
                        "The bucket name now answers for another account than the state's: it was deleted and re-created.".into(),
                    ),
            );
            return;
        }
        LiveStatus::Present => {}
    }
    let unreadable = |p: &LivePart| matches!(p, LivePart::Unreadable { .. });
    if !live.parts.is_empty() && live.parts.values().all(unreadable) {
        b.emit_bucket(
            Draft::new("", Kind::Unreadable, Code::BucketUnreadable)
                .message("No attribute of the bucket could be read, so none was compared.".into()),
        );
    }
    for &part in Part::ALL {
        compare_part(&mut b, live, part);
    }
}

/// Configuration flip-flops and parts claimed by several resources: one finding each.
fn conflicts(b: &mut Bucket<'_>) {
    for c in &b.tree.config_conflicts {
        let source = Source::at(&c.split_address);
        let message = format!(
            "`{}` is set both inline on `{}` and by `{}`; the provider flip-flops between them on every apply.",
            c.part, c.inline_address, c.split_address
        );
        let d =
            Draft::new(c.part.key(), Kind::Conflict, Code::InlineSplitConflict).message(message);
        b.emit(&source, d);
    }
    for (part, state) in &b.tree.parts {
        let DesiredState::Conflict { claims } = state else {
            continue;
        };
        let mut addresses: Vec<&str> = claims.iter().map(|c| c.address.as_str()).collect();
        addresses.sort_unstable();
        addresses.dedup();
        let source = Source {
            sensitive: claims.iter().any(|c| c.sensitive),
            ..Source::at(addresses.first().copied().unwrap_or(&b.tree.address))
        };
        let agree = claims.windows(2).all(|w| claims_agree(*part, &w[0], &w[1]));
        let message = format!(
            "`{part}` is managed by {} resources: {}; {}",
            addresses.len(),
            addresses.join(", "),
            if agree {
                "they set the same value, which is compared with live."
            } else {
                "none is taken as the desired value."
            }
        );
        let d = Draft::new(part.key(), Kind::Conflict, Code::ResourceConflict).message(message);
        b.emit(&source, d);
    }
}

fn compare_part(b: &mut Bucket<'_>, live: &LiveBucket, part: Part) {
    let desired = b.tree.parts.get(&part);
    let managed: Option<&DesiredPart> = match desired {
        Some(DesiredState::Managed(dp)) => Some(dp),
        _ => None,
    };
    let source = match managed {
        Some(dp) => Source::part(dp),
        None => Source::bucket(b.tree),
    };
    // A plan will create the resource that sets this part: its value is not live yet.
    let expected_live = managed.is_some_and(|dp| !dp.planned_create);
    let live_value = match live.parts.get(&part) {
        // The part was not read. Only worth saying where the code expects something.
        None => {
            if expected_live {
                let d = Draft::new(part.key(), Kind::Unreadable, Code::AttributeUnreadable)
                    .message(format!(
                        "`{part}` was not read live, so it was not compared."
                    ));
                b.emit(&source, d);
            }
            return;
        }
        // An AWS error is not drift; the reason is listed so the user can grant the read.
        Some(LivePart::Unreadable { reason }) => {
            let d = Draft::new(part.key(), Kind::Unreadable, Code::AttributeUnreadable)
                .message(format!("`{part}` could not be read: {reason}"));
            b.emit(&source, d);
            return;
        }
        Some(LivePart::Absent) => None,
        Some(LivePart::Present { value }) => Some(value.to_value()),
    };
    let drafts = match desired {
        Some(DesiredState::Conflict { claims }) => {
            let mut claims: Vec<&DesiredPart> = claims.iter().collect();
            claims.sort_by(|a, b| a.address.cmp(&b.address));
            let source = Source {
                sensitive: claims.iter().any(|c| c.sensitive),
                ..Source::at(claims.first().map_or(&b.tree.address, |c| &c.address))
            };
            for d in conflict_drafts(part, &claims, live_value, live) {
                b.emit(&source, d);
            }
            return;
        }
        None => {
            let note = if b.tree.bucket_managed {
                UNMANAGED_NOTE
            } else {
                UNMANAGED_ELSEWHERE_NOTE
            };
            against_default(part, live_value, live)
                .into_iter()
                .map(|d| d.note(note))
                .collect()
        }
        Some(DesiredState::Managed(dp)) if dp.planned_create => return,
        Some(DesiredState::Managed(dp)) => {
            let mut want = dp.value.as_ref().map(CompactJson::to_value);
            let mut have = live_value;
            if !pending::strip(part, &dp.pending, &mut want, &mut have) {
                return;
            }
            match want {
                // The code wants the part absent: AWS's default is what absent looks like.
                None => against_default(part, have, live),
                Some(want) => against_desired(part, dp.origin, want, have, live),
            }
        }
    };
    for d in drafts {
        // A part set entry by entry: the finding names the resource of its entry, or the
        // bucket for an entry no resource sets (one added live).
        match desired {
            Some(DesiredState::Managed(dp)) if !dp.entries.is_empty() => {
                let source = Source {
                    address: dp
                        .entry_address(&d.path)
                        .unwrap_or(&b.tree.address)
                        .to_string(),
                    ..Source::part(dp)
                };
                b.emit(&source, d);
            }
            _ => b.emit(&source, d),
        }
    }
}

/// The drafts of one claim against live; `None` when the claim leaves the part to be known
/// at apply (a plan's pending value or resource).
fn claim_drafts(
    part: Part,
    claim: &DesiredPart,
    have: Option<Value>,
    live: &LiveBucket,
) -> Option<Vec<Draft>> {
    if claim.planned_create {
        return None;
    }
    let mut want = claim.value.as_ref().map(CompactJson::to_value);
    let mut have = have;
    if !pending::strip(part, &claim.pending, &mut want, &mut have) {
        return None;
    }
    Some(match want {
        None => against_default(part, have, live),
        Some(want) => against_desired(part, claim.origin, want, have, live),
    })
}

/// Whether two claims set the same value (with the comparison's own equivalences).
fn claims_agree(part: Part, a: &DesiredPart, b: &DesiredPart) -> bool {
    let value = |p: &DesiredPart| p.value.as_ref().map(CompactJson::to_value);
    match (&value(a), &value(b)) {
        (None, None) => true,
        (Some(x), Some(y)) => x == y || leaves::values_equal(part, x, y),
        (x, y) => leaves::diff(part, x.as_ref(), y.as_ref()).is_empty(),
    }
}

/// Drift on a part several resources claim. The resource-conflict finding is listed apart
/// (see [`conflicts`]); it must not hide a change live, or two copies of one module would
/// silence a critical downgrade.
///
/// * Every claim sets the same value: the part is compared with it as usual, with a note.
/// * The claims disagree and live equals one of them: not drift (apply would flip between
///   them, which the conflict finding says).
/// * The claims disagree and live equals none: each leaf where live differs from every claim
///   is a finding whose `expected` lists the claims' values (in address order) and whose
///   severity is the mildest any claim gives, since no single claim is the desired value.
fn conflict_drafts(
    part: Part,
    claims: &[&DesiredPart],
    have: Option<Value>,
    live: &LiveBucket,
) -> Vec<Draft> {
    let addresses: Vec<&str> = claims.iter().map(|c| c.address.as_str()).collect();
    let mut per_claim = Vec::new();
    for c in claims {
        match claim_drafts(part, c, have.clone(), live) {
            Some(drafts) => per_claim.push(drafts),
            None => return Vec::new(),
        }
    }
    let Some(first) = per_claim.first() else {
        return Vec::new();
    };
    if claims.windows(2).all(|w| claims_agree(part, w[0], w[1])) {
        let note = format!(
            "{} resources set `{part}` to this same value: {}",
            claims.len(),
            addresses.join(", ")
        );
        return per_claim
            .swap_remove(0)
            .into_iter()
            .map(|d| d.note(note.clone()))
            .collect();
    }
    if per_claim.iter().any(Vec::is_empty) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for d in first {
        let same: Vec<&Draft> = per_claim
            .iter()
            .filter_map(|drafts| drafts.iter().find(|x| x.path == d.path))
            .collect();
        if same.len() != per_claim.len() {
            // Live equals one of the claims at this leaf.
            continue;
        }
        let Some(mild) = same.iter().min_by_key(|x| x.code.default_severity()) else {
            continue;
        };
        let expected: Vec<Value> = same
            .iter()
            .map(|x| x.expected.clone().unwrap_or(Value::Null))
            .collect();
        let message = format!(
            "{} The {} resources that manage `{part}` disagree and live matches none of them; expected lists each one's value ({}).",
            mild.message,
            claims.len(),
            addresses.join(", ")
        );
        out.push(
            Draft::new(mild.path.clone(), mild.kind, mild.code)
                .values(Some(Value::Array(expected)), mild.actual.clone())
                .message(message),
        );
    }
    out
}

/// Rewrites a value (desired, live or an event's) into the form the part compares (see
/// `Compare::normalise`), with what the part may know of the rest of the live bucket.
pub fn normalise(part: Part, value: Value, live: Option<&LiveBucket>) -> Value {
    let Some(normalise) = part.spec().compare.normalise else {
        return value;
    };
    let other = |p: Part| match live.and_then(|l| l.parts.get(&p)) {
        Some(LivePart::Present { value }) => Some(value.to_value()),
        _ => None,
    };
    normalise(
        value,
        &Context {
            owner_id: live.and_then(|l| l.owner_id.as_deref()),
            live: &other,
        },
    )
}

/// Compares a live part with AWS's default, for parts the code does not set. Anything else
/// live is added outside the code.
fn against_default(part: Part, have: Option<Value>, live: &LiveBucket) -> Vec<Draft> {
    let spec = part.spec();
    if let Some(documents) = spec.compare.documents {
        return drafts(documents(None, have.as_ref()));
    }
    let have = have.map(|v| normalise(part, v, Some(live)));
    if defaults::is_default(part, have.as_ref()) {
        return Vec::new();
    }
    let base = (spec.default)();
    leaves::diff(part, base.as_ref(), have.as_ref())
        .into_iter()
        .map(|leaf| {
            let code = classify::code_for(part, &leaf);
            let path = leaf.path.clone();
            Draft::new(path, Kind::AddedLive, code).values(leaf.expected, leaf.actual)
        })
        .collect()
}

/// Compares a live part with the value the code sets.
fn against_desired(
    part: Part,
    origin: Origin,
    want: Value,
    have: Option<Value>,
    live: &LiveBucket,
) -> Vec<Draft> {
    let compare = part.spec().compare;
    if let Some(documents) = compare.documents {
        return drafts(documents(Some(&want), have.as_ref()));
    }
    if let (None, Some(removed)) = (&have, compare.removed) {
        return drafts(removed(&want));
    }
    let want = normalise(part, want, Some(live));
    let mut have = have
        .or_else(|| (part.spec().absent_live)())
        .map(|v| normalise(part, v, Some(live)));
    if let Some(reconcile) = compare.reconcile {
        reconcile(origin, &want, &mut have);
    }
    let diffs = leaves::diff(part, Some(&want), have.as_ref());
    if diffs.is_empty() {
        return Vec::new();
    }
    if let Some(changes) = compare.summarise.and_then(|f| f(&want, have.as_ref())) {
        return drafts(changes);
    }
    diffs
        .into_iter()
        .map(|leaf| Draft::from_leaf(part, leaf))
        .collect()
}
