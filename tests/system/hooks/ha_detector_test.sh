#!/bin/bash
# System test of the HA hook's failure detector: two kea-dhcp4 with libmaas_dhcp_ha.so (default
# detector parameters) in network namespaces, perfdhcp load and real clients.
#   1. 60 s of load with 50 ms +- 50 ms of delay on the peer link (jitter_relay): no state change.
#   2. A 300 ms blip of the primary's link: no state change, or normal again within 1 s of its
#      end, nothing lost, no full resync.
#   3. The primary's host goes silent (its link down, no FIN or RST): the secondary serves new
#      clients, 0 leases lost, 0 addresses on two clients, renewals keep their addresses.
# Usage: ha_detector_test.sh BUILD_DIR   (HA_JITTER_SECONDS, HA_JITTER_RATE shorten or lighten 1)
set -u
HA_BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
HA_TMP=$(mktemp -d /tmp/maas-ha-detector.XXXXXX)
# shellcheck source=ha_test_lib.sh
. "$HERE/ha_test_lib.sh"
JITTER_SECONDS=${HA_JITTER_SECONDS:-60}
JITTER_RATE=${HA_JITTER_RATE:-800}
RELAY_ADDR=192.0.2.3

state_changes() { grep -c MAAS_HA_STATE_CHANGE "$HA_TMP/$1/stdout.log"; }
normal_since() {  # epoch seconds of NAME's last change to normal (Kea's local timestamp)
    date -d "$(grep MAAS_HA_STATE_CHANGE "$HA_TMP/$1/stdout.log" | grep ' to=normal' |
        tail -1 | cut -d' ' -f1,2)" +%s.%N
}
status_field() {  # status_field NAME FIELD: a number of maas-ha-status
    ha_cmd "$1" '{"command": "maas-ha-status"}' | sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" | head -1
}
both_normal() { [ "$(ha_state a)" = normal ] && [ "$(ha_state b)" = normal ]; }
start_pair() {
    ha_kea_start a "$NS_A" && ha_kea_start b "$NS_B" && ha_wait_state a normal 20 &&
        ha_wait_state b normal 20
}
# sniff SECONDS: DHCPACKs seen by the clients' namespace, "<time> <server> <ip> <mac>" in $HA_TMP/acks
sniff() {
    ip netns exec "$NS_C" "$HA_BUILD/tests/ha_probe" sniff eth0 "$1" >"$HA_TMP/acks" 2>"$HA_TMP/sniff.err" &
    SNIFF=$!
    HA_PIDS+=("$SNIFF")
    wait_until 5 grep -q sniffing "$HA_TMP/sniff.err" || fail "sniffer did not start"
}
# Leases the primary ACKed that the secondary does not hold.
lost_on_b() {
    ha_leases b >"$HA_TMP/b.leases"
    awk -v a="$ADDR_A" '$2 == a {print $3}' "$HA_TMP/acks" | sort -u >"$HA_TMP/acked-by-a"
    comm -23 "$HA_TMP/acked-by-a" "$HA_TMP/b.leases" | wc -l
}
# Addresses ACKed to more than one client (by either server).
duplicates() { awk '{print $3, $4}' "$HA_TMP/acks" | sort -u | awk '{print $1}' | uniq -d | wc -l; }

ha_topology
ip -n "$NS_C" addr add "$RELAY_ADDR/24" dev eth0
ha_new_secret

# 1. No flapping: the peer link runs through a relay adding 0-100 ms to every chunk, in order.
# 5000 clients come back again and again: the load stays full, the lease set small enough for
# the next step's startup pull.
ip netns exec "$NS_C" "$HA_BUILD/tests/jitter_relay" "$RELAY_ADDR" 647 "$ADDR_B" 647 100 \
    $((JITTER_SECONDS + 60)) 2>"$HA_TMP/relay.err" &
