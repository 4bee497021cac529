//! `s3drift tree` on states holding every bucket-configuration type that used to be
//! "recognised, not compared" (Requester Pays, Intelligent-Tiering, request metrics,
//! inventory, storage class analysis, the account public access block): each is a compared
//! part, none is "not monitored" or unresolved.

mod support;

use serde_json::Value;

#[test]
fn every_type_is_a_compared_part() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = support::s3drift()
        .current_dir(root)
        .args([
            "tree",
            "--state",
            "fixtures/live/bucket-types.tfstate",
            "--state",
            "fixtures/live/inventory.tfstate",
            "--state",
            "fixtures/account/terraform.tfstate",
        ])
        .output()
        .expect("run s3drift");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut parts: Vec<String> = tree["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .chain(tree["accounts"].as_array().unwrap())
        .flat_map(|t| t["parts"].as_object().unwrap().keys().cloned())
        .collect();
    parts.sort();
    parts.dedup();
    for part in [
        "request_payment_configuration",
        "intelligent_tiering_configuration",
        "metric",
        "inventory",
        "analytics_configuration",
        "account_public_access_block",
    ] {
        assert!(
            parts.iter().any(|p| p == part),
            "{part} is not compared: {parts:?}"
        );
    }
    for t in tree["buckets"].as_array().unwrap() {
        assert!(t.get("unmonitored").is_none(), "{t:#}");
    }
    assert!(tree.get("unresolved").is_none(), "{tree:#}");
}
