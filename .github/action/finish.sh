#!/usr/bin/env bash
# Ends the action with the exit code of `s3drift check`: 0 clean, 2 drift at or above
# fail-on, 1 an error.
set -euo pipefail

code="${S3DRIFT_EXIT_CODE:-1}"
case "$code" in
  0) exit 0 ;;
  2) echo "::error title=s3drift::drift at or above fail-on (${S3DRIFT_FAIL_ON:-the policy file fail_on, else any}); see the summary" ;;
  *) echo "::error title=s3drift::s3drift check failed (exit $code)" ;;
esac
exit "$code"
