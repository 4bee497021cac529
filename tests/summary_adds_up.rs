//! The report summary adds up: for any set of findings, each finding is counted in exactly
//! one of drift, signals, unmanaged, unreadable and not-compared, the severity counts sum to
//! the drift count, and `--fail-on` counts what the README says it counts.

use proptest::prelude::*;
use s3drift::code::{Code, Kind, Severity};
use s3drift::diff::finding::Finding;
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

fn finding(bucket: u8, kind: usize, severity: usize, whole_bucket: bool) -> Finding {
    Finding {
        bucket: format!("bucket-{bucket}"),
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
        suppression: None,
        expected_actor: None,
        status: None,
    }
}

fn findings() -> impl Strategy<Value = Vec<Finding>> {
    prop::collection::vec(
        (0u8..6, 0..KINDS.len(), 0..5usize, any::<bool>())
            .prop_map(|(b, k, s, w)| finding(b, k, s, w)),
        0..40,
    )
}

proptest! {
    #[test]
    fn the_summary_is_the_counts_over_the_findings(findings in findings(), extra in 0usize..4) {
        let state_buckets = 6 + extra;
        let report = Report::new(None, Vec::new(), state_buckets, findings.clone(), Vec::new(), Vec::new());
        let s = &report.summary;
        let count = |pred: &dyn Fn(&Finding) -> bool| findings.iter().filter(|f| pred(f)).count();

        prop_assert_eq!(s.drift, count(&|f| f.kind.is_drift()));
        prop_assert_eq!(s.critical + s.high + s.medium + s.low + s.info, s.drift);
        for sev in Severity::ALL {
            prop_assert_eq!(s.at(sev), count(&|f| f.kind.is_drift() && f.severity == sev));
        }
        prop_assert_eq!(s.signals, count(&|f| f.kind == Kind::Signal));
        prop_assert_eq!(s.unmanaged, count(&|f| f.kind == Kind::Unmanaged));
        prop_assert_eq!(s.unreadable, count(&|f| f.kind == Kind::Unreadable));
        prop_assert_eq!(s.not_compared, count(&|f| f.kind == Kind::NotCompared));
        prop_assert_eq!(s.drift + s.signals + s.unmanaged + s.unreadable + s.not_compared, findings.len());

        let distinct = |pred: &dyn Fn(&Finding) -> bool| {
            let set: std::collections::BTreeSet<&str> =
                findings.iter().filter(|f| pred(f)).map(|f| f.bucket.as_str()).collect();
            set.len()
        };
        prop_assert_eq!(s.drifted_buckets, distinct(&|f| f.kind.is_drift()));
        prop_assert_eq!(
            s.buckets,
            state_buckets - distinct(&|f| f.kind.is_gap() && f.path.is_empty())
        );

        // --fail-on: drift, signals and unmanaged at their severity; gaps only on request.
        for t in Severity::ALL {
            let expected = findings.iter().any(|f| {
                matches!(f.kind, Kind::Signal | Kind::Unmanaged) || f.kind.is_drift()
            } && f.severity >= t);
            prop_assert_eq!(report.fails(Some(t), false), expected);
            prop_assert_eq!(
                report.fails(Some(t), true),
                expected || findings.iter().any(|f| f.kind.is_gap())
            );
        }
        prop_assert!(!report.fails(None, false));
    }
}
