#!/bin/bash
# System test of the HA hook: two kea-dhcp4 with libmaas_dhcp_ha.so in network namespaces,
# real udhcpc clients and perfdhcp load. Usage: ha_pair_test.sh BUILD_DIR
set -u
HA_BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
HA_TMP=$(mktemp -d /tmp/maas-ha-test.XXXXXX)
# shellcheck source=ha_test_lib.sh
. "$HERE/ha_test_lib.sh"

has_lease() { ha_leases "$1" | grep -qx "$2"; }
select_callout() {  # whether NAME's lease4_select callout is registered: on, off or always-on
    ha_cmd "$1" '{"command": "maas-ha-status"}' | sed -n 's/.*"lease4-select": "\([a-z-]*\)".*/\1/p'
}
# Without packet threads lease4_select is registered only while the state can restrict an
# allocation; with them it stays registered.
SELECT_NORMAL=off SELECT_RESTRICTED=on
[ -z "${HA_KEA_MT:-}" ] || SELECT_NORMAL=always-on SELECT_RESTRICTED=always-on

ha_topology
[ -n "${HA_KEA_MT:-}" ] && echo "kea-dhcp4 multi-threaded (HA_KEA_MT)"
ha_new_secret
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$HA_TMP/wrong"; echo >> "$HA_TMP/wrong"
ha_kea_config a ours primary "$HA_TMP/secret"
ha_kea_config b ours secondary "$HA_TMP/secret"

# 1. Both start, authenticate, pull each other's (empty) leases and reach normal.
ha_kea_start a "$NS_A" && ha_kea_start b "$NS_B" || { fail "kea did not start"; exit 1; }
ha_wait_state a normal 15 && ha_wait_state b normal 15 && pass "pair reached normal" ||
    fail "pair did not reach normal"

# 2. A real client's lease reaches the partner before the client gets its ACK.
IP1=$(udhcp u1)
if [ -n "$IP1" ] && has_lease a "$IP1" && has_lease b "$IP1"; then
    pass "udhcpc lease $IP1 on both servers"
else
    fail "udhcpc lease '$IP1' not on both servers"
fi
if [ "$(select_callout a)" = "$SELECT_NORMAL" ] && [ "$(select_callout b)" = "$SELECT_NORMAL" ]; then
    pass "normal: lease4_select $SELECT_NORMAL on both"
else
    fail "normal: lease4_select a=$(select_callout a) b=$(select_callout b), not $SELECT_NORMAL"
fi

# 3. Load: every lease the primary made is on the secondary.
ha_perfdhcp "$RELAY1" "$ADDR_A" 200 3 300
if wait_until 5 same_leases; then
    pass "perfdhcp: $(wc -l < "$HA_TMP/a.leases") leases identical on both"
else
    fail "perfdhcp leases differ: a=$(wc -l < "$HA_TMP/a.leases") b=$(wc -l < "$HA_TMP/b.leases")"
fi
# ... field by field as Kea reports them (client-id, cltt, hw-address; perfdhcp sends client-ids).
lease_fields() {
    ha_cmd "$1" '{"command": "lease4-get-all"}' |
        grep -o '"client-id": "[0-9a-f:]*", "cltt": [0-9]*, [^}]*"hw-address": "[0-9a-f:]*", "ip-address": "[0-9.]*"' |
        sort
}
lease_fields a > "$HA_TMP/a.fields"; lease_fields b > "$HA_TMP/b.fields"
if [ "$(wc -l < "$HA_TMP/a.fields")" -ge "$(wc -l < "$HA_TMP/a.leases")" ] &&
    diff -q "$HA_TMP/a.fields" "$HA_TMP/b.fields" >/dev/null; then
    pass "client-id, cltt and hw-address of every lease identical on both"
else
    fail "lease fields differ: $(diff "$HA_TMP/a.fields" "$HA_TMP/b.fields" | head -4)"
fi

# 4. Release replicates (dhclient: it sends the RELEASE from its lease file).
dh() { dhclient_on u3 "$@"; }
dh -1
IP3=$(sed -n 's/^ *fixed-address \([0-9.]*\);/\1/p' "$HA_TMP/dh.leases" 2>/dev/null | tail -1)
if [ -n "$IP3" ] && has_lease a "$IP3" && has_lease b "$IP3"; then
    dh -r
    released() { ! has_lease a "$IP3" && ! has_lease b "$IP3"; }
    if wait_until 5 released; then
        pass "dhclient release of $IP3 replicated"
    else
        fail "release of $IP3 not replicated"
    fi
