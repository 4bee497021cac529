//! Builds one [`DesiredTree`] per bucket from loaded state and plan files.
//!
//! Every `aws_s3_*` instance of every file is tied to a bucket name (its `bucket`
//! attribute, `id` for `aws_s3_bucket`, the v6 `identity`, or, for a plan where `bucket`
//! is unknown until apply, the `aws_s3_bucket` its configuration references) and to an
//! account where one is stated (`expected_bucket_owner`, `identity.account_id`). Resources
//! with the same name and no disagreeing account form one tree. Each part of the tree is
//! claimed by split resources, or else by the bucket's own attributes (see
//! [`canon::inline`]); several claims on one part are a [`DesiredState::Conflict`], never a
//! silent pick. What cannot be tied to a bucket is listed in [`DesiredSet::unresolved`].
//!
//! A plan's state side is the last-applied state. Where the plan updates or replaces an
//! instance, the values its `after_unknown` marks are unknown until apply: the state-side
//! parts they feed carry them as `pending`, so they are reported but never compared.

use super::accounts::AccountEntry;
use super::canon::{generation, inline, marks, split};
use super::{
    DesiredPart, DesiredSet, DesiredState, DesiredTree, InlineSplitConflict, Part, Unresolved,
};
use crate::parts::{attr, Scope};
use crate::state::{
    config_address, index_suffix, module_prefix, AttrPath, Loaded, PlanInfo, Resource,
};
use crate::warning::{Warning, WarningCode};
use std::collections::{BTreeMap, BTreeSet};

/// What an instance is to the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// `aws_s3_bucket`.
    Bucket,
    /// A split resource writing one part.
    Split(Part),
    /// Recognised, not monitored.
    Unmonitored,
}

/// One instance from one file, with what the file says about it.
struct Entry<'a> {
    res: &'a Resource,
    kind: Kind,
    file: usize,
    source: &'a str,
    written_at: Option<jiff::Timestamp>,
    plan: Option<&'a PlanInfo>,
    /// Taken from a plan's `planned_values` (the address is not in the state side).
    from_plan: bool,
    /// For a state-side instance the plan updates or replaces: the `after_unknown` marks of
    /// its planned values. Those values are pending until apply and never compared.
    after_unknown: Option<&'a [AttrPath]>,
}

impl Entry<'_> {
    /// A plan will create this instance.
    fn planned_create(&self) -> bool {
        self.from_plan
            && self
                .plan
                .is_some_and(|p| p.creates.contains(&self.res.address))
    }

    fn planned_delete(&self) -> bool {
        self.plan.is_some_and(|p| {
            p.deletes.contains(&self.res.address) && !p.creates.contains(&self.res.address)
        })
    }
}

/// An entry tied to a bucket.
struct Placed<'a> {
    entry: Entry<'a>,
    bucket: String,
    account: Option<String>,
}

/// Merges every `aws_s3_bucket*` resource of every loaded file into one tree per bucket.
pub fn build(loaded: &[Loaded]) -> DesiredSet {
    let mut warnings: Vec<Warning> = loaded
        .iter()
        .flat_map(|l| l.warnings.iter().cloned())
        .collect();
    let (account_entries, entries): (Vec<Entry<'_>>, Vec<Entry<'_>>) = collect(loaded)
        .into_iter()
        .partition(|e| matches!(e.kind, Kind::Split(p) if p.spec().live.scope == Scope::Account));
    let names = bucket_names(&entries);

    let mut unresolved = Vec::new();
    let account_entries: Vec<AccountEntry<'_>> = account_entries
        .iter()
        .filter_map(|e| match e.kind {
            Kind::Split(part) => Some(AccountEntry {
                res: e.res,
                part,
                source: e.source,
                planned_create: e.planned_create(),
            }),
            _ => None,
        })
        .collect();
    let accounts = super::accounts::build(&account_entries, &mut warnings, &mut unresolved);
    let mut placed = Vec::new();
    for entry in entries {
        match resolve(&entry, &names) {
            Ok((bucket, account)) => placed.push(Placed {
                entry,
                bucket,
                account,
            }),
            Err(reason) => unresolved.push(Unresolved {
                address: entry.res.address.clone(),
                reason,
            }),
        }
    }

    let mut by_name: BTreeMap<String, Vec<Placed>> = BTreeMap::new();
    for p in placed {
        by_name.entry(p.bucket.clone()).or_default().push(p);
    }

    let mut buckets = Vec::new();
    for (name, members) in by_name {
        for (account, group) in split_by_account(&name, members, &mut unresolved) {
            if group.iter().all(|p| p.entry.kind == Kind::Unmonitored) {
                for p in group {
                    unresolved.push(Unresolved {
                        address: p.entry.res.address.clone(),
                        reason: format!(
                            "targets bucket `{name}`, which no monitored resource in the loaded files manages"
                        ),
                    });
                }
                continue;
            }
            buckets.push(tree(&name, account, group, &mut warnings));
        }
    }
    buckets.sort_by(|a, b| (&a.bucket, &a.account).cmp(&(&b.bucket, &b.account)));
    unresolved.sort_by(|a, b| (&a.address, &a.reason).cmp(&(&b.address, &b.reason)));
    unresolved.dedup();
    let mut seen = BTreeSet::new();
    warnings.retain(|w| seen.insert(w.clone()));
    DesiredSet {
        buckets,
        accounts,
        unresolved,
        warnings,
    }
}

