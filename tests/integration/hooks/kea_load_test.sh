#!/bin/bash
# Loads the real libmaas_dhcp_ha.so into kea-dhcp4 2.2: `kea-dhcp4 -t`, a real start answering
# maas-ha-status through the control socket, a clean shutdown, and a bad parameter refused
# with an error naming it; the same for role standalone (no partner). Loopback only. Usage: kea_load_test.sh BUILD_DIR
set -u
BUILD=$(cd "$1" && pwd)
TMP=$(mktemp -d /tmp/maas-ha-load.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM
export KEA_PIDFILE_DIR=$TMP KEA_LOCKFILE_DIR=$TMP
HOOKS=/usr/lib/x86_64-linux-gnu/kea/hooks
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$TMP/secret"
FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }

config() {  # config EXTRA_PARAMETER_JSON [HOOK_PARAMETERS_JSON]
    local params=${2:-"\"role\": \"primary\", \"address\": \"127.0.0.1\", \"peer-address\": \"127.0.0.2\",
       \"port\": $((20000 + $$ % 20000)), $1 \"secret-file\": \"$TMP/secret\""}
    cat > "$TMP/kea.json" <<JSON
{"Dhcp4": {
  "interfaces-config": {"interfaces": ["lo"], "dhcp-socket-type": "udp"},
  "control-socket": {"socket-type": "unix", "socket-name": "$TMP/ctrl.sock"},
  "lease-database": {"type": "memfile", "name": "$TMP/leases.csv", "lfc-interval": 0},
  "hooks-libraries": [
    {"library": "$HOOKS/libdhcp_lease_cmds.so"},
    {"library": "$BUILD/lib/libmaas_dhcp_ha.so", "parameters": {$params}}],
  "subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}],
  "loggers": [{"name": "kea-dhcp4", "severity": "WARN", "output_options": [{"output": "$TMP/kea.log"}]},
              {"name": "kea-dhcp4.maas-ha", "severity": "${HOOK_SEVERITY:-INFO}", "output_options": [{"output": "stdout"}]}]
}}
JSON
}

start_kea() {  # start_kea LOGNAME: runs kea-dhcp4, waits for maas-ha-status into STATUS
    kea-dhcp4 -p $((30000 + $$ % 20000)) -c "$TMP/kea.json" > "$TMP/$1.log" 2>&1 &
    PID=$!
    STATUS=
    for _ in $(seq 1 100); do
        STATUS=$("$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" '{"command": "maas-ha-status"}' 2>/dev/null) && break
        sleep 0.1
    done
}

stop_kea() {  # shutdown command; a kea that does not exit is killed (cleanup) and reported
    "$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" '{"command": "shutdown"}' >/dev/null
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$PID" 2>/dev/null; then
        fail "kea did not shut down with the hook loaded"
        kill -9 "$PID"
    fi
    wait "$PID"; local rc=$?; PID=
    [ $rc = 0 ] || fail "kea exited with $rc"
}

config ""
kea-dhcp4 -t "$TMP/kea.json" > "$TMP/t.log" 2>&1 || fail "kea-dhcp4 -t rejected the config: $(tail -3 "$TMP/t.log")"

start_kea run
echo "$STATUS" | grep -q '"state": "startup"' || fail "status: $STATUS"
echo "$STATUS" | grep -q '"role": "primary"' || fail "status role: $STATUS"
grep -q MAAS_HA_STARTED "$TMP/run.log" || fail "service did not start: $(cat "$TMP/run.log")"
# The hook logs through Kea's logger: Kea's line format, under the hook's logger name.
grep -q "INFO  \[kea-dhcp4.maas-ha/[0-9.]*\] MAAS_HA_STARTED" "$TMP/run.log" ||
    fail "MAAS_HA_STARTED not through Kea's logger: $(grep MAAS_HA_STARTED "$TMP/run.log")"
stats_published() {  # the hook publishes its statistics once a second
    "$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" \
        '{"command": "statistic-get", "arguments": {"name": "maas-ha.updates-sent"}}' |
        grep -q '"maas-ha.updates-sent": \[ \[ 0'
}
published=no
for _ in $(seq 1 50); do
    stats_published && { published=yes; break; }
    sleep 0.1
