//! Read-only by construction: no source file of the tool calls an S3 or CloudTrail
//! operation that writes. (The live suites also check the traffic itself, through the
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

/// The write calls in `text`, as `.operation()`, the way the SDK's fluent builders start.
fn write_calls(text: &str) -> Vec<&'static str> {
    S3_WRITES
        .iter()
        .chain(CLOUDTRAIL_WRITES)
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
