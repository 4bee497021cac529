//! The report summary adds up: for any set of findings, each finding is counted in exactly
//! one of drift, signals, unmanaged, unreadable, not-compared, suppressed and expected, the
//! severity counts sum to the drift count, `new` counts the baseline's new and changed
//! findings among drift, signals and unmanaged buckets, and `--fail-on` counts what the
//! README says it counts.

use proptest::prelude::*;
use s3drift::code::{Code, Kind, Severity};
use s3drift::diff::finding::{BaselineStatus, ExpectedActor, Finding, Suppression};
use s3drift::report::Report;

const KINDS: [Kind; 10] = [
    Kind::Changed,
    Kind::AddedLive,
    Kind::RemovedLive,
    Kind::Unreadable,
    Kind::Conflict,
    Kind::MissingLive,
    Kind::OwnerChanged,
    Kind::Unmanaged,
    Kind::Signal,
    Kind::NotCompared,
];

/// What a policy and a baseline did to a finding.
#[derive(Clone, Copy, Debug)]
struct Controls {
    suppressed: bool,
    expected: bool,
    /// 0: no baseline status, 1 new, 2 existing, 3 changed.
    status: u8,
}

fn finding(bucket: u8, kind: usize, severity: usize, whole_bucket: bool, c: Controls) -> Finding {
    let gap = KINDS[kind].is_gap();
    Finding {
        bucket: format!("bucket-{bucket}"),
        account: None,
        address: String::new(),
        path: if whole_bucket {
            String::new()
        } else {
            "versioning.status".into()
        },
        kind: KINDS[kind],
        code: Code::VersioningChanged,
        severity: Severity::ALL[severity],
        expected: None,
        actual: None,
        message: String::new(),
        notes: Vec::new(),
        sensitive: false,
        attribution: None,
        location: None,
        // A policy never touches gaps in coverage.
        suppression: (c.suppressed && !gap).then(|| Suppression {
            reason: "r".into(),
            owner: None,
            expires: None,
            event_id: None,
            file: None,
            line: None,
        }),
        expected_actor: (c.expected && !gap).then(|| ExpectedActor {
            principal: "*".into(),
            reason: None,
            file: ".s3drift.hcl".into(),
            line: 1,
        }),
        status: match c.status {
            1 => Some(BaselineStatus::New),
            2 => Some(BaselineStatus::Existing),
            3 => Some(BaselineStatus::Changed),
            _ => None,
        },
        plan: None,
    }
}

fn findings() -> impl Strategy<Value = Vec<Finding>> {
    prop::collection::vec(
        (
            (0u8..6, 0..KINDS.len(), 0..5usize, any::<bool>()),
            (any::<bool>(), any::<bool>(), 0u8..4),
        )
            .prop_map(|((b, k, s, w), (suppressed, expected, status))| {
                let c = Controls {
                    suppressed,
                    expected,
                    status,
                };
                finding(b, k, s, w, c)
            }),
        0..40,
    )
}

proptest! {
    #[test]
    fn the_summary_is_the_counts_over_the_findings(
        findings in findings(),
        extra in 0usize..4,
        baselined in any::<bool>(),
    ) {
        let state_buckets = 6 + extra;
        let mut findings = findings;
        if !baselined {
            for f in &mut findings {
                f.status = None;
            }
        }
        let mut report = Report::new(None, Vec::new(), state_buckets, findings.clone(), Vec::new(), Vec::new());
        if baselined {
            report.baseline = Some("previous.json".into());
            report.recount();
        }
        let s = &report.summary;
        let count = |pred: &dyn Fn(&Finding) -> bool| findings.iter().filter(|f| pred(f)).count();
        // Neither suppressed nor made by an expected actor.
        let open = |f: &Finding| f.suppression.is_none() && f.expected_actor.is_none();

        prop_assert_eq!(s.suppressed, count(&|f| f.suppression.is_some()));
        prop_assert_eq!(s.expected, count(&|f| f.suppression.is_none() && f.expected_actor.is_some()));
        let counted = |f: &Finding| f.kind.counts_for_fail_on() && open(f);
        let new_or_changed = |f: &Finding| {
            matches!(f.status, Some(BaselineStatus::New | BaselineStatus::Changed))
        };
        prop_assert_eq!(
            s.new,
            baselined.then(|| count(&|f| counted(f) && new_or_changed(f)))
        );

        prop_assert_eq!(s.drift, count(&|f| f.kind.is_drift() && open(f)));
        prop_assert_eq!(s.critical + s.high + s.medium + s.low + s.info, s.drift);
        for sev in Severity::ALL {
            prop_assert_eq!(s.at(sev), count(&|f| f.kind.is_drift() && open(f) && f.severity == sev));
        }
        prop_assert_eq!(s.signals, count(&|f| f.kind == Kind::Signal && open(f)));
        prop_assert_eq!(s.unmanaged, count(&|f| f.kind == Kind::Unmanaged && open(f)));
        prop_assert_eq!(s.unreadable, count(&|f| f.kind == Kind::Unreadable));
        prop_assert_eq!(s.not_compared, count(&|f| f.kind == Kind::NotCompared));
        prop_assert_eq!(
            s.drift + s.signals + s.unmanaged + s.unreadable + s.not_compared + s.suppressed + s.expected,
            findings.len()
        );

        let distinct = |pred: &dyn Fn(&Finding) -> bool| {
            let set: std::collections::BTreeSet<&str> =
                findings.iter().filter(|f| pred(f)).map(|f| f.bucket.as_str()).collect();
            set.len()
        };
        prop_assert_eq!(s.drifted_buckets, distinct(&|f| f.kind.is_drift() && open(f)));
        prop_assert_eq!(
            s.buckets,
            state_buckets - distinct(&|f| f.kind.is_gap() && f.path.is_empty())
        );

        // --fail-on: drift, signals and unmanaged at their severity unless suppressed or
        // expected, and with a baseline only new and changed ones; gaps only on request.
        for t in Severity::ALL {
            let expected = findings.iter().any(|f| {
                (matches!(f.kind, Kind::Signal | Kind::Unmanaged) || f.kind.is_drift())
                    && open(f)
                    && (!baselined || new_or_changed(f))
                    && f.severity >= t
            });
            prop_assert_eq!(report.fails(Some(t), false), expected);
            prop_assert_eq!(
                report.fails(Some(t), true),
                expected || findings.iter().any(|f| f.kind.is_gap())
            );
        }
        prop_assert!(!report.fails(None, false));
    }
}
