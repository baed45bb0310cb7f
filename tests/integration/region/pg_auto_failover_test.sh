#!/bin/bash
# PostgreSQL HA with a real failover manager: a pg_auto_failover formation on loopback (monitor
# on 127.0.0.1, primary node on 127.0.0.1, synchronous secondary on 127.0.0.4, one port) and a
# region with `--database-host 127.0.0.1,127.0.0.4`. A write loop runs through the API; the
# primary node (keeper and postgres) is killed -9; the monitor promotes the secondary; the
# region serves writes again without intervention and every acknowledged write is in the new
# primary. Meanwhile the API answers only 200 or 503.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/ha_lib.sh"
command -v pg_autoctl >/dev/null || { echo "needs pg-auto-failover-cli and postgresql-15-auto-failover (tools/install-deps)"; exit 1; }

PM=$(free_port)
P=$(free_port)
MONITOR_SQL="SELECT string_agg(nodehost || '=' || reportedstate, ' ' ORDER BY nodehost) FROM pgautofailover.node"
paf_node monitor create monitor --pgdata "$WORK/paf/monitor/pg" --pgport "$PM" \
    --hostname 127.0.0.1 --auth trust --no-ssl --run
wait_sql 127.0.0.1 "$PM" pg_auto_failover autoctl_node "SELECT 1" 1
MONITOR="postgres://autoctl_node@127.0.0.1:$PM/pg_auto_failover?sslmode=disable"
paf_node a create postgres --pgdata "$WORK/paf/a/pg" --pgport "$P" --listen 127.0.0.1 \
    --hostname 127.0.0.1 --auth trust --no-ssl --monitor "$MONITOR" --dbname maasdb --run
NODE_A=$PAF_PID
wait_sql 127.0.0.1 "$P" maasdb postgres "SELECT pg_is_in_recovery()" f
psql -h 127.0.0.1 -p "$P" -U postgres -d maasdb -X -q -c "CREATE ROLE maas LOGIN" \
    -c "ALTER DATABASE maasdb OWNER TO maas" -c "GRANT ALL ON SCHEMA public TO maas"
paf_node b create postgres --pgdata "$WORK/paf/b/pg" --pgport "$P" --listen 127.0.0.4 \
    --hostname 127.0.0.4 --auth trust --no-ssl --monitor "$MONITOR" --dbname maasdb --run
wait_sql 127.0.0.1 "$PM" pg_auto_failover autoctl_node "$MONITOR_SQL" "127.0.0.1=primary 127.0.0.4=secondary"
echo "formation ready: $(psql -h 127.0.0.1 -p "$PM" -U autoctl_node -d pg_auto_failover -XAtc "$MONITOR_SQL")"

HP=$(free_port)
PG_PORT=$P  # region_root writes it as database_port
ROOT=$(region_root r1 "$HP" "$(free_port)")
MAAS_ROOT=$ROOT "$BIN/maas-region" local_config_set --database-host 127.0.0.1,127.0.0.4 \
    --database-port "$P" >/dev/null
start_worker "$ROOT" 0
start_worker "$ROOT" 1
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
U=http://127.0.0.1:$HP/MAAS

: >"$WORK/writes"
write_loop "$U" 2000 "$WORK/writes" &  # stopped below once writes resumed
LOOP=$!
PIDS+=("$LOOP")
wait_lines "$WORK/writes" 30
kill -KILL "$NODE_A"
t0=$(date +%s.%N)
echo "killed the primary node after $(wc -l <"$WORK/writes") writes"
wait_sql 127.0.0.4 "$P" maasdb postgres "SELECT pg_is_in_recovery()" f
echo "monitor promoted 127.0.0.4 after $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.1f", a - b}') s"
# bounded: 60 s for the region to acknowledge 20 writes on the new primary
for _ in $(seq 600); do
    [ "$(awk -v t0="$t0" '$2 == "200" && $3 > t0' "$WORK/writes" | wc -l)" -ge 20 ] && break
    sleep 0.1
done
kill -TERM "$LOOP"; wait_gone "$LOOP" || true
first=$(awk -v t0="$t0" '$2 == "200" && $3 > t0 {printf "%.1f", $3 - t0; exit}' "$WORK/writes")
echo "first acknowledged write ${first:-never} s after the kill"
check "writes acknowledged on the new primary" "yes" \
    "$([ "$(awk -v t0="$t0" '$2 == "200" && $3 > t0' "$WORK/writes" | wc -l)" -ge 20 ] && echo yes)"
check "only 200 or 503 answers (no 500, no hang)" "0" "$(awk '$2 != "200" && $2 != "503"' "$WORK/writes" | wc -l)"
lost=0
for name in $(awk '$2 == "200" {print "w" $1}' "$WORK/writes"); do
    [ "$(psql -h 127.0.0.4 -p "$P" -U maas -d maasdb -XAtc "SELECT count(*) FROM fabrics WHERE name = '$name'")" == "1" ] || lost=$((lost + 1))
done
echo "acknowledged writes: $(awk '$2 == "200"' "$WORK/writes" | wc -l), lost: $lost, 503s: $(awk '$2 == "503"' "$WORK/writes" | wc -l)"
check "every acknowledged write is in the new primary" "0" "$lost"
finish
