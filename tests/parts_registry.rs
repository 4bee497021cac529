//! Every part of the registry is whole: state schema rows, a live read with its IAM action,
//! CloudTrail events with a value extractor (and a fixture record that proves it),
//! access-log tokens, rows in the README's path table, and equal/drift fixture pairs. There
//! are no exceptions: forgetting one of these fails here, not a user.

use s3drift::code::Kind;
use s3drift::diff::compare;
use s3drift::model::{DesiredSet, Snapshot};
use s3drift::parts::{NewValue, Part, Scope};
use s3drift::trail::{access_log, reader};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_part_has_state_schema_rows() {
    let schema = s3drift::state::schema::schema();
    for &part in Part::ALL {
        let spec = part.spec();
        let split_rows = spec.split.as_ref().map(|s| {
            schema
                .get(s.resource)
                .unwrap_or_else(|| panic!("{part}: {} has no schema", s.resource))
                .len()
        });
        let inline_rows = spec.inline.schema.len();
        assert!(
            split_rows.unwrap_or(0) + inline_rows > 0,
            "{part} has no schema rows"
        );
        for (path, _) in spec.inline.schema {
            assert!(
                schema["aws_s3_bucket"].iter().any(|(p, _)| p == path),
                "{part}: inline {path} is not in aws_s3_bucket's schema"
            );
        }
        if let Some(split) = &spec.split {
            for attribute in split.attributes {
                assert!(
                    split.schema.iter().any(|(p, _)| p == attribute),
                    "{part}: {attribute} is read but has no schema row"
                );
            }
        }
    }
}

#[test]
fn every_part_has_a_read_only_live_read_and_its_iam_action() {
    let policy = s3drift::live::iam_policy().to_string();
    for &part in Part::ALL {
        let live = part.spec().live;
        assert!(
            ["Get", "List"]
                .iter()
                .any(|v| live.operation.starts_with(v)),
            "{part}: {} is not a read",
            live.operation
        );
        assert!(
            policy.contains(&format!("\"{}\"", live.iam_action)),
            "{part}: {} is not in the IAM policy",
            live.iam_action
        );
        assert!(matches!(live.scope, Scope::Bucket | Scope::Account));
    }
}

#[test]
fn every_part_has_events_and_a_fixture_record_that_sets_it() {
    for &part in Part::ALL {
        let spec = part.spec();
        assert!(!spec.events.is_empty(), "{part} has no CloudTrail events");
        let dir = root().join("fixtures/parts").join(spec.key);
        let read = |name: &str| {
            fs::read_to_string(dir.join(name))
                .unwrap_or_else(|e| panic!("{part}: fixtures/parts/{}/{name}: {e}", spec.key))
        };
        let parsed = reader::read_str("event.json", &read("event.json")).expect("readable");
        assert_eq!(parsed.malformed, 0, "{part}: {:?}", parsed.warnings);
        let [event] = parsed.events.as_slice() else {
            panic!("{part}: expected one event, got {:?}", parsed.events);
        };
        assert_eq!(event.part, Some(part), "{part}: {}", event.name);
        assert!(spec.events.contains(&event.name.as_str()));
        let expected: Value = serde_json::from_str(&read("expected.json")).expect("JSON");
        // A part set entry by entry is changed one entry at a time: the others stay.
        let got = match &event.value {
            NewValue::Merge(v) if spec.split.as_ref().is_some_and(|s| s.per_entry) => {
                NewValue::Set(v.clone())
            }
            other => other.clone(),
        };
        assert_eq!(got, NewValue::set(expected), "{part}");
    }
}

#[test]
fn every_part_has_access_log_tokens_that_classify_to_it() {
    for &part in Part::ALL {
        let spec = part.spec();
        if spec.live.scope == Scope::Account {
            // Server access logs record requests to a bucket; an account-level (S3 Control)
            // call is never among them.
            assert!(spec.access_log.is_empty(), "{part} is account-level");
            continue;
        }
        assert!(
            !spec.access_log.is_empty(),
            "{part} has no access-log tokens"
        );
        for token in spec.access_log {
            let (name, _, got) = access_log::classify(&format!("REST.PUT.{token}"), "-")
                .unwrap_or_else(|| panic!("{part}: REST.PUT.{token} is not classified"));
            assert_eq!(got, Some(part), "{token}");
            assert!(spec.events.contains(&name.as_str()), "{token}: {name}");
        }
    }
}

#[test]
fn every_part_has_rows_in_the_readme_path_table() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README");
    for &part in Part::ALL {
        let rows = part.spec().paths;
        assert!(!rows.is_empty(), "{part} has no path rows");
        for row in rows {
            assert!(
                readme.contains(&format!("| `{}` |", row.path)),
                "README has no row for `{}`",
                row.path
            );
        }
    }
}

/// The `fixtures/diff` cases, with the parts their drift findings are on.
fn diff_cases() -> Vec<(String, Vec<Part>)> {
    let dir = root().join("fixtures/diff");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("fixtures/diff")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
        .into_iter()
        .map(|case| {
            let read = |n: &str| fs::read_to_string(case.join(n)).expect("readable fixture");
            let desired: DesiredSet = serde_json::from_str(&read("desired.json")).expect("JSON");
            let live: Snapshot = serde_json::from_str(&read("live.json")).expect("JSON");
            let parts = compare(&desired, &live)
                .iter()
                .filter(|f| f.kind.is_drift() && f.kind != Kind::Conflict)
                .filter_map(|f| Part::of_path(&f.path))
                .collect();
            let name = case.file_name().unwrap().to_string_lossy().into_owned();
            (name, parts)
        })
        .collect()
}

#[test]
fn every_part_has_an_equal_and_a_drift_fixture() {
    let cases = diff_cases();
    for &part in Part::ALL {
        let pair = cases.iter().find(|(name, parts)| {
            name.ends_with("--drift")
                && parts.contains(&part)
                && cases
                    .iter()
                    .any(|(other, _)| *other == name.replace("--drift", "--equal"))
        });
        assert!(
            pair.is_some(),
            "{part} has no fixtures/diff/<rule>--drift case with drift on it and its --equal twin"
        );
    }
}
