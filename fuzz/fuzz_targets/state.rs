//! The state reader, and the desired trees built from what it reads (`s3drift tree`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use s3drift_fuzz::{canary_marked_in_state, rendered, CANARY};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match s3drift::state::parse_state("fuzz.tfstate", text) {
        Err(e) => {
            let shown = rendered(&e);
            if canary_marked_in_state(text) {
                assert!(!shown.contains(CANARY), "{shown}");
            }
        }
        Ok(loaded) => {
            let trees = s3drift::model::build::build(&[loaded]).redacted();
            let shown = serde_json::to_string(&trees).unwrap();
            if canary_marked_in_state(text) {
                assert!(!shown.contains(CANARY), "{shown}");
            }
        }
    }
});
