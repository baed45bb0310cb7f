#!/bin/bash
# The default install end to end: `maas init region+rack` under a real maas-supervisor (embedded
# PostgreSQL, default ports, inside a network namespace of its own so nothing else on the machine
# is reachable or in the way), then the documented rack lifecycle through the real CLI:
#  - `maas admin rack-controller delete $SYSTEM_ID` of the host's own rack role: the region keeps
#    its secret and UUID files and still hands out the secret and registers a new rack;
#  - a separate rack under its own supervisor (`maas init rack`), deleted through the API, is
#    listed again as a new rack once its supervisor restarts;
#  - restarting the host's supervisor (what a reboot does) brings the host's rack role back.
# Usage: default_install_test.sh BUILD_DIR (needs root: network and UTS namespaces).
set -euo pipefail
source "$(dirname "$0")/../../lib/testlib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root"; exit 77; }
BIN=$(cd "$1" && pwd)/bin
TMP=$(mktemp -d /tmp/maas-lifecycle.XXXXXX)
chmod 755 "$TMP"
NS=maas-lc$$
PIDS=()
cleanup() {
    stop_pids "${PIDS[@]}"
    # PostgreSQL of the embedded database, should a supervisor have been killed.
    for pidfile in "$TMP"/*/var/lib/maas/db/postmaster.pid; do
        [ -f "$pidfile" ] && kill -KILL "$(head -n1 "$pidfile")" 2>/dev/null || true
    done
    delete_netns "$NS"
    [ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT
on_fail() { tail_logs 30 "$TMP"/*.log; }

ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
in_ns() { ip netns exec "$NS" "$@"; }
export HOME=$TMP/home
mkdir -p "$HOME"
HOST_ROOT=$TMP/host
RACK_ROOT=$TMP/rack
mkdir -p "$HOST_ROOT" "$RACK_ROOT"
HOST_NAME=lc-host-$$
RACK_NAME=lc-rack-$$
URL=http://127.0.0.1:5240/MAAS
host_maas() { MAAS_ROOT=$HOST_ROOT in_ns "$BIN/maas" "$@"; }
rack_maas() { MAAS_ROOT=$RACK_ROOT in_ns "$BIN/maas" "$@"; }
start_supervisor() {  # ROOT HOSTNAME LOG: one host, as its systemd unit would start it
    # Not through in_ns: a backgrounded function is a subshell, and $! must be the supervisor.
    MAAS_ROOT=$1 ip netns exec "$NS" unshare --uts sh -c "hostname $2 && exec '$BIN/maas-supervisor'" \
        >>"$3" 2>&1 &
    PIDS+=($!)
    LAST_SUPERVISOR=$!
    wait_for "supervisor socket of $2" 10 test -S "$1/run/maas/supervisor.sock"
}
stop_supervisor() {  # PID
    kill -TERM "$1"
    for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    fail "supervisor $1 did not stop"
}
rack_state() { jq -r .state "$1/var/lib/maas/rack/status.json" 2>/dev/null; }
rack_state_is() { [ "$(rack_state "$1")" = "$2" ]; }
listed() {  # listed HOSTNAME -> "node_type system_id" from rack-controllers read
    host_maas admin rack-controllers read | jq -r --arg h "$1" \
        '.[] | select(.hostname == $h) | "\(.node_type) \(.system_id)"'
}
listed_as() { [ "$(listed "$1" | cut -d' ' -f1)" = "$2" ]; }

echo "--- maas init region+rack"
start_supervisor "$HOST_ROOT" "$HOST_NAME" "$TMP/host-supervisor.log"
HOST_SUP=$LAST_SUPERVISOR
host_maas init region+rack --maas-url "$URL" --num-workers 1 >"$TMP/init.log"
wait_for "region ready" 60 in_ns curl -sf -o /dev/null "$URL/readyz"
wait_for "host rack connected" 60 rack_state_is "$HOST_ROOT" connected
host_maas createadmin --username admin --password pw --email admin@example.com >/dev/null
host_maas login admin "$URL" "$(host_maas apikey --username admin)" >/dev/null
SECRET=$(cat "$HOST_ROOT/var/lib/maas/secret")
UUID=$(cat "$HOST_ROOT/var/lib/maas/maas_uuid")
require "secret file mode" "640" "$(stat -c %a "$HOST_ROOT/var/lib/maas/secret")"
wait_for "the host listed as region+rack" 20 listed_as "$HOST_NAME" 4
SYSTEM_ID=$(listed "$HOST_NAME" | cut -d' ' -f2)

echo "--- delete the host's rack role"
host_maas admin rack-controller delete "$SYSTEM_ID" >/dev/null
wait_for "host rack deleted" 20 rack_state_is "$HOST_ROOT" deleted
require "region keeps its secret file" "$SECRET" "$(cat "$HOST_ROOT/var/lib/maas/secret")"
require "region keeps its UUID file" "$UUID" "$(cat "$HOST_ROOT/var/lib/maas/maas_uuid")"
require "region keeps its system_id file" "$SYSTEM_ID" "$(cat "$HOST_ROOT/var/lib/maas/maas_id")"
require "the host is a region controller only" "3" \
    "$(host_maas admin region-controllers read | jq -r --arg h "$HOST_NAME" '.[] | select(.hostname == $h) | .node_type')"
require "no rack listed for the host" "" "$(listed "$HOST_NAME")"
require "maas status says deleted" "deleted" \
    "$(host_maas status 2>&1 | sed -n 's/^rack: \([a-z-]*\).*/\1/p')"
info=$(host_maas admin rack-controllers registration-info)
require "registration-info still answers with the secret" "$SECRET" "$(jq -r .secret <<<"$info")"

echo "--- a separate rack registers (maas init rack) with what registration-info says"
start_supervisor "$RACK_ROOT" "$RACK_NAME" "$TMP/rack-supervisor.log"
RACK_SUP=$LAST_SUPERVISOR
rack_maas init rack --maas-url "$(jq -r .maas_url <<<"$info")" --secret "$(jq -r .secret <<<"$info")" \
    >/dev/null
wait_for "separate rack connected" 60 rack_state_is "$RACK_ROOT" connected
wait_for "separate rack listed" 20 listed_as "$RACK_NAME" 2
RACK_ID=$(listed "$RACK_NAME" | cut -d' ' -f2)

echo "--- delete the separate rack, restart its supervisor"
host_maas admin rack-controller delete "$RACK_ID" >/dev/null
wait_for "separate rack deleted" 20 rack_state_is "$RACK_ROOT" deleted
require "deleted rack not listed" "" "$(listed "$RACK_NAME")"
require "deleted rack keeps its secret" "$SECRET" "$(cat "$RACK_ROOT/var/lib/maas/secret")"
require "deleted rack's supervisor keeps rackd up" "ready" \
    "$(jq -r '.services[] | select(.name == "rackd") | .state' "$RACK_ROOT/run/maas/supervisor.status")"
stop_supervisor "$RACK_SUP"
start_supervisor "$RACK_ROOT" "$RACK_NAME" "$TMP/rack-supervisor.log"
wait_for "separate rack connected again" 60 rack_state_is "$RACK_ROOT" connected
wait_for "separate rack listed again" 20 listed_as "$RACK_NAME" 2
NEW_RACK_ID=$(listed "$RACK_NAME" | cut -d' ' -f2)
[ "$NEW_RACK_ID" != "$RACK_ID" ] || fail "the separate rack came back under its deleted id"
echo "ok - listed again as a new rack controller ($RACK_ID -> $NEW_RACK_ID)"

echo "--- restart the host's services: its rack role comes back"
stop_supervisor "$HOST_SUP"
start_supervisor "$HOST_ROOT" "$HOST_NAME" "$TMP/host-supervisor.log"
wait_for "region ready again" 60 in_ns curl -sf -o /dev/null "$URL/readyz"
wait_for "host rack connected again" 60 rack_state_is "$HOST_ROOT" connected
wait_for "the host listed as region+rack again" 20 listed_as "$HOST_NAME" 4
require "same node as the region" "$SYSTEM_ID" "$(listed "$HOST_NAME" | cut -d' ' -f2)"
require "secret unchanged after the restart" "$SECRET" "$(cat "$HOST_ROOT/var/lib/maas/secret")"
echo "PASS"
