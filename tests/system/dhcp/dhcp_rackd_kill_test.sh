#!/bin/bash
# No lease event is lost or duplicated when rackd is killed (-9) again and again while clients
# lease, on a single rack (hook standalone: no partner's rackd reports the same leases):
# dhcp_pair_env.sh with RACKS=1. udhcpc clients take leases one after another for as long as
# rackd is killed, four times, each time once more leases were granted and restarted by its
# supervisor. Afterwards every lease
# Kea granted is listed by the region (`maas admin ipaddresses read all=true`) once, the hook
# holds nothing unacknowledged and gave nothing up (maas-ha-status and the rack's `maas status`),
# and rackd spooled exactly as many events as the hook had acknowledged lines: none twice,
# though lines were sent again.
P="mdk$$"
CLIENTS=3
RACKS=1
KILLS=4
MACS=30
source "$(dirname "$0")/dhcp_pair_env.sh"

listed_all() { [ -z "$(comm -23 <(sort -u "$1") <(region_leases))" ]; }
lease_with_mac() {  # lease_with_mac K MAC: a DORA on uK as MAC; prints "IP MAC"
    ip -n "$NS_C" link set "u$1" down
    ip -n "$NS_C" link set "u$1" address "$2"
    ip -n "$NS_C" link set "u$1" up
    local got; got=$(udhcp "u$1" | cut -d' ' -f1)
    if [ -n "$got" ]; then echo "$got $2"; fi
}
events() { kea_cmd "$RA" '{"command": "maas-ha-status"}' | jq -r ".arguments[\"lease-events\"].$1"; }
# Events rackd ever spooled: the spool numbers each event it appends and fsyncs before the
# hook's line is acknowledged, and a compacted spool starts with an `a SEQ` record for the
# events it no longer holds, so the highest number is the count, compacted or not.
spooled() {
    awk '$1 == "e" || $1 == "a" { if ($2 + 0 > n) n = $2 + 0 } END { print n + 0 }' \
        "$RA/var/lib/maas/rack/lease-events.spool"
}
settled() { [ "$(events unacked)" = 0 ] && [ "$(events buffered)" = 0 ]; }

lease_with_mac 1 02:6d:00:00:00:01 >"$WORK/before"
wait_for "the first lease listed" 30 listed_all "$WORK/before"
wait_for "the hook settled before the kills" 30 settled
ACKED0=$(events acked) SPOOLED0=$(spooled)
log "before: hook acknowledged $ACKED0 lines, $SPOOLED0 events spooled"

# Clients lease at a steady rate, one after another, in the background, until the kills are
# over, bounded in time rather than in count (a fast host leases ten a second while each rackd
# restart takes seconds): MACs cycle through $MACS, so later rounds renew the same leases.
(
    n=0 stop_at=$((SECONDS + 600))
    while [ "$SECONDS" -lt "$stop_at" ]; do
        n=$((n + 1))
        [ -f "$WORK/kills-done" ] && [ "$n" -gt "$MACS" ] && break
        lease_with_mac $((n % CLIENTS + 1)) "$(printf '02:6d:00:00:01:%02x' $((n % MACS)))"
    done
) >"$WORK/granted" &
CLIENTS_PID=$!
on_fail() { kill "$CLIENTS_PID" 2>/dev/null; }
granted() { wc -l <"$WORK/granted"; }
grown_by() { [ "$(granted)" -ge "$1" ]; }
restarted() { local p; p=$(rackd_pid); [ -n "$p" ] && [ "$p" != "$1" ] && [ "$(rackd_state)" = ready ]; }

for k in $(seq 1 "$KILLS"); do
    wait_for "leases granted before kill $k" 60 grown_by $(($(granted) + 3))
    OLD=$(rackd_pid)
    kill -KILL "$OLD"
    log "kill $k of rackd ($OLD) after $(granted) leases"
    wait_for "rackd restarted by its supervisor after kill $k" 60 restarted "$OLD"
done
touch "$WORK/kills-done"
wait "$CLIENTS_PID"
log "$(granted) leases granted ($(sort -u "$WORK/granted" | wc -l) distinct) while rackd was killed $KILLS times"
[ "$(sort -u "$WORK/granted" | wc -l)" -ge $((MACS * 3 / 4)) ] || fail "only $(sort -u "$WORK/granted" | wc -l) of $MACS clients leased"

wait_for "every lease granted listed" 90 listed_all "$WORK/granted"
check "no lease listed twice" "" "$(region_leases | cut -d' ' -f1 | uniq -d)"
wait_for "the hook settled after the kills" 60 settled
check "the hook gave no line up" "0" "$(events dropped)"
ACKED=$(( $(events acked) - ACKED0 )) SPOOLED=$(( $(spooled) - SPOOLED0 ))
log "after: $ACKED lines acknowledged, $SPOOLED events spooled, $(events resent) lines resent"
check "every acknowledged line spooled once" "$ACKED" "$SPOOLED"
# The operator sees the same counters on the rack.
rack_status_events() { MAAS_ROOT=$RA "$BIN/maas" status 2>/dev/null | grep '^lease-events:'; }
# rackd's relay refreshes the file `maas status` reads every round, so it may first show a
# snapshot from before the hook settled.
WANT="lease-events: hook buffered 0, unacked 0, resent $(events resent), dropped 0"
wait_equal "maas status: nothing waits, nothing dropped ($WANT)" "$WANT" 30 rack_status_events
echo "ok - maas status: nothing waits, nothing dropped"
[ "$ACKED" -ge "$(granted)" ] || fail "fewer lines ($ACKED) than leases ($(granted))"
finish
