//! Drift issues: one GitHub issue per drifted bucket, kept up to date by every run.
//!
//! - A bucket with drift gets an issue, or its open issue is updated, or its closed one is
//!   reopened (the history stays in one place).
//! - An open issue is closed, with a comment, only when its bucket has no drift **and** the
//!   run compared the bucket fully: it is among the report's compared buckets and none of
//!   its settings was unreadable. A run that could not read a bucket proves nothing about
//!   it, and a bucket another job compares (a matrix over accounts) is not this run's to
//!   close.
//! - At most `max_new` issues are opened (created or reopened) per run, the buckets with
//!   the most severe drift first; the rest are held back and listed, so a first run on a
//!   large estate does not flood the repository.
//!
//! An issue is s3drift's when it carries the [`super::ISSUE_LABEL`] label (the list is
//! asked for by label) and its body holds the bucket's hidden marker.

use super::api::Issue;
use crate::code::{Kind, Severity};
use crate::diff::finding::Finding;
use crate::report::Report;
use std::collections::{BTreeMap, BTreeSet};

/// The default of `--max-issues`.
pub const DEFAULT_MAX_ISSUES: usize = 20;

/// The hidden marker of a bucket's issue.
pub fn marker(bucket: &str) -> String {
    format!("<!-- s3drift:issue bucket={bucket} -->")
}

/// The bucket an issue body's marker names.
pub fn bucket_of(body: &str) -> Option<&str> {
    let start = body.find("<!-- s3drift:issue bucket=")? + "<!-- s3drift:issue bucket=".len();
    let rest = &body[start..];
    let end = rest.find(" -->")?;
    Some(&rest[..end]).filter(|b| !b.is_empty() && !b.contains(char::is_whitespace))
}

/// An issue's title.
pub fn title(bucket: &str) -> String {
    format!("S3 drift: {bucket}")
}

/// One change to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IssueAction {
    Create {
        bucket: String,
    },
    /// The issue is open and the bucket still drifts; its text changed.
    Update {
        number: u64,
        bucket: String,
    },
    Reopen {
        number: u64,
        bucket: String,
    },
    Close {
        number: u64,
        bucket: String,
    },
}

/// What a run does with the drift issues.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IssuePlan {
    pub actions: Vec<IssueAction>,
    /// Drifted buckets that get no issue this run because of the cap.
    pub held_back: Vec<String>,
    /// Open issues whose bucket shows no drift but was not fully compared: left open.
    pub not_closed: Vec<(u64, String)>,
}

