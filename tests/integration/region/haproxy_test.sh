#!/bin/bash
# API HA: two regions (127.0.0.2 and 127.0.0.3, two workers each, one PostgreSQL) behind a real
# haproxy running the config `maas config haproxy` generated from region_processes. A bounded
# request loop runs through haproxy while each region in turn is killed -9 (the first one is
# restarted before the second dies, so whichever region the source hash picked gets killed):
# no request may fail.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ha_lib.sh"

REQUESTS=${HA_REQUESTS:-600}
pg_start
HP=$(free_port)
start_region r1 127.0.0.2 "$HP" 2
start_region r2 127.0.0.3 "$HP" 2
MAAS="$BIN/maas"

# --- the generator reads the live regions from the database
FP=$(free_port)
MAAS_ROOT=${REGION_ROOT[r1]} "$MAAS" config haproxy --port "$FP" --bind-address 127.0.0.1 \
    --stats-socket "$WORK/haproxy.sock" >"$WORK/haproxy.cfg"
check "config lists region 1" "1" "$(grep -c "^    server .* 127.0.0.2:$HP$" "$WORK/haproxy.cfg")"
check "config lists region 2" "1" "$(grep -c "^    server .* 127.0.0.3:$HP$" "$WORK/haproxy.cfg")"
check "config binds the frontend" "1" "$(grep -c "^    bind 127.0.0.1:$FP$" "$WORK/haproxy.cfg")"
check "haproxy accepts the config" "0" "$(haproxy -c -q -f "$WORK/haproxy.cfg" >/dev/null 2>&1; echo $?)"

# --- maas status on a region host lists the regions and the connections the cluster holds
echo region >"${REGION_ROOT[r1]}/var/lib/maas/mode"
status=$(MAAS_ROOT=${REGION_ROOT[r1]} "$MAAS" status 2>/dev/null || true)
echo "$status"
check "status: both regions, four workers" "1" "$(grep -c '^cluster: 2 region(s), 4 worker(s)$' <<<"$status")"
check "status: region 2 listed" "1" "$(grep -c "^  region .* at 127.0.0.3:$HP: 2 worker(s), [0-9]* database connection(s)$" <<<"$status")"
check "status: connections against max_connections" "1" \
    "$(grep -c '^database connections: [0-9]* of 97 usable ([0-9]* held by region workers; max_connections 100, 3 reserved)$' <<<"$status")"

# --- rejected input names the option and prints nothing else
set +e
out=$(MAAS_ROOT=${REGION_ROOT[r1]} "$MAAS" config haproxy --port 0 2>&1); rc=$?
check "bad port rejected (exit 2)" "2 --port: must be 1..65535." "$rc $out"
out=$(MAAS_ROOT=${REGION_ROOT[r1]} "$MAAS" config haproxy --interface eth0 2>&1); rc=$?
check "--interface needs --keepalived" "2 --interface: only applies with --keepalived." "$rc $out"
out=$(MAAS_ROOT=${REGION_ROOT[r1]} "$MAAS" config haproxy --regions 'a,,b' 2>&1); rc=$?
check "bad region list rejected" "2" "$rc"
out=$(MAAS_ROOT=$WORK/nowhere "$MAAS" config haproxy 2>&1); rc=$?
check "no database: exit 1 and a hint" "1 yes" "$rc $(echo "$out" | grep -q -- '--regions' && echo yes)"
set -e
MAAS_ROOT=${REGION_ROOT[r1]} "$MAAS" config haproxy --keepalived --interface eth0 \
    --virtual-address 192.0.2.10/24 >"$WORK/with-vrrp.cfg"
check "--keepalived prints both hosts" "2" "$(grep -c '^vrrp_instance maas_api' "$WORK/with-vrrp.cfg")"

# --- haproxy in front of both; each region killed -9 in turn while requests flow
start_haproxy "$WORK/haproxy.cfg"
U=http://127.0.0.1:$FP/MAAS
wait_http "$U/api/2.0/version/"
# rise (2) passing checks 500 ms apart before haproxy sends traffic back to a restarted region
kill_cycle "$U" "$REQUESTS" "$WORK/codes" 2
check "every request was answered" "$REQUESTS" "$(wc -l <"$WORK/codes")"
failed=$(failed_requests "$WORK/codes")
echo "requests through haproxy: $REQUESTS, failed: $failed"
check "no request failed across two region kills" "0" "$failed"
finish
