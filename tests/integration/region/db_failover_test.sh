#!/bin/bash
# PostgreSQL HA: a primary (127.0.0.1) and a synchronous streaming standby (127.0.0.4), one
# region configured with `maas-region local_config_set --database-host 127.0.0.1,127.0.0.4`.
# A write loop runs through the API; the primary is killed -9 and the standby promoted (what
# pg_auto_failover or Patroni would do; here pg_ctl promote stands in for the manager). While
# no writable database exists the API answers 503 with a clear message (never 500, never a
# hang); afterwards writes succeed again without touching the region, and every write the API
# acknowledged is in the new primary.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ha_lib.sh"

WRITES=${HA_WRITES:-200}
pg_pair_start
HP=$(free_port)
ROOT=$(region_root r1 "$HP" "$(free_port)")
MAAS_ROOT=$ROOT "$BIN/maas-region" local_config_set --database-host 127.0.0.1,127.0.0.4 >/dev/null
check "regiond.conf lists both hosts" "127.0.0.1,127.0.0.4" \
    "$(MAAS_ROOT=$ROOT "$BIN/maas-region" local_config_get --database-host)"
start_worker "$ROOT" 0
start_worker "$ROOT" 1
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
U=http://127.0.0.1:$HP/MAAS

: >"$WORK/writes"
write_loop "$U" "$WRITES" "$WORK/writes" &
LOOP=$!
PIDS+=("$LOOP")
wait_lines "$WORK/writes" $((WRITES / 4))
pg_kill_primary
echo "killed the primary after $(wc -l <"$WORK/writes") writes"
# Before any promotion the region has no writable database: wait (bounded) for the write loop
# to meet that, then a read must say so too.
for _ in $(seq 300); do grep -q '^[0-9]* 503 ' "$WORK/writes" && break; sleep 0.1; done
check "a write during the outage was refused with 503" "1" \
    "$(grep -c -m1 '^[0-9]* 503 ' "$WORK/writes")"
api GET "$U/api/2.0/fabrics/"
check "no writable database: 503" "503" "$HTTP_STATUS"
check "503 says why" "1" "$(grep -c 'No writable database is reachable' <<<"$BODY")"
pg_promote_standby
echo "promoted the standby after $(wc -l <"$WORK/writes") writes"
timeout 300 tail --pid="$LOOP" -f /dev/null || true

acked=$(awk '$2 == "200" {print "w" $1}' "$WORK/writes")
check "writes acknowledged after the promotion" "yes" \
    "$(awk -v n="$WRITES" '$1 == n && $2 == "200" {print "yes"}' "$WORK/writes")"
check "only 200 or 503 answers (no 500, no hang)" "0" "$(awk '$2 != "200" && $2 != "503"' "$WORK/writes" | wc -l)"
lost=0
for name in $acked; do
    [ "$(psql_standby -c "SELECT count(*) FROM fabrics WHERE name = '$name'")" == "1" ] || lost=$((lost + 1))
done
echo "acknowledged writes: $(wc -w <<<"$acked"), lost: $lost, 503s: $(awk '$2 == "503"' "$WORK/writes" | wc -l)"
check "every acknowledged write is in the new primary" "0" "$lost"
anon GET "$U/readyz"
check "region ready on the new primary" "200" "$HTTP_STATUS"
finish
