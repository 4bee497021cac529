//! `accelerate_configuration`: `{"status": "Enabled"|"Suspended"}`.

use crate::parts::attr::Obj;
use serde_json::Value;

/// The canonical value of a status (`Enabled` or `Suspended`; anything else is kept as
/// written, so that it shows).
pub fn canonical(status: &str) -> Value {
    Obj::new().text("status", Some(status)).build()
}