else
    fail "dhclient lease '$IP3' not on both servers"
fi

# 5. A fresh, empty secondary pulls every lease before answering.
ha_kea_stop b TERM
rm -f "$HA_TMP"/b/leases.csv*
ha_wait_state a communications-interrupted 10 || fail "primary did not notice the secondary left"
ha_perfdhcp "$RELAY1" "$ADDR_A" 100 1 100  # made while the secondary is away: backlog
ha_kea_start b "$NS_B" || fail "secondary restart"
ha_wait_state b normal 20 && ha_wait_state a normal 10 || fail "pair not normal after restart"
ha_leases a > "$HA_TMP/a.leases"; ha_leases b > "$HA_TMP/b.leases"
if diff -q "$HA_TMP/a.leases" "$HA_TMP/b.leases" >/dev/null; then
    pass "fresh secondary resynced $(wc -l < "$HA_TMP/b.leases") leases"
else
    fail "resync incomplete: a=$(wc -l < "$HA_TMP/a.leases") b=$(wc -l < "$HA_TMP/b.leases")"
fi

# 6. Wrong secret: refused; the primary keeps serving in communications-interrupted.
ha_kea_stop b TERM
ha_kea_config b ours secondary "$HA_TMP/wrong"
ha_kea_start b "$NS_B" || fail "secondary restart (wrong secret)"
auth_refused() {
    STATUS=$(ha_cmd a '{"command": "maas-ha-status"}')
    echo "$STATUS" | grep -q '"link": "down"' && ! echo "$STATUS" | grep -q '"auth-failures": 0'
}
wait_until 10 auth_refused
IP2=$(udhcp u2)
if echo "$STATUS" | grep -q '"link": "down"' && ! echo "$STATUS" | grep -q '"auth-failures": 0' &&
    [ "$(ha_state a)" = communications-interrupted ] && [ -n "$IP2" ]; then
    pass "wrong secret refused; primary served $IP2 in communications-interrupted"
else
    fail "wrong secret: state=$(ha_state a) client=$IP2 status=$STATUS"
fi
[ "$(ha_state b)" = startup ] || fail "secondary with wrong secret left startup: $(ha_state b)"
ha_kea_stop b TERM
ha_kea_config b ours secondary "$HA_TMP/secret"
ha_kea_start b "$NS_B" && ha_wait_state b normal 20 && ha_wait_state a normal 10 ||
    fail "pair not normal again"

# 7. Partition between the servers while clients reach both: each allocates only from its own
# half of the free pool, so no address goes to two clients; after healing, the backlogs replay.
ip -n "$NS_A" route add blackhole "$ADDR_B/32"
ip -n "$NS_B" route add blackhole "$ADDR_A/32"
ha_wait_state a communications-interrupted 12 && ha_wait_state b communications-interrupted 12 ||
    fail "partition not detected"
timeout 60 ip netns exec "$NS_C" perfdhcp -4 -l "$RELAY1" -r 100 -p 2 -R 150 \
    -b mac=00:0e:01:00:00:00 "$ADDR_A" >/dev/null 2>&1 &
P1=$!
timeout 60 ip netns exec "$NS_C" perfdhcp -4 -l "$RELAY2" -r 100 -p 2 -R 150 \
    -b mac=00:0e:02:00:00:00 "$ADDR_B" >/dev/null 2>&1
wait "$P1"
ha_cmd a '{"command": "lease4-get-all"}' | grep -o '"hw-address": "[0-9a-f:]*", "ip-address": "[0-9.]*"' |
    sed 's/.*"hw-address": "\([0-9a-f:]*\)", "ip-address": "\([0-9.]*\)"/\2 \1/' | sort > "$HA_TMP/a.pairs"
ha_cmd b '{"command": "lease4-get-all"}' | grep -o '"hw-address": "[0-9a-f:]*", "ip-address": "[0-9.]*"' |
    sed 's/.*"hw-address": "\([0-9a-f:]*\)", "ip-address": "\([0-9.]*\)"/\2 \1/' | sort > "$HA_TMP/b.pairs"
