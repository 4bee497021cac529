#!/usr/bin/env bash
# The long fuzz runs recorded in FUZZING.md: every target until 10 million inputs or
# 15 minutes, whichever comes first, two targets at a time, at low priority.
# Logs go to fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
bash fuzz/seed.sh >/dev/null
cargo +nightly fuzz build -O
mkdir -p fuzz/logs
run() {
    nice -n 15 cargo +nightly fuzz run -O "$1" -- -dict=fuzz/json.dict \
        -runs=10000000 -max_total_time=900 -print_final_stats=1 >"fuzz/logs/$1.log" 2>&1 &&
        echo "$1: done" || echo "$1: FAILED (see fuzz/logs/$1.log)"
}
for pair in "state plan" "snapshot cloudtrail" "access_log backend"; do
    set -- $pair
    run "$1" &
    run "$2" &
    wait
done
