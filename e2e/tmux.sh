#!/usr/bin/env bash
# End-to-end test of the TUI in a real terminal: tmux at 100×30 runs the built
# binary against `tally demo serve`, drives it by keys and asserts the screen
# text at each step, including that the summary bar equals the API's summary.
# Needs go, tmux, curl and jq. Run from anywhere: e2e/tmux.sh
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in tmux curl jq; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is required" >&2; exit 1; }
done

TMP=$(mktemp -d)
SESSION="tally-e2e-$$"
SERVE_PID=""
cleanup() {
  tmux kill-session -t "$SESSION" 2>/dev/null || true
  if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
  echo "e2e FAIL: $*" >&2
  echo "---- screen ----" >&2
  tmux capture-pane -p -t "$SESSION" >&2 2>/dev/null || true
  exit 1
}

echo "e2e: building"
go build -o "$TMP/tally" .
export XDG_CONFIG_HOME="$TMP/config" HOME="$TMP/home" TALLY_CONFIG="$TMP/none.toml"
mkdir -p "$XDG_CONFIG_HOME" "$HOME"

"$TMP/tally" demo serve --addr 127.0.0.1:0 >"$TMP/serve.out" 2>"$TMP/serve.err" &
SERVE_PID=$!
for _ in $(seq 100); do grep -q TALLY_API_KEY "$TMP/serve.out" 2>/dev/null && break; sleep 0.05; done
grep -q TALLY_API_KEY "$TMP/serve.out" || { cat "$TMP/serve.err" >&2; fail "demo server did not start"; }
eval "$(grep '^export ' "$TMP/serve.out")"
URL=$TALLY_BASE_URL KEY=$TALLY_API_KEY
echo "e2e: demo API at $URL"

screen() { tmux capture-pane -p -t "$SESSION"; }
keys() { tmux send-keys -t "$SESSION" "$@"; }
# wait_for TEXT: poll the screen (fixed string) for up to 10 s.
wait_for() {
  for _ in $(seq 200); do
    screen | grep -qF -- "$1" && return 0
    sleep 0.05
  done
  fail "screen never showed: $1"
}
wait_gone() {
  for _ in $(seq 200); do
    screen | grep -qF -- "$1" || return 0
    sleep 0.05
  done
  fail "screen still shows: $1"
}

# Number formatting as the UI does it: thousands separators, real minus, optional +.
group() { # group "-12404.5" -> "−12,404.5"
  local v=$1 sign="" int frac=""
  case $v in -*) sign="−"; v=${v#-};; esac
  int=${v%%.*}; [ "$int" != "$v" ] && frac=".${v#*.}"
  int=$(echo "$int" | rev | sed 's/\([0-9]\{3\}\)/\1,/g; s/,$//' | rev)
  printf '%s%s%s' "$sign" "$int" "$frac"
}
signed() { case $1 in -*|0) group "$1";; *) printf '+%s' "$(group "$1")";; esac; }
api() { curl -fsS -H "Authorization: Bearer $KEY" "$URL/v1/workspaces/ws_acme/$1"; }

summary_conversations() {
  local s; s=$(api "usage/conversations?limit=1$1" | jq -r '.summary | "\(.conversations) \(.messages) \(.credits)"')
  set -- $s
  printf '%s conversations · %s messages · %s credits' "$(group "$1")" "$(group "$2")" "$(group "$3")"
}
summary_calls() {
  local s; s=$(api "usage/mcp-calls?limit=1" | jq -r '.summary | "\(.calls) \(.credits)"'); set -- $s
  printf '%s calls · %s credits' "$(group "$1")" "$(group "$2")"
}
summary_imports() {
  local s; s=$(api "usage/imports?limit=1" | jq -r '.summary | "\(.imports) \(.credits)"'); set -- $s
  printf '%s imports · %s credits' "$(group "$1")" "$(group "$2")"
}
summary_adjustments() {
  local s; s=$(api "credit-adjustments?limit=1" | jq -r '.summary | "\(.adjustments) \(.credits_added) \(.credits_removed) \(.net)"'); set -- $s
  printf '%s adjustments · %s added · %s removed · net %s' "$(group "$1")" "$(signed "$2")" "$(group "$3")" "$(group "$4")"
}