CONFLICTS=$(join "$HA_TMP/a.pairs" "$HA_TMP/b.pairs" | awk '$2 != $3' | wc -l)
NEW_A=$(grep -c ' 00:0e:01' "$HA_TMP/a.pairs")
NEW_B=$(grep -c ' 00:0e:02' "$HA_TMP/b.pairs")
if [ "$CONFLICTS" = 0 ] && [ "$NEW_A" -gt 0 ] && [ "$NEW_B" -gt 0 ]; then
    pass "partition: a leased $NEW_A, b leased $NEW_B new clients, no address on two clients"
else
    fail "partition: conflicts=$CONFLICTS new-a=$NEW_A new-b=$NEW_B"
fi
if [ "$(select_callout a)" = "$SELECT_RESTRICTED" ] &&
    [ "$(select_callout b)" = "$SELECT_RESTRICTED" ]; then
    pass "partition: lease4_select $SELECT_RESTRICTED on both"
else
    fail "partition: lease4_select a=$(select_callout a) b=$(select_callout b)"
fi
ip -n "$NS_A" route del blackhole "$ADDR_B/32"
ip -n "$NS_B" route del blackhole "$ADDR_A/32"
ha_wait_state a normal 20 && ha_wait_state b normal 20 || fail "pair not normal after the partition"
if wait_until 5 same_leases; then
    pass "after the partition both hold the same $(wc -l < "$HA_TMP/a.leases") leases"
else
    fail "after the partition: a=$(wc -l < "$HA_TMP/a.leases") b=$(wc -l < "$HA_TMP/b.leases")"
fi

# 8. kill -9 the primary under load: the secondary takes over with every ACKed lease.
ip netns exec "$NS_C" "$HA_BUILD/tests/ha_probe" sniff eth0 9 > "$HA_TMP/acks" 2> "$HA_TMP/sniff.err" &
SNIFF=$!
HA_PIDS+=("$SNIFF")
wait_until 5 grep -q 'sniffing' "$HA_TMP/sniff.err" || fail "sniffer did not start"
ha_perfdhcp "$RELAY1" "$ADDR_A" 200 6 100000 &
P1=$!
ha_perfdhcp "$RELAY2" "$ADDR_B" 50 6 100000 &
P2=$!
# Kill once the load is well under way: a few hundred ACKs seen by the sniffer.
under_load() { [ "$(wc -l < "$HA_TMP/acks")" -ge 300 ]; }
wait_until 5 under_load || fail "load did not start"
KILLED_AT=$(date +%s.%N)
ha_kea_stop a KILL
wait "$P1" "$P2" "$SNIFF"
ha_leases b > "$HA_TMP/b.leases"
awk -v a="$ADDR_A" '$2 == a {print $3}' "$HA_TMP/acks" | sort -u > "$HA_TMP/acked-by-a"
LOST=$(comm -23 "$HA_TMP/acked-by-a" "$HA_TMP/b.leases" | wc -l)
FIRST_B=$(awk -v b="$ADDR_B" -v t="$KILLED_AT" '$2 == b && $1 > t {print $1; exit}' "$HA_TMP/acks")
B_STATE=$(ha_state b)
if [ "$(wc -l < "$HA_TMP/acked-by-a")" -gt 0 ] && [ "$LOST" = 0 ] && [ -n "$FIRST_B" ] &&
    [ "$B_STATE" = partner-down ]; then
    pass "kill -9: $(wc -l < "$HA_TMP/acked-by-a") ACKed by primary, lost=0, secondary in partner-down," \
        "secondary answered after $(awk -v a="$FIRST_B" -v b="$KILLED_AT" 'BEGIN {printf "%.3f", a - b}') s"
else
    fail "kill -9: acked=$(wc -l < "$HA_TMP/acked-by-a") lost=$LOST" \
        "first-secondary-ack=$FIRST_B secondary-state=$B_STATE"
fi

# 9. The killed primary comes back: it pulls what the secondary handed out alone, then both
# return to normal with identical leases.
ha_kea_start a "$NS_A" || fail "primary restart"
ha_wait_state a normal 30 && ha_wait_state b normal 15 || fail "pair not normal after recovery"
if wait_until 5 same_leases; then
    pass "restarted primary resynced; both hold the same $(wc -l < "$HA_TMP/a.leases") leases"
else
    fail "after recovery: a=$(wc -l < "$HA_TMP/a.leases") b=$(wc -l < "$HA_TMP/b.leases")"
fi

if [ $FAILED != 0 ]; then
    for n in a b; do echo "--- $n"; tail -20 "$HA_TMP/$n/stdout.log" "$HA_TMP/$n/kea.log" 2>/dev/null; done
fi
exit $FAILED
