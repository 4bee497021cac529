//! Shared harness of the live test suites: a local moto S3 server, a recording and
//! error-injecting proxy in front of it, a LookupEvents stand-in, and helpers to run the tool
//! against them.
//!
//! Nothing here talks to real AWS: every client is pointed at 127.0.0.1 with dummy
//! credentials, and instance metadata lookups are disabled.

#![allow(dead_code)]

pub mod lookup;
pub mod moto;
pub mod proxy;

/// The environment every process of the suite runs with: dummy credentials, no instance
/// metadata, no shared config files, no endpoint overrides from the developer's shell.
pub const ENV: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID", "testing"),
    ("AWS_SECRET_ACCESS_KEY", "testing"),
    ("AWS_SESSION_TOKEN", "testing"),
    ("AWS_EC2_METADATA_DISABLED", "true"),
    ("AWS_CONFIG_FILE", "/nonexistent/s3drift-test-config"),
    (
        "AWS_SHARED_CREDENTIALS_FILE",
        "/nonexistent/s3drift-test-credentials",
    ),
    ("AWS_REGION", "us-east-1"),
];

/// Variables removed from every child process so nothing leaks in from the shell.
pub const ENV_REMOVE: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_ENDPOINT_URL_CLOUDTRAIL",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "TF_WORKSPACE",
];

/// Sets [`ENV`] in this process, once, before any test reads it (library-level tests that
/// call `live::read` directly load credentials from the process environment).
pub fn init_process_env() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        for k in ENV_REMOVE {
            std::env::remove_var(k);
        }
        for (k, v) in ENV {
            std::env::set_var(k, v);
        }
    });
}

/// A `Command` for the built binary with the suite's environment.
pub fn s3drift() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_s3drift"));
    for k in ENV_REMOVE {
        cmd.env_remove(k);
    }
    cmd.envs(ENV.iter().copied());
    cmd.env("NO_COLOR", "1");
    cmd
}