fn kind_of(rtype: &str) -> Kind {
    if rtype == "aws_s3_bucket" {
        Kind::Bucket
    } else if let Some(part) = Part::of_split(rtype) {
        Kind::Split(part)
    } else {
        // Recognised types that are not parts, and any other aws_s3_* type: listed, never
        // an error.
        Kind::Unmonitored
    }
}

/// The state side of every file, plus the instances only a plan's `planned_values` has
/// (those the plan will create).
fn collect(loaded: &[Loaded]) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    for (file, l) in loaded.iter().enumerate() {
        let plan = l.plan.as_ref();
        let in_state: BTreeSet<&str> = l.resources.iter().map(|r| r.address.as_str()).collect();
        let planned = plan
            .into_iter()
            .flat_map(|p| p.planned.values())
            .filter(|r| !in_state.contains(r.address.as_str()))
            .map(|r| (r, true));
        for (res, from_plan) in l.resources.iter().map(|r| (r, false)).chain(planned) {
            let after_unknown = plan
                .filter(|p| !from_plan && p.updates.contains(&res.address))
                .and_then(|p| p.planned.get(&res.address))
                .map(|r| r.unknown.as_slice())
                .filter(|u| !u.is_empty());
            out.push(Entry {
                res,
                kind: kind_of(&res.rtype),
                file,
                source: &l.source,
                written_at: l.written_at,
                plan,
                from_plan,
                after_unknown,
            });
        }
    }
    out
}

/// A known, non-empty string attribute (not unknown until apply).
fn known_text<'a>(res: &'a Resource, key: &str) -> Option<&'a str> {
    if marks::unknown_whole(res, key) {
        return None;
    }
    attr::text(&res.attributes, key)
}

fn identity_text<'a>(res: &'a Resource, key: &str) -> Option<&'a str> {
    res.identity.as_ref().and_then(|i| attr::text(i, key))
}

/// The bucket name an instance names itself.
fn own_name(res: &Resource, kind: Kind) -> Option<String> {
    known_text(res, "bucket")
        .or_else(|| {
            (kind == Kind::Bucket)
                .then(|| known_text(res, "id"))
                .flatten()
        })
        .or_else(|| identity_text(res, "bucket"))
        .map(str::to_string)
}

