//! A trail's event selectors, and what they log: management write events (what attribution
//! needs) and S3 object-level data events for a bucket (what the CIS AWS Foundations
//! Benchmark asks for).
//!
//! * No selectors at all: all management events, read and write, and no data events. That
//!   is CloudTrail's default for a new trail (CloudTrail User Guide, "Logging management
//!   events"), and what a local test server answers for a trail nobody configured.
//! * Basic selectors (`EventSelectors`): `ReadWriteType` (`All` by default) and
//!   `IncludeManagementEvents` (true by default) decide management events;
//!   `ExcludeManagementEventSources` can drop a service's. A `DataResources` entry of type
//!   `AWS::S3::Object` with `arn:aws:s3` (every bucket, also written `arn:aws:s3:::`), the
//!   bucket's ARN, or `arn:aws:s3:::bucket/` logs that bucket's object events; a longer
//!   value logs only objects under that prefix.
//! * Advanced selectors: each is a list of field selectors that must all match (AND); the
//!   selectors themselves are alternatives (OR). Within one field selector the including
//!   operators (`Equals`, `StartsWith`, `EndsWith`) are alternatives and the excluding ones
//!   (`NotEquals`, `NotStartsWith`, `NotEndsWith`) must all hold (CloudTrail API reference,
//!   `AdvancedFieldSelector`). They are evaluated on a synthetic event of the kind asked about.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A trail's selectors as `GetEventSelectors` returns them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selectors {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basic: Vec<BasicSelector>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advanced: Vec<AdvancedSelector>,
}

/// One `EventSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasicSelector {
    /// `ReadOnly`, `WriteOnly` or `All`; `None` means `All`.
    pub read_write_type: Option<String>,
    /// `None` means true.
    pub include_management_events: Option<bool>,
    #[serde(default)]
    pub exclude_management_event_sources: Vec<String>,
    /// `(type, values)` of each data resource.
    #[serde(default)]
    pub data_resources: Vec<(String, Vec<String>)>,
}

/// One `AdvancedEventSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvancedSelector {
    #[serde(default)]
    pub name: Option<String>,
    pub fields: Vec<FieldSelector>,
}

/// One `AdvancedFieldSelector`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSelector {
    pub field: String,
    #[serde(default)]
    pub equals: Vec<String>,
    #[serde(default)]
    pub starts_with: Vec<String>,
    #[serde(default)]
    pub ends_with: Vec<String>,
    #[serde(default)]
    pub not_equals: Vec<String>,
    #[serde(default)]
    pub not_starts_with: Vec<String>,
    #[serde(default)]
    pub not_ends_with: Vec<String>,
}

impl FieldSelector {
    fn matches(&self, value: &str) -> bool {
        let including = self.equals.iter().any(|v| v == value)
            || self
                .starts_with
                .iter()
                .any(|v| value.starts_with(v.as_str()))
            || self.ends_with.iter().any(|v| value.ends_with(v.as_str()));
        let has_including =
            !(self.equals.is_empty() && self.starts_with.is_empty() && self.ends_with.is_empty());
        let excluded = self.not_equals.iter().any(|v| v == value)
            || self
                .not_starts_with
                .iter()
                .any(|v| value.starts_with(v.as_str()))
            || self
                .not_ends_with
                .iter()
                .any(|v| value.ends_with(v.as_str()));
        (including || !has_including) && !excluded
    }
}

/// The event S3 records when a bucket's configuration is written (a management event).
const S3_SOURCE: &str = "s3.amazonaws.com";

/// The fields of a synthetic event, as advanced selectors name them.
fn management_write(bucket: &str) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("eventCategory", "Management".to_string()),
        ("eventSource", S3_SOURCE.to_string()),
        ("eventName", "PutBucketPolicy".to_string()),
        ("readOnly", "false".to_string()),
        ("resources.type", "AWS::S3::Bucket".to_string()),
        ("resources.ARN", format!("arn:aws:s3:::{bucket}")),
    ])
}

/// An object-level write (`PutObject`) on `bucket`, a data event.
fn data_write(bucket: &str) -> BTreeMap<&'static str, String> {
    BTreeMap::from([
        ("eventCategory", "Data".to_string()),
        ("eventSource", S3_SOURCE.to_string()),
        ("eventName", "PutObject".to_string()),
        ("readOnly", "false".to_string()),
        ("resources.type", "AWS::S3::Object".to_string()),
        (
            "resources.ARN",
            format!("arn:aws:s3:::{bucket}/s3drift-doctor-probe"),
        ),
    ])
}

impl AdvancedSelector {
    fn matches(&self, event: &BTreeMap<&'static str, String>) -> bool {
        self.fields.iter().all(|f| {
            let value = event.get(f.field.as_str()).map_or("", String::as_str);
            f.matches(value)
        })
    }
}

impl BasicSelector {
    fn logs_writes(&self) -> bool {
        !matches!(self.read_write_type.as_deref(), Some("ReadOnly"))
    }
}

/// How a data-resource value covers a bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataCoverage {
    /// Every object of the bucket.
    Whole,
    /// Only objects under these prefixes.
    Prefixes(Vec<String>),
    /// No object.
    None,
}

impl Selectors {
    /// Whether the trail logs S3 management write events (bucket-configuration changes).
    pub fn logs_management_writes(&self) -> bool {
        if self.basic.is_empty() && self.advanced.is_empty() {
            return true;
        }
        if !self.advanced.is_empty() {
            // A bucket name never changes whether management events are logged; any name does.
            let event = management_write("bucket");
            return self.advanced.iter().any(|s| s.matches(&event));
        }
        self.basic.iter().any(|s| {
            s.include_management_events != Some(false)
                && s.logs_writes()
                && !s
                    .exclude_management_event_sources
                    .iter()
                    .any(|e| e == S3_SOURCE)
        })
    }

