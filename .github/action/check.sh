#!/usr/bin/env bash
# Runs `s3drift check` once, writing the JSON report (and SARIF when asked), then the step
# outputs. It exits 0 whatever the check found, so the summary, comment and issue steps
# still run; the action's last step fails the job with the check's exit code.
#
# Inputs arrive as S3DRIFT_* variables (action.yml maps each input), never interpolated into
# the script. List inputs hold one item per line, so a path with spaces stays one argument.
set -euo pipefail

bin="${S3DRIFT_BIN:?S3DRIFT_BIN is not set}"
out_dir="$(mktemp -d "${RUNNER_TEMP:?RUNNER_TEMP is not set}/s3drift.XXXXXX")"
report="$out_dir/report.json"
sarif="$out_dir/results.sarif"

args=(check --format json --output "$report")
# Empty leaves the threshold to the policy file's fail_on (else s3drift's default, any).
[[ -z "${S3DRIFT_FAIL_ON:-}" ]] || args+=(--fail-on "$S3DRIFT_FAIL_ON")

# Adds `flag item` for each non-blank line of a multi-line input (surrounding blanks trimmed).
each_line() {
  local flag="$1" text="$2" line
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%$'\r'}"
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [[ -z "$line" ]] && continue
    if [[ -n "$flag" ]]; then
      args+=("$flag" "$line")
    else
      args+=("$line")
    fi
  done <<< "$text"
}

# Adds `flag value` when the single-value input is set.
one() {
  [[ -z "$2" ]] || args+=("$1" "$2")
}

# Adds `flag` when the boolean input is true.
switch() {
  case "$2" in
    true | True | TRUE) args+=("$1") ;;
    false | False | FALSE | "") ;;
    *)
      echo "::error title=s3drift::$1 takes true or false, not '$2'"
      exit 1
      ;;
  esac
}

each_line --state "${S3DRIFT_STATE:-}"
each_line --plan "${S3DRIFT_PLAN:-}"
one --dir "${S3DRIFT_DIR:-}"
each_line --cloudtrail "${S3DRIFT_CLOUDTRAIL:-}"
one --since "${S3DRIFT_SINCE:-}"
switch --fail-on-unreadable "${S3DRIFT_FAIL_ON_UNREADABLE:-}"
switch --fail-on-revert "${S3DRIFT_FAIL_ON_REVERT:-}"
one --config "${S3DRIFT_CONFIG:-}"
one --baseline "${S3DRIFT_BASELINE:-}"

want_sarif=false
case "${S3DRIFT_UPLOAD_SARIF:-false}" in
  true | True | TRUE)
    want_sarif=true
    args+=(--report "sarif=$sarif")
    one --sarif-category "${S3DRIFT_SARIF_CATEGORY:-}"
    ;;
esac

# Extra arguments: one per line. The flags the action sets itself would collide.
fixed=${#args[@]}
each_line "" "${S3DRIFT_EXTRA_ARGS:-}"
for arg in "${args[@]:$fixed}"; do
  case "$arg" in
    --format | --format=* | --output | --output=* | -o | --fail-on | --fail-on=*)
      echo "::error title=s3drift::extra-args must not set $arg: the action sets it (use the fail-on input)"
      exit 1
      ;;
  esac
done

echo "s3drift ${args[*]}"
set +e
"$bin" "${args[@]}"
code=$?
set -e

out=(github outputs --exit-code "$code")
[[ ! -f "$report" ]] || out+=(--report "$report")
[[ "$want_sarif" != true || ! -f "$sarif" ]] || out+=(--sarif-file "$sarif")
"$bin" "${out[@]}"

if [[ "$code" != 0 && "$code" != 2 ]]; then
  echo "::error title=s3drift::s3drift check failed (exit $code); see the message above"
fi
exit 0
