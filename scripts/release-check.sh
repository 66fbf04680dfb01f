#!/usr/bin/env bash
# The release, checked without publishing anything: what .goreleaser.yaml
# ships, built the way it builds it.
#
#   - the six targets (linux, darwin, windows × amd64, arm64), CGO off,
#     -trimpath, the release's ldflags; each binary's recorded build settings
#     are checked (CGO_ENABLED=0, GOOS, GOARCH);
#   - the man pages (`tally man`) and the bash, zsh and fish completions, by
#     scripts/release-files.sh as the before-hook runs it: stamped with the
#     version and titled per command; bash's is parsed with bash -n;
#   - one archive per target holding exactly the `files:` of .goreleaser.yaml
#     (read from it, so the two cannot drift apart), listed back and checked;
#   - go.mod and go.sum are unchanged afterwards (the before-hooks must not
#     tidy during a release);
#   - with goreleaser (on the PATH, or GORELEASER=install to build the pinned
#     one below into ~/.cache/tally-goreleaser, about 5 minutes the first
#     time): `goreleaser check`, then `goreleaser release --snapshot` in a
#     clean clone of HEAD, whose linux/amd64 archive must hold exactly the
#     files of the one built here, with a binary that reports its version.
#
# CI runs this (.ci/run) without goreleaser: the only copies the module proxy
# here serves are flagged as not approved releases, and the build itself
# needs nothing but Go. In its place release_config_test.go (go test) parses
# .goreleaser.yaml and holds it to the six targets, CGO off, -trimpath,
# ldflags that name real variables, no go.mod rewriting, and the archive's
# files. Usage: [GORELEASER=install] scripts/release-check.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -gt 0 ]; then
  out=$1; mkdir -p "$out"
else
  out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
fi
version=0.0.0-check
ldflags="-s -w -X github.com/tallyhq/tally/cli.version=$version -X github.com/tallyhq/tally/cli.commit=$(git rev-parse --short HEAD 2>/dev/null || echo none) -X github.com/tallyhq/tally/cli.date=$(git log -1 --format=%cI 2>/dev/null || echo unknown)"
sum_before=$(cat go.mod go.sum | sha256sum)

# The generated files, made as the before-hook makes them (it must call the
# same script, or this check would not be of what ships).
grep -q 'scripts/release-files.sh "{{ .Version }}" "{{ .CommitTimestamp }}"' .goreleaser.yaml || { echo "release-check: .goreleaser.yaml's before-hook does not run scripts/release-files.sh"; exit 1; }
gen="$out/gen"
rm -rf "$gen" && mkdir -p "$gen"
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
scripts/release-files.sh "$version" "$epoch" "$gen"
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out/tally-host" .
"$out/tally-host" --version | grep -q "tally $version" || { echo "release-check: --version does not report $version"; exit 1; }
grep -q "^\.TH \"TALLY\" \"1\" .* \"tally $version\"" "$gen/manpages/tally.1" || { echo "release-check: tally.1 is not stamped tally $version:"; grep '^\.TH' "$gen/manpages/tally.1"; exit 1; }
grep -q '^\.TH "TALLY-EXPORT"' "$gen/manpages/tally-export.1" || { echo "release-check: tally-export.1 is not titled TALLY-EXPORT"; exit 1; }
for page in tally.1 tally-export.1 tally-balance.1 tally-check.1 tally-status.1 tally-login.1 tally-auth-status.1; do
  grep -q '^\.TH "TALLY' "$gen/manpages/$page" || { echo "release-check: man page $page missing or not roff"; exit 1; }
done
bash -n "$gen/completions/tally.bash"
for f in _tally tally.fish; do
  [ -s "$gen/completions/$f" ] || { echo "release-check: empty completion $f"; exit 1; }
done

# The archive's files, from .goreleaser.yaml's `files: [...]` line.
files=$(sed -n 's/^ *files: *\[\(.*\)\] *$/\1/p' .goreleaser.yaml | tr -d ' ' | tr ',' ' ')
[ -n "$files" ] || { echo "release-check: no files: line in .goreleaser.yaml"; exit 1; }

