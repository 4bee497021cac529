//! The three-way view of a plan: the last-applied state, live, and the code's intent.
//!
//! A plan JSON holds all three: `resource_drift[].change.before` (put back into the state
//! side) is what was last applied, `prior_state` is live as Terraform refreshed it, and
//! `planned_values` is what the code wants. Each is built into the same attribute trees as
//! `check` uses, so the semantic comparison (policy documents, AWS defaults, rule keys,
//! pending values) is the one [`super::compare`] already does. A drift finding (state against
//! live) is then classified by two more comparisons at its path: code against state and
//! code against live.
//!
//! | live vs state | code | class |
//! |---|---|---|
//! | differs | = state | [`PlanClass::Reverts`] |
//! | differs | = live | [`PlanClass::Adopts`] |
//! | differs | differs from both | [`PlanClass::Conflict`] |
//! | differs | no code manages the part | [`PlanClass::Neither`] |
//! | equal | differs | an ordinary planned change: not drift, no finding |
//!
//! Without `resource_drift` (nothing drifted, or `-refresh=false`) live is read by s3drift
//! and the plan was computed against the unrefreshed state: Terraform only writes an
//! attribute whose configuration differs from that state, so a change elsewhere
//! [`PlanClass::Survives`] the apply.

use super::finding::{Finding, PlanClass, PlanView};
use crate::code::Kind;
use crate::model::{
    DesiredSet, DesiredState, LiveAccount, LiveBucket, LivePart, LiveStatus, Snapshot,
};
use crate::model::{Origin, Part, REDACTED};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where the live side of the three-way view comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveSource {
    /// The plan's own refresh (`prior_state` with `resource_drift`).
    Refreshed,
    /// s3drift's live read or a snapshot, against a plan that did not refresh.
    Read,
}

/// A desired set seen as a live snapshot: what `prior_state` says live is, in the shape the
/// comparison reads. A part `reference` has but `set` lacks was deleted (a split resource
/// removed outside Terraform leaves `prior_state` after refresh); a bucket `set` lacks is
/// missing.
pub fn as_live(set: &DesiredSet, reference: &DesiredSet, captured_at: jiff::Timestamp) -> Snapshot {
    let mut snap = Snapshot::new(captured_at);
    for r in &reference.buckets {
        let Some(tree) = set.buckets.iter().find(|t| t.bucket == r.bucket) else {
            snap.buckets.insert(
                r.bucket.clone(),
                LiveBucket {
                    status: LiveStatus::Missing,
                    account: r.account.clone(),
                    region: r.region.clone(),
                    owner_id: None,
                    parts: BTreeMap::new(),
                },
            );
            continue;
        };
        let parts = parts_as_live(&r.parts, &tree.parts);
        snap.buckets.insert(
            r.bucket.clone(),
            LiveBucket {
                status: LiveStatus::Present,
                account: tree.account.clone().or_else(|| r.account.clone()),
                region: tree.region.clone().or_else(|| r.region.clone()),
                owner_id: None,
                parts,
            },
        );
    }
    // An account's own settings, the same way; an account the set does not describe has
    // none of them.
    for r in &reference.accounts {
        let empty = BTreeMap::new();
        let tree = set
            .accounts
            .iter()
            .find(|t| t.account == r.account)
            .map_or(&empty, |t| &t.parts);
        snap.accounts.insert(
            r.account.clone(),
            LiveAccount {
                parts: parts_as_live(&r.parts, tree),
            },
        );
    }
    snap
}

/// The live side of one tree's parts: every part of `reference` absent unless `parts` sets
/// it. A conflict has no single value; leaving it out keeps it from being compared.
fn parts_as_live(
    reference: &BTreeMap<Part, DesiredState>,
    parts: &BTreeMap<Part, DesiredState>,
) -> BTreeMap<Part, LivePart> {
    let mut out: BTreeMap<Part, LivePart> =
        reference.keys().map(|p| (*p, LivePart::Absent)).collect();
    for (part, state) in parts {
        if let DesiredState::Managed(dp) = state {
            let live = match &dp.value {
                Some(v) => LivePart::Present { value: v.clone() },
                None => LivePart::Absent,
            };
            out.insert(*part, live);
        }
    }
    out
}

/// Whether a finding says a value differs (as opposed to unreadable, conflicting or
/// bucket-level findings, which have no three-way class).
fn is_value_change(f: &Finding) -> bool {
    matches!(f.kind, Kind::Changed | Kind::AddedLive | Kind::RemovedLive)
}

