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

failover_under_writes 127.0.0.1,127.0.0.4 "$P" "$NODE_A" 127.0.0.4 "the monitor"
finish
