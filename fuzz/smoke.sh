#!/usr/bin/env bash
# Builds every fuzz target and runs each for a short time from the fixture seeds (CI).
# Usage: fuzz/smoke.sh [seconds per target, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}

# cargo-fuzz drives libFuzzer through a nightly compiler (sanitizer flags are unstable).
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
bash fuzz/seed.sh >/dev/null
# CI checks that every target builds and runs, not how deep it searches: a dev build
# without a sanitizer takes minutes, where the optimised AddressSanitizer build of the
# whole crate (the AWS SDK included) takes over an hour on two cores. fuzz/long.sh keeps
# the optimised, sanitized build for real runs.
flags=(--dev -s none)
cargo +nightly fuzz build "${flags[@]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for target in $(cargo +nightly fuzz list); do
    if ! cargo +nightly fuzz run "${flags[@]}" "$target" -- -max_total_time="$seconds" -print_final_stats=1 >"$log" 2>&1; then
        tail -n 80 "$log" >&2
        echo "fuzz: $target failed; the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    echo "fuzz: $target ran ${seconds}s, $(grep -oE 'number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$') inputs, no failure"
done
