#!/usr/bin/env bash
# Start to first figures on screen, for the TUI against a server that takes
# LATENCY to answer each request (`tally demo serve --latency`): with a warm
# snapshot cache (the header and the Overview paint from it) and cold (no
# cache: every figure waits for the server). Each run starts `tally` in a
# fresh tmux session and polls the screen every 10 ms for "left" (the
# header's balance); the two kinds alternate, so they share the machine's
# noise. Prints each run's milliseconds and the median of each kind.
#
#   scripts/bench-tui-start.sh            # RUNS=7 LATENCY=2s
set -euo pipefail

RUNS=${RUNS:-7}
LATENCY=${LATENCY:-2s}
ADDR=${ADDR:-127.0.0.1:18433}
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "bench-tui-start: needs tmux" >&2; exit 1; }
work=$(mktemp -d)
server_pid=
cleanup() {
	tmux kill-session -t tbench 2>/dev/null || true
	if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/tally" .
tally="$work/tally"
"$tally" demo serve --addr "$ADDR" --latency "$LATENCY" >"$work/env.sh" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do
	[ -s "$work/env.sh" ] && break
	sleep 0.1
done
# shellcheck disable=SC1091
. "$work/env.sh"
export XDG_CONFIG_HOME="$work/config" TALLY_CONFIG="$work/none.toml"
XDG_CACHE_HOME="$work/warm" "$tally" balance --workspace ws_acme >/dev/null # warms the cache (status would give up at its 2 s)

# run KIND CACHE_DIR: one start, in ms, to " left" on screen.
run() {
	local cache=$2 t0 now
	tmux kill-session -t tbench 2>/dev/null || true
	t0=$(date +%s%3N)
	tmux new-session -d -s tbench -x 100 -y 30 \
		"XDG_CACHE_HOME='$cache' TALLY_BASE_URL='$TALLY_BASE_URL' TALLY_API_KEY='$TALLY_API_KEY' '$tally' --workspace ws_acme; sleep 30"
	for _ in $(seq 2000); do
		if tmux capture-pane -p -t tbench | grep -q " left"; then
			now=$(date +%s%3N)
			echo $((now - t0))
			return
		fi
		sleep 0.01
	done
	echo "timeout"
}

warm=() cold=()
for i in $(seq "$RUNS"); do
	rm -rf "$work/cold"
	w=$(run warm "$work/warm"); c=$(run cold "$work/cold")
	echo "run $i: warm ${w} ms, cold ${c} ms"
	warm+=("$w") cold+=("$c")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: warm $(median "${warm[@]}") ms, cold $(median "${cold[@]}") ms (server latency $LATENCY a request)"
