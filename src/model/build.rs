//! Builds one [`DesiredTree`](super::DesiredTree) per bucket from loaded state and plan
//! files.
//!
//! Every `aws_s3_*` instance of every file is tied to a bucket name (its `bucket`
//! attribute, `id` for `aws_s3_bucket`, the v6 `identity`, or, for a plan where `bucket`
//! is unknown until apply, the `aws_s3_bucket` its configuration references) and to an
//! account where one is stated (`expected_bucket_owner`, `identity.account_id`). Resources
//! with the same name and no disagreeing account form one tree. Each part of the tree is
//! claimed by split resources, or else by the bucket's own attributes (see
//! [`canon::inline`](super::canon::inline)); several claims on one part are a
//! [`DesiredState::Conflict`](super::DesiredState::Conflict), never a silent pick. What
//! cannot be tied to a bucket is listed in [`DesiredSet::unresolved`].
//!
//! A plan's state side is the last-applied state. Where the plan updates or replaces an
//! instance, the values its `after_unknown` marks are unknown until apply: the state-side
//! parts they feed carry them as `pending`, so they are reported but never compared.
//!
//! The steps live beside this file, one concern each: gathering the instances of every file
//! (`instances`), tying them to a bucket and account (`placement`), and assembling one tree
//! per bucket (`bucket_tree`). Bucket-less, account-wide parts go to `accounts`.
//!
//! A run's loader defers a large state's attributes ([`Deferred`]): until a bucket's tree
//! is built, its resources hold only the keys placement reads. Each group of resources is
//! given its whole attributes just before its tree is built and drops them right after, so
//! only one bucket's attributes per thread are parsed at a time. The trees are built on
//! several threads when there are many, each taking a run of consecutive buckets, and come
//! out, with their warnings, in the order one thread gives.

use super::accounts::AccountEntry;
use super::bucket_tree::tree;
use super::instances::{collect, Entry, Kind};
use super::placement::{bucket_names, resolve, split_by_account, Placed};
use super::{DesiredSet, DesiredTree, Unresolved};
use crate::parts::Scope;
use crate::state::{Deferred, KeptText, Loaded, Resource};
use crate::warning::Warning;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, PoisonError};

/// Merges every `aws_s3_bucket*` resource of every loaded file into one tree per bucket.
pub fn build(loaded: &[Loaded]) -> DesiredSet {
    build_deferred(loaded, Vec::new(), 1)
}

/// [`build`] for files whose attributes were deferred: `deferred[i]` holds those of
/// `loaded[i]` (a file without one holds its attributes whole). Each text is dropped once
/// its bucket is built. The trees are built on up to `workers` threads, with the same
/// result as on one.
pub fn build_deferred(
    loaded: &[Loaded],
    mut deferred: Vec<Deferred>,
    workers: usize,
) -> DesiredSet {
    debug_assert!(deferred.is_empty() || deferred.len() == loaded.len());
    let mut warnings: Vec<Warning> = loaded
        .iter()
        .flat_map(|l| l.warnings.iter().cloned())
        .collect();
    // Sized up front: a large state's 81,250 entries grown a doubling at a time were copied
    // over and over on the one thread between the read and the build.
    let all = collect(loaded);
    let (mut account_entries, mut entries) = (Vec::new(), Vec::with_capacity(all.len()));
    for e in all {
        match e.kind {
            Kind::Split(p) if p.spec().live.scope == Scope::Account => account_entries.push(e),
            _ => entries.push(e),
        }
    }
    let names = bucket_names(&entries);

    let mut unresolved = Vec::new();
    let account_whole: Vec<Option<Resource>> = account_entries
        .iter()
        .map(|e| whole(&mut deferred, e))
        .collect();
    let account_entries: Vec<AccountEntry<'_>> = account_entries
        .iter()
        .zip(&account_whole)
        .filter_map(|(e, w)| match e.kind {
            Kind::Split(part) => Some(AccountEntry {
                res: w.as_ref().unwrap_or(e.res),
                part,
                source: e.source,
                planned_create: e.planned_create(),
            }),
            _ => None,
        })
        .collect();
    let accounts = super::accounts::build(&account_entries, &mut warnings, &mut unresolved);
    let mut placed = Vec::with_capacity(entries.len());
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

    let mut jobs = Vec::new();
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
            let texts = group
                .iter()
                .map(|p| text(&mut deferred, &p.entry))
                .collect();
            jobs.push(Job {
                name: name.clone(),
                account,
                group,
                texts,
            });
        }
    }
    let (mut buckets, tree_warnings) = build_trees(jobs, workers);
    warnings.extend(tree_warnings);
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

