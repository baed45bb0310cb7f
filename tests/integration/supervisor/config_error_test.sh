#!/usr/bin/env bash
# A child that exits 78 (its configuration cannot work) is marked failed at its first death, says
# why, and is not started again until an operator starts it (after fixing the configuration).
BUILD=$1 source "$(dirname "$0")/lib.sh"
sup_setup
set_mode rack
behave maas-rackd config-error
sup_start
wait_for "rackd failed" 10 state_is rackd failed
[ "$(count_events maas-rackd start)" -eq 1 ] ||
    fail "expected one start before failing, got $(count_events maas-rackd start)"
[ "$(service_field rackd last_exit)" = "configuration error (exit 78)" ] ||
    fail "last_exit: $(service_field rackd last_exit)"
grep -q 'SUP_FAILED' "$MAAS_ROOT/supervisor.log" || fail "no SUP_FAILED log"
# The operator fixes the configuration and starts it.
behave maas-rackd ready
ctl "start rackd" >/dev/null || fail "start rackd refused"
wait_for "rackd ready after the fix" 5 state_is rackd ready
[ "$(count_events maas-rackd start)" -eq 2 ] || fail "expected two starts in all"
echo "PASS config_error"
