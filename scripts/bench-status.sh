#!/usr/bin/env bash
# Times the whole `tally status` process (start-up included) with farm-bench,
# side by side: warm (answered from the snapshot cache) against the start-up
# floor (`tally version`), a cold fetch (--max-age 0: billing + daily, the
# snapshot names the workspace) and a fetch with no cache at all (--no-cache:
# /v1/me first), all against one local `tally demo serve`.
#
#   scripts/bench-status.sh          # RUNS=30
set -euo pipefail

RUNS=${RUNS:-30}
ADDR=${ADDR:-127.0.0.1:18432}
WS=ws_acme
cd "$(dirname "$0")/.."
command -v farm-bench >/dev/null || { echo "bench-status: needs farm-bench" >&2; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/tally" .
tally="$work/tally"
"$tally" demo serve --addr "$ADDR" >"$work/env.sh" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
	[ -s "$work/env.sh" ] && break
	kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
	sleep 0.1
done
# shellcheck disable=SC1091
. "$work/env.sh"
export XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"

"$tally" status --workspace "$WS" # warms the cache
warm="$tally status --workspace $WS --max-age 1h"
for b in "$tally version" "$tally status --workspace $WS --max-age 0" "$tally status --workspace $WS --no-cache"; do
	echo
	farm-bench -n "$RUNS" --vs "$b" -- $warm | grep -E '^(A|B) =|wall'
done
