#!/bin/bash
# System test of the hook's standalone role: one kea-dhcp4 with libmaas_dhcp_ha.so and no
# partner in a network namespace, a real udhcpc client, and rackd's event socket bound by
# ha_probe. The lease is answered at once and its event line arrives; status says standalone;
# a release (dhclient -r) arrives too. Usage: standalone_test.sh BUILD_DIR
set -u
HA_BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
HA_TMP=$(mktemp -d /tmp/maas-ha-standalone.XXXXXX)
# shellcheck source=ha_test_lib.sh
. "$HERE/ha_test_lib.sh"

ha_topology
ha_kea_config a standalone primary ""
mkdir -p "$HA_TMP/a"
# rackd's side: bound before Kea starts, as rackd does, in Kea's network namespace (the hook's
# socket that receives acknowledgements has an abstract address); bounded lifetime.
ip netns exec "$NS_A" "$HA_BUILD/tests/ha_probe" events "$HA_TMP/a/events.sock" 60 > "$HA_TMP/events.txt" &
HA_PIDS+=($!)
for _ in $(seq 1 50); do [ -S "$HA_TMP/a/events.sock" ] && break; sleep 0.1; done

ha_kea_start a "$NS_A" || { fail "kea did not start"; exit 1; }
STATUS=$(ha_cmd a '{"command": "maas-ha-status"}')
if echo "$STATUS" | grep -q '"state": "standalone"' && echo "$STATUS" | grep -q '"role": "standalone"'; then
    pass "status: state and role standalone"
else
    fail "status: $STATUS"
fi
grep -q MAAS_HA_STARTED "$HA_TMP/a/stdout.log" || fail "service did not start"

# A real client: answered at once (no startup wait, no partner to park for).
IP1=$(udhcp u1)
MAC1=$(ip -n "$NS_C" link show u1 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
if [ -n "$IP1" ]; then pass "udhcpc got $IP1"; else fail "udhcpc got no lease"; fi
# Nothing restricts an allocation in standalone: without packet threads lease4_select is off.
SELECT=$(ha_cmd a '{"command": "maas-ha-status"}' | jq -r '.arguments["lease4-select"]')
if [ "$SELECT" = "$([ -n "${HA_KEA_MT:-}" ] && echo always-on || echo off)" ]; then
    pass "status: lease4_select $SELECT"
else
    fail "status: lease4_select $SELECT"
fi

seen() {  # seen PATTERN: the event line arrives within 5 s
    local i
    for i in $(seq 1 50); do
        grep -qE "$1" "$HA_TMP/events.txt" && return 0
        sleep 0.1
    done
    return 1
}
if [ -n "$IP1" ] && seen "^lease action=commit ip=$IP1 mac=$MAC1 .* origin=local hook=[0-9a-f]+ seq=[0-9]+$"; then
    pass "commit event for $IP1 on the event socket"
else
    fail "no commit event for '$IP1' ($MAC1): $(cat "$HA_TMP/events.txt")"
fi

# A release reaches rackd too (dhclient sends the RELEASE from its lease file).
dh() { dhclient_on u2 "$@"; }
dh -1
IP2=$(sed -n 's/^ *fixed-address \([0-9.]*\);/\1/p' "$HA_TMP/dh.leases" 2>/dev/null | tail -1)
dh -r
if [ -n "$IP2" ] && seen "^lease action=commit ip=$IP2 " && seen "^lease action=release ip=$IP2 "; then
    pass "dhclient commit and release events for $IP2"
else
    fail "no commit/release events for '$IP2': $(cat "$HA_TMP/events.txt")"
fi

STATUS=$(ha_cmd a '{"command": "maas-ha-status"}')
echo "$STATUS" | grep -q '"updates-sent": 0' || fail "standalone sent updates: $STATUS"
ha_cmd a '{"command": "maas-ha-partner-down"}' | grep -q "there is no partner" ||
    fail "partner-down in standalone"
[ "$(ha_state a)" = standalone ] || fail "state left standalone"

# Every line was acknowledged, so none was sent twice, and status counts them.
acked_all() {
    ha_cmd a '{"command": "maas-ha-status"}' |
        jq -e '.arguments["lease-events"] | .unacked == 0 and .buffered == 0 and .acked >= 3 and .dropped == 0' >/dev/null
}
for _ in $(seq 1 50); do acked_all && break; sleep 0.1; done
if acked_all; then
    pass "status: lease-events acknowledged ($(ha_cmd a '{"command": "maas-ha-status"}' | jq -c '.arguments["lease-events"]'))"
else
    fail "status lease-events: $(ha_cmd a '{"command": "maas-ha-status"}')"
fi
DUPS=$(sed -n 's/.* hook=\([0-9a-f]*\) seq=\([0-9]*\)$/\1 \2/p' "$HA_TMP/events.txt" | sort | uniq -d)
if [ -z "$DUPS" ]; then pass "no line sent twice"; else fail "lines sent again despite acknowledgements: $DUPS"; fi
[ $FAILED = 0 ] && ha_log "ok: standalone hook serves alone and reports lease events"
exit $FAILED