done
[ $published = yes ] || fail "maas-ha statistics not published"
# Hostile command text: an argument a command does not take, a control character in the
# key. Refused with the field named (escaped, one line), and nothing changes.
ANSWER=$("$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" \
    '{"command": "maas-ha-partner-down", "arguments": {"force\u001b": true}}')
echo "$ANSWER" | grep -q '"result": 1' || fail "partner-down with arguments ran: $ANSWER"
echo "$ANSWER" | grep -qF "unknown argument 'force\\\\x1b'" ||
    fail "the refusal does not name the field: $ANSWER"
# The witness's commands: values out of range, of the wrong type, or missing are refused.
for bad in '{"command": "maas-ha-partner-down", "arguments": {"fence-wait-ms": -1}}|must be from 0 to 600000, got -1' \
    '{"command": "maas-ha-partner-down", "arguments": {"fence-wait-ms": "5"}}|must be an integer' \
    '{"command": "maas-ha-witness"}|is required' \
    '{"command": "maas-ha-witness", "arguments": {"contact-ms": 1e300}}|must be an integer'; do
    ANSWER=$("$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" "${bad%%|*}")
    echo "$ANSWER" | grep -q '"result": 1' || fail "refused witness command ran: $ANSWER"
    echo "$ANSWER" | grep -qF "${bad#*|}" || fail "witness command refusal: $ANSWER"
done
ANSWER=$("$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" '{"command": "maas-ha-resync", "arguments": [1]}')
echo "$ANSWER" | grep -q "'arguments' must be a map, got list" || fail "list arguments: $ANSWER"
STATUS=$("$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" '{"command": "maas-ha-status", "arguments": {}}')
echo "$STATUS" | grep -q '"state": "startup"' || fail "state changed by a refused command: $STATUS"
stop_kea

# kea-dhcp4's loggers configuration governs the hook: at ERROR its INFO lines are gone.
HOOK_SEVERITY=ERROR config ""
start_kea quiet
echo "$STATUS" | grep -q '"state": "startup"' || fail "quiet hook not running: $STATUS"
grep -q MAAS_HA "$TMP/quiet.log" && fail "hook logged below ERROR: $(grep MAAS_HA "$TMP/quiet.log")"
stop_kea

config '"split": 300,'
timeout 10 kea-dhcp4 -p $((30000 + $$ % 20000)) -c "$TMP/kea.json" > "$TMP/bad.log" 2>&1
RC=$?
[ $RC != 0 ] || fail "kea started with split 300"
grep -q "maas-ha parameter 'split': must be from 0 to 256, got 300" "$TMP/bad.log" ||
    fail "no parameter error in: $(tail -5 "$TMP/bad.log")"

# Standalone: starts without partner or secret, says so; a peer-address is refused.
config "" "\"role\": \"standalone\", \"address\": \"127.0.0.1\", \"event-socket\": \"$TMP/ev.sock\""
start_kea run2
echo "$STATUS" | grep -q '"state": "standalone"' || fail "standalone status: $STATUS"
echo "$STATUS" | grep -q '"role": "standalone"' || fail "standalone role: $STATUS"
stop_kea

config "" "\"role\": \"standalone\", \"address\": \"127.0.0.1\", \"peer-address\": \"127.0.0.2\", \"event-socket\": \"$TMP/ev.sock\""
timeout 10 kea-dhcp4 -p $((30000 + $$ % 20000)) -c "$TMP/kea.json" > "$TMP/bad2.log" 2>&1
[ $? != 0 ] || fail "kea started standalone with a peer-address"
grep -q "maas-ha parameter 'peer-address': not allowed with role 'standalone'" "$TMP/bad2.log" ||
    fail "no standalone parameter error in: $(tail -5 "$TMP/bad2.log")"

[ $FAILED = 0 ] && echo "ok: kea-dhcp4 -t, start, status, shutdown, bad parameter refused; standalone too"
exit $FAILED
