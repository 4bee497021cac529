//! `request_payment_configuration`: who pays for requests and data transfer,
//! `{"payer": "BucketOwner"|"Requester"}`. Every bucket has a payer; a new one's is
//! `BucketOwner`.
//!
//! Not a core part: it is read only where a loaded state manages it (or with `--parts`).
//! Provider v4+ writes a computed `request_payer` mirror on every `aws_s3_bucket`; that
//! mirror does not make the part managed, only the split resource, a provider-v3
//! `request_payer` argument, or a plan whose configuration sets it.

mod canon;
mod events;
pub mod live;

pub use canon::canonical;

use super::attr::text;
use super::inline::{claim, unknown};
use super::locate::{attribute, one, Place, Step};
use super::spec::*;
use crate::code::{Code, Message, Severity, REVERT};
use serde_json::Value;

pub const SPEC: PartSpec = PartSpec {
    key: "request_payment_configuration",
    group: "request_payment",
    core: false,
    split: Some(Split {
        resource: "aws_s3_bucket_request_payment_configuration",
        per_entry: false,
        schema: &[("payer", AttrType::Str)],
        attributes: &["payer"],
        derived: no_derived,
        read: |a, _| Ok(text(a, "payer").map(canonical)),
    }),
    inline: Inline {
        form: InlineForm::Custom(inline_claim),
        schema: &[("request_payer", AttrType::Str)],
        config_blocks: &["request_payer"],
    },
    default: owner_pays,
    absent_live: owner_pays,
    live: Live {
        operation: "GetBucketRequestPayment",
        iam_action: "s3:GetBucketRequestPayment",
        not_configured: &[],
        scope: Scope::Bucket,
    },
    events: &["PutBucketRequestPayment"],
    event_value: events::new_value,
    access_log: &["REQUEST_PAYMENT", "REQUESTPAYMENT"],
    shape: Shape::OBJECT,
    pending: Pending::Nested {
        wrappers: &[],
        renames: &[("request_payer", "payer")],
    },
    code: Code::RequestPaymentChanged,
    codes: &[CodeInfo {
        code: Code::RequestPaymentChanged,
        severity: Severity::Medium,
        summary: "Requester Pays changed",
        description: "Who pays for requests and downloads differs from the code. Turned on, every request without `x-amz-request-payer` (anonymous ones included) is refused, which breaks readers; turned off, the owner pays for other accounts' downloads.",
        fix: REVERT,
        message: Message::Generic("Request payer"),
    }],
    classify: |_| Code::RequestPaymentChanged,
    compare: Compare::PLAIN,
    locate,
    paths: &[PathRow {
        path: "request_payment_configuration.payer",
        inline: "request_payer (v3)",
        split: "aws_s3_bucket_request_payment_configuration: payer",
        s3_api: "Payer",
        cloudtrail: "RequestPaymentConfiguration.Payer",
    }],
};

/// What every bucket starts with, and what S3 answers when nobody changed it.
fn owner_pays() -> Option<Value> {
    Some(canonical("BucketOwner"))
}

/// Provider v3's `request_payer` argument, when it is not the default: v3 makes it
/// Optional+Computed and writes `BucketOwner` on every bucket whether the code sets it or
/// not, so only `Requester` says the code chose something (a state that never uses Requester
/// Pays then pays no extra request). From v4 on, only when the plan's configuration sets it
/// (otherwise it is the computed mirror, which manages nothing).
fn inline_claim(src: &dyn InlineSource, _: &mut Warnings<'_>) -> Option<Claim> {
    let keys = ["request_payer"];
    if src.unknown_whole(keys[0]) {
        return unknown(src, &keys, Origin::Inline);
    }
    let payer = text(src.attrs(), keys[0])?;
    if !(src.configured(&keys) || (src.v3() && payer != "BucketOwner")) {
        return None;
    }
    Some(claim(
        Some(canonical(payer)),
        Origin::Inline,
        Vec::new(),
        &keys,
    ))
}

/// `payer` of the split resource, provider v3's `request_payer`.
fn locate(at: &Place<'_>) -> Vec<Vec<Step>> {
    match (at.names, at.inline) {
        (["payer"], false) => one(vec![attribute("payer")]),
        (["payer"], true) => one(vec![attribute("request_payer")]),
        _ => Vec::new(),
    }
}
