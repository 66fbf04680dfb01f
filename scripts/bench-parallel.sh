#!/usr/bin/env bash
# One walk against --parallel 4 and 8, side by side, against a demo that
# takes LATENCY a response (the remote case issue 10 names): each round runs
# the three in turn, so they share the machine's noise; outputs must be
# byte-identical.
#
#   scripts/bench-parallel.sh      # ROUNDS=2 SIZE=20000 LATENCY=20ms
set -euo pipefail
ROUNDS=${ROUNDS:-2} SIZE=${SIZE:-20000} LATENCY=${LATENCY:-20ms} ADDR=${ADDR:-127.0.0.1:18434}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
go build -o "$work/tally" .
"$work/tally" demo serve --addr "$ADDR" --size "$SIZE" --latency "$LATENCY" >"$work/env.sh" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/env.sh" ] && break; sleep 0.1; done
# shellcheck disable=SC1091
. "$work/env.sh"
export XDG_CONFIG_HOME="$work/config" TALLY_CONFIG="$work/none.toml"
for r in $(seq "$ROUNDS"); do
	line="round $r:"
	for p in 1 4 8; do
		t0=$(date +%s%N)
		"$work/tally" export mcp-calls --workspace ws_acme --format ndjson --parallel "$p" -o "$work/p$p.ndjson" 2>/dev/null
		ms=$(( ($(date +%s%N) - t0) / 1000000 ))
		line="$line --parallel $p ${ms} ms;"
	done
	cmp -s "$work/p1.ndjson" "$work/p4.ndjson" && cmp -s "$work/p1.ndjson" "$work/p8.ndjson" || { echo "outputs differ" >&2; exit 1; }
	echo "$line outputs identical"
done
