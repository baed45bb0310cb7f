#!/bin/bash
# Nothing is lost while rackd itself restarts, on a single rack (no partner whose rackd reports
# the same leases): dhcp_pair_env.sh with RACKS=1 (region, rack A under its supervisor with
# kea-dhcp4 and the hook standalone, udhcpc clients in namespaces). rackd is killed (-9) and
# held down by the supervisor, clients take new leases meanwhile, then rackd starts again: every
# lease made while it was down reaches the region (`maas admin ipaddresses read all=true`),
# and the hook gave none up.
P="mdr$$"
CLIENTS=3
RACKS=1
source "$(dirname "$0")/dhcp_pair_env.sh"

lease_with_mac() {  # lease_with_mac K MAC: a DORA on uK as MAC; prints "IP MAC"
    ip -n "$NS_C" link set "u$1" down
    ip -n "$NS_C" link set "u$1" address "$2"
    ip -n "$NS_C" link set "u$1" up
    local got; got=$(udhcp "u$1" | cut -d' ' -f1)
    [ -n "$got" ] || fail "u$1 ($2) got no lease"
    echo "$got $2"
}
listed_all() { [ -z "$(comm -23 <(sort "$1") <(region_leases))" ]; }

for k in 1 2 3; do lease_with_mac "$k" "$(printf '02:6e:00:00:00:%02x' "$k")"; done >"$WORK/before"
wait_for "the leases before the restart listed" 30 listed_all "$WORK/before"

kea_pid() { jq -r '.services[] | select(.name == "kea-dhcp4") | .pid' "$RA/run/maas/supervisor.status"; }
KEA=$(kea_pid)
RACKD=$(rackd_pid)
kill -KILL "$RACKD"
ctl "$RA" "stop rackd" >/dev/null  # held down until started again
rackd_down() { [ "$(rackd_state)" = down ] && ! kill -0 "$RACKD" 2>/dev/null; }
wait_for "rackd killed and held down" 15 rackd_down
log "rackd killed"

for k in 1 2 3; do lease_with_mac "$k" "$(printf '02:6e:00:00:01:%02x' "$k")"; done >"$WORK/during"
check "rackd stayed down while the clients leased" "down" "$(rackd_state)"
check "kea-dhcp4 served on (same process)" "$KEA" "$(kea_pid)"
log "$(wc -l <"$WORK/during") leases made while rackd was down"

ctl "$RA" "start rackd" >/dev/null
wait_for "every lease made while rackd was down listed" 60 listed_all "$WORK/during"
check "no lease listed twice" "" "$(region_leases | cut -d' ' -f1 | uniq -d)"
finish
