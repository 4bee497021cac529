//! Compares the parts the code sets once per account (the account's public access block)
//! with what the account has live.
//!
//! An account's parts are compared exactly as a bucket's are (same defaults, equivalences,
//! pending values and conflicts), so the account is put through the bucket comparison as a
//! tree of its own parts, and its findings then name the account instead of a bucket.

use super::compare::compare_bucket;
use super::finding::Finding;
use crate::code::Code;
use crate::model::{AccountTree, DesiredTree, LiveAccount, LiveBucket, LiveStatus};

/// The findings of one account (`None`: the live side has no entry for it).
pub fn compare_account(tree: &AccountTree, live: Option<&LiveAccount>, out: &mut Vec<Finding>) {
    let desired = DesiredTree {
        bucket: String::new(),
        account: Some(tree.account.clone()),
        region: None,
        address: tree.address.clone(),
        source: tree.source.clone(),
        state_written_at: None,
        generation: None,
        bucket_managed: true,
        tainted: false,
        planned_create: false,
        planned_delete: false,
        parts: tree.parts.clone(),
        config_conflicts: Vec::new(),
        resources: tree.resources.clone(),
        unmonitored: Vec::new(),
    };
    // An account with no entry had none of its parts read: each managed part says so.
    let live = LiveBucket {
        status: LiveStatus::Present,
        account: Some(tree.account.clone()),
        region: None,
        owner_id: None,
        parts: live.map(|l| l.parts.clone()).unwrap_or_default(),
    };
    let mut found = Vec::new();
    compare_bucket(&desired, Some(&live), &mut found);
    out.extend(
        found
            .into_iter()
            // The account's parts are each listed when unreadable; "no attribute of the
            // bucket could be read" has no meaning for an account.
            .filter(|f| f.code != Code::BucketUnreadable)
            .map(|mut f| {
                f.account = Some(tree.account.clone());
                f
            }),
    );
}
