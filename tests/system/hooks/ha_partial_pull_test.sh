#!/bin/bash
# System test: a server whose pull is unfinished never serves from its partial lease set.
# A primary kea-dhcp4 holding 30000 leases and an empty secondary pulling them; the peer link
# runs on its own veth (198.51.100.0/24) so that cutting it leaves both servers reachable by
# clients.
#   1. The peer link goes down mid-pull for longer than max-response-delay (5 s). Relayed load
#      sent to the secondary meanwhile gets nothing from it, and its lease file holds no
#      address the primary holds for another client (a server serving its half of the free pool
#      as its partial set sees it would hand out the primary's unpulled leases).
#   2. The link comes back: the pull resumes and finishes, the pair is normal, both lease files
#      hold the same leases.
#   3. The primary is killed (-9): the secondary, now holding everything, takes over at once
#      (partner-down) and leases to the relayed clients, none of them an address the primary's
#      lease file holds for another client.
# Usage: ha_partial_pull_test.sh BUILD_DIR   (HA_KEA_MT=1: Kea with packet threads)
set -u
HA_BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
HA_TMP=$(mktemp -d /tmp/maas-ha-partial.XXXXXX)
# shellcheck source=ha_test_lib.sh
. "$HERE/ha_test_lib.sh"
LEASES=30000
CUT_AFTER=5000  # leases merged before the peer link is cut
DHCP_B=192.0.2.2  # the secondary's DHCP address (eth0); the peer link gets its own below

silent_past() { [ "$(ha_counter b last-contact-ms-ago)" -ge "$1" ] 2>/dev/null; }
# Addresses the secondary's lease file holds for another MAC than the primary's does.
conflicts() {
    join <(ha_lease_table "$HA_TMP/a/leases.csv" | cut -d' ' -f1,2 | sort) \
        <(ha_lease_table "$HA_TMP/b/leases.csv" | cut -d' ' -f1,2 | sort) | awk '$2 != $3' | wc -l
}
acks() {  # acks PERFDHCP_OUTPUT: ACKs perfdhcp received
    awk '/Statistics for: REQUEST-ACK/ {ra = 1} ra && /received packets:/ {print $3; exit}' "$1"
}

ha_topology
# The peer link: its own veth pair, so cutting it leaves the clients' bridge alone.
ip -n "$NS_A" link add peer0 type veth peer name peer0 netns "$NS_B"
ip -n "$NS_A" addr add 198.51.100.1/24 dev peer0
ip -n "$NS_B" addr add 198.51.100.2/24 dev peer0
ip -n "$NS_A" link set peer0 up
ip -n "$NS_B" link set peer0 up
ADDR_A=198.51.100.1 ADDR_B=198.51.100.2  # the hooks' own and partner addresses
[ -n "${HA_KEA_MT:-}" ] && echo "kea-dhcp4 multi-threaded (HA_KEA_MT)"
ha_pair_configs
ha_write_leases "$HA_TMP/a/leases.csv" "$LEASES"
ha_kea_start a "$NS_A" || { fail "primary did not start"; exit 1; }
ha_wait_state a communications-interrupted 20 || fail "primary not serving alone"

# 1. The peer link is cut mid-pull for longer than max-response-delay.
ha_kea_start b "$NS_B" || { fail "secondary did not start"; exit 1; }
wait_until 120 ha_pulled_past "$CUT_AFTER" || { fail "secondary never pulled $CUT_AFTER leases"; exit 1; }
ip -n "$NS_B" link set peer0 down
wait_until 10 ha_link_down b || fail "the secondary's link stayed up with the peer link down"
BEFORE=$(ha_counter b sync-leases-pulled)
wait_until 20 silent_past 6000 || fail "the secondary heard its partner within 6 s of the cut"
STATE_CUT=$(ha_state b)
ha_perfdhcp "$RELAY1" "$DHCP_B" 200 4 2000 "$HA_TMP/cut.perfdhcp"
CUT_ACKS=$(acks "$HA_TMP/cut.perfdhcp")
STATE_AFTER_LOAD=$(ha_state b)
if [ "$BEFORE" -lt "$LEASES" ] && [ "$STATE_CUT" = startup ] && [ "$STATE_AFTER_LOAD" = startup ] &&
    [ "${CUT_ACKS:-0}" = 0 ]; then
    pass "cut after $BEFORE of $LEASES leases, 6 s and more: the secondary stays in startup" \
        "and leased nothing to 2000 relayed clients"
else
    fail "cut after $BEFORE leases: state $STATE_CUT then $STATE_AFTER_LOAD, $CUT_ACKS ACKs" \
        "from the secondary"
fi
CONFLICTS=$(conflicts)
[ "$CONFLICTS" = 0 ] && pass "no address on the secondary that the primary holds for another client" ||
    fail "$CONFLICTS addresses on the secondary held by the primary for another client"

# 2. The link comes back: the pull resumes and finishes.
ip -n "$NS_B" link set peer0 up
ha_wait_state b normal 240 && ha_wait_state a normal 10 || fail "pair not normal after the pull"
if wait_until 20 ha_same_tables "$LEASES"; then
    pass "pull finished: both lease files hold the same $(wc -l <"$HA_TMP/a.table") leases" \
        "(resumed $(ha_counter b sync-pulls-resumed) time(s))"
else
    fail "lease files differ: a=$(wc -l <"$HA_TMP/a.table") b=$(wc -l <"$HA_TMP/b.table")"
fi

# 3. The primary dies: the secondary serves everyone, never an address the primary holds.
ha_kea_stop a KILL
ha_wait_state b partner-down 10 || fail "secondary not in partner-down after the primary's kill"
ha_perfdhcp "$RELAY1" "$DHCP_B" 200 4 2000 "$HA_TMP/down.perfdhcp"
DOWN_ACKS=$(acks "$HA_TMP/down.perfdhcp")
CONFLICTS=$(conflicts)
if [ "${DOWN_ACKS:-0}" -gt 0 ] && [ "$CONFLICTS" = 0 ]; then
    pass "partner-down: the secondary leased to $DOWN_ACKS clients, none an address of the primary's"
else
    fail "partner-down: $DOWN_ACKS ACKs, $CONFLICTS addresses held by the primary for another client"
fi

if [ $FAILED != 0 ]; then
    for n in a b; do echo "--- $n"; grep -E "MAAS_HA_(STATE|SYNC|LINK)" "$HA_TMP/$n/stdout.log" | tail -20; done
fi
exit $FAILED
