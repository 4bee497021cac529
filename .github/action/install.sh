#!/usr/bin/env bash
# Installs the s3drift binary for this runner and writes its path to the step output `bin`.
#
# The version is the `version` input, or else the action's own ref (`uses: …/s3drift@v0.2.0`
# runs s3drift v0.2.0). The release binary for the runner's OS and architecture is
# downloaded and its SHA-256 checked against checksums.txt, a file committed in the
# action's repository at the ref the workflow pinned. A checksum from the download host
# would prove only that the download is intact; one from the pinned ref proves the binary is
# the one the project released. A mismatch fails the step: nothing is installed.
#
# Only a ref with no release (a branch, a commit, a local `uses: ./`) is built from the
# action's own source with `cargo install --locked`, which takes minutes.
#
# Environment: GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_SERVER_URL, RUNNER_OS, RUNNER_ARCH,
# RUNNER_TEMP (set by GitHub), S3DRIFT_VERSION, S3DRIFT_ACTION_REF and
# S3DRIFT_ACTION_REPOSITORY (set by action.yml).
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
checksums="$action_path/.github/action/checksums.txt"
server="${GITHUB_SERVER_URL:-https://github.com}"
ref="${S3DRIFT_ACTION_REF:-}"
repo="${S3DRIFT_ACTION_REPOSITORY:-}"

# github.action_ref and github.action_repository can be empty in composite actions
# (actions/runner#2473); the runner keeps actions in _actions/OWNER/NAME/REF, so read them
# from the path then.
if [[ -z "$ref" || -z "$repo" ]] && [[ "$action_path" == */_actions/*/*/* ]]; then
  rest="${action_path#*/_actions/}"
  owner="${rest%%/*}"; rest="${rest#*/}"
  name="${rest%%/*}"; rest="${rest#*/}"
  [[ -n "$repo" ]] || repo="$owner/$name"
  [[ -n "$ref" ]] || ref="${rest%%/*}"
fi

version="${S3DRIFT_VERSION:-}"
[[ -n "$version" ]] || version="$ref"

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  Windows/X64) target=x86_64-pc-windows-msvc ;;
  *) target= ;;
esac
exe=
[[ "${RUNNER_OS:-}" != Windows ]] || exe=.exe

dest="${RUNNER_TEMP:?RUNNER_TEMP is not set}/s3drift-bin"
mkdir -p "$dest"
bin="$dest/s3drift$exe"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# The expected checksum of an asset: `<sha256>  <name>` lines, `#` comments.
expected_sum() {
  [[ -f "$checksums" ]] || return 0
  awk -v name="$1" '!/^#/ && ($2 == name || $2 == "*" name) { print $1; exit }' "$checksums"
}

build_from_source() {
  echo "::notice title=s3drift::${version:-this ref} has no release binary for ${RUNNER_OS:-this OS}/${RUNNER_ARCH:-this architecture}; building from source (this takes minutes)"
  cargo install --locked --path "$action_path" --root "$dest/cargo" --bin s3drift
  bin="$dest/cargo/bin/s3drift$exe"
}

asset=
sum=
if [[ -n "$version" && -n "$target" ]]; then
  asset="s3drift-$version-$target$exe"
  sum="$(expected_sum "$asset")"
fi

if [[ -n "$sum" ]]; then
  if [[ -z "$repo" ]]; then
    echo "::error title=s3drift::cannot tell which repository the action comes from"
    exit 1
  fi
  url="$server/$repo/releases/download/$version/$asset"
  tmp="$(mktemp "$dest/download.XXXXXX")"
  trap 'rm -f "$tmp"' EXIT
  echo "Downloading $url"
  if ! curl --fail --silent --show-error --location --retry 3 --output "$tmp" "$url"; then
    echo "::error title=s3drift::cannot download $asset from $url"
    exit 1
  fi
  actual="$(sha256 "$tmp")"
  if [[ "$actual" != "$sum" ]]; then
    echo "::error title=s3drift::checksum mismatch for $asset: expected $sum (checksums.txt at $version), got $actual. Nothing was installed."
    exit 1
  fi
  chmod +x "$tmp"
  mv -f "$tmp" "$bin"
  trap - EXIT
  echo "Installed $asset (sha256 $actual)"
elif [[ -z "$version" || "$version" == "$ref" ]]; then
  # No release for this ref (or none for this runner): the action's source is this ref's.
  build_from_source
else
  echo "::error title=s3drift::version $version has no checksum for ${target:-this runner} in this action's checksums.txt (at ${ref:-this ref}). Pin the action to that release instead (uses: ${repo:-OWNER/s3drift}@$version) and leave \`version\` empty."
  exit 1
fi

"$bin" --version
echo "bin=$bin" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