/// Bucket names of `aws_s3_bucket` instances, per file and instance address.
fn bucket_names(entries: &[Entry<'_>]) -> BTreeMap<(usize, String), String> {
    entries
        .iter()
        .filter(|e| e.kind == Kind::Bucket)
        .filter_map(|e| own_name(e.res, e.kind).map(|n| ((e.file, e.res.address.clone()), n)))
        .collect()
}

/// Follows a plan's `bucket_refs` from a resource whose `bucket` is unknown to the name of
/// the referenced `aws_s3_bucket`. The reference may name an instance or (without an
/// index) the resource: then the bucket instance with the same index key as the referrer
/// is meant when both are counted, else the only instance.
fn referenced_name(
    entry: &Entry<'_>,
    names: &BTreeMap<(usize, String), String>,
) -> Result<String, String> {
    let address = &entry.res.address;
    let Some(plan) = entry.plan else {
        return Err("has no known `bucket`".into());
    };
    let Some(target) = plan
        .bucket_refs
        .get(address)
        .or_else(|| plan.bucket_refs.get(&config_address(address)))
    else {
        return Err("`bucket` is unknown until apply and the configuration does not reference an aws_s3_bucket".into());
    };
    if let Some(n) = names.get(&(entry.file, target.clone())) {
        return Ok(n.clone());
    }
    let target_config = config_address(target);
    // References are module-relative: only buckets in the referrer's module instance count.
    let module = module_prefix(address);
    let candidates: Vec<(&String, &String)> = names
        .iter()
        .filter(|((f, a), _)| {
            *f == entry.file && config_address(a) == target_config && module_prefix(a) == module
        })
        .map(|((_, a), n)| (a, n))
        .collect();
    let suffix = index_suffix(address);
    if !suffix.is_empty() {
        if let Some((_, n)) = candidates.iter().find(|(a, _)| index_suffix(a) == suffix) {
            return Ok((*n).clone());
        }
    }
    match candidates.as_slice() {
        [(_, n)] => Ok((*n).clone()),
        [] => Err(format!(
            "`bucket` is unknown until apply and the referenced `{target}` has no known bucket name"
        )),
        _ => Err(format!(
            "`bucket` is unknown until apply and `{target}` has several instances; none matches this one's key"
        )),
    }
}

/// Ties an entry to a bucket name and, where stated, an account.
fn resolve(
    entry: &Entry<'_>,
    names: &BTreeMap<(usize, String), String>,
) -> Result<(String, Option<String>), String> {
    let res = entry.res;
    let account = known_text(res, "expected_bucket_owner")
        .or_else(|| identity_text(res, "account_id"))
        .map(str::to_string);
    if let Some(name) = own_name(res, entry.kind) {
        return Ok((name, account));
    }
    match entry.kind {
        Kind::Bucket => Err(if entry.planned_create() {
            "the plan creates this bucket under a name chosen at apply (no `bucket`, or `bucket_prefix`)".into()
        } else if marks::unknown_whole(res, "bucket") {
            "the bucket name is unknown until apply".into()
        } else {
            "the instance has no bucket name".into()
        }),
        Kind::Split(_) => referenced_name(entry, names).map(|n| (n, account)),
        Kind::Unmonitored => {
            if res.attributes.get("bucket").is_none() && !marks::unknown_whole(res, "bucket") {
                Err(format!(
                    "{} is not monitored and names no bucket",
                    res.rtype
                ))
            } else {
                referenced_name(entry, names).map(|n| (n, account))
            }
        }
    }
}

/// Splits the resources that name one bucket by account. With at most one stated account,
/// they are one bucket. With several, each account is its own bucket, and a resource that
/// states none cannot be placed.
fn split_by_account<'a>(
    name: &str,
    members: Vec<Placed<'a>>,
    unresolved: &mut Vec<Unresolved>,
) -> Vec<(Option<String>, Vec<Placed<'a>>)> {
    let accounts: BTreeSet<String> = members.iter().filter_map(|p| p.account.clone()).collect();
    if accounts.len() <= 1 {
        return vec![(accounts.into_iter().next(), members)];
    }
    let listed = accounts.iter().cloned().collect::<Vec<_>>().join(", ");
    let mut groups: BTreeMap<String, Vec<Placed<'a>>> = BTreeMap::new();
    for p in members {
        match p.account.clone() {
            Some(a) => groups.entry(a).or_default().push(p),
            None => unresolved.push(Unresolved {
                address: p.entry.res.address.clone(),
                reason: format!(
                    "bucket `{name}` is named for several accounts ({listed}) and this resource sets no expected_bucket_owner"
                ),
            }),
        }
    }
    groups.into_iter().map(|(a, g)| (Some(a), g)).collect()
}

