#!/usr/bin/env bash
# Control socket commands and the status file.
BUILD=$1 source "$(dirname "$0")/lib.sh"
sup_setup
set_mode rack
sup_start
wait_for "rackd ready" 5 state_is rackd ready

reply=$(ctl status)
echo "$reply" | jq -e '.result == 0 and .text == "ok"' >/dev/null || fail "status envelope: $reply"
echo "$reply" | jq -e '.arguments.mode == "rack"' >/dev/null || fail "status mode"
echo "$reply" | jq -e '.arguments.services[] | select(.name == "rackd") |
    .state == "ready" and .ready and (.pid | type == "number") and .restarts == 0 and
    .last_exit == null' >/dev/null || fail "status rackd: $reply"
[ "$(jq -r .supervisor_pid "$MAAS_ROOT/run/maas/supervisor.status")" = "$SUP_PID" ] ||
    fail "status file pid"

old=$(service_field rackd pid)
ctl "restart rackd" | jq -e '.result == 0' >/dev/null || fail "restart"
wait_for "rackd restarted" 5 field_at_least rackd restarts 1
wait_for "rackd ready" 5 state_is rackd ready
[ "$(service_field rackd pid)" != "$old" ] || fail "same pid after restart"
[ "$(service_field rackd restarts)" = 1 ] || fail "restart count"

ctl "stop rackd" | jq -e '.result == 0' >/dev/null || fail "stop"
wait_for "rackd down" 5 state_is rackd down
ctl '{"command": "start", "arguments": {"service": "rackd"}}' | jq -e '.result == 0' \
    >/dev/null || fail "JSON start"
wait_for "rackd ready" 5 state_is rackd ready

# kea-dhcp4 is started on request with the requester's config path.
out=$(ctl "start kea-dhcp4" || true)
echo "$out" | jq -e '.result == 1 and .text == "kea-dhcp4: needs a configuration path"' \
    >/dev/null || fail "kea without config: $out"
ctl "start kea-dhcp4 $MAAS_ROOT/dhcp/kea.conf" | jq -e '.result == 0' >/dev/null || fail "kea"
wait_for "kea started" 5 grep -q "kea-dhcp4 start args -c $MAAS_ROOT/dhcp/kea.conf" \
    "$MAAS_ROOT/test-events"
wait_for "kea ready" 5 state_is kea-dhcp4 ready
ctl "stop kea-dhcp4" | jq -e '.result == 0' >/dev/null || fail "stop kea"
wait_for "kea down" 5 state_is kea-dhcp4 down

# Refusals use result 1 and say why; exit code 1.
set +e
out=$(ctl "restart nonesuch"); rc=$?
set -e
[ "$rc" = 1 ] || fail "refusal exit code $rc"
echo "$out" | jq -e '.result == 1 and .text == "nonesuch: no such service in this mode"' \
    >/dev/null || fail "unknown service: $out"
out=$(ctl "launch rackd" || true)
echo "$out" | jq -e '.result == 1 and (.text | startswith("unknown command"))' >/dev/null ||
    fail "unknown command: $out"
# The supervisor is unreachable: exit code 3.
set +e
MAAS_ROOT=/nonexistent "$SUPERVISOR" ctl status 2>/dev/null; rc=$?
set -e
[ "$rc" = 3 ] || fail "unreachable exit code $rc"
# A second supervisor on the same root refuses to start and leaves the first one alone.
set +e
out=$("$SUPERVISOR" 2>&1); rc=$?
set -e
[ "$rc" = 1 ] || fail "second supervisor exited $rc"
echo "$out" | grep -q "another supervisor is running" || fail "second supervisor: $out"
ctl status >/dev/null || fail "first supervisor lost its socket"
echo "PASS control_socket"
