#!/usr/bin/env bash
# A child that dies too often too fast is marked failed and no longer restarted.
BUILD=$1 source "$(dirname "$0")/lib.sh"
sup_setup
set_mode rack
behave maas-rackd crash 20
sup_start
wait_for "rackd failed" 10 state_is rackd failed
grep -q 'SUP_FAILED' "$MAAS_ROOT/supervisor.log" || fail "no SUP_FAILED log"
n=$(count_events maas-rackd start)
[ "$n" -eq 4 ] || fail "expected 4 starts before failing (crash_loop_deaths 4), got $n"
# An absence can only be watched for a while: 1.5 s covers the longest restart backoff the
# configuration allows (restart_backoff_max_ms 800), so a restart would have shown by then.
sleep 1.5
[ "$(count_events maas-rackd start)" -eq "$n" ] || fail "failed service was restarted"
[ "$(service_field rackd pid)" = null ] || fail "failed service has a pid"
# An operator start tries again with a clean history.
behave maas-rackd ready
ctl "start rackd" >/dev/null || fail "start rackd refused"
wait_for "rackd ready again" 5 state_is rackd ready
echo "PASS crash_loop"