/// The part a canonical path belongs to.
fn part_of(path: &str) -> Option<Part> {
    let head = path.split(['.', '[']).next()?;
    Part::from_key(head)
}

/// `a` and `b` name the same leaf, or one contains the other (a whole rule and one of its
/// fields).
fn overlaps(a: &str, b: &str) -> bool {
    let within = |long: &str, short: &str| {
        long == short
            || (long.starts_with(short)
                && matches!(long.as_bytes().get(short.len()), Some(b'.' | b'[')))
    };
    within(a, b) || within(b, a)
}

/// The finding of `among` about the same bucket and the same leaf as `f`, if any.
fn at<'a>(among: &'a [Finding], f: &Finding) -> Option<&'a Finding> {
    among
        .iter()
        .filter(|g| is_value_change(g))
        .find(|g| same_subject(g, f) && overlaps(&g.path, &f.path))
}

/// Whether `g` and `f` are about the same bucket, or the same account's own settings
/// (every account finding has an empty bucket).
fn same_subject(g: &Finding, f: &Finding) -> bool {
    g.bucket == f.bucket && g.account_scope() == f.account_scope()
}

/// Whether code manages the part of `f`: a split resource, a provider-v3 inline block or
/// `tags_all`. A v4+ computed mirror is the provider's last read, not the code.
fn code_manages(code: &DesiredSet, f: &Finding) -> bool {
    let Some(part) = part_of(&f.path) else {
        return false;
    };
    // An account's own settings are in the code's account trees, not its bucket trees.
    let parts = match f.account_scope() {
        Some(account) => code
            .accounts
            .iter()
            .find(|t| t.account == account)
            .map(|t| &t.parts),
        None => code
            .buckets
            .iter()
            .find(|t| t.bucket == f.bucket)
            .map(|t| &t.parts),
    };
    let Some(parts) = parts else {
        return false;
    };
    match parts.get(&part) {
        Some(DesiredState::Managed(dp)) => dp.origin != Origin::Mirror,
        Some(DesiredState::Conflict { .. }) => true,
        None => false,
    }
}

/// Classifies every value-change finding of `drift` (state against live).
/// `code_vs_state` and `code_vs_live` are the code's trees compared with the state as live
/// and with live. The summary is written without attribution; [`explain`] rewrites it once
/// attribution ran.
pub fn classify(
    drift: &mut [Finding],
    code: &DesiredSet,
    code_vs_state: &[Finding],
    code_vs_live: &[Finding],
    source: LiveSource,
) {
    for f in drift.iter_mut() {
        // A bucket deleted outside Terraform that the code still has: the apply re-creates it.
        if f.kind == Kind::MissingLive && code.buckets.iter().any(|t| t.bucket == f.bucket) {
            f.plan = Some(PlanView {
                class: PlanClass::Reverts,
                planned: None,
                summary: String::new(),
            });
            continue;
        }
        if !is_value_change(f) {
            continue;
        }
        let plan_sets = at(code_vs_state, f);
        let unlike_live = at(code_vs_live, f);
        let class = if !code_manages(code, f) {
            PlanClass::Neither
        } else {
            match (plan_sets.is_some(), unlike_live.is_some(), source) {
                // Live differs from state, so code equal to both means the comparison left
                // the leaf out: its planned value is unknown.
                (false, false, _) => PlanClass::Pending,
                (false, true, LiveSource::Refreshed) => PlanClass::Reverts,
                (false, true, LiveSource::Read) => PlanClass::Survives,
                (true, false, _) => PlanClass::Adopts,
                (true, true, LiveSource::Refreshed) => PlanClass::Conflict,
                // The plan writes the attribute over a live value it never saw.
                (true, true, LiveSource::Read) => PlanClass::Reverts,
            }
        };
        let planned = match class {
            PlanClass::Reverts | PlanClass::Conflict => {
                unlike_live.and_then(|g| g.expected.clone())
            }
            PlanClass::Adopts => f.actual.clone(),
            PlanClass::Survives => f.expected.clone(),
            PlanClass::Neither | PlanClass::Pending => None,
        };
        let planned = if f.sensitive || unlike_live.is_some_and(|g| g.sensitive) {
            planned.map(|_| Value::String(REDACTED.into()))
        } else {
            planned
        };
        f.plan = Some(PlanView {
            class,
            planned,
            summary: String::new(),
        });
    }
    explain(drift);
}

