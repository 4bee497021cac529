//! `request_payment_configuration`: `{"payer": "BucketOwner"|"Requester"}`.

use crate::parts::attr::Obj;
use serde_json::Value;

/// The canonical value of a payer (`BucketOwner` or `Requester`; anything else is kept as
/// written, so that it shows).
pub fn canonical(payer: &str) -> Value {
    Obj::new().text("payer", Some(payer)).build()
}
