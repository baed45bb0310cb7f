#!/bin/bash
# System test of a pull that survives its link: a primary kea-dhcp4 holding 100000 leases and
# an empty secondary pulling them.
#   1. The secondary's bridge port goes down mid-pull (no FIN, no RST) while a client gets a
#      lease from the primary; once it is back, the pull continues after the last page merged
#      (the hook's counters: resumed, no pull from the first page, the leases merged before
#      the cut not pulled again) and both lease files end identical, field by field.
#   2. The primary is killed (-9) mid-pull of a resync and restarted: it comes back in another
#      sync epoch, so the secondary's resumed pull is refused and starts from the first page;
#      both lease files end identical again.
# Usage: ha_resume_test.sh BUILD_DIR   (HA_KEA_MT=1: Kea with packet threads)
set -u
HA_BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
HA_TMP=$(mktemp -d /tmp/maas-ha-resume.XXXXXX)
# shellcheck source=ha_test_lib.sh
. "$HERE/ha_test_lib.sh"
LEASES=100000
CUT_AFTER=20000  # leases merged before the link is cut

check_tables() {  # check_tables WHAT
    if wait_until 20 ha_same_tables "$LEASES"; then
        pass "$1: both lease files hold the same $(wc -l <"$HA_TMP/a.table") leases, field by field"
    else
        fail "$1: lease files differ: a=$(wc -l <"$HA_TMP/a.table") b=$(wc -l <"$HA_TMP/b.table")" \
            "$(diff "$HA_TMP/a.table" "$HA_TMP/b.table" | head -4)"
    fi
}
lease_any() {  # a lease for one of the udhcpc interfaces (a candidate of the partner's half
    local i ip  # of the pool gets no offer in communications-interrupted: the next try does)
    for i in 1 2 3; do
        ip=$(udhcp "u$i") && [ -n "$ip" ] && { echo "$ip"; return 0; }
    done
    return 1
}

ha_topology
[ -n "${HA_KEA_MT:-}" ] && echo "kea-dhcp4 multi-threaded (HA_KEA_MT)"
ha_pair_configs
ha_write_leases "$HA_TMP/a/leases.csv" "$LEASES"
ha_kea_start a "$NS_A" || { fail "primary did not start"; exit 1; }
ha_wait_state a communications-interrupted 20 || fail "primary not serving alone"

# 1. The secondary's port goes down mid-pull and comes back: the pull resumes.
ha_kea_start b "$NS_B" || { fail "secondary did not start"; exit 1; }
wait_until 120 ha_pulled_past "$CUT_AFTER" || { fail "secondary never pulled $CUT_AFTER leases"; exit 1; }
ip -n "$NS_BR" link set pb down
wait_until 10 ha_link_down b || fail "the secondary's link stayed up with its port down"
BEFORE=$(ha_counter b sync-leases-pulled) STARTS=$(ha_counter b sync-pulls-from-start)
STATE_CUT=$(ha_state b)
# A client asks the primary meanwhile. The cut stays shorter than the secondary's
# max-response-delay (5 s), after which a server still in startup would serve alone.
lease_any >"$HA_TMP/cut.ip" &
CLIENT=$!
HA_PIDS+=("$CLIENT")
leased() { [ -s "$HA_TMP/cut.ip" ]; }
wait_until 3 leased
ip -n "$NS_BR" link set pb up
wait "$CLIENT"
CUT_IP=$(cat "$HA_TMP/cut.ip")
[ -n "$CUT_IP" ] || fail "no lease from the primary around the cut"
ha_wait_state b normal 240 && ha_wait_state a normal 10 || fail "pair not normal after the pull"
PULLED=$(ha_counter b sync-leases-pulled)
RESUMED=$(ha_counter b sync-pulls-resumed) REFUSED=$(ha_counter b sync-resumes-refused)
if [ "$BEFORE" -lt "$LEASES" ] && [ "$STATE_CUT" != normal ] && [ "${RESUMED:-0}" -ge 1 ] &&
    [ "$REFUSED" = 0 ] && [ "$(ha_counter b sync-pulls-from-start)" = "$STARTS" ] &&
    [ "$PULLED" -lt $((LEASES + BEFORE / 2)) ] && grep -q MAAS_HA_SYNC_RESUMED "$HA_TMP/b/stdout.log"; then
    pass "cut mid-pull ($STATE_CUT) after $BEFORE leases: resumed $RESUMED time(s), $((PULLED - BEFORE))" \
        "leases pulled after the cut, $PULLED in all ($LEASES + ${CUT_IP:+1 new} held by the primary)"
else
    fail "not resumed: pulled $BEFORE before the cut (state $STATE_CUT), $PULLED in all;" \
        "resumed=$RESUMED refused=$REFUSED from-start $STARTS -> $(ha_counter b sync-pulls-from-start)"
fi
if [ -n "$CUT_IP" ] && grep -q "^$CUT_IP " <(ha_lease_table "$HA_TMP/b/leases.csv"); then
    pass "the lease made during the cut ($CUT_IP) reached the secondary"
else
    fail "the lease made during the cut ($CUT_IP) is not on the secondary"
fi
check_tables "after the resumed pull"

# 2. A resync; the primary killed and restarted mid-pull: another epoch, a pull from the start.
STARTS=$(ha_counter b sync-pulls-from-start) BASE=$(ha_counter b sync-leases-pulled)
ha_cmd b '{"command": "maas-ha-resync"}' >/dev/null
wait_until 120 ha_pulled_past $((BASE + CUT_AFTER)) || fail "the resync never pulled $CUT_AFTER leases"
ha_kea_stop a KILL
wait_until 10 ha_link_down b || fail "the secondary's link stayed up with the primary dead"
ha_kea_start a "$NS_A" || { fail "primary did not restart"; exit 1; }
ha_wait_state b normal 240 && ha_wait_state a normal 240 || fail "pair not normal after the restart"
REFUSED=$(ha_counter b sync-resumes-refused)
if [ "${REFUSED:-0}" -ge 1 ] && [ "$(ha_counter b sync-pulls-from-start)" -gt $((STARTS + 1)) ] &&
    grep -q MAAS_HA_SYNC_START_OVER "$HA_TMP/b/stdout.log"; then
    pass "restarted primary: its new epoch refused the resume ($REFUSED), the pull started over"
else
    fail "restarted primary: refused=$REFUSED from-start $STARTS -> $(ha_counter b sync-pulls-from-start)"
fi
check_tables "after the restarted primary"

if [ $FAILED != 0 ]; then
    for n in a b; do echo "--- $n"; grep -E "MAAS_HA_(STATE|SYNC|LINK)" "$HA_TMP/$n/stdout.log" | tail -20; done
fi
exit $FAILED
