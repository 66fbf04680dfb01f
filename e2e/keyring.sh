#!/usr/bin/env bash
# login, balance and logout against a real Secret Service: gnome-keyring in a
# private D-Bus session (dbus-run-session), not go-keyring's mock. Also: a
# locked keyring (no prompter) is exit 3 everywhere, and without a session
# bus tally never runs dbus-launch. Installs gnome-keyring and dbus with apt
# when they are missing. Run from anywhere: e2e/keyring.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v gnome-keyring-daemon >/dev/null || ! command -v dbus-run-session >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq gnome-keyring dbus dbus-x11) >/dev/null
fi
TMP=$(mktemp -d)
SERVE_PID=""
cleanup() {
  if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
fail() { echo "e2e-keyring FAIL: $*" >&2; exit 1; }

echo "e2e-keyring: building"
go build -o "$TMP/tally" .
"$TMP/tally" demo serve --addr 127.0.0.1:0 >"$TMP/serve.env" 2>"$TMP/serve.err" &
SERVE_PID=$!
for _ in $(seq 100); do grep -q TALLY_API_KEY "$TMP/serve.env" 2>/dev/null && break; sleep 0.1; done
grep -q TALLY_API_KEY "$TMP/serve.env" || { cat "$TMP/serve.err" >&2; fail "demo server did not start"; }
BASE=$(sed -n 's/^export TALLY_BASE_URL=//p' "$TMP/serve.env")
KEY=$(sed -n 's/^export TALLY_API_KEY=//p' "$TMP/serve.env")

# A clean home per case: keyrings live in $HOME/.local/share/keyrings.
export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_DATA_HOME="$TMP/home/.local/share" TALLY_BASE_URL="$BASE"
unset TALLY_API_KEY DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR
mkdir -p "$HOME"

echo "e2e-keyring: login, balance, logout with an unlocked keyring"
cat >"$TMP/unlocked.sh" <<SH
set -u
echo -n e2e-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
echo "$KEY" | "$TMP/tally" login --with-key >"$TMP/login.out" 2>&1 || { cat "$TMP/login.out"; exit 11; }
"$TMP/tally" balance --workspace ws_acme >"$TMP/balance.out" 2>&1 || { cat "$TMP/balance.out"; exit 12; }
"$TMP/tally" logout >"$TMP/logout.out" 2>&1 || { cat "$TMP/logout.out"; exit 13; }
"$TMP/tally" balance --workspace ws_acme >"$TMP/after.out" 2>&1; code=\$?
[ "\$code" = 3 ] || { echo "balance after logout: exit \$code"; cat "$TMP/after.out"; exit 14; }
exit 0
SH
dbus-run-session -- bash "$TMP/unlocked.sh" 2>"$TMP/dbus.err" || fail "unlocked keyring (exit $?): $(cat "$TMP/dbus.err" | grep -v 'fd limit' | tail -5)"
grep -q "stored in the OS keyring" "$TMP/login.out" || fail "login did not use the keyring: $(cat "$TMP/login.out")"
grep -q "remaining" "$TMP/balance.out" || fail "balance: $(cat "$TMP/balance.out")"
grep -q "from the OS keyring" "$TMP/logout.out" || fail "logout: $(cat "$TMP/logout.out")"
if grep -rq "$KEY" "$HOME/.config" 2>/dev/null; then fail "the key was written under the config directory"; fi

echo "e2e-keyring: the same keyring locked (no prompter): exit 3 everywhere, in bounded time"
cat >"$TMP/locked.sh" <<SH
set -u
gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1
for cmd in "login --with-key" "balance" "logout"; do
  start=\$(date +%s)
  echo "$KEY" | "$TMP/tally" \$cmd >"$TMP/locked.out" 2>&1; code=\$?
  took=\$(( \$(date +%s) - start ))
  [ "\$code" = 3 ] || { echo "\$cmd: exit \$code"; cat "$TMP/locked.out"; exit 21; }
  grep -q "locked" "$TMP/locked.out" || { echo "\$cmd: not said to be locked"; cat "$TMP/locked.out"; exit 22; }
  [ "\$took" -le 10 ] || { echo "\$cmd took \${took}s"; exit 23; }
done
exit 0
SH
dbus-run-session -- bash "$TMP/locked.sh" 2>"$TMP/dbus.err" || fail "locked keyring (exit $?): $(cat "$TMP/locked.out" 2>/dev/null)"

echo "e2e-keyring: no session bus: exit 3 at once, and dbus-launch is never run"
mkdir -p "$TMP/bin"
printf '#!/bin/sh\ntouch %s/dbus-launch-ran\nexit 1\n' "$TMP" >"$TMP/bin/dbus-launch"
chmod +x "$TMP/bin/dbus-launch"
set +e
PATH="$TMP/bin:$PATH" "$TMP/tally" balance >"$TMP/nobus.out" 2>&1; code=$?
set -e
[ "$code" = 3 ] || fail "no bus: exit $code: $(cat "$TMP/nobus.out")"
grep -q "D-Bus" "$TMP/nobus.out" || fail "no bus: $(cat "$TMP/nobus.out")"
[ ! -e "$TMP/dbus-launch-ran" ] || fail "tally ran dbus-launch"
echo "e2e-keyring: PASS"
