//! The backend reader of `--dir`: a `backend "s3"` block in HCL or Terraform JSON syntax.
#![no_main]

use libfuzzer_sys::fuzz_target;
use s3drift_fuzz::rendered;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the syntax, so one corpus holds both kinds of file.
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = if kind % 2 == 0 {
        "main.tf"
    } else {
        "main.tf.json"
    };
    if let Err(e) = s3drift::state::backend::s3_backend_in(name, text, "dev") {
        rendered(&e);
    }
});
