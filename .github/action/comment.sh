#!/usr/bin/env bash
# Creates or updates this category's comment on the pull request the run is for. The token
# is in GITHUB_TOKEN (the github-token input).
set -euo pipefail

bin="${S3DRIFT_BIN:?S3DRIFT_BIN is not set}"
args=(github comment --report "${S3DRIFT_REPORT:?S3DRIFT_REPORT is not set}" --mode "${S3DRIFT_COMMENT_MODE:-update}")
[[ -z "${S3DRIFT_CATEGORY:-}" ]] || args+=(--category "$S3DRIFT_CATEGORY")
"$bin" "${args[@]}"
