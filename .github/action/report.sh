#!/usr/bin/env bash
# Writes the annotations (workflow commands on stdout) and the step summary from the report.
set -euo pipefail

bin="${S3DRIFT_BIN:?S3DRIFT_BIN is not set}"
report="${S3DRIFT_REPORT:?S3DRIFT_REPORT is not set}"

"$bin" github annotate --report "$report"
summary=(github summary --report "$report")
[[ -z "${S3DRIFT_CATEGORY:-}" ]] || summary+=(--title "$S3DRIFT_CATEGORY")
"$bin" "${summary[@]}"