start_ms=$(date +%s%3N)
tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "TALLY_BASE_URL=$URL TALLY_API_KEY=$KEY '$TMP/tally' --workspace ws_acme --tz UTC --tab conversations; echo TALLY-EXIT=\$?; sleep 30"
wait_for "row 1 of"
first_ms=$(( $(date +%s%3N) - start_ms ))
echo "e2e: first complete screen after ${first_ms} ms (process start to rows + summary, 100×30)"

echo "e2e: tabs and summaries"
wait_for "Acme Studio · owner"
wait_for "$(summary_conversations "")"
keys 4; wait_for "Call ID"; wait_for "$(summary_calls)"
keys 5; wait_for "Task ID"; wait_for "$(summary_imports)"
keys 6; wait_for "Amount"; wait_for "$(summary_adjustments)"
keys 3; wait_for "Conversation ID"
keys 2; wait_for "Balance"; wait_for "changes · spent"
keys 3; wait_for "Conversation ID"
keys v; wait_for "groups add up ✓"; wait_for "Group: User"; keys Escape; wait_for "Conversation ID"

echo "e2e: date quick pick, custom range, type filter"
keys d; wait_for "Last 3 months"
keys g Enter; wait_for "Date: Last 7 days"; wait_for "Filtered"
FROM=$(date -u -d '12 days ago' +%F); TO=$(date -u -d '3 days ago' +%F); TO_EXCL=$(date -u -d '2 days ago' +%F)
keys d G Enter; wait_for "Custom range"
keys C-u "$FROM" Tab C-u "$TO" Enter
wait_for "Date: $FROM – $TO"
RANGE="&from=${FROM}T00:00:00Z&to=${TO_EXCL}T00:00:00Z"
wait_for "$(summary_conversations "$RANGE")"
keys t; wait_for "All types"
keys g j Enter; wait_for "Type: Message"
wait_for "$(summary_conversations "$RANGE&billing_type=message")"

echo "e2e: sort"
keys s; wait_for "Sort: Credits ▼"; wait_for "Credits ▼"
TOP=$(api "usage/conversations?limit=1&sort=credits&order=desc&billing_type=message$RANGE" | jq -r '.data[0].id')
wait_for "▌$TOP"
keys S; wait_for "Sort: Credits ▲"
TOP=$(api "usage/conversations?limit=1&sort=credits&order=asc&billing_type=message$RANGE" | jq -r '.data[0].id')
wait_for "▌$TOP"

echo "e2e: detail sheet"
keys Enter; wait_for "items total"; wait_for "✓ matches the row"
keys Escape; wait_gone "items total"

echo "e2e: paste into the search box, esc undoes it"
keys /; wait_for "enter apply · esc cancel"
tmux set-buffer "Logo"; tmux paste-buffer -p -t "$SESSION"   # bracketed paste, as a terminal sends it
wait_for "Search: Logo"
keys Enter; wait_for 'Search: "Logo"'
keys Escape; wait_for 'Cleared search: "Logo"'; wait_gone 'Search: "Logo"'

echo "e2e: resize"
tmux resize-window -t "$SESSION" -x 60 -y 16
wait_for "Sort: Credits ▲"; wait_for "Filtered"
screen | grep -qF "too small" && fail "60×16 said too small"
tmux resize-window -t "$SESSION" -x 50 -y 12
wait_for "too small"
tmux resize-window -t "$SESSION" -x 60 -y 16
wait_for "Sort: Credits ▲"

