//! The registry of monitored parts: one line per part.
//!
//! A line names the part (its [`Part`] variant, whose snake_case name is the first segment of
//! every canonical path of the part), the module under `src/parts/` that owns everything
//! specific to it, and its finding codes with their stable ids. Everything else about a part
//! (its state schema, readers, AWS default, live read, CloudTrail events, access-log tokens,
//! diff keys, severities and messages) is in its module.
//!
//! The list is written once and handed to whoever needs to generate code from it: this file
//! generates the [`Part`] enum, `code.rs` the finding codes, `parts/` the dispatch to each
//! part's specification and `live/` the dispatch to each part's read. Adding a part is its
//! module, one line here, its README row and its fixtures; a part forgotten anywhere else is
//! a compile error or a failing test, never a silent fallback.

/// Calls `$callback!` with every part: `Variant => module [Code = "id", …],`. The order is
/// the tree order (snapshot and report order); new parts go at the end. A part read once per
/// account rather than per bucket says so with `(account)` after its module: its live read
/// takes an account id, not a bucket (see `live::account`).
macro_rules! for_each_part {
    ($callback:path) => {
        $callback! {
            Versioning => versioning [VersioningSuspended = "versioning-suspended", VersioningChanged = "versioning-changed", MfaDeleteChanged = "mfa-delete-changed"],
            ServerSideEncryptionConfiguration => encryption [EncryptionDowngraded = "encryption-downgraded", EncryptionChanged = "encryption-changed"],
            LifecycleRule => lifecycle [LifecycleChanged = "lifecycle-changed"],
            ReplicationConfiguration => replication [ReplicationChanged = "replication-changed"],
            Logging => logging [LoggingDisabled = "logging-disabled", LoggingChanged = "logging-changed"],
            PublicAccessBlock => public_access_block [PublicAccessBlockRemoved = "public-access-block-removed", PublicAccessBlockWeakened = "public-access-block-weakened", PublicAccessBlockChanged = "public-access-block-changed"],
            CorsRule => cors [CorsChanged = "cors-changed"],
            Website => website [WebsiteChanged = "website-changed"],
            ObjectLockConfiguration => object_lock [ObjectLockChanged = "object-lock-changed"],
            Policy => policy [PolicyPublic = "policy-public", PolicyChanged = "policy-changed", PolicyAdded = "policy-added", PolicyRemoved = "policy-removed", PolicyOrphanedPrincipal = "policy-orphaned-principal"],
            Acl => acl [AclPublic = "acl-public", AclChanged = "acl-changed"],
            OwnershipControls => ownership [OwnershipChanged = "ownership-changed"],
            Tags => tags [TagsChanged = "tags-changed"],
            AccelerateConfiguration => accelerate [AccelerateChanged = "accelerate-changed"],
            Notification => notification [NotificationChanged = "notification-changed"],
            RequestPaymentConfiguration => request_payment [RequestPaymentChanged = "request-payment-changed"],
            IntelligentTieringConfiguration => intelligent_tiering [IntelligentTieringChanged = "intelligent-tiering-changed"],
            Metric => metric [MetricChanged = "metric-changed"],
            Inventory => inventory [InventoryDestinationChanged = "inventory-destination-changed", InventoryChanged = "inventory-changed"],
            AnalyticsConfiguration => analytics [AnalyticsExportChanged = "analytics-export-changed", AnalyticsChanged = "analytics-changed"],
            AccountPublicAccessBlock => account_public_access_block (account) [AccountPublicAccessBlockRemoved = "account-public-access-block-removed", AccountPublicAccessBlockWeakened = "account-public-access-block-weakened", AccountPublicAccessBlockChanged = "account-public-access-block-changed"],
        }
    };
}
pub(crate) use for_each_part;

macro_rules! define_parts {
    ($( $part:ident => $module:ident $(($scope:ident))? [$($code:ident = $id:literal),* $(,)?] ),* $(,)?) => {
        /// One monitored part of a bucket: one live read, the resources that set it, the
        /// events that change it. Its facts are its module's specification (`Part::spec`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Part {
            $( $part, )*
        }

        impl Part {
            /// Every part, in tree order.
            pub const ALL: &'static [Part] = &[ $( Part::$part, )* ];
        }
    };
}

for_each_part!(define_parts);
