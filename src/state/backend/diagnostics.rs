//! Errors about a bad configuration file: they point at the place and mask every string
//! value in the snippet, since a backend block may hold credentials.

use crate::diag::{ErrorCode, InputError};

/// What to mask in a snippet of a configuration file that could not be read: every string
/// value, since a backend block may hold `access_key`, `secret_key` or `token`.
pub(super) fn secret_values(text: &str) -> Vec<std::ops::Range<usize>> {
    crate::state::locate::string_value_ranges(text)
}

/// A file hcl-rs could not parse, at its line when the parser gave one.
pub(super) fn hcl_error(name: &str, text: &str, e: &hcl::Error) -> InputError {
    let err = InputError::new(
        ErrorCode::Config,
        format!("{name} is not valid Terraform configuration: {e}"),
    )
    .help("s3drift reads the backend block of the root's .tf files; `terraform validate` shows the same problem");
    match e {
        hcl::Error::Parse(p) => {
            let at = crate::diag::offset_of(text, p.location().line(), p.location().column());
            err.with_source(name, text, at.into(), "here", &secret_values(text))
        }
        _ => err,
    }
}

/// A setting that is a variable or an expression, which Terraform rejects too.
pub(super) fn not_literal(key: &str, file: &str) -> InputError {
    InputError::new(
        ErrorCode::Config,
        format!("the backend setting `{key}` in {file} is not a literal value"),
    )
    .help("backend blocks cannot use variables or expressions (Terraform rejects them too); pass the value with --backend-config KEY=VALUE")
}