# ---- Overview and Billing History (issue 5) --------------------------------
echo "e2e: overview and billing history"
keys q; wait_for "TALLY-EXIT=0"
tmux kill-session -t "$SESSION"
tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "TALLY_BASE_URL=$URL TALLY_API_KEY=$KEY '$TMP/tally' --workspace ws_acme --tz UTC; echo TALLY-EXIT=\$?; sleep 30"
wait_for "Where the credits went"; wait_for "✓ reconciles"
wait_for "Forecast  At"
# Contract 1.1: the first included limit as used of included, the soonest expiry.
LIM=$(api billing | jq -r '.plan.limits | map(select(.limit != null and .limit != "0"))[0] | "\(.name)|\(.used)|\(.limit)"')
IFS='|' read -r lname lused llimit <<<"$LIM"
wait_for "$lname: $(group "$lused") of $(group "$llimit")"
wait_for "Expiring  $(group "$(api billing | jq -r '.credits.expiring | sort_by(.expires_at)[0].amount')") "
wait_for "Daily spend, last 30 days"
keys 7; wait_for "Description"
INV=$(api "invoices?limit=1" | jq -r '.summary | "\(.invoices) \(.amount_paid) \(.currency)"'); set -- $INV
wait_for "$(group "$1") invoices · $(group "$2") $3 paid"
keys 1; wait_for "Where the credits went"
# ---- end Overview and Billing History ---------------------------------------

# ---- Plan and credit actions (issue 5, owner only) -------------------------
echo "e2e: plan dialog, cancel and resume"
keys p; wait_for "Plans · billed monthly"; wait_for "● Current: Creator"
wait_for "Starter"; wait_for "115.20/yr"; wait_for "Business"; wait_for "20,000 credits/mo"
keys Escape; wait_gone "Plans · billed"
keys x; wait_for "Cancel subscription"; wait_for "stays active until"
keys Enter; wait_for "· cancels "
[ "$(api billing | jq -r .plan.cancel_at_period_end)" = true ] || fail "the API does not show the cancellation"
keys u; wait_for "Resume subscription"
keys Enter; wait_gone "· cancels "; wait_for "Resumed: your Creator plan renews"
[ "$(api billing | jq -r .plan.cancel_at_period_end)" = false ] || fail "the API still shows the cancellation"
# ---- end plan and credit actions --------------------------------------------

# ---- Y reproduces the view (issue 14) ---------------------------------------
# Under TZ=Europe/Berlin and no --tz, Y (OSC 52, which tmux keeps as a buffer
# with set-clipboard on) must carry the zone: run in a shell with TZ=UTC, the
# copied command shows the same rows with the same times.
echo "e2e: Y reproduces the view under another TZ"
keys q; wait_for "TALLY-EXIT=0"
tmux kill-session -t "$SESSION"
tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "TZ=Europe/Berlin TALLY_BASE_URL=$URL TALLY_API_KEY=$KEY '$TMP/tally' --workspace ws_acme --tab mcp-calls --sort credits; echo TALLY-EXIT=\$?; sleep 30"
tmux set -s set-clipboard on
wait_for "row 1 of"
rows_berlin=$(screen | grep -E '^.call_' | head -8)
tmux delete-buffer 2>/dev/null || true   # an earlier paste must not be read as the copy
keys Y; wait_for "Copied view"
line=""
for _ in $(seq 100); do
  line=$(tmux show-buffer 2>/dev/null || true)
  case "$line" in tally\ *) break ;; esac
  sleep 0.05
done
case "$line" in
  "tally --workspace ws_acme --tab mcp-calls --sort credits --tz Europe/Berlin") ;;
  *) fail "Y copied: $line" ;;
esac
keys q; wait_for "TALLY-EXIT=0"
tmux kill-session -t "$SESSION"
tmux new-session -d -s "$SESSION" -x 100 -y 30 \
  "TZ=UTC TALLY_BASE_URL=$URL TALLY_API_KEY=$KEY '$TMP/'${line} ; echo TALLY-EXIT=\$?; sleep 30"
wait_for "row 1 of"
rows_utc=$(screen | grep -E '^.call_' | head -8)
[ -n "$rows_berlin" ] && [ "$rows_berlin" = "$rows_utc" ] || fail "the copied command shows other rows:
$rows_berlin
---
$rows_utc"
# ---- end Y ------------------------------------------------------------------

echo "e2e: quit"
keys q; wait_for "TALLY-EXIT=0"
echo "e2e: PASS"
