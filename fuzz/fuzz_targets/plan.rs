//! The plan reader, and the desired trees built from what it reads (`s3drift tree`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use s3drift_fuzz::{canary_only_in_values, rendered, CANARY};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match s3drift::state::parse_plan("fuzz.json", text) {
        // A plan's snippet masks every string value: its sensitive marks are spread over
        // several mirrors.
        Err(e) => {
            let shown = rendered(&e);
            if canary_only_in_values(text) {
                assert!(!shown.contains(CANARY), "{shown}");
            }
        }
        Ok(loaded) => {
            let trees = s3drift::model::build::build(&[loaded]).redacted();
            serde_json::to_string(&trees).unwrap();
        }
    }
});
