//! The S3 server access-log reader, line by line, plain or gzip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use s3drift_fuzz::check_line;

fuzz_target!(|data: &[u8]| {
    match s3drift::trail::access_log::read_stream("fuzz.log", data) {
        Ok(parsed) => parsed.warnings.iter().for_each(|w| check_line(&w.to_string())),
        Err(e) => check_line(&e),
    }
});