/// Turns claims into a part state: one claim is managed, several are a conflict. Claims
/// that are identical (the same instance given twice, e.g. in two files) count once.
/// The claims of a part set entry by entry, one map of one entry each, as one claim of the
/// whole map. Claims that cannot be merged stay apart, so they show as a conflict: two
/// resources setting the same entry, or one whose value is not a map.
fn merge_entries(mut claims: Vec<DesiredPart>) -> Vec<DesiredPart> {
    claims.sort_by(|a, b| a.address.cmp(&b.address));
    let mut merged: Option<DesiredPart> = None;
    let mut apart = Vec::new();
    for c in claims {
        let Some(serde_json::Value::Object(entries)) = c.value.clone() else {
            apart.push(c);
            continue;
        };
        let Some(m) = merged.as_mut() else {
            let mut first = c;
            first.entries = entries
                .keys()
                .map(|k| (k.clone(), first.address.clone()))
                .collect();
            merged = Some(first);
            continue;
        };
        let Some(serde_json::Value::Object(into)) = m.value.as_mut() else {
            apart.push(c);
            continue;
        };
        if entries.keys().any(|k| into.contains_key(k)) {
            apart.push(c);
            continue;
        }
        for (k, v) in entries {
            m.entries.insert(k.clone(), c.address.clone());
            into.insert(k, v);
        }
        m.sensitive |= c.sensitive;
        m.planned_create &= c.planned_create;
        m.pending.extend(c.pending);
        m.pending.sort();
        m.pending.dedup();
    }
    merged.into_iter().chain(apart).collect()
}

/// The state-side resource of an update as the claim readers should see its marks: the
/// plan's `after_unknown` on top of the last-applied values. The values stay those of the
/// state (they are what the code last applied and bucket resolution needs them known);
/// only the pending marks come from the plan.
fn with_after_unknown(entry: &Entry<'_>) -> Option<Resource> {
    let unknown = entry.after_unknown?;
    let mut view = entry.res.clone();
    view.unknown.extend(unknown.iter().cloned());
    view.unknown.sort();
    view.unknown.dedup();
    Some(view)
}

/// Adds to `claim` the pending paths the same claim shows when read with the plan's
/// `after_unknown` marks (`marked`). When the marked read makes no claim at all (the whole
/// attribute is unknown), the whole part is pending.
fn add_pending(claim: &mut DesiredPart, marked: Option<DesiredPart>) {
    match marked {
        Some(m) => claim.pending.extend(m.pending),
        None => claim.pending.push("*".into()),
    }
    claim.pending.sort();
    claim.pending.dedup();
}

/// The configuration's inline block names that set a part.
fn inline_part(block: &str) -> Option<Part> {
    match block {
        // The top-level argument is required for a split Object Lock configuration; only
        // the inline block conflicts with it.
        "object_lock_enabled" | "tags" | "tags_all" => None,
        _ => crate::parts::inline_config_blocks()
            .find(|(b, _)| *b == block)
            .map(|(_, part)| part),
    }
}

