//! Read-only by construction: no source file of the tool calls an S3 or CloudTrail
//! operation that writes, nor a CloudWatch Logs or CloudWatch operation other than a
//! Describe, Get or List call (`doctor` reads metric filters and alarms). (The live suites also check the traffic itself, through the
//! recording proxy.)

use std::path::Path;

/// Every aws-sdk-s3 operation that is not a Get, List or Head, as its client method.
const S3_WRITES: &[&str] = &[
    "abort_multipart_upload",
    "complete_multipart_upload",
    "copy_object",
    "create_bucket",
    "create_bucket_metadata_configuration",
    "create_bucket_metadata_table_configuration",
    "create_multipart_upload",
    "create_session",
    "delete_bucket",
    "delete_bucket_analytics_configuration",
    "delete_bucket_cors",
    "delete_bucket_encryption",
    "delete_bucket_intelligent_tiering_configuration",
    "delete_bucket_inventory_configuration",
    "delete_bucket_lifecycle",
    "delete_bucket_metadata_configuration",
    "delete_bucket_metadata_table_configuration",
    "delete_bucket_metrics_configuration",
    "delete_bucket_ownership_controls",
    "delete_bucket_policy",
    "delete_bucket_replication",
    "delete_bucket_tagging",
    "delete_bucket_website",
    "delete_object",
    "delete_object_annotation",
    "delete_object_tagging",
    "delete_objects",
    "delete_public_access_block",
    "put_bucket_abac",
    "put_bucket_accelerate_configuration",
    "put_bucket_acl",
    "put_bucket_analytics_configuration",
    "put_bucket_cors",
    "put_bucket_encryption",
    "put_bucket_intelligent_tiering_configuration",
    "put_bucket_inventory_configuration",
    "put_bucket_lifecycle_configuration",
    "put_bucket_logging",
    "put_bucket_metrics_configuration",
    "put_bucket_notification_configuration",
    "put_bucket_ownership_controls",
    "put_bucket_policy",
    "put_bucket_replication",
    "put_bucket_request_payment",
    "put_bucket_tagging",
    "put_bucket_versioning",
    "put_bucket_website",
    "put_object",
    "put_object_acl",
    "put_object_annotation",
    "put_object_legal_hold",
    "put_object_lock_configuration",
    "put_object_retention",
    "put_object_tagging",
    "put_public_access_block",
    "rename_object",
    "restore_object",
    "select_object_content",
    "update_bucket_metadata_annotation_table_configuration",
    "update_bucket_metadata_inventory_table_configuration",
    "update_bucket_metadata_journal_table_configuration",
    "update_object_encryption",
    "upload_part",
    "upload_part_copy",
    "write_get_object_response",
];

/// Every aws-sdk-cloudtrail operation that is not a Get, List, Describe or LookupEvents.
const CLOUDTRAIL_WRITES: &[&str] = &[
    "add_tags",
    "cancel_query",
    "create_channel",
    "create_dashboard",
    "create_event_data_store",
    "create_trail",
    "delete_channel",
    "delete_dashboard",
    "delete_event_data_store",
    "delete_resource_policy",
    "delete_trail",
    "deregister_organization_delegated_admin",
    "disable_federation",
    "enable_federation",
    "generate_query",
    "put_event_configuration",
    "put_event_selectors",
    "put_insight_selectors",
    "put_resource_policy",
    "register_organization_delegated_admin",
    "remove_tags",
    "restore_event_data_store",
    "search_sample_queries",
    "start_dashboard_refresh",
    "start_event_data_store_ingestion",
    "start_import",
    "start_logging",
    "start_query",
    "stop_event_data_store_ingestion",
    "stop_import",
    "stop_logging",
    "update_channel",
    "update_dashboard",
    "update_event_data_store",
    "update_trail",
];