    /// Whether the trail logs S3 object-level write events for `bucket`.
    pub fn data_coverage(&self, bucket: &str) -> DataCoverage {
        if !self.advanced.is_empty() {
            let event = data_write(bucket);
            return if self.advanced.iter().any(|s| s.matches(&event)) {
                DataCoverage::Whole
            } else {
                DataCoverage::None
            };
        }
        let arn = format!("arn:aws:s3:::{bucket}");
        let mut prefixes = Vec::new();
        for s in self.basic.iter().filter(|s| s.logs_writes()) {
            for (kind, values) in &s.data_resources {
                if kind != "AWS::S3::Object" {
                    continue;
                }
                for v in values {
                    let v = v.as_str();
                    if v == "arn:aws:s3"
                        || v == "arn:aws:s3:::"
                        || v == arn
                        || v == format!("{arn}/")
                    {
                        return DataCoverage::Whole;
                    }
                    if let Some(prefix) = v.strip_prefix(&format!("{arn}/")) {
                        prefixes.push(prefix.to_string());
                    }
                }
            }
        }
        if prefixes.is_empty() {
            DataCoverage::None
        } else {
            prefixes.sort();
            prefixes.dedup();
            DataCoverage::Prefixes(prefixes)
        }
    }

    /// Whether the trail uses advanced selectors (a fix then has to use them too: a trail has
    /// one kind or the other).
    pub fn is_advanced(&self) -> bool {
        !self.advanced.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, equals: &[&str]) -> FieldSelector {
        FieldSelector {
            field: name.to_string(),
            equals: equals.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    fn advanced(fields: Vec<FieldSelector>) -> AdvancedSelector {
        AdvancedSelector { name: None, fields }
    }

    #[test]
    fn no_selectors_means_all_management_events_and_no_data_events() {
        let s = Selectors::default();
        assert!(s.logs_management_writes());
        assert_eq!(s.data_coverage("b"), DataCoverage::None);
    }

    #[test]
    fn basic_selectors() {
        let read_only = Selectors {
            basic: vec![BasicSelector {
                read_write_type: Some("ReadOnly".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert!(!read_only.logs_management_writes());
        let no_management = Selectors {
            basic: vec![BasicSelector {
                include_management_events: Some(false),
                data_resources: vec![("AWS::S3::Object".into(), vec!["arn:aws:s3".into()])],
                ..Default::default()
            }],
            ..Default::default()
        };
        assert!(!no_management.logs_management_writes());
        assert_eq!(no_management.data_coverage("b"), DataCoverage::Whole);
        let per_bucket = Selectors {
            basic: vec![BasicSelector {
                data_resources: vec![(
                    "AWS::S3::Object".into(),
                    vec!["arn:aws:s3:::a/".into(), "arn:aws:s3:::c/logs/".into()],
                )],
                ..Default::default()
            }],
            ..Default::default()
        };
        assert!(per_bucket.logs_management_writes());
        assert_eq!(per_bucket.data_coverage("a"), DataCoverage::Whole);
        assert_eq!(per_bucket.data_coverage("ab"), DataCoverage::None);
        assert_eq!(
            per_bucket.data_coverage("c"),
            DataCoverage::Prefixes(vec!["logs/".into()])
        );
        let excluded = Selectors {
            basic: vec![BasicSelector {
                exclude_management_event_sources: vec!["s3.amazonaws.com".into()],
                ..Default::default()
            }],
            ..Default::default()
        };
        assert!(!excluded.logs_management_writes());
    }

    #[test]
    fn advanced_selectors() {
        let management = advanced(vec![field("eventCategory", &["Management"])]);
        let one_bucket = advanced(vec![
            field("eventCategory", &["Data"]),
            field("resources.type", &["AWS::S3::Object"]),
            FieldSelector {
                field: "resources.ARN".into(),
                starts_with: vec!["arn:aws:s3:::app-data/".into()],
                ..Default::default()
            },
        ]);
        let s = Selectors {
            advanced: vec![management.clone(), one_bucket.clone()],
            ..Default::default()
        };
        assert!(s.logs_management_writes());
        assert_eq!(s.data_coverage("app-data"), DataCoverage::Whole);
        assert_eq!(s.data_coverage("app-logs"), DataCoverage::None);
        // Only the data selector: no management events at all.
        let data_only = Selectors {
            advanced: vec![one_bucket],
            ..Default::default()
        };
        assert!(!data_only.logs_management_writes());
        // Read-only management events do not log configuration changes.
        let reads = Selectors {
            advanced: vec![advanced(vec![
                field("eventCategory", &["Management"]),
                field("readOnly", &["true"]),
            ])],
            ..Default::default()
        };
        assert!(!reads.logs_management_writes());
        // Excluding operators must all hold.
        let not_s3 = Selectors {
            advanced: vec![advanced(vec![
                field("eventCategory", &["Management"]),
                FieldSelector {
                    field: "eventSource".into(),
                    not_equals: vec!["kms.amazonaws.com".into(), "s3.amazonaws.com".into()],
                    ..Default::default()
                },
            ])],
            ..Default::default()
        };
        assert!(!not_s3.logs_management_writes());
        let all_s3 = Selectors {
            advanced: vec![advanced(vec![
                field("eventCategory", &["Data"]),
                field("resources.type", &["AWS::S3::Object"]),
            ])],
            ..Default::default()
        };
        assert_eq!(all_s3.data_coverage("any"), DataCoverage::Whole);
    }
}
