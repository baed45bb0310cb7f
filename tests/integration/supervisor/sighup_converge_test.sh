#!/usr/bin/env bash
# SIGHUP re-reads mode and config and converges; a bad reload keeps the running plan.
BUILD=$1 source "$(dirname "$0")/lib.sh"
sup_setup
set_mode rack
sup_start
wait_for "rackd ready" 5 state_is rackd ready
rack_pid=$(service_field rackd pid)

set_mode region+rack
echo "num_workers: 2" >"$MAAS_ROOT/etc/maas/regiond.conf"
kill -HUP "$SUP_PID"
wait_for "regiond-1 ready" 5 state_is regiond-1 ready
state_is regiond-0 ready || fail "regiond-0"
[ "$(service_field rackd pid)" = "$rack_pid" ] || fail "rackd restarted though rackd.conf unchanged"

set_mode region
echo "num_workers: 1" >"$MAAS_ROOT/etc/maas/regiond.conf"
kill -HUP "$SUP_PID"
wait_for "rackd gone" 5 absent rackd
wait_for "regiond-1 gone" 5 absent regiond-1
[ "$(count_events maas-rackd exit)" -ge 1 ] || fail "rackd was not stopped"

# A broken config is refused as a whole; the running services stay.
echo "num_workers: lots" >"$MAAS_ROOT/etc/maas/regiond.conf"
kill -HUP "$SUP_PID"
wait_for "reload refused" 5 grep -q 'SUP_RELOAD_FAILED .*num_workers: must be an integer' \
    "$MAAS_ROOT/supervisor.log"
state_is regiond-0 ready || fail "bad reload disturbed regiond-0"
[ "$(jq -r .mode "$MAAS_ROOT/run/maas/supervisor.status")" = region ] || fail "mode"
echo "PASS sighup_converge"