RELAY=$!
HA_PIDS+=("$RELAY")
wait_until 5 grep -q listening "$HA_TMP/relay.err" || fail "relay did not start"
HA_PEER_VIA=$RELAY_ADDR ha_kea_config a ours primary "$HA_TMP/secret"
HA_PEER_VIA=$RELAY_ADDR ha_kea_config b ours secondary "$HA_TMP/secret"
start_pair || { fail "pair behind the jitter relay did not reach normal"; exit 1; }
CHANGES_A=$(state_changes a) CHANGES_B=$(state_changes b)
timeout $((JITTER_SECONDS + 30)) ip netns exec "$NS_C" perfdhcp -4 -l "$RELAY1" -r "$JITTER_RATE" \
    -p "$JITTER_SECONDS" -R 5000 -b mac=00:0f:01:00:00:00 "$ADDR_A" >"$HA_TMP/perf1" 2>&1
ACKS=$(awk '/Statistics for: REQUEST-ACK/ {r = 1} r && /received packets:/ {print $3; exit}' "$HA_TMP/perf1")
STATUS_B=$(ha_cmd b '{"command": "maas-ha-status"}')
DETECTOR=$(echo "$STATUS_B" | grep -o '"failure-detector": {[^}]*}')
if [ "$(state_changes a)" = "$CHANGES_A" ] && [ "$(state_changes b)" = "$CHANGES_B" ] &&
    [ "$(status_field a link-losses)" = 0 ] && [ "$(status_field b link-losses)" = 0 ] &&
    [ "${ACKS:-0}" -gt $((JITTER_RATE * JITTER_SECONDS / 2)) ] && both_normal; then
    pass "jitter: ${JITTER_SECONDS} s at ${JITTER_RATE}/s offered ($ACKS ACKs), 0 state changes," \
        "0 link losses; secondary's detector: $DETECTOR"
else
    fail "jitter: state changes a=$(($(state_changes a) - CHANGES_A)) b=$(($(state_changes b) - CHANGES_B))" \
        "link-losses a=$(status_field a link-losses) b=$(status_field b link-losses) acks=$ACKS $DETECTOR"
fi
wait_until 10 same_leases || fail "leases differ after the jitter run"
ha_kea_stop a TERM
ha_kea_stop b TERM
kill "$RELAY" 2>/dev/null
wait "$RELAY" 2>/dev/null

# 2. A 300 ms blip of the primary's link under light load (direct peer link from here on).
ha_kea_config a ours primary "$HA_TMP/secret"
ha_kea_config b ours secondary "$HA_TMP/secret"
start_pair || { fail "direct pair did not reach normal"; exit 1; }
CHANGES_A=$(state_changes a) CHANGES_B=$(state_changes b)
PULLED_A=$(status_field a sync-leases-pulled) PULLED_B=$(status_field b sync-leases-pulled)
sniff 8
ha_perfdhcp "$RELAY1" "$ADDR_A" 100 6 100000 &
LOAD=$!
wait_until 5 grep -q . "$HA_TMP/acks" || fail "no load before the blip"
ip -n "$NS_BR" link set pa down
sleep 0.3  # the fault itself: the link stays down this long
ip -n "$NS_BR" link set pa up
BLIP_END=$(date +%s.%N)
wait "$LOAD" "$SNIFF"
wait_until 2 both_normal
DELTA_A=$(($(state_changes a) - CHANGES_A)) DELTA_B=$(($(state_changes b) - CHANGES_B))
# When the blip changed states: the later of the two servers' last change to normal, from
# their logs, counted from the blip's end.
RECOVERED_S=$(awk -v a="$(normal_since a)" -v b="$(normal_since b)" -v e="$BLIP_END" \
    'BEGIN {m = a > b ? a : b; printf "%.2f", m - e}')
wait_until 5 same_leases
LOST=$(lost_on_b)
if both_normal && [ "$LOST" = 0 ] && [ -s "$HA_TMP/acked-by-a" ] &&
    [ "$(status_field a sync-leases-pulled)" = "$PULLED_A" ] &&
    [ "$(status_field b sync-leases-pulled)" = "$PULLED_B" ] &&
    { [ "$DELTA_A$DELTA_B" = 00 ] || awk -v r="$RECOVERED_S" 'BEGIN {exit !(r <= 1.0)}'; }; then
    pass "blip 300 ms: state changes a=$DELTA_A b=$DELTA_B, both normal ${RECOVERED_S} s after it," \
        "$(wc -l <"$HA_TMP/acked-by-a") ACKed by the primary, lost=0, no full resync"
