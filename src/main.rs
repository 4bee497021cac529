//! The `s3drift` binary: arguments, terminal and exit code. Everything else is in the library.

fn main() {}
