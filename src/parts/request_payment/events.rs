//! `PutBucketRequestPayment` → the new payer. The request body is
//! `<RequestPaymentConfiguration><Payer>…</Payer></RequestPaymentConfiguration>` (S3 API
//! reference, PutBucketRequestPayment). No public CloudTrail record of this event was found,
//! so the reader follows the request shape, as CloudTrail records every other bucket
//! configuration body (`RequestPaymentConfiguration.Payer`).

use super::canonical;
use crate::parts::xml::{child, text};
use crate::parts::NewValue;
use serde_json::Value;

/// The new value of a `Put` event.
pub fn new_value(_: &str, p: &Value) -> NewValue {
    let payer = child(p, "RequestPaymentConfiguration").and_then(|c| text(c, "Payer"));
    NewValue::from_value(payer.map(canonical))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_payer_of_the_request_body() {
        let p = json!({"bucketName": "b", "requestPayment": "",
            "RequestPaymentConfiguration": {"xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Payer": "Requester"}});
        assert_eq!(
            new_value("PutBucketRequestPayment", &p),
            NewValue::set(json!({"payer": "Requester"}))
        );
        assert_eq!(
            new_value("PutBucketRequestPayment", &json!({"bucketName": "b"})),
            NewValue::Unknown
        );
    }
}