/// Plans the run. `body` renders a bucket's issue body, compared with what the issue holds
/// so an unchanged issue is not edited.
pub fn plan(
    report: &Report,
    existing: &[Issue],
    max_new: usize,
    body: &dyn Fn(&str) -> String,
) -> IssuePlan {
    // The worst severity of each drifted bucket. An unmanaged bucket gets an issue too:
    // nobody's code will ever put it right.
    // An account's own settings (its public access block) get an issue of their own, keyed
    // `account:<id>`.
    let mut drifted: BTreeMap<String, Severity> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| (f.kind.is_drift() || f.kind == Kind::Unmanaged) && !f.is_accepted())
    {
        let worst = drifted.entry(f.subject_key()).or_insert(f.severity);
        *worst = (*worst).max(f.severity);
    }
    let unreadable: BTreeSet<String> = report
        .findings
        .iter()
        .filter(|f| f.kind == Kind::Unreadable)
        .map(Finding::subject_key)
        .collect();
    let compared = |key: &str| match key.strip_prefix("account:") {
        Some(_) => report.summary.accounts > 0,
        None => report.buckets.iter().any(|b| b.bucket == key),
    };
    let fully_compared = |key: &str| compared(key) && !unreadable.contains(key);
    // Each bucket's issue: its lowest-numbered open one, else its latest closed one.
    let mut open: BTreeMap<&str, &Issue> = BTreeMap::new();
    let mut closed: BTreeMap<&str, &Issue> = BTreeMap::new();
    for issue in existing {
        let Some(bucket) = issue.body.as_deref().and_then(bucket_of) else {
            continue;
        };
        if issue.state == "open" {
            let kept = open.entry(bucket).or_insert(issue);
            if issue.number < kept.number {
                *kept = issue;
            }
        } else {
            let kept = closed.entry(bucket).or_insert(issue);
            if issue.number > kept.number {
                *kept = issue;
            }
        }
    }
    let mut out = IssuePlan::default();
    let mut order: Vec<(&str, Severity)> = drifted.iter().map(|(b, s)| (b.as_str(), *s)).collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut opened = 0;
    for (bucket, _) in order {
        if let Some(issue) = open.get(bucket) {
            if issue.body.as_deref() != Some(body(bucket).as_str()) || issue.title != title(bucket)
            {
                out.actions.push(IssueAction::Update {
                    number: issue.number,
                    bucket: bucket.to_string(),
                });
            }
            continue;
        }
        if opened >= max_new {
            out.held_back.push(bucket.to_string());
            continue;
        }
        opened += 1;
        out.actions.push(match closed.get(bucket) {
            Some(issue) => IssueAction::Reopen {
                number: issue.number,
                bucket: bucket.to_string(),
            },
            None => IssueAction::Create {
                bucket: bucket.to_string(),
            },
        });
    }
    for (bucket, issue) in &open {
        if drifted.contains_key(*bucket) {
            continue;
        }
        if fully_compared(bucket) {
            out.actions.push(IssueAction::Close {
                number: issue.number,
                bucket: bucket.to_string(),
            });
        } else if compared(bucket) {
            out.not_closed.push((issue.number, bucket.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::code::Code;
    use crate::diff::finding::Finding;
    use crate::report::BucketInfo;

    /// A finding built from JSON, as a report holds it.
    fn finding(bucket: &str, kind: Kind, severity: Severity) -> Finding {
        serde_json::from_value(serde_json::json!({
            "bucket": bucket,
            "address": "",
            "path": "tags.a",
            "kind": kind,
            "code": Code::TagsChanged,
            "severity": severity,
            "expected": null,
            "actual": null,
            "message": "",
            "attribution": null,
        }))
        .unwrap()
    }

    fn issue(number: u64, bucket: &str, state: &str) -> Issue {
        Issue {
            number,
            title: title(bucket),
            body: Some(format!("{}\nold", marker(bucket))),
            state: state.into(),
            pull_request: None,
            html_url: None,
        }
    }

    fn report(findings: Vec<Finding>, compared: &[&str]) -> Report {
        Report::new(None, vec![], compared.len(), findings, vec![], vec![]).with_buckets(
            compared
                .iter()
                .map(|b| BucketInfo {
                    bucket: b.to_string(),
                    address: String::new(),
                    account: None,
                    region: None,
                })
                .collect(),
        )
    }

    #[test]
    fn opens_updates_reopens_and_closes() {
        let r = report(
            vec![
                finding("a-low", Kind::Changed, Severity::Low),
                finding("b-crit", Kind::Changed, Severity::Critical),
                finding("c-back", Kind::Changed, Severity::High),
                finding("e-unread", Kind::Unreadable, Severity::Info),
            ],
            &["a-low", "b-crit", "c-back", "d-fixed", "e-unread"],
        );
        let existing = vec![
            issue(1, "b-crit", "open"),
            issue(2, "c-back", "closed"),
            issue(3, "d-fixed", "open"),
            issue(4, "e-unread", "open"),
            issue(5, "f-elsewhere", "open"),
        ];
        let body = |b: &str| format!("{}\nnew", marker(b));
        let p = plan(&r, &existing, 20, &body);
        assert_eq!(
            p.actions,
            vec![
                IssueAction::Update {
                    number: 1,
                    bucket: "b-crit".into()
                },
                IssueAction::Reopen {
                    number: 2,
                    bucket: "c-back".into()
                },
                IssueAction::Create {
                    bucket: "a-low".into()
                },
                IssueAction::Close {
                    number: 3,
                    bucket: "d-fixed".into()
                },
            ]
        );
        // Unreadable: not closed, said so. Another job's bucket: not touched.
        assert_eq!(p.not_closed, vec![(4, "e-unread".to_string())]);
        assert!(p.held_back.is_empty());
        // The cap counts reopened and created issues, the most severe first.
        let p = plan(&r, &existing, 1, &body);
        assert_eq!(p.held_back, vec!["a-low".to_string()]);
        // An unchanged issue is not edited.
        let same = |b: &str| format!("{}\nold", marker(b));
        let p = plan(&r, &existing, 20, &same);
        assert!(!p
            .actions
            .iter()
            .any(|a| matches!(a, IssueAction::Update { .. })));
    }

    #[test]
    fn markers_round_trip() {
        let body = format!("{}\n## s3drift", marker("acme-prod-data"));
        assert_eq!(bucket_of(&body), Some("acme-prod-data"));
        assert_eq!(bucket_of("no marker"), None);
        assert_eq!(bucket_of("<!-- s3drift:issue bucket= -->"), None);
    }
}
