#!/bin/bash
# Loads the real libmaas_dhcp_ha.so into kea-dhcp4 2.2: `kea-dhcp4 -t`, a real start answering
# maas-ha-status through the control socket, a clean shutdown, and a bad parameter refused
# with an error naming it. Loopback only. Usage: kea_load_test.sh BUILD_DIR
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

config() {  # config EXTRA_PARAMETER_JSON
    cat > "$TMP/kea.json" <<JSON
{"Dhcp4": {
  "interfaces-config": {"interfaces": ["lo"], "dhcp-socket-type": "udp"},
  "control-socket": {"socket-type": "unix", "socket-name": "$TMP/ctrl.sock"},
  "lease-database": {"type": "memfile", "name": "$TMP/leases.csv", "lfc-interval": 0},
  "hooks-libraries": [
    {"library": "$HOOKS/libdhcp_lease_cmds.so"},
    {"library": "$BUILD/lib/libmaas_dhcp_ha.so", "parameters": {
       "role": "primary", "address": "127.0.0.1", "peer-address": "127.0.0.2",
       "port": $((20000 + $$ % 20000)), $1 "secret-file": "$TMP/secret"}}],
  "subnet4": [{"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.10 - 192.0.2.20"}]}],
  "loggers": [{"name": "kea-dhcp4", "severity": "WARN", "output_options": [{"output": "$TMP/kea.log"}]}]
}}
JSON
}

config ""
kea-dhcp4 -t "$TMP/kea.json" > "$TMP/t.log" 2>&1 || fail "kea-dhcp4 -t rejected the config: $(tail -3 "$TMP/t.log")"

kea-dhcp4 -p $((30000 + $$ % 20000)) -c "$TMP/kea.json" > "$TMP/run.log" 2>&1 &
PID=$!
STATUS=
for _ in $(seq 1 100); do
    STATUS=$("$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" '{"command": "maas-ha-status"}' 2>/dev/null) && break
    sleep 0.1
done
echo "$STATUS" | grep -q '"state": "startup"' || fail "status: $STATUS"
echo "$STATUS" | grep -q '"role": "primary"' || fail "status role: $STATUS"
grep -q MAAS_HA_STARTED "$TMP/run.log" || fail "service did not start: $(cat "$TMP/run.log")"
sleep 1.2  # statistics are published once a second
"$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" \
    '{"command": "statistic-get", "arguments": {"name": "maas-ha.updates-sent"}}' |
    grep -q '"maas-ha.updates-sent": \[ \[ 0' || fail "maas-ha statistics not published"
"$BUILD/tests/ha_probe" cmd "$TMP/ctrl.sock" '{"command": "shutdown"}' >/dev/null
for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$PID" 2>/dev/null && fail "kea did not shut down with the hook loaded"
wait "$PID"; RC=$?; PID=
[ $RC = 0 ] || fail "kea exited with $RC"

config '"split": 300,'
timeout 10 kea-dhcp4 -p $((30000 + $$ % 20000)) -c "$TMP/kea.json" > "$TMP/bad.log" 2>&1
RC=$?
[ $RC != 0 ] || fail "kea started with split 300"
grep -q "maas-ha parameter 'split': must be from 0 to 256, got 300" "$TMP/bad.log" ||
    fail "no parameter error in: $(tail -5 "$TMP/bad.log")"

[ $FAILED = 0 ] && echo "ok: kea-dhcp4 -t, start, status, shutdown, bad parameter refused"
exit $FAILED