/// Every aws-sdk-cloudwatchlogs operation that is not a Describe, Get or List call.
const LOGS_CALLS: &[&str] = &[
    "associate_kms_key",
    "associate_source_to_s3_table_integration",
    "cancel_export_task",
    "cancel_import_task",
    "create_delivery",
    "create_export_task",
    "create_import_task",
    "create_log_anomaly_detector",
    "create_log_group",
    "create_log_stream",
    "create_lookup_table",
    "create_scheduled_query",
    "delete_account_policy",
    "delete_data_protection_policy",
    "delete_delivery",
    "delete_delivery_destination",
    "delete_delivery_destination_policy",
    "delete_delivery_source",
    "delete_destination",
    "delete_index_policy",
    "delete_integration",
    "delete_log_anomaly_detector",
    "delete_log_group",
    "delete_log_stream",
    "delete_lookup_table",
    "delete_metric_filter",
    "delete_query_definition",
    "delete_resource_policy",
    "delete_retention_policy",
    "delete_scheduled_query",
    "delete_subscription_filter",
    "delete_syslog_configuration",
    "delete_transformer",
    "disassociate_kms_key",
    "disassociate_source_from_s3_table_integration",
    "filter_log_events",
    "put_account_policy",
    "put_bearer_token_authentication",
    "put_data_protection_policy",
    "put_delivery_destination",
    "put_delivery_destination_policy",
    "put_delivery_source",
    "put_destination",
    "put_destination_policy",
    "put_index_policy",
    "put_integration",
    "put_log_events",
    "put_log_group_deletion_protection",
    "put_metric_filter",
    "put_query_definition",
    "put_resource_policy",
    "put_retention_policy",
    "put_storage_tier_policy",
    "put_subscription_filter",
    "put_syslog_configuration",
    "put_transformer",
    "start_live_tail",
    "start_query",
    "stop_query",
    "tag_log_group",
    "tag_resource",
    "test_metric_filter",
    "test_transformer",
    "untag_log_group",
    "untag_resource",
    "update_anomaly",
    "update_delivery_configuration",
    "update_log_anomaly_detector",
    "update_lookup_table",
    "update_scheduled_query",
];

/// Every aws-sdk-cloudwatch operation that is not a Describe, Get or List call.
const CLOUDWATCH_CALLS: &[&str] = &[
    "delete_alarms",
    "delete_anomaly_detector",
    "delete_dashboards",
    "delete_insight_rules",
    "delete_metric_stream",
    "disable_alarm_actions",
    "disable_insight_rules",
    "enable_alarm_actions",
    "enable_insight_rules",
    "put_anomaly_detector",
    "put_composite_alarm",
    "put_dashboard",
    "put_insight_rule",
    "put_managed_insight_rules",
    "put_metric_alarm",
    "put_metric_data",
    "put_metric_stream",
    "set_alarm_state",
    "start_metric_streams",
    "stop_metric_streams",
    "tag_resource",
    "untag_resource",
];

/// The write calls in `text`, as `.operation()`, the way the SDK's fluent builders start.
fn write_calls(text: &str) -> Vec<&'static str> {
    S3_WRITES
        .iter()
        .chain(CLOUDTRAIL_WRITES)
        .chain(LOGS_CALLS)
        .chain(CLOUDWATCH_CALLS)
        .copied()
        .filter(|op| text.contains(&format!(".{op}()")))
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_scanner_finds_a_write() {
    assert_eq!(
        write_calls("client.put_bucket_policy().bucket(b).send()"),
        vec!["put_bucket_policy"]
    );
    assert_eq!(
        write_calls("trail.stop_logging().name(n)"),
        vec!["stop_logging"]
    );
    assert!(write_calls("client.get_bucket_policy().bucket(b)").is_empty());
    assert_eq!(
        write_calls("logs.put_metric_filter().log_group_name(g)"),
        vec!["put_metric_filter"]
    );
    assert_eq!(
        write_calls("cw.disable_alarm_actions().alarm_names(a)"),
        vec!["disable_alarm_actions"]
    );
    assert!(write_calls("logs.describe_metric_filters().log_group_name(g)").is_empty());
    assert!(write_calls("cw.describe_alarms().into_paginator()").is_empty());
    // Getters that share a prefix with an operation are not calls of it.
    assert!(write_calls("r.delete_marker_replication()").is_empty());
}

#[test]
fn no_source_file_calls_a_write_operation() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10, "the scan found the sources");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source file");
        for op in write_calls(&text) {
            found.push(format!("{}: {op}", file.display()));
        }
    }
    assert!(found.is_empty(), "write operations in the tool: {found:#?}");
}
