#!/bin/bash
# `maas status` and `maas status --json` on a region host show the cluster from the shared
# PostgreSQL (max_connections 40, so 3 reserved leave 37 usable and the warning starts at 30):
# region 1 runs under its supervisor (own UTS namespace, hostname cs-r1-<pid>, 127.0.0.2),
# region 2 is two bare workers on 127.0.0.3. Both regions with their workers and the sessions
# each worker holds; no warning; then idle psql sessions push the server to >= 80% of the usable
# connections and the warning shows (text and JSON); then PostgreSQL stops and the cluster
# section says the database is unreachable without failing the command.
# Environment: BIN, TOOLS (the region harness).
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (unshare --uts)"; exit 77; }
source "$(dirname "$0")/../../integration/region/lib.sh"
PG_MAX_CONNECTIONS=40 pg_start
HP=$(free_port)
R1=$(region_root r1 "$HP" "$(free_port)" 127.0.0.2)
R2=$(region_root r2 "$HP" "$(free_port)" 127.0.0.3)
share_secret "$R1" "$R2" >/dev/null
echo "num_workers: 2" >>"$R1/etc/maas/regiond.conf"
echo region >"$R1/var/lib/maas/mode"
H1=cs-r1-$$
MAAS_ROOT=$R1 unshare --uts sh -c "hostname $H1 && exec '$BIN/maas-supervisor'" \
    >>"$WORK/supervisor-r1.log" 2>&1 &
PIDS+=($!)
start_worker "$R2" 0
start_worker "$R2" 1
H2=$(hostname)
wait_for "region 1 ready" 30 curl -sf -o /dev/null "http://127.0.0.2:$HP/MAAS/readyz"
status() { MAAS_ROOT=$R1 "$BIN/maas" status "$@"; }
both_regions_live() { status | grep -qx 'cluster: 2 region(s), 4 worker(s)'; }
wait_for "both regions' workers listed" 30 both_regions_live

TEXT=$(status)
echo "$TEXT"
check "region 1 line" "1" "$(grep -cE "^  region $H1 at 127\.0\.0\.2:$HP: 2 worker\(s\), [1-9][0-9]* database connection\(s\)$" <<<"$TEXT")"
check "region 2 line" "1" "$(grep -cE "^  region $H2 at 127\.0\.0\.3:$HP: 2 worker\(s\), [1-9][0-9]* database connection\(s\)$" <<<"$TEXT")"
check "four worker lines with pid, RPC endpoint and sessions" "4" \
    "$(grep -cE '^    worker [01]: pid [0-9]+, rack RPC 127\.0\.0\.[23]:[0-9]+, [1-9][0-9]* database connection\(s\)$' <<<"$TEXT")"
check "connections against max_connections" "1" \
    "$(grep -cE '^database connections: [0-9]+ of 37 usable \([0-9]+ held by region workers; max_connections 40, 3 reserved\)$' <<<"$TEXT")"
check "no warning below 80%" "0" "$(grep -c WARNING <<<"$TEXT" || true)"
JSON=$(status --json)
check "json: supervisor services kept" "yes" "$(jq -r 'if (.services | length) == 2 then "yes" else "no" end' <<<"$JSON")"
check "json: regions and their workers" "$H1:2 $H2:2" \
    "$(jq -r '[.cluster.regions[] | "\(.hostname):\(.workers | length)"] | sort | join(" ")' <<<"$JSON")"
check "json: every worker holds sessions, credited by name" "true" \
    "$(jq -r '[.cluster.regions[].workers[] | .db_connections > 0 and .pid > 0] | all' <<<"$JSON")"
check "json: region sessions add up" "true" \
    "$(jq -r '[.cluster.regions[] | .db_connections == ([.workers[].db_connections] | add)] | all' <<<"$JSON")"
check "json: database numbers, no warning" "40 3 37 false 0" \
    "$(jq -r '.cluster | "\(.database.max_connections) \(.database.reserved_connections) \(.database.usable) \(.database.near_limit) \(.warnings | length)"' <<<"$JSON")"

# --- idle sessions up to >= 80% of the usable connections
# Sessions of another role (postgres): maas cannot see their backend_type, they still count.
total() { psql_admin -t -A -c "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"; }
for _ in $(seq $((31 - $(total)))); do
    psql_admin -c "SELECT pg_sleep(120)" >/dev/null 2>&1 &
    PIDS+=($!)
done
near_limit() { [ "$(total)" -ge 31 ]; }
wait_for "idle sessions open" 20 near_limit
TEXT=$(status)
check "warning at >= 80%" "1" "$(grep -c '^WARNING: PostgreSQL is close to max_connections: raise it, or lower num_workers' <<<"$TEXT")"
JSON=$(status --json)
check "json: near_limit and the warning" "true 1" \
    "$(jq -r '.cluster | "\(.database.near_limit) \([.warnings[] | select(startswith("PostgreSQL is close to max_connections"))] | length)"' <<<"$JSON")"

# --- database gone: reported, the command still answers from the supervisor
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$WORK/pg/data" -m immediate stop >/dev/null
rc=0; TEXT=$(status) || rc=$?
check "database unreachable is reported" "1 0" "$(grep -c '^cluster: database unreachable (' <<<"$TEXT") $rc"
check "json: cluster error" "yes" \
    "$(status --json | jq -r 'if (.cluster.error | startswith("database unreachable")) then "yes" else "no" end')"
finish
