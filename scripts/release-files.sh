#!/usr/bin/env bash
# The files a release generates: the man pages and the bash, zsh and fish
# completion scripts, made by a tally built with the release's version, so
# that the pages say "tally 1.2.3" and not "tally dev", dated by the commit
# (SOURCE_DATE_EPOCH) so that they are reproducible.
#
#   scripts/release-files.sh VERSION COMMIT_UNIX_TIME [OUTDIR]
#
# .goreleaser.yaml's before-hook runs it into the repository root
# (manpages/, completions/); scripts/release-check.sh into a scratch dir.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/release-files.sh VERSION COMMIT_UNIX_TIME [OUTDIR]" >&2; exit 2; }
version=$1 epoch=$2 out=${3:-.}
# goreleaser without commit metadata (a snapshot outside a plain clone) gives
# the zero time's negative epoch: date the pages by the commit instead.
case "$epoch" in
  ''|-*|*[!0-9]*) epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s) ;;
esac
bin=$(mktemp -d)/tally
trap 'rm -rf "$(dirname "$bin")"' EXIT
CGO_ENABLED=0 go build -trimpath -ldflags "-X github.com/tallyhq/tally/cli.version=$version" -o "$bin" .
rm -rf "$out/manpages" "$out/completions"
mkdir -p "$out/completions"
SOURCE_DATE_EPOCH=$epoch "$bin" man "$out/manpages"
"$bin" completion bash > "$out/completions/tally.bash"
"$bin" completion zsh > "$out/completions/_tally"
"$bin" completion fish > "$out/completions/tally.fish"