else
    fail "blip: changes a=$DELTA_A b=$DELTA_B recovered=${RECOVERED_S}s lost=$LOST" \
        "states a=$(ha_state a) b=$(ha_state b) pulled a=$(status_field a sync-leases-pulled)/$PULLED_A"
    for n in a b; do grep 'MAAS_HA_\(LINK\|STATE\|PARTNER\)' "$HA_TMP/$n/stdout.log" | tail -8; done
fi

# 3. The primary's host goes silent under load, with real clients holding leases.
IP1=$(udhcp u1)
dhclient_on u3 -1
dhclient_on u3 -x  # stop its daemon, keep the lease file for the renewal below
IP3=$(sed -n 's/^ *fixed-address \([0-9.]*\);/\1/p' "$HA_TMP/dh.leases" 2>/dev/null | tail -1)
[ -n "$IP1" ] && [ -n "$IP3" ] || fail "clients got no lease before the fault: '$IP1' '$IP3'"
sniff 10
ha_perfdhcp "$RELAY1" "$ADDR_A" 200 7 100000 &
P1=$!
ha_perfdhcp "$RELAY2" "$ADDR_B" 50 7 100000 &
P2=$!
under_load() { [ "$(wc -l <"$HA_TMP/acks")" -ge 200 ]; }
wait_until 5 under_load || fail "load did not start"
DOWN_AT=$(date +%s.%N)
ip -n "$NS_BR" link set pa down
wait "$P1" "$P2" "$SNIFF"
FIRST_B=$(awk -v b="$ADDR_B" -v t="$DOWN_AT" '$2 == b && $1 > t {print $1; exit}' "$HA_TMP/acks")
FAILOVER_S=$(awk -v a="${FIRST_B:-0}" -v b="$DOWN_AT" 'BEGIN {printf "%.2f", a - b}')
LOST=$(lost_on_b)
DUPS=$(duplicates)
if [ -n "$FIRST_B" ] && [ "$LOST" = 0 ] && [ "$DUPS" = 0 ] && [ -s "$HA_TMP/acked-by-a" ] &&
    [ "$(ha_state b)" = communications-interrupted ]; then
    pass "silent primary: secondary answered ${FAILOVER_S} s after the link went down," \
        "$(wc -l <"$HA_TMP/acked-by-a") ACKed by the primary, lost=0, duplicates=0;" \
        "$(grep -o 'MAAS_HA_PARTNER_SILENT.*' "$HA_TMP/b/stdout.log" | tail -1)"
else
    fail "silent primary: first-secondary-ack=$FIRST_B lost=$LOST duplicates=$DUPS state=$(ha_state b)"
fi
IP2=$(udhcp u2)
if [ -n "$IP2" ] && ha_leases b | grep -qx "$IP2"; then
    pass "new client leased $IP2 from the secondary"
else
    fail "new client got '$IP2' (not on the secondary)"
fi
RENEW1=$(udhcp u1 -r "$IP1")
dhclient_on u3 -1  # INIT-REBOOT: REQUEST for the address of its lease file
dhclient_on u3 -x
RENEW3=$(sed -n 's/^ *fixed-address \([0-9.]*\);/\1/p' "$HA_TMP/dh.leases" 2>/dev/null | tail -1)
if [ "$RENEW1" = "$IP1" ] && [ "$RENEW3" = "$IP3" ]; then
    pass "renewals kept their addresses: udhcpc $IP1, dhclient $IP3"
else
    fail "renewals: udhcpc $IP1 -> '$RENEW1', dhclient $IP3 -> '$RENEW3'"
fi

if [ $FAILED != 0 ]; then
    for n in a b; do echo "--- $n"; tail -20 "$HA_TMP/$n/stdout.log" "$HA_TMP/$n/kea.log" 2>/dev/null; done
fi
exit $FAILED