for target in linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64; do
  os=${target%/*} arch=${target#*/}
  name="tally_${version}_${os}_${arch}"
  dir="$out/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  exe=tally; [ "$os" = windows ] && exe=tally.exe
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags "$ldflags" -o "$dir/$exe" .
  settings=$(go version -m "$dir/$exe")
  for want in "CGO_ENABLED=0" "GOOS=$os" "GOARCH=$arch" "-trimpath=true"; do
    grep -q -- "$want" <<<"$settings" || { echo "release-check: $name: build lacks $want"; exit 1; }
  done
  # Stage the archive's files (globs as goreleaser reads them, from the repo root
  # with the generated directories beside it).
  for pattern in $files; do
    matched=0
    for f in $pattern $(cd "$gen" && compgen -G "$pattern" || true); do
      if [ -f "$f" ]; then src=$f; elif [ -f "$gen/$f" ]; then src="$gen/$f"; else continue; fi
      mkdir -p "$dir/$(dirname "$f")" && cp "$src" "$dir/$f" && matched=1
    done
    [ "$matched" = 1 ] || { echo "release-check: $name: nothing matches $pattern"; exit 1; }
  done
  if [ "$os" = windows ]; then
    (cd "$dir" && python3 -c 'import sys, zipfile, os
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, names in os.walk("."):
        for n in names: z.write(os.path.join(root, n))' "../$name.zip")
    listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$out/$name.zip")
  else
    tar -C "$dir" -czf "$out/$name.tar.gz" .
    listing=$(tar tzf "$out/$name.tar.gz")
  fi
  for f in "$exe" README.md LICENSE manpages/tally.1 manpages/tally-export.1 completions/tally.bash completions/_tally completions/tally.fish docs/billing-api.md; do
    grep -q "$f\$" <<<"$listing" || { echo "release-check: $name lacks $f"; exit 1; }
  done
  echo "release-check: $name ok ($(grep -c . <<<"$listing") files)"
done

[ "$(cat go.mod go.sum | sha256sum)" = "$sum_before" ] || { echo "release-check: go.mod or go.sum changed during the release build"; exit 1; }

goreleaser_version=v2.17.0
if [ "${GORELEASER:-}" = install ] && ! command -v goreleaser >/dev/null 2>&1; then
  bin="${XDG_CACHE_HOME:-$HOME/.cache}/tally-goreleaser/$goreleaser_version"
  [ -x "$bin/goreleaser" ] || GOBIN="$bin" go install "github.com/goreleaser/goreleaser/v2@$goreleaser_version"
  PATH="$bin:$PATH"
fi
if command -v goreleaser >/dev/null 2>&1; then
  goreleaser check
  # The real thing, offline: a snapshot release of HEAD (uncommitted changes
  # are not in it), compared with the archive built above.
  clone="$out/goreleaser-clone"
  rm -rf "$clone" && git clone -q . "$clone"
  (cd "$clone" && goreleaser release --snapshot --clean >"$out/goreleaser.log" 2>&1) || { tail -20 "$out/goreleaser.log"; echo "release-check: goreleaser release --snapshot failed"; exit 1; }
  archive=$(ls "$clone"/dist/tally_*_linux_amd64.tar.gz)
  # The files an archive holds, without goreleaser's or tar's ./ and directories.
  files_in() { tar tzf "$1" | sed 's|^\./||' | grep -v '/$' | grep . | sort; }
  diff <(files_in "$archive") <(files_in "$out/tally_${version}_linux_amd64.tar.gz") \
    || { echo "release-check: goreleaser's archive (<) and this script's (>) hold different files"; exit 1; }
  tar xzf "$archive" -C "$clone" tally
  "$clone/tally" --version | grep -q '^tally 0\.0\.0-SNAPSHOT-' || { echo "release-check: goreleaser's binary does not report its version"; exit 1; }
  echo "release-check: goreleaser $(goreleaser --version 2>&1 | sed -n 's/^GitVersion: *//p') check and snapshot release ok, archive matches"
else
  echo "release-check: goreleaser not installed here (GORELEASER=install builds $goreleaser_version); its config was checked by release_config_test.go, not by goreleaser"
fi
echo "release-check: PASS"