/// Writes each classified finding's summary in plain words, naming who made the change when
/// attribution found it. Run again after attribution.
pub fn explain(findings: &mut [Finding]) {
    for f in findings.iter_mut() {
        let Some(view) = &f.plan else {
            continue;
        };
        let summary = sentence(f, view);
        if let Some(view) = f.plan.as_mut() {
            view.summary = summary;
        }
    }
}

/// A value in a sentence: `Enabled`, absent, or for a document (a policy, a rule) a
/// pointer to the diff the report prints with it.
fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "absent".into(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(Value::Object(_) | Value::Array(_)) => "the document shown with it".into(),
        Some(other) => format!("`{other}`"),
    }
}

/// Who made the change: "by role/ops-admin (alice) via console on 2026-11-12 (event e-1)",
/// or "outside Terraform (…)" with why nobody is named.
fn origin(f: &Finding) -> String {
    let Some(a) = &f.attribution else {
        return "outside Terraform (no event source was given)".into();
    };
    let Some(principal) = &a.principal else {
        return match &a.reason {
            Some(r) if !r.is_empty() => format!("outside Terraform (unattributed: {r})"),
            _ => "outside Terraform (unattributed)".into(),
        };
    };
    let mut out = format!("by {principal}");
    if let Some(via) = &a.via {
        out.push_str(&format!(" via {}", via.label()));
    }
    if let Some(t) = a.event_time {
        out.push_str(&format!(" on {}", t.strftime("%Y-%m-%d")));
    }
    if let Some(id) = &a.event_id {
        out.push_str(&format!(" (event {id})"));
    }
    if a.status == super::finding::AttributionStatus::Likely {
        out.push_str(", likely");
    }
    out
}

