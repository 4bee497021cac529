//! `website`: static website hosting: index and error documents, a redirect of every
//! request, and routing rules (evaluated in order, so they stay ordered).

mod canon;
mod events;
pub mod live;

pub use canon::{
    canonical_routing_rules, from_inline, from_split, parse_routing_rules, redirect_target,
};

use super::attr::has_blocks;
use super::locate::{attribute, block, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use serde_json::Value;

pub const SPEC: PartSpec = PartSpec {
    key: "website",
    group: "website",
    core: true,
    split: Some(Split {
        resource: "aws_s3_bucket_website_configuration",
        per_entry: false,
        schema: &[
            ("index_document", AttrType::Blocks),
            ("index_document.suffix", AttrType::Str),
            ("error_document", AttrType::Blocks),
            ("error_document.key", AttrType::Str),
            ("redirect_all_requests_to", AttrType::Blocks),
            ("redirect_all_requests_to.host_name", AttrType::Str),
            ("redirect_all_requests_to.protocol", AttrType::Str),
            ("routing_rule", AttrType::Blocks),
            ("routing_rule.condition", AttrType::Blocks),
            ("routing_rule.condition.http_error_code_returned_equals", AttrType::Str),
            ("routing_rule.condition.key_prefix_equals", AttrType::Str),
            ("routing_rule.redirect", AttrType::Blocks),
            ("routing_rule.redirect.host_name", AttrType::Str),
            ("routing_rule.redirect.http_redirect_code", AttrType::Str),
            ("routing_rule.redirect.protocol", AttrType::Str),
            ("routing_rule.redirect.replace_key_prefix_with", AttrType::Str),
            ("routing_rule.redirect.replace_key_with", AttrType::Str),
            ("routing_rules", AttrType::Str),
        ],
        attributes: &[
            "index_document",
            "error_document",
            "redirect_all_requests_to",
            "routing_rule",
            "routing_rules",
        ],
        derived,
        read: |a, w| Ok(from_split(a, w)),
    }),
    inline: Inline {
        form: InlineForm::Block {
            attribute: "website",
            v3_empty_is_none: true,
            read: from_inline,
        },
        schema: &[
            ("website", AttrType::Blocks),
            ("website.index_document", AttrType::Str),
            ("website.error_document", AttrType::Str),
            ("website.redirect_all_requests_to", AttrType::Str),
            ("website.routing_rules", AttrType::Str),
        ],
        config_blocks: &["website"],
    },
    default: none,
    absent_live: none,
    live: Live {
        operation: "GetBucketWebsite",
        iam_action: "s3:GetBucketWebsite",
        not_configured: &["NoSuchWebsiteConfiguration"],
        scope: Scope::Bucket,
    },
    events: &["PutBucketWebsite", "DeleteBucketWebsite"],
    event_value: events::new_value,
    access_log: &["WEBSITE", "BUCKETWEBSITE"],
    shape: Shape {
        keyed: &[],
        atomic: &["website.routing_rules", "website.redirect_all_requests_to"],
        // Routing rules are evaluated in order.
        ordered: &["website.routing_rules"],
        maps: &[],
        free_keys: false,
    },
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[],
    },
    code: Code::WebsiteChanged,
    codes: &[CodeInfo {
        code: Code::WebsiteChanged,
        severity: Severity::Medium,
        summary: "Static website hosting changed",
        description: "Static website hosting differs from the code.",
        fix: REVERT,
        message: Message::Generic("Website setting"),
    }],
    classify: |_| Code::WebsiteChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[
        PathRow {
            path: "website.index_document",
            inline: "website.index_document",
            split: "aws_s3_bucket_website_configuration: index_document.suffix",
            s3_api: "IndexDocument.Suffix",
            cloudtrail: "WebsiteConfiguration.IndexDocument.Suffix",
        },
        PathRow {
            path: "website.error_document",
            inline: "website.error_document",
            split: "aws_s3_bucket_website_configuration: error_document.key",
            s3_api: "ErrorDocument.Key",
            cloudtrail: "WebsiteConfiguration.ErrorDocument.Key",
        },
        PathRow {
            path: "website.redirect_all_requests_to",
            inline: "website.redirect_all_requests_to",
            split: "aws_s3_bucket_website_configuration: redirect_all_requests_to (host_name, protocol)",
            s3_api: "RedirectAllRequestsTo",
            cloudtrail: "WebsiteConfiguration.RedirectAllRequestsTo",
        },
        PathRow {
            path: "website.routing_rules",
            inline: "website.routing_rules",
            split: "aws_s3_bucket_website_configuration: routing_rule, routing_rules",
            s3_api: "RoutingRules",
            cloudtrail: "WebsiteConfiguration.RoutingRules",
        },
    ],
};

/// `routing_rules` is computed from `routing_rule` blocks when those are set: unknown in a
/// plan only because apply fills it in.
fn derived(attrs: &Value) -> &'static [&'static str] {
    if has_blocks(attrs, "routing_rule") {
        &["routing_rules"]
    } else {
        &[]
    }
}

/// The documents and rules of the split resource, or provider v3's `website` block.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match (at.names, at.inline) {
        (["index_document"], false) => one(vec![block("index_document"), attribute("suffix")]),
        (["error_document"], false) => one(vec![block("error_document"), attribute("key")]),
        (["redirect_all_requests_to"], false) => one(vec![block("redirect_all_requests_to")]),
        (["routing_rules"], false) => one(vec![attribute("routing_rules")]),
        ([leaf], true) => one(vec![block("website"), attribute(leaf)]),
        _ => Vec::new(),
    }
}
