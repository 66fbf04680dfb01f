#!/usr/bin/env bash
# Measures `tally export mcp-calls --format ndjson` over SIZE demo records
# (records/s and peak RSS) next to the curl + jq loop a user would otherwise
# write, both against the same local `tally demo serve`.
#
#   scripts/bench-export.sh            # SIZE=1000000
#   SIZE=100000 scripts/bench-export.sh
set -euo pipefail

SIZE=${SIZE:-1000000}
ADDR=${ADDR:-127.0.0.1:18431}
WS=ws_acme
cd "$(dirname "$0")/.."
work=$(mktemp -d)
server_pid=
cleanup() {
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

for tool in curl jq /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench-export: needs $tool" >&2; exit 1; }
done

go build -o "$work/tally" .
tally="$work/tally"

start=$(date +%s.%N)
"$tally" demo serve --addr "$ADDR" --size "$SIZE" >"$work/env.sh" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 600); do
	[ -s "$work/env.sh" ] && break
	kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
	sleep 0.1
done
# shellcheck disable=SC1091
. "$work/env.sh"
echo "demo server: $SIZE MCP calls, ready in $(echo "$(date +%s.%N) - $start" | bc) s"

expected=$(curl -sf -H "Authorization: Bearer $TALLY_API_KEY" \
	"$TALLY_BASE_URL/v1/workspaces/$WS/usage/mcp-calls?limit=1" | jq -r .summary.calls)

# report NAME TIMEFILE OUTFILE: records/s and peak RSS from /usr/bin/time -v.
report() {
	local name=$1 timefile=$2 out=$3
	local n wall rss secs
	n=$(wc -l <"$out")
	wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$timefile")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$timefile")
	secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
	printf '%-22s records %9d (summary %d)  wall %8.2f s  %10.0f records/s  peak RSS %7.1f MiB\n' \
		"$name" "$n" "$expected" "$secs" "$(echo "$n / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}

/usr/bin/time -v "$tally" export mcp-calls --workspace "$WS" --format ndjson -o "$work/tally.ndjson" 2>"$work/tally.time"
report "tally export" "$work/tally.time" "$work/tally.ndjson"

cat >"$work/loop.sh" <<'LOOP'
set -euo pipefail
cursor=
: >"$OUT"
while :; do
	if [ -z "$cursor" ]; then
		page=$(curl -sf -H "Authorization: Bearer $TALLY_API_KEY" "$TALLY_BASE_URL/v1/workspaces/$WS/usage/mcp-calls?limit=200")
	else
		page=$(curl -sf -G -H "Authorization: Bearer $TALLY_API_KEY" --data-urlencode "limit=200" \
			--data-urlencode "cursor=$cursor" "$TALLY_BASE_URL/v1/workspaces/$WS/usage/mcp-calls")
	fi
	jq -c '.data[]' <<<"$page" >>"$OUT"
	cursor=$(jq -r '.next_cursor // empty' <<<"$page")
	[ -n "$cursor" ] || break
done
LOOP
OUT="$work/loop.ndjson" WS="$WS" /usr/bin/time -v bash "$work/loop.sh" 2>"$work/loop.time"
report "curl + jq loop" "$work/loop.time" "$work/loop.ndjson"

if cmp -s <(jq -r .id "$work/tally.ndjson") <(jq -r .id "$work/loop.ndjson"); then
	echo "both walks exported the same ids in the same order"
else
	echo "bench-export: the two walks differ" >&2
	exit 1
fi
