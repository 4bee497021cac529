//! Assembles one [`DesiredTree`] from the instances placed on one bucket (and account).
//!
//! Each part of the tree is claimed by split resources, or else by the bucket's own
//! attributes (see [`inline`]); several claims on one part are a [`DesiredState::Conflict`],
//! never a silent pick. Where a plan updates or replaces an instance, the values its
//! `after_unknown` marks are unknown until apply: the parts they feed carry them as
//! `pending`, so they are reported but never compared.

use super::canon::{generation, inline, split};
use super::instances::{identity_text, known_text, Entry, Kind};
use super::placement::Placed;
use super::{CompactJson, DesiredPart, DesiredState, DesiredTree, InlineSplitConflict, Part};
use crate::state::{config_address, Resource};
use crate::warning::{Warning, WarningCode};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The claims of a part set entry by entry, one map of one entry each, as one claim of the
/// whole map. Claims that cannot be merged stay apart, so they show as a conflict: two
/// resources setting the same entry, or one whose value is not a map.
fn merge_entries(mut claims: Vec<DesiredPart>) -> Vec<DesiredPart> {
    claims.sort_by(|a, b| a.address.cmp(&b.address));
    // The merged claim, and its entries until they are written back as its value.
    let mut merged: Option<(DesiredPart, Map<String, Value>)> = None;
    let mut apart = Vec::new();
    for c in claims {
        let Some(Value::Object(entries)) = c.value.as_ref().map(CompactJson::to_value) else {
            apart.push(c);
            continue;
        };
        let Some((m, into)) = merged.as_mut() else {
            let mut first = c;
            first.entries = entries
                .keys()
                .map(|k| (k.clone(), first.address.clone()))
                .collect();
            merged = Some((first, entries));
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
    let merged = merged.map(|(mut m, entries)| {
        m.value = Some(Value::Object(entries).into());
        m
    });
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

pub(super) fn tree(
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
