//! The snapshot reader (`--snapshot`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use s3drift_fuzz::rendered;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = s3drift::live::snapshot_file::parse("fuzz.json", text) {
        rendered(&e);
    }
});