/// The entry's resource with its whole attributes, when they were deferred.
fn whole(deferred: &mut [Deferred], e: &Entry<'_>) -> Option<Resource> {
    deferred.get_mut(e.file)?.take(e.index?, e.res)
}

/// The entry's attributes as they were deferred, if they were.
fn text(deferred: &mut [Deferred], e: &Entry<'_>) -> Option<KeptText> {
    deferred.get_mut(e.file)?.take_text(e.index?)
}

/// One tree to build: a bucket's resources in one account, and their deferred attributes.
struct Job<'a> {
    name: String,
    account: Option<String>,
    group: Vec<Placed<'a>>,
    texts: Vec<Option<KeptText>>,
}

impl Job<'_> {
    /// The tree, with this bucket's attributes parsed back for it and dropped after it.
    fn build(self, warnings: &mut Vec<Warning>) -> DesiredTree {
        let parsed: Vec<Option<Resource>> = self
            .group
            .iter()
            .zip(self.texts)
            .map(|(p, text)| text?.whole(p.entry.res))
            .collect();
        let group = self
            .group
            .into_iter()
            .zip(&parsed)
            .map(|(mut p, w)| {
                p.entry.res = w.as_ref().unwrap_or(p.entry.res);
                p
            })
            .collect();
        tree(&self.name, self.account, group, warnings)
    }
}

/// Below this many trees per worker, another thread costs more than it saves.
const TREES_PER_WORKER: usize = 256;

/// Trees built as one run, taken from the queue at once.
const TREES_PER_RUN: usize = 128;

/// Builds the trees in order, on up to `workers` threads: the jobs are cut into runs of
/// consecutive ones, taken from a queue by the calling thread and the others, and the
/// trees and their warnings are put back in the runs' order, as built one by one. A thread
/// the system refuses leaves its share to the others.
fn build_trees(mut jobs: Vec<Job<'_>>, workers: usize) -> (Vec<DesiredTree>, Vec<Warning>) {
    let workers = workers.clamp(1, (jobs.len() / TREES_PER_WORKER).max(1));
    // Runs far shorter than a thread's share, so that a thread whose buckets were quicker
    // to build takes more of them rather than waiting for the others at the end. Cut from
    // the end, each job is moved once.
    let mut runs = Vec::new();
    while jobs.len() > TREES_PER_RUN {
        let last = (jobs.len() - 1) / TREES_PER_RUN * TREES_PER_RUN;
        runs.push(jobs.split_off(last));
    }
    runs.push(jobs);
    runs.reverse();
    let queue = Mutex::new(runs.into_iter().enumerate());
    let work = || {
        let mut built = Vec::new();
        loop {
            // A run is taken whole before it is built, so a panic elsewhere leaves the
            // queue as it was.
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
            let Some((i, run)) = next else {
                return built;
            };
            let mut warnings = Vec::new();
            let trees: Vec<DesiredTree> = run.into_iter().map(|j| j.build(&mut warnings)).collect();
            built.push((i, trees, warnings));
        }
    };
    let mut built = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers)
            .filter_map(|_| std::thread::Builder::new().spawn_scoped(scope, work).ok())
            .collect();
        let mut built = work();
        for helper in helpers {
            built.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        built
    });
    built.sort_by_key(|(i, _, _)| *i);
    let (mut trees, mut warnings) = (Vec::new(), Vec::new());
    for (_, t, w) in built {
        trees.extend(t);
        warnings.extend(w);
    }
    (trees, warnings)
}
