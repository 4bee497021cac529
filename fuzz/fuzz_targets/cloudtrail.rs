//! The CloudTrail record reader: delivered files, single records, EventBridge envelopes,
//! JSON lines, arrays, LookupEvents answers, plain or gzip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use s3drift_fuzz::check_line;

fuzz_target!(|data: &[u8]| {
    match s3drift::trail::reader::read("fuzz.json", data) {
        Ok(parsed) => parsed.warnings.iter().for_each(|w| check_line(&w.to_string())),
        Err(e) => check_line(&e),
    }
});
