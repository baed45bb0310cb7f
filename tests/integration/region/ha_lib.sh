# HA helpers on top of lib.sh (source lib.sh first): regions on their own loopback addresses
# sharing one PostgreSQL, haproxy in front, a bounded request loop, killing a region's workers.

declare -A REGION_ROOT REGION_PIDS

# start_region NAME ADDRESS HTTP_PORT WORKERS: a region of WORKERS workers listening on ADDRESS.
start_region() {
    local name=$1 address=$2 port=$3 workers=$4
    local rpc; rpc=$(free_port)
    [ -n "${REGION_ROOT[$name]:-}" ] || REGION_ROOT[$name]=$(region_root "$name" "$port" "$rpc" "$address")
    REGION_PIDS[$name]=""
    for i in $(seq 0 $((workers - 1))); do
        start_worker "${REGION_ROOT[$name]}" "$i"
        REGION_PIDS[$name]+="$WORKER_PID "
    done
}

# kill_region NAME: kill -9 every worker of the region and wait until they are gone.
kill_region() {
    local pid
    for pid in ${REGION_PIDS[$1]}; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in ${REGION_PIDS[$1]}; do wait_gone "$pid"; done
}

# start_haproxy CFG: haproxy in the foreground (no service), checked first; sets HAPROXY_PID.
start_haproxy() {
    haproxy -c -q -f "$1" >"$WORK/haproxy-check.log" 2>&1 || {
        cat "$WORK/haproxy-check.log"; return 1; }
    haproxy -f "$1" -db >>"$WORK/haproxy.log" 2>&1 &
    HAPROXY_PID=$!
    PIDS+=("$HAPROXY_PID")
}

# wait_http URL: bounded wait (10 s) until URL answers 200.
wait_http() {
    for _ in $(seq 100); do
        [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" || true)" == "200" ] && return 0
        sleep 0.1
    done
    echo "$1 did not answer 200" >&2; return 1
}

# request_loop BASE_URL COUNT OUT: COUNT GETs (version/ and the DB-backed rpc/ alternately)
# fired 50 ms apart without waiting for each other (clients do not queue behind a dead
# region), one status code per line appended to OUT (create it first) as they finish. Run it
# in the background.
request_loop() {
    local base=$1 count=$2 out=$3 i path
    for i in $(seq "$count"); do
        path=api/2.0/version/; [ $((i % 2)) -eq 0 ] && path=rpc/
        (curl -s -o /dev/null -m 10 -w '%{http_code}\n' "$base/$path" >>"$out" || true) &
        sleep 0.05
    done
    wait
}

# wait_lines FILE N: bounded wait (60 s) until FILE has at least N lines.
wait_lines() {
    for _ in $(seq 600); do
        [ "$(wc -l <"$1")" -ge "$2" ] && return 0
        sleep 0.1
    done
    echo "$1 stayed below $2 lines" >&2; return 1
}

# failed_requests OUT: lines that are not 200.
failed_requests() { grep -vc '^200$' "$1" || true; }

# kill_cycle BASE_URL REQUESTS OUT SETTLE_SECONDS: runs request_loop through the proxy while
# region r1 is killed -9, restarted (then SETTLE_SECONDS for the proxy to send traffic back)
# and region r2 is killed -9: whichever region the source hash picked dies once. Both regions
# listen on $HP. Waits for the loop to end (bounded).
kill_cycle() {
    local base=$1 requests=$2 out=$3 settle=$4 loop step
    : >"$out"  # before the loop starts, so wait_lines never sees it missing
    request_loop "$base" "$requests" "$out" &
    loop=$!
    PIDS+=("$loop")
    step=$((requests / 4))
    wait_lines "$out" "$step"
    kill_region r1
    echo "killed region 1 after $(wc -l <"$out") requests"
    wait_lines "$out" $((step * 2))
    start_region r1 127.0.0.2 "$HP" 2
    wait_http "http://127.0.0.2:$HP/MAAS/readyz"
    sleep "$settle"
    kill_region r2
    echo "killed region 2 after $(wc -l <"$out") requests"
    timeout 300 tail --pid="$loop" -f /dev/null || true
    start_region r2 127.0.0.3 "$HP" 2
}
