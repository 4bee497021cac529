#!/usr/bin/env bash
# Copies the repository's fixtures into each fuzz target's corpus directory (fuzz/corpus/,
# not committed): the seeds libFuzzer starts mutating from. Safe to run again; libFuzzer
# adds what it finds next to the seeds.
set -euo pipefail
cd "$(dirname "$0")/.."

seed() { # target file...
    local target=$1
    shift
    mkdir -p "fuzz/corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        cp "$f" "fuzz/corpus/$target/$(echo "$f" | tr '/' '_')"
    done
}

shopt -s globstar nullglob
# States and plans are told apart by their content, so a fixture added anywhere seeds the
# right target.
states=() plans=() snapshots=()
for f in fixtures/**/*.tfstate fixtures/**/*.json; do
    if grep -q '"schema": *"s3drift/snapshot"' "$f"; then
        snapshots+=("$f")
    elif grep -q '"format_version"' "$f" && grep -qE '"(planned_values|resource_changes|resource_drift)"' "$f"; then
        plans+=("$f")
    elif [[ $f == *.tfstate ]] || grep -qE '"(resources|modules)": *\[' "$f"; then
        states+=("$f")
    fi
done
seed state "${states[@]}"
seed plan "${plans[@]}"
seed snapshot "${snapshots[@]}"
seed cloudtrail fixtures/demo/cloudtrail/**/*.json* fixtures/trail/**/*.json fixtures/trail/**/*.jsonl
seed access_log fixtures/**/access-logs/*
# The backend target reads its first byte as the syntax: even for HCL, odd for JSON.
mkdir -p fuzz/corpus/backend
for f in fixtures/backend/**/*.tf fixtures/backend/**/*.tf.json; do
    out="fuzz/corpus/backend/$(echo "$f" | tr '/' '_')"
    if [[ $f == *.tf.json ]]; then printf '\x01' >"$out"; else printf '\x00' >"$out"; fi
    cat "$f" >>"$out"
done
for t in fuzz/corpus/*; do
    echo "$(basename "$t"): $(find "$t" -type f | wc -l) files"
done
