#!/bin/bash
# Region workers against a real PostgreSQL: the connection budget (<= 4 per worker) at
# num_workers 1 and 8 under load, discovery listing every worker, a worker killed -9 while the
# others keep serving and its restart, stale rows removed under the cleanup lock.
source "$(dirname "$0")/lib.sh"

pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
U=http://127.0.0.1:$HP/MAAS

load() {  # bounded burst of concurrent requests that each need a pooled connection
    timeout 30 wrk -t2 -c64 -d2s "$U/rpc/" >"$WORK/wrk.out" 2>&1 || true
    grep -q "Requests/sec" "$WORK/wrk.out"
}

# --- one worker
start_worker "$ROOT" 0
PID0=$WORKER_PID
load
held=$(pg_region_connections)
echo "pg connections with 1 worker under load: $held"
check "budget at 1 worker (<= 4)" "yes" "$([ "$held" -le 4 ] && [ "$held" -ge 1 ] && echo yes || echo "no ($held)")"
check "metrics report connections held" "1" \
    "$(curl -s "$U/metrics" | grep -c '^maas_db_connections_held [1-4]$')"

# --- eight workers sharing the HTTP port
declare -A WPID
WPID[0]=$PID0
for i in 1 2 3 4 5 6 7; do start_worker "$ROOT" "$i"; WPID[$i]=$WORKER_PID; done
load
held=$(pg_region_connections)
echo "pg connections with 8 workers under load: $held"
check "budget at 8 workers (<= 32)" "yes" "$([ "$held" -le 32 ] && echo yes || echo "no ($held)")"
anon GET "$U/rpc/"
check "discovery lists 8 workers" "8" "$(echo "$BODY" | jq '.eventloops | length')"
ports=$(echo "$BODY" | jq -r '[.eventloops[][][1]] | sort | map(tostring) | join(",")')
expected=$(seq "$RP" $((RP + 7)) | paste -sd,)
check "rpc ports are rpc_port + index" "$expected" "$ports"
check "discovery keys name host and pid" "$(hostname):pid=${WPID[3]}" \
    "$(echo "$BODY" | jq -r --arg p "${WPID[3]}" '.eventloops | keys[] | select(endswith("pid=" + $p))')"

# --- kill -9 one worker: every later request is still answered by the others
kill -KILL "${WPID[3]}"
wait_gone "${WPID[3]}"
ok=0
for _ in $(seq 200); do
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$U/api/2.0/version/") || true
    [ "$code" == "200" ] && ok=$((ok + 1))
done
check "200 of 200 requests served after kill -9" "200" "$ok"
start_worker "$ROOT" 3
WPID[3]=$WORKER_PID
anon GET "$U/rpc/"
check "restarted worker replaces the dead one's row" "8" "$(echo "$BODY" | jq '.eventloops | length')"

# --- stale rows of another host's dead worker are removed by the lock holder
psql_maas -c "INSERT INTO region_processes (node_id, hostname, pid, worker_index, http_address, http_port, rpc_address, rpc_port, heartbeat)
  SELECT id, 'gone-host', 4242, 0, '127.0.0.9', 5240, '127.0.0.9', 5250, now() - interval '1 hour' FROM nodes LIMIT 1"
removed=no
for _ in $(seq 40); do
    if [ "$(psql_maas -c "SELECT count(*) FROM region_processes WHERE hostname = 'gone-host'")" == "0" ]; then removed=yes; break; fi
    sleep 0.5
done
check "stale worker row removed" "yes" "$removed"
check "removed once, by the lock holder" "1" \
    "$(cat "$WORK"/regiond-r1-*.log | grep -c 'REGION_STALE_WORKERS_REMOVED.*worker=gone-host:pid=4242')"

# --- graceful stop removes the worker's row
kill -TERM "${WPID[7]}"
wait_gone "${WPID[7]}"
anon GET "$U/rpc/"
check "stopped worker unlisted" "7" "$(echo "$BODY" | jq '.eventloops | length')"

# --- SIGTERM in the middle of a load: handlers finish before the worker tears down
# (a stop that did not wait for them corrupted the heap and aborted)
for i in 0 1 2 3 4 5 6; do kill -TERM "${WPID[$i]}" 2>/dev/null || true; done
for i in 0 1 2 3 4 5 6; do wait_gone "${WPID[$i]}" || true; done
aborts=0
for round in 1 2 3; do
    start_worker "$ROOT" 0
    timeout 30 wrk -t2 -c64 -d3s "$U/rpc/" >/dev/null 2>&1 &
    WRK=$!
    # In the middle of the load: wait (bounded) until wrk holds connections to the worker.
    for _ in $(seq 100); do
        [ "$(ss -Htn state established "( sport = :$HP )" | wc -l)" -ge 16 ] && break
        sleep 0.05
    done
    kill -TERM "$WORKER_PID"
    status=0
    wait "$WORKER_PID" || status=$?
    [ "$status" -eq 0 ] || { aborts=$((aborts + 1)); echo "round $round: worker exit status $status"; }
    wait "$WRK" 2>/dev/null || true
done
check "SIGTERM under load exits cleanly (3 rounds)" "0" "$aborts"
finish
