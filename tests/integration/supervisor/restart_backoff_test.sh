#!/usr/bin/env bash
# Readiness and restart with exponential backoff, with real processes.
BUILD=$1 source "$(dirname "$0")/lib.sh"
sup_setup
# Room for five restarts (100 ms ... 1.6 s) before the crash-loop limit.
sed -i 's/^crash_loop_deaths: .*/crash_loop_deaths: 8/; s/^restart_backoff_max_ms: .*/restart_backoff_max_ms: 3200/' \
    "$MAAS_ROOT/etc/maas/supervisor.conf"
set_mode region
echo "num_workers: 3" >"$MAAS_ROOT/etc/maas/regiond.conf"
behave maas-regiond-1 slow 1500
behave maas-regiond-2 never-ready
behave maas-regiond-0 crash 150
sup_start

# Readiness: worker 1 is spawned but not ready until its line arrives.
wait_for "regiond-1 spawned" 5 events_at_least maas-regiond-1 start 1
# The status file is written just after the spawn, so wait for it rather than race it.
wait_for "regiond-1 starting before its ready line" 5 state_is regiond-1 starting
wait_for "regiond-1 ready" 5 state_is regiond-1 ready
[ "$(service_field regiond-1 ready)" = true ] || fail "ready flag"
# A child that never writes its line stays starting.
state_is regiond-2 starting || fail "never-ready child must stay starting"
[ "$(service_field regiond-2 ready)" = false ] || fail "never-ready child marked ready"

# Crashing worker: restarted with growing delays 100, 200, 400, 800 ms.
wait_for "four restarts of regiond-0" 15 field_at_least regiond-0 restarts 4
grep -q 'SUP_BACKOFF .*service=regiond-0 delay_ms=100' "$MAAS_ROOT/supervisor.log" || fail "100"
grep -q 'SUP_BACKOFF .*service=regiond-0 delay_ms=200' "$MAAS_ROOT/supervisor.log" || fail "200"
grep -q 'SUP_BACKOFF .*service=regiond-0 delay_ms=400' "$MAAS_ROOT/supervisor.log" || fail "400"
grep -q 'SUP_BACKOFF .*service=regiond-0 delay_ms=800' "$MAAS_ROOT/supervisor.log" || fail "800"
[ "$(service_field regiond-0 last_exit)" = "exit 3" ] || fail "last_exit"
# Spawn times grow: the 4th to 5th start gap (800 ms backoff) beats the 1st to 2nd (100 ms).
mapfile -t starts < <(events | awk '$2 == "maas-regiond-0" && $3 == "start" {print $1}')
gap1=$((starts[1] - starts[0]))
gap4=$((starts[4] - starts[3]))
[ "$gap4" -ge 800 ] || fail "4th restart came after $gap4 ms, before its 800 ms backoff"
[ "$gap4" -gt "$gap1" ] || fail "backoff did not grow: $gap1 ms then $gap4 ms"
# Children get MAAS_ROOT and their worker index.
events | grep -q 'maas-regiond-1 start args --worker-index 1' || fail "worker index argument"
echo "PASS restart_backoff (gaps ${gap1} ms -> ${gap4} ms)"
