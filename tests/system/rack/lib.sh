# Shared helpers for the rack system tests (sourced). Every process started is recorded by PID
# and killed on exit; every wait is bounded.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/testlib.sh"

TMP=$(mktemp -d /tmp/maas-rack-test.XXXXXX)
# The maas CLI keeps its profiles in $HOME/.maascli.json: the test's own, never the user's.
export HOME=$TMP/home
mkdir -p "$HOME"
PIDS=()
NETNS=()

cleanup() {
    kill_pids "${PIDS[@]}"
    delete_netns "${NETNS[@]}"
    [ -n "${KEEP_TMP:-}" ] || rm -rf "$TMP"
}
trap cleanup EXIT

on_fail() { tail_logs 25 "$TMP"/*.log; }

# rack_status NAME -> the "state" of status.json
rack_status() {
    sed -n 's/.*"state":"\([^"]*\)".*/\1/p' "$TMP/$1/var/lib/maas/rack/status.json" 2>/dev/null
}
rack_status_is() { [ "$(rack_status "$1")" = "$2" ]; }
rack_message() {
    sed -n 's/.*"message":"\([^"]*\)".*/\1/p' "$TMP/$1/var/lib/maas/rack/status.json" 2>/dev/null
}
rack_system_id() { tr -d '\n' <"$TMP/$1/var/lib/maas/rack/maas_id" 2>/dev/null; }

# connections REGION_URL_BASE SYSTEM_ID -> number of connections the region holds for the rack
# IN_NS, when set, is the network namespace the regions run in.
connections() {
    ${IN_NS:+ip netns exec "$IN_NS"} curl -sf "$1/MAAS/test/racks" | awk -v id="$2" '$1 == id { print $3 }' | head -n1
}
connections_are() { [ "$(connections "$1" "$2")" = "$3" ]; }

# send_frame PAYLOAD: one frame (4-byte big-endian length, then the bytes) on stdout.
send_frame() {
    local n=${#1}
    # shellcheck disable=SC2059  # the inner printf builds an escape sequence on purpose
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((n >> 24 & 255)) $((n >> 16 & 255)) \
        $((n >> 8 & 255)) $((n & 255)))"
    printf '%s' "$1"
}
