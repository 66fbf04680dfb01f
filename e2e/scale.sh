#!/usr/bin/env bash
# End-to-end test of a long list in a real terminal (issue 10): tmux at
# 100×30 runs the built binary against `tally demo serve --size 1000000`
# through a request log (e2e/reqlog), and checks that G shows the oldest of
# a million calls in at most two requests, that keys pressed while pages
# load all land, and that r deep in the list sends at most three requests.
# Needs go, tmux, curl and jq. Run from anywhere: e2e/scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in tmux curl jq; do
  command -v "$tool" >/dev/null || { echo "e2e-scale: $tool is required" >&2; exit 1; }
done

SIZE=1000000
TMP=$(mktemp -d)
SESSION="tally-scale-$$"
PIDS=()
cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
  echo "e2e-scale FAIL: $*" >&2
  echo "---- screen ----" >&2
  tmux capture-pane -p -t "$SESSION" >&2 2>/dev/null || true
  echo "---- last requests ----" >&2
  tail -n 5 "$TMP/requests.log" >&2 2>/dev/null || true
  exit 1
}

echo "e2e-scale: building"
go build -o "$TMP/tally" .
go build -o "$TMP/reqlog" ./e2e/reqlog
export XDG_CONFIG_HOME="$TMP/config" HOME="$TMP/home" TALLY_CONFIG="$TMP/none.toml"
mkdir -p "$XDG_CONFIG_HOME" "$HOME"

"$TMP/tally" demo serve --size "$SIZE" --addr 127.0.0.1:0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
PIDS+=($!)
for _ in $(seq 200); do grep -q TALLY_API_KEY "$TMP/serve.out" 2>/dev/null && break; sleep 0.05; done
grep -q TALLY_API_KEY "$TMP/serve.out" || { cat "$TMP/serve.err" >&2; fail "demo server did not start"; }
eval "$(grep '^export ' "$TMP/serve.out")"
DEMO=$TALLY_BASE_URL KEY=$TALLY_API_KEY

"$TMP/reqlog" -upstream "$DEMO" -log "$TMP/requests.log" >"$TMP/reqlog.out" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$TMP/reqlog.out" ] && break; sleep 0.05; done
URL=$(head -n1 "$TMP/reqlog.out")
[ -n "$URL" ] || fail "request log did not start"
echo "e2e-scale: demo API ($SIZE calls) at $DEMO, logged through $URL"

screen() { tmux capture-pane -p -t "$SESSION"; }
keys() { tmux send-keys -t "$SESSION" "$@"; }
wait_for() { # wait_for TEXT: poll the screen (fixed string) for up to 10 s.
  for _ in $(seq 200); do
    screen | grep -qF -- "$1" && return 0
    sleep 0.05
  done
  fail "screen never showed: $1"
}
requests() { wc -l <"$TMP/requests.log" | tr -d ' '; }
# settle: wait until no request has been logged for half a second.
settle() {
  local n m
  n=$(requests)
  for _ in $(seq 40); do
    sleep 0.5; m=$(requests)
    [ "$m" = "$n" ] && return 0
    n=$m
  done
  fail "requests never stopped"
}
row() { screen | grep -oE 'row [0-9,]+ of [0-9,]+' | head -n1; }
group() { echo "$1" | rev | sed 's/\([0-9]\{3\}\)/\1,/g; s/,$//' | rev; }
api() { curl -fsS -H "Authorization: Bearer $KEY" "$DEMO/v1/workspaces/ws_acme/$1"; } # not logged

N=$(group "$SIZE")
tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "TALLY_BASE_URL=$URL TALLY_API_KEY=$KEY '$TMP/tally' --workspace ws_acme --tz UTC --tab mcp-calls; echo TALLY-EXIT=\$?; sleep 30"
wait_for "row 1 of $N"
settle

echo "e2e-scale: G reaches the oldest call"
OLDEST=$(api "usage/mcp-calls?limit=1&order=asc" | jq -r '.data[0].id')
before=$(requests)
keys End
wait_for "row $N of $N"
wait_for "▌$OLDEST"
settle
sent=$(( $(requests) - before ))
[ "$sent" -le 2 ] || fail "G sent $sent requests (want at most 2: the tail's page and one ahead)"
echo "e2e-scale: G showed row $N of $N ($OLDEST) after $sent requests"

before=$(requests)
keys Home
wait_for "row 1 of $N"
sleep 0.3
[ "$(requests)" = "$before" ] || fail "g refetched what was held"

echo "e2e-scale: 300 pgdn, sent faster than pages arrive, all land"
keys PageDown; wait_for "row "; settle
STEP=$(( $(row | awk '{gsub(",","",$2); print $2}') - 1 ))
[ "$STEP" -gt 5 ] || fail "one pgdn moved $STEP rows"
keys -N 299 PageDown
WANT=$(group $(( 300 * STEP + 1 )))
wait_for "row $WANT of $N"
settle
echo "e2e-scale: row $WANT after 300 pgdn of $STEP rows"

echo "e2e-scale: r deep in the list"
SEL=$(screen | grep -oE '▌call_[0-9a-f]+' | head -n1)
before=$(requests)
keys r
settle
sent=$(( $(requests) - before ))
[ "$sent" -le 3 ] || fail "r at row $WANT sent $sent requests (want at most 3)"
wait_for "row $WANT of $N"
wait_for "$SEL"
echo "e2e-scale: r at row $WANT sent $sent requests (the first page and /billing), selection kept"

keys q; wait_for "TALLY-EXIT=0"
echo "e2e-scale: PASS"
