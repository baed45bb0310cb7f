#!/usr/bin/env bash
# SIGTERM stops rack before region, waits for each tier, and SIGKILLs after the grace period.
BUILD=$1 source "$(dirname "$0")/lib.sh"
sup_setup
set_mode region+rack
echo "num_workers: 2" >"$MAAS_ROOT/etc/maas/regiond.conf"
behave maas-rackd term-delay 400
behave maas-regiond-1 hang
sup_start
for s in rackd regiond-0 regiond-1; do wait_for "$s ready" 5 state_is "$s" ready; done
ctl "start kea-dhcp4 $MAAS_ROOT/kea.conf" >/dev/null || fail "start kea"
wait_for "kea started" 5 events_at_least kea-dhcp4 start 1
kill -TERM "$SUP_PID"
wait_for "the supervisor to exit within 5 s of SIGTERM" 5 pid_gone "$SUP_PID"
wait "$SUP_PID" || fail "supervisor exit code $?"
SUP_PID=""
t() { events | awk -v n="$1" -v w="$2" '$2 == n && $3 == w {print $1; exit}'; }
rack_exit=$(t maas-rackd exit)
kea_exit=$(t kea-dhcp4 exit)
region_term=$(t maas-regiond-0 term)
[ -n "$rack_exit" ] && [ -n "$region_term" ] && [ -n "$kea_exit" ] || fail "missing events"
[ "$region_term" -ge "$rack_exit" ] || fail "region stopped before rack had exited"
[ "$region_term" -ge "$kea_exit" ] || fail "region stopped before kea had exited"
grep -q 'SUP_KILLED .*service=regiond-1' "$MAAS_ROOT/supervisor.log" ||
    fail "hanging worker not killed after grace"
[ "$(count_events maas-regiond-1 exit)" -eq 0 ] || fail "hang child exited by itself"
grep -q SUP_SHUTDOWN_DONE "$MAAS_ROOT/supervisor.log" || fail "no SUP_SHUTDOWN_DONE"
echo "PASS ordered_shutdown"
