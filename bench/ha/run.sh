#!/bin/bash
# bench/ha: two regions (127.0.0.2, 127.0.0.3; two workers each; one PostgreSQL) behind haproxy.
#  1. requests failed while each region in turn is killed -9, behind a plain recipe (balance source, default checks)
#     (balance source, `check` with its defaults inter 2 s / fall 3, no retries or redispatch)
#     and behind `maas config haproxy` — same request loop, same kills, side by side;
#  2. seconds from kill -9 of the region whose worker holds the cluster singleton lock to
#     another worker logging REGION_SINGLETON_ACQUIRED (median of HA_TRIALS kills);
#  3. PostgreSQL primary (127.0.0.1) with a synchronous standby (127.0.0.4), regions on
#     `--database-host 127.0.0.1,127.0.0.4`: a write loop through the API, kill -9 the primary
#     and promote the standby at once (pg_ctl promote stands in for pg_auto_failover/Patroni,
#     so the figure excludes the manager's own detection time): seconds from the kill to the
#     first acknowledged write, and acknowledged writes missing from the new primary.
# Usage: bench/ha/run.sh [BUILD_DIR]  (default ./build; builds what it needs). Loopback only.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
REQUESTS=${HA_REQUESTS:-800}
TRIALS=${HA_TRIALS:-3}

for tool in haproxy curl psql; do
    command -v "$tool" >/dev/null || { echo "bench/ha needs $tool (tools/install-deps)"; exit 1; }
done
cmake --build "$BUILD" -j2 --target maas-regiond maas maas-region region_admin_tool \
    region_oauth_header >/dev/null

export BIN=$BUILD/bin TOOLS=$BUILD/tests
source "$SRC/tests/integration/region/lib.sh"
source "$SRC/tests/integration/region/ha_lib.sh"

pg_pair_start
DB_HOSTS=127.0.0.1,127.0.0.4
HP=$(free_port)
start_region r1 127.0.0.2 "$HP" 2
start_region r2 127.0.0.3 "$HP" 2

# --- 1a. the plain recipe
SEED_PORT=$(free_port)
cat >"$WORK/seed.cfg" <<CFG
defaults
    mode http
    timeout connect 5s
    timeout client 90s
    timeout server 90s
frontend maas
    bind 127.0.0.1:$SEED_PORT
    default_backend maas
backend maas
    balance source
    server region1 127.0.0.2:$HP check
    server region2 127.0.0.3:$HP check
CFG
start_haproxy "$WORK/seed.cfg"
wait_http "http://127.0.0.1:$SEED_PORT/MAAS/api/2.0/version/"
# rise 2 x inter 2 s before the plain recipe's haproxy sends traffic back to a restarted region
kill_cycle "http://127.0.0.1:$SEED_PORT/MAAS" "$REQUESTS" "$WORK/seed.codes" 5
kill -TERM "$HAPROXY_PID"; wait_gone "$HAPROXY_PID"
seed_failed=$(failed_requests "$WORK/seed.codes")

# --- 1b. ours
OUR_PORT=$(free_port)
MAAS_ROOT=${REGION_ROOT[r1]} "$BIN/maas" config haproxy --port "$OUR_PORT" \
    --bind-address 127.0.0.1 --stats-socket "" >"$WORK/ours.cfg"
start_haproxy "$WORK/ours.cfg"
wait_http "http://127.0.0.1:$OUR_PORT/MAAS/api/2.0/version/"
kill_cycle "http://127.0.0.1:$OUR_PORT/MAAS" "$REQUESTS" "$WORK/ours.codes" 2
kill -TERM "$HAPROXY_PID"; wait_gone "$HAPROXY_PID"
ours_failed=$(failed_requests "$WORK/ours.codes")

# --- 2. singleton takeover
# leader_line: the newest REGION_SINGLETON_ACQUIRED line of all worker logs, as "EPOCH FILE PID".
leader_line() {
    grep -H REGION_SINGLETON_ACQUIRED "$WORK"/regiond-*.log 2>/dev/null |
        while IFS= read -r line; do
            file=${line%%:*}; rest=${line#*:}
            ts=$(date -d "${rest%% *}" +%s.%N)
            pid=$(grep -o 'pid=[0-9]*' <<<"$rest" | tail -1 | cut -d= -f2)
            echo "$ts $file $pid"
        done | sort -n | tail -1
}
takeovers=()
for trial in $(seq "$TRIALS"); do
    read -r _ file pid < <(leader_line)
    victim=r1; [[ "$file" == *regiond-r2-* ]] && victim=r2
    t0=$(date +%s.%N)
    kill_region "$victim"
    took=""
    for _ in $(seq 300); do  # bounded: 30 s
        read -r ts _ newpid < <(leader_line)
        if [ "$newpid" != "$pid" ] && awk -v a="$ts" -v b="$t0" 'BEGIN{exit !(a > b)}'; then
            took=$(awk -v a="$ts" -v b="$t0" 'BEGIN{printf "%.2f", a - b}')
            break
        fi
        sleep 0.1
    done
    echo "trial $trial: killed $victim (leader pid $pid), takeover after ${took:-timeout} s"
    takeovers+=("${took:-999}")
    start_region "$victim" "$([ "$victim" == r1 ] && echo 127.0.0.2 || echo 127.0.0.3)" "$HP" 2
done
takeover=$(printf '%s\n' "${takeovers[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')

# --- 3. database failover
API_KEY=$(MAAS_ROOT=${REGION_ROOT[r1]} "$TOOLS/region_admin_tool" createadmin bench pw b@example.com)
WRITES=${HA_WRITES:-300}
: >"$WORK/writes"
write_loop "http://127.0.0.2:$HP/MAAS" "$WRITES" "$WORK/writes" &
LOOP=$!
PIDS+=("$LOOP")
wait_lines "$WORK/writes" $((WRITES / 3))
t0=$(date +%s.%N)
pg_kill_primary
pg_promote_standby
promoted=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.2f", a - b}')
timeout 300 tail --pid="$LOOP" -f /dev/null || true
db_failover=$(awk -v t0="$t0" '$2 == "200" && $3 > t0 {printf "%.2f", $3 - t0; exit}' "$WORK/writes")
lost=0
for name in $(awk '$2 == "200" {print "w" $1}' "$WORK/writes"); do
    [ "$(psql_standby -c "SELECT count(*) FROM fabrics WHERE name = '$name'")" == "1" ] || lost=$((lost + 1))
done
echo "writes: $WRITES, acknowledged: $(awk '$2 == "200"' "$WORK/writes" | wc -l), 503 during failover: $(awk '$2 == "503"' "$WORK/writes" | wc -l)"

echo
printf '%-28s %12s %12s\n' "" "seed recipe" "ours"
printf '%-28s %12s %12s\n' "requests through haproxy" "$REQUESTS" "$REQUESTS"
printf '%-28s %12s %12s\n' "failed across 2 region kills" "$seed_failed" "$ours_failed"
echo "singleton takeover (s) per trial: ${takeovers[*]} (median $takeover)"
# The promote's own time is printed apart so a slow failover can be told apart: PostgreSQL's
# promotion vs the region's reconnect.
echo "db failover: standby promoted ${promoted} s after the kill; first acknowledged write ${db_failover:-none} s after the kill, lost writes $lost"
echo "ha: seed-recipe-failed=$seed_failed ours-failed=$ours_failed singleton-takeover-s=$takeover db-failover-s=${db_failover:-n/a} lost-writes=$lost"
