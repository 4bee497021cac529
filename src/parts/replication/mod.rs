//! `replication_configuration`: the replication role and rules, rules keyed by `id` (or
//! content).

mod canon;
mod events;
pub mod live;

pub use canon::{canonical_filter, from_inline, from_split};

use super::locate::{attribute, block, block_where, one, Place, Segment, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};

pub const SPEC: PartSpec = PartSpec {
    key: "replication_configuration",
    group: "replication",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_replication_configuration",
        per_entry: false,
        schema: &[
            ("role", AttrType::Str),
            ("rule", AttrType::Blocks),
            ("rule.id", AttrType::Str),
            ("rule.status", AttrType::Str),
            ("rule.prefix", AttrType::Str),
            ("rule.priority", AttrType::Count),
            ("rule.filter", AttrType::Blocks),
            ("rule.filter.prefix", AttrType::Str),
            ("rule.filter.tag", AttrType::Blocks),
            ("rule.filter.tag.key", AttrType::Str),
            ("rule.filter.tag.value", AttrType::Str),
            ("rule.filter.and", AttrType::Blocks),
            ("rule.filter.and.prefix", AttrType::Str),
            ("rule.filter.and.tags", AttrType::StringMap),
            ("rule.delete_marker_replication", AttrType::Blocks),
            ("rule.delete_marker_replication.status", AttrType::Str),
            ("rule.existing_object_replication", AttrType::Blocks),
            ("rule.existing_object_replication.status", AttrType::Str),
            ("rule.destination", AttrType::Blocks),
            ("rule.destination.bucket", AttrType::Str),
            ("rule.destination.storage_class", AttrType::Str),
            ("rule.destination.account", AttrType::Str),
            ("rule.destination.access_control_translation", AttrType::Blocks),
            ("rule.destination.access_control_translation.owner", AttrType::Str),
            ("rule.destination.encryption_configuration", AttrType::Blocks),
            ("rule.destination.encryption_configuration.replica_kms_key_id", AttrType::Str),
            ("rule.destination.replication_time", AttrType::Blocks),
            ("rule.destination.replication_time.status", AttrType::Str),
            ("rule.destination.replication_time.time", AttrType::Blocks),
            ("rule.destination.replication_time.time.minutes", AttrType::Count),
            ("rule.destination.metrics", AttrType::Blocks),
            ("rule.destination.metrics.status", AttrType::Str),
            ("rule.destination.metrics.event_threshold", AttrType::Blocks),
            ("rule.destination.metrics.event_threshold.minutes", AttrType::Count),
            ("rule.source_selection_criteria", AttrType::Blocks),
            ("rule.source_selection_criteria.sse_kms_encrypted_objects", AttrType::Blocks),
            ("rule.source_selection_criteria.sse_kms_encrypted_objects.status", AttrType::Str),
            ("rule.source_selection_criteria.replica_modifications", AttrType::Blocks),
            ("rule.source_selection_criteria.replica_modifications.status", AttrType::Str),
        ],
        attributes: &["role", "rule"],
        derived: no_derived,
        read: |a, _| Ok(from_split(a)),
    }),
    inline: Inline {
        form: InlineForm::Block {
            attribute: "replication_configuration",
            v3_empty_is_none: true,
            read: |a, _| from_inline(a),
        },
        schema: &[
            ("replication_configuration", AttrType::Blocks),
            ("replication_configuration.role", AttrType::Str),
            ("replication_configuration.rules", AttrType::Blocks),
            ("replication_configuration.rules.id", AttrType::Str),
            ("replication_configuration.rules.status", AttrType::Str),
            ("replication_configuration.rules.prefix", AttrType::Str),
            ("replication_configuration.rules.priority", AttrType::Count),
            ("replication_configuration.rules.delete_marker_replication_status", AttrType::Str),
            ("replication_configuration.rules.filter", AttrType::Blocks),
            ("replication_configuration.rules.filter.prefix", AttrType::Str),
            ("replication_configuration.rules.filter.tags", AttrType::StringMap),
            ("replication_configuration.rules.destination", AttrType::Blocks),
            ("replication_configuration.rules.destination.bucket", AttrType::Str),
            ("replication_configuration.rules.destination.storage_class", AttrType::Str),
            ("replication_configuration.rules.destination.account_id", AttrType::Str),
            ("replication_configuration.rules.destination.replica_kms_key_id", AttrType::Str),
            ("replication_configuration.rules.destination.access_control_translation", AttrType::Blocks),
            ("replication_configuration.rules.destination.access_control_translation.owner", AttrType::Str),
            ("replication_configuration.rules.destination.replication_time", AttrType::Blocks),
            ("replication_configuration.rules.destination.replication_time.status", AttrType::Str),
            ("replication_configuration.rules.destination.replication_time.minutes", AttrType::Count),
            ("replication_configuration.rules.destination.metrics", AttrType::Blocks),
            ("replication_configuration.rules.destination.metrics.status", AttrType::Str),
            ("replication_configuration.rules.destination.metrics.minutes", AttrType::Count),
            ("replication_configuration.rules.source_selection_criteria", AttrType::Blocks),
            ("replication_configuration.rules.source_selection_criteria.sse_kms_encrypted_objects", AttrType::Blocks),
            ("replication_configuration.rules.source_selection_criteria.sse_kms_encrypted_objects.enabled", AttrType::Flag),
        ],
        config_blocks: &["replication_configuration"],
    },
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetBucketReplication",
        iam_action: "s3:GetReplicationConfiguration",
        not_configured: &["ReplicationConfigurationNotFoundError"],
        scope: Scope::Bucket,
    },
    events: &["PutBucketReplication", "DeleteBucketReplication"],
    event_value: events::new_value,
    access_log: &["REPLICATION", "BUCKETREPLICATION"],
    shape: Shape {
        keyed: &["replication_configuration.rules"],
        // One replication rule is one entry in the path table.
        atomic: &["replication_configuration.rules[<id>]"],
        ordered: &[],
        maps: &[],
        free_keys: false,
    },
    pending: Pending::Rules {
        wrappers: &["rule", "rules"],
        wrapped: true,
        fields: &[
            ("status", "status"),
            ("priority", "priority"),
            ("filter", "filter"),
            ("prefix", "filter"),
            ("delete_marker_replication", "delete_marker_replication"),
            ("destination", "destination"),
            ("source_selection_criteria", "source_selection_criteria"),
        ],
        under: Some("rules"),
        top: &["role"],
    },
    code: Code::ReplicationChanged,
    codes: &[CodeInfo {
        code: Code::ReplicationChanged,
        severity: Severity::Medium,
        summary: "Replication configuration changed",
        description: "The replication configuration differs from the code, or was removed.",
        fix: REVERT,
        message: Message::Generic("Replication setting"),
    }],
    classify: |_| Code::ReplicationChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "replication_configuration.role",
            inline: "replication_configuration.role",
            split: "aws_s3_bucket_replication_configuration: role",
            s3_api: "ReplicationConfiguration.Role",
            cloudtrail: "ReplicationConfiguration.Role",
        },
        PathRow {
            path: "replication_configuration.rules[<id>]",
            inline: "replication_configuration.rules",
            split: "aws_s3_bucket_replication_configuration: rule",
            s3_api: "ReplicationConfiguration.Rules",
            cloudtrail: "ReplicationConfiguration.Rule",
        },
    ],
};

/// `role`, and a rule found by its literal `id` (the walk stops at the rule).
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    let within = |steps: Vec<Step>| {
        if at.inline {
            let mut all = vec![block(SPEC.key)];
            all.extend(steps);
            one(all)
        } else {
            one(steps)
        }
    };
    match at.rest {
        [Segment::Name(role)] if role == "role" => within(vec![attribute("role")]),
        [Segment::Name(rules), Segment::Key(id), ..] if rules == "rules" => {
            within(vec![block_where(if at.inline { "rules" } else { "rule" }, "id", id)])
        }
        _ => Vec::new(),
    }
}
