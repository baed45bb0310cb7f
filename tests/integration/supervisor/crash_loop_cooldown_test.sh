#!/usr/bin/env bash
# A service marked failed after a crash loop is tried again by itself once its cool-down
# (failed_retry_s) is over; the status file and `maas status` say when.
BUILD=$1 source "$(dirname "$0")/lib.sh"
sup_setup
echo "failed_retry_s: 5" >>"$MAAS_ROOT/etc/maas/supervisor.conf"
set_mode rack
behave maas-rackd crash 20
sup_start
wait_for "rackd failed" 10 state_is rackd failed
retry_at=$(service_field rackd retry_at)
[ "$retry_at" != null ] || fail "no retry_at for a failed service"
"$MAAS" status >"$MAAS_ROOT/status.out" 2>&1 || true
grep -q "crash loop, tried again at $retry_at" "$MAAS_ROOT/status.out" ||
    fail "maas status does not say when: $(cat "$MAAS_ROOT/status.out")"
n=$(count_events maas-rackd start)
# Now it would run: the cool-down brings it back without an operator.
behave maas-rackd ready
wait_for "rackd ready after the cool-down" 15 state_is rackd ready
[ "$(count_events maas-rackd start)" -gt "$n" ] || fail "no start after the cool-down"
grep -q 'SUP_COOLDOWN_OVER' "$MAAS_ROOT/supervisor.log" || fail "no SUP_COOLDOWN_OVER log"
[ "$(service_field rackd retry_at)" = null ] || fail "retry_at stays after the retry"
echo "PASS crash_loop_cooldown"
