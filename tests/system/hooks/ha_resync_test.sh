#!/bin/bash
# System test of a resync at scale: a primary kea-dhcp4 holding 100000 leases (a memfile lease
# file written before it starts) and an empty secondary started next to it. While the
# secondary pulls, real udhcpc clients keep getting leases from the primary, one after
# another; afterwards both lease files end with the same lease set, field by field.
# Usage: ha_resync_test.sh BUILD_DIR   (HA_KEA_MT=1: Kea with packet threads)
set -u
HA_BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
HA_TMP=$(mktemp -d /tmp/maas-ha-resync.XXXXXX)
# shellcheck source=ha_test_lib.sh
. "$HERE/ha_test_lib.sh"
LEASES=100000

ha_topology
[ -n "${HA_KEA_MT:-}" ] && echo "kea-dhcp4 multi-threaded (HA_KEA_MT)"
ha_pair_configs
ha_write_leases "$HA_TMP/a/leases.csv" "$LEASES"

# 1. The primary alone loads its leases and serves (communications-interrupted).
ha_kea_start a "$NS_A" || { fail "primary did not start"; exit 1; }
ha_wait_state a communications-interrupted 20 && pass "primary serving alone with $LEASES leases" ||
    fail "primary not in communications-interrupted"

# 2. The empty secondary starts and pulls; real clients are served by the primary meanwhile.
ha_kea_start b "$NS_B" || { fail "secondary did not start"; exit 1; }
pulling() { [ "$(ha_state b)" = sync ]; }
wait_until 20 pulling || fail "secondary never pulled (is $(ha_state b))"
SERVED=0 REFUSED=0
for i in $(seq 1 200); do  # bounded: the pull ends long before 200 exchanges
    pulling || break
    iface=u$((i % 3 + 1))
    if [ -n "$(udhcp "$iface")" ]; then SERVED=$((SERVED + 1)); else REFUSED=$((REFUSED + 1)); fi
done
ha_wait_state b normal 240 && ha_wait_state a normal 10 || fail "pair not normal after the pull"
if [ "$SERVED" -gt 0 ] && [ "$REFUSED" = 0 ]; then
    pass "during the pull the primary served $SERVED udhcpc exchanges, refused none"
else
    fail "during the pull: served=$SERVED refused=$REFUSED"
fi

# 3. A client after the pull reaches both servers' lease files at once (normal, parked ACK).
IP=$(udhcp u1)
[ -n "$IP" ] || fail "no lease after the pull"

# 4. Both lease files end with the same leases, field by field; all of the primary's are there.
same_tables() {
    ha_lease_table "$HA_TMP/a/leases.csv" > "$HA_TMP/a.table"
    ha_lease_table "$HA_TMP/b/leases.csv" > "$HA_TMP/b.table"
    [ "$(wc -l < "$HA_TMP/a.table")" -gt "$LEASES" ] && cmp -s "$HA_TMP/a.table" "$HA_TMP/b.table"
}
if wait_until 10 same_tables; then
    pass "both lease files hold the same $(wc -l < "$HA_TMP/a.table") leases, field by field"
else
    fail "lease files differ: a=$(wc -l < "$HA_TMP/a.table") b=$(wc -l < "$HA_TMP/b.table")" \
        "$(diff "$HA_TMP/a.table" "$HA_TMP/b.table" | head -4)"
fi
STATUS=$(ha_cmd b '{"command": "maas-ha-status"}')
status_counter() { sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" <<<"$STATUS"; }
PULLED=$(status_counter sync-leases-pulled)
STARTS=$(status_counter sync-pulls-from-start)
LOSSES=$(grep -c MAAS_HA_LINK_DOWN "$HA_TMP/b/stdout.log")
# A loaded host can starve the heartbeats of a pulling server; what must hold even then is that
# the pull is never begun again: a lost link resumes it after the last page merged.
if [ "$LOSSES" = 0 ] && [ "$STARTS" = 1 ]; then
    pass "pulled $PULLED leases without losing the peer link"
elif [ "$STARTS" = 1 ] && [ "$PULLED" -lt $((2 * LEASES)) ]; then
    pass "the peer link was lost $LOSSES times under load; the pull resumed each time" \
        "(begun once, $PULLED leases pulled)"
else
    fail "the pull was begun $STARTS times over $LOSSES link losses (pulled $PULLED)"
fi

if [ $FAILED != 0 ]; then
    for n in a b; do echo "--- $n"; tail -20 "$HA_TMP/$n/stdout.log" "$HA_TMP/$n/kea.log" 2>/dev/null; done
fi
exit $FAILED