fn tree(
    name: &str,
    account: Option<String>,
    mut group: Vec<Placed<'_>>,
    warnings: &mut Vec<Warning>,
) -> DesiredTree {
    group.sort_by(|a, b| {
        (&a.entry.res.address, a.entry.file).cmp(&(&b.entry.res.address, b.entry.file))
    });
    let buckets: Vec<&Entry> = group
        .iter()
        .map(|p| &p.entry)
        .filter(|e| e.kind == Kind::Bucket)
        .collect();
    let mut bucket_addresses: Vec<&str> = buckets.iter().map(|e| e.res.address.as_str()).collect();
    bucket_addresses.dedup();
    if bucket_addresses.len() > 1 {
        warnings.push(Warning::new(
            WarningCode::DuplicateResource,
            name,
            format!(
                "the bucket is managed by several aws_s3_bucket resources: {}",
                bucket_addresses.join(", ")
            ),
        ));
    }
    // The same instance from several files (overlapping globs, a state and its plan): equal
    // claims count once; different ones stay a conflict, and the user is told why.
    let mut sources_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for p in &group {
        sources_of
            .entry(p.entry.res.address.as_str())
            .or_default()
            .insert(p.entry.source);
    }
    for (address, files) in sources_of.iter().filter(|(_, f)| f.len() > 1) {
        warnings.push(Warning::new(
            WarningCode::DuplicateResource,
            *address,
            format!(
                "the same instance is in several loaded files ({})",
                files.iter().copied().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    let first = buckets
        .first()
        .copied()
        .or_else(|| {
            group
                .iter()
                .map(|p| &p.entry)
                .find(|e| e.kind != Kind::Unmonitored)
        })
        .unwrap_or(&group[0].entry);

    let sources: Vec<inline::BucketSource> = buckets
        .iter()
        .map(|e| inline::BucketSource {
            res: e.res,
            generation: generation::infer(e.res),
            configured: e
                .plan
                .and_then(|p| p.inline_blocks.get(&config_address(&e.res.address))),
            planned_create: e.planned_create(),
        })
        .collect();
    // Per source, the same bucket read with a plan's `after_unknown` marks, when it has any.
    let marked_buckets: Vec<Option<Resource>> =
        buckets.iter().copied().map(with_after_unknown).collect();
    let marked_splits: BTreeMap<(usize, &str), Resource> = group
        .iter()
        .filter(|p| matches!(p.entry.kind, Kind::Split(_)))
        .filter_map(|p| {
            with_after_unknown(&p.entry).map(|r| ((p.entry.file, p.entry.res.address.as_str()), r))
        })
        .collect();

    let mut parts = BTreeMap::new();
    let mut split_claims: BTreeMap<Part, Vec<String>> = BTreeMap::new();
    for &part in Part::ALL {
        let mut claims = Vec::new();
        for e in group
            .iter()
            .map(|p| &p.entry)
            .filter(|e| e.kind == Kind::Split(part))
        {
            if let Some(mut c) = split::claim(e.res, part, e.planned_create(), warnings) {
                if let Some(marked) = marked_splits.get(&(e.file, e.res.address.as_str())) {
                    let again = split::claim(marked, part, e.planned_create(), &mut Vec::new());
                    add_pending(&mut c, again);
                }
                split_claims
                    .entry(part)
                    .or_default()
                    .push(c.address.clone());
                claims.push(c);
            }
        }
        // A split resource is authoritative: the bucket's inline value (v4+ a stale
        // mirror) is ignored for that part (provider v4 upgrade guide; seen in real public states).
        if claims.is_empty() {
            for (s, marked) in sources.iter().zip(&marked_buckets) {
                let Some(mut c) = inline::claim(s, part, warnings) else {
                    continue;
                };
                if let Some(marked) = marked {
                    let view = inline::BucketSource {
                        res: marked,
                        generation: s.generation,
                        configured: s.configured,
                        planned_create: s.planned_create,
                    };
                    add_pending(&mut c, inline::claim(&view, part, &mut Vec::new()));
                }
                claims.push(c);
            }
        }
        let claims = if part.spec().split.as_ref().is_some_and(|s| s.per_entry) {
            merge_entries(claims)
        } else {
            claims
        };
        if let Some(state) = DesiredState::settle(claims) {
            parts.insert(part, state);
        }
    }

    let mut config_conflicts = Vec::new();
    for s in &sources {
        let Some(blocks) = s.configured else { continue };
        for part in blocks.iter().filter_map(|b| inline_part(b)) {
            for split_address in split_claims.get(&part).into_iter().flatten() {
                config_conflicts.push(InlineSplitConflict {
                    part,
                    inline_address: s.res.address.clone(),
                    split_address: split_address.clone(),
                });
            }
        }
    }
    config_conflicts.sort_by(|a, b| {
        (a.part, &a.inline_address, &a.split_address).cmp(&(
            b.part,
            &b.inline_address,
            &b.split_address,
        ))
    });
    config_conflicts.dedup();

    let region = buckets
        .iter()
        .find_map(|e| {
            known_text(e.res, "bucket_region")
                .or_else(|| known_text(e.res, "region"))
                .or_else(|| identity_text(e.res, "region"))
        })
        .or_else(|| {
            group.iter().find_map(|p| {
                identity_text(p.entry.res, "region").or_else(|| known_text(p.entry.res, "region"))
            })
        })
        .map(str::to_string);

    let mut resources: Vec<String> = group
        .iter()
        .filter(|p| p.entry.kind != Kind::Unmonitored)
        .map(|p| p.entry.res.address.clone())
        .collect();
    resources.sort();
    resources.dedup();
    let mut unmonitored: Vec<String> = group
        .iter()
        .filter(|p| p.entry.kind == Kind::Unmonitored)
        .map(|p| p.entry.res.address.clone())
        .collect();
    unmonitored.sort();
    unmonitored.dedup();

    DesiredTree {
        bucket: name.to_string(),
        account,
        region,
        address: first.res.address.clone(),
        source: first.source.to_string(),
        state_written_at: group.iter().filter_map(|p| p.entry.written_at).max(),
        generation: sources.first().map(|s| s.generation),
        bucket_managed: !buckets.is_empty(),
        tainted: buckets.iter().any(|e| e.res.tainted),
        planned_create: !buckets.is_empty() && buckets.iter().all(|e| e.planned_create()),
        planned_delete: buckets.iter().any(|e| e.planned_delete()),
        parts,
        config_conflicts,
        resources,
        unmonitored,
    }
}
