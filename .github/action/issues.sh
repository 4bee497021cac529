#!/usr/bin/env bash
# Opens, updates and closes one issue per drifted bucket. The token is in GITHUB_TOKEN (the
# github-token input).
set -euo pipefail

bin="${S3DRIFT_BIN:?S3DRIFT_BIN is not set}"
"$bin" github issues --report "${S3DRIFT_REPORT:?S3DRIFT_REPORT is not set}" \
  --max-issues "${S3DRIFT_MAX_ISSUES:-20}"