fn sentence(f: &Finding, view: &PlanView) -> String {
    let path = if f.path.is_empty() {
        "the bucket"
    } else {
        &f.path
    };
    let live = shown(f.actual.as_ref());
    let applied = shown(f.expected.as_ref());
    let planned = shown(view.planned.as_ref());
    let by = origin(f);
    if f.kind == Kind::MissingLive {
        return format!(
            "this apply re-creates bucket `{}`; it was deleted {by}",
            f.bucket
        );
    }
    match view.class {
        PlanClass::Reverts if view.planned == f.expected => {
            format!("this apply sets `{path}` back to {planned}; it was {live} {by}")
        }
        PlanClass::Reverts => format!(
            "this apply sets `{path}` to {planned}, overwriting {live} (set {by})"
        ),
        PlanClass::Adopts => format!(
            "the code now adopts `{path}` = {live}, set {by}: the apply is a no-op for it"
        ),
        PlanClass::Conflict => format!(
            "both the code and someone outside changed `{path}`: this apply sets it to {planned}, replacing {live} set {by} (last applied {applied})"
        ),
        PlanClass::Neither => format!(
            "no code manages `{path}`: this apply neither reverts nor adopts {live}, set {by}"
        ),
        PlanClass::Survives => format!(
            "the plan does not set `{path}` (it did not refresh): {live}, set {by}, survives this apply"
        ),
        PlanClass::Pending => format!(
            "the plan leaves `{path}` unknown until apply: whether it reverts {live}, set {by}, is not known yet"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;

    /// The account's own settings are part of the state-as-live view too, so the code is
    /// compared with the last apply for them as for buckets.
    #[test]
    fn the_state_as_live_holds_the_accounts_settings() {
        let set: DesiredSet =
            serde_json::from_value(serde_json::json!({"buckets": [], "accounts": [{
            "account": "123456789012", "address": "aws_s3_account_public_access_block.this",
            "source": "plan.json", "resources": ["aws_s3_account_public_access_block.this"],
            "parts": {"account_public_access_block": {"state": "managed", "origin": "split",
                "address": "aws_s3_account_public_access_block.this",
                "value": {"block_public_acls": true}}}}]}))
            .unwrap();
        let snap = as_live(&set, &set, "2026-11-20T09:00:00Z".parse().unwrap());
        assert_eq!(
            snap.accounts["123456789012"].parts[&Part::AccountPublicAccessBlock],
            LivePart::Present {
                value: serde_json::json!({"block_public_acls": true}).into()
            }
        );
        assert!(crate::diff::compare(&set, &snap).is_empty());
    }

    fn versioning(expected: &str, actual: &str) -> Finding {
        Finding {
            bucket: "b".into(),
            account: None,
            address: "aws_s3_bucket_versioning.b".into(),
            path: "versioning.status".into(),
            kind: Kind::Changed,
            code: Code::VersioningChanged,
            severity: Code::VersioningChanged.default_severity(),
            expected: Some(Value::String(expected.into())),
            actual: Some(Value::String(actual.into())),
            message: String::new(),
            notes: Vec::new(),
            sensitive: false,
            attribution: None,
            location: None,
            suppression: None,
            expected_actor: None,
            status: None,
            plan: None,
        }
    }

    fn code(origin: &str) -> DesiredSet {
        serde_json::from_value(serde_json::json!({"buckets": [{
            "bucket": "b", "address": "aws_s3_bucket.b", "source": "plan.json",
            "bucket_managed": true, "resources": [],
            "parts": {"versioning": {"state": "managed", "value": {"status": "Enabled"},
                "origin": origin, "address": "aws_s3_bucket_versioning.b"}}}]}))
        .unwrap()
    }

    /// The class of a drift Enabled → Suspended, given where the code differs.
    fn class(
        origin: &str,
        vs_state: Option<&str>,
        vs_live: Option<&str>,
        source: LiveSource,
    ) -> PlanClass {
        let mut drift = vec![versioning("Enabled", "Suspended")];
        let cs: Vec<Finding> = vs_state
            .map(|c| versioning("Enabled", c))
            .into_iter()
            .collect();
        let cl: Vec<Finding> = vs_live
            .map(|c| versioning(c, "Suspended"))
            .into_iter()
            .collect();
        classify(&mut drift, &code(origin), &cs, &cl, source);
        drift[0].plan.as_ref().unwrap().class
    }

    #[test]
    fn every_row_of_the_table() {
        use LiveSource::*;
        assert_eq!(
            class("split", None, Some("Enabled"), Refreshed),
            PlanClass::Reverts
        );
        assert_eq!(
            class("split", Some("Suspended"), None, Refreshed),
            PlanClass::Adopts
        );
        assert_eq!(
            class("split", Some("Disabled"), Some("Disabled"), Refreshed),
            PlanClass::Conflict
        );
        assert_eq!(
            class("mirror", None, Some("Enabled"), Refreshed),
            PlanClass::Neither
        );
        assert_eq!(class("split", None, None, Refreshed), PlanClass::Pending);
        // Without a refresh the plan writes only what it sets.
        assert_eq!(
            class("split", None, Some("Enabled"), Read),
            PlanClass::Survives
        );
        assert_eq!(
            class("split", Some("Disabled"), Some("Disabled"), Read),
            PlanClass::Reverts
        );
    }

    #[test]
    fn a_deleted_bucket_the_code_still_has_is_re_created() {
        let mut missing = versioning("", "");
        missing.kind = Kind::MissingLive;
        missing.path = String::new();
        let mut drift = vec![missing.clone()];
        classify(&mut drift, &code("split"), &[], &[], LiveSource::Refreshed);
        let view = drift[0].plan.as_ref().unwrap();
        assert_eq!(view.class, PlanClass::Reverts);
        assert!(view.summary.starts_with("this apply re-creates bucket `b`"));
        // Code that drops the bucket too has nothing to revert.
        let mut drift = vec![missing];
        classify(
            &mut drift,
            &DesiredSet::default(),
            &[],
            &[],
            LiveSource::Refreshed,
        );
        assert!(drift[0].plan.is_none());
    }

    #[test]
    fn a_revert_names_the_value_it_restores() {
        let mut drift = vec![versioning("Enabled", "Suspended")];
        let cl = vec![versioning("Enabled", "Suspended")];
        classify(&mut drift, &code("split"), &[], &cl, LiveSource::Refreshed);
        let view = drift[0].plan.as_ref().unwrap();
        assert_eq!(view.planned, Some(Value::String("Enabled".into())));
        assert_eq!(
            view.summary,
            "this apply sets `versioning.status` back to `Enabled`; it was `Suspended` outside Terraform (no event source was given)"
        );
    }

    #[test]
    fn paths_overlap_only_at_segment_boundaries() {
        assert!(overlaps("versioning.status", "versioning.status"));
        assert!(overlaps(
            "lifecycle_rule[a]",
            "lifecycle_rule[a].expiration"
        ));
        assert!(overlaps("policy", "policy"));
        assert!(!overlaps("tags.env", "tags.environment"));
        assert!(!overlaps("versioning.status", "versioning.mfa_delete"));
    }

    #[test]
    fn values_read_as_words() {
        assert_eq!(shown(None), "absent");
        assert_eq!(shown(Some(&Value::String("Enabled".into()))), "`Enabled`");
        assert_eq!(shown(Some(&Value::Bool(false))), "`false`");
    }
}
