# HA helpers on top of lib.sh (source lib.sh first): regions on their own loopback addresses
# sharing one PostgreSQL, haproxy in front, a bounded request loop, killing a region's workers.

declare -A REGION_ROOT REGION_PIDS

# start_region NAME ADDRESS HTTP_PORT WORKERS: a region of WORKERS workers listening on ADDRESS.
# A killed region is started again with the same root.
start_region() {
    local name=$1 address=$2 port=$3 workers=$4
    local rpc; rpc=$(free_port)
    if [ -z "${REGION_ROOT[$name]:-}" ]; then
        REGION_ROOT[$name]=$(region_root "$name" "$port" "$rpc" "$address")
        # DB_HOSTS (e.g. from pg_pair_start): reach PostgreSQL over TCP, primary and standby.
        [ -z "${DB_HOSTS:-}" ] || MAAS_ROOT=${REGION_ROOT[$name]} "$BIN/maas-region" \
            local_config_set --database-host "$DB_HOSTS" >/dev/null
    fi
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

# pg_pair_start: the lib.sh primary (pg_start) also listening on 127.0.0.1, plus a streaming
# standby on 127.0.0.4 with the same port, synchronous (a commit is acknowledged only once the
# standby has it). Regions reach both with database_host 127.0.0.1,127.0.0.4.
pg_pair_start() {
    pg_start
    mkdir -p "$WORK/pg2"
    chown postgres "$WORK/pg2"
    runuser -u postgres -- "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres \
        -D "$WORK/pg2/data" -R -X stream -c fast --no-sync >"$WORK/basebackup.log" 2>&1
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg2/data" -l "$WORK/pg2/postgres.log" -w \
        -o "-p $PG_PORT -k $WORK/pg2 -c listen_addresses=127.0.0.4 -c fsync=off" start >/dev/null
    PIDS+=("$(head -1 "$WORK/pg2/data/postmaster.pid")")  # stopped by lib.sh's cleanup
    psql_admin -c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >/dev/null
}

# pg_kill_primary: kill -9 the primary's postmaster (its backends exit when they notice).
pg_kill_primary() {
    kill -KILL "$(head -1 "$WORK/pg/data/postmaster.pid")"
}

# pg_promote_standby: what the failover manager (pg_auto_failover, Patroni) does.
pg_promote_standby() {
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg2/data" promote -w >/dev/null
}

psql_standby() { psql -h "$WORK/pg2" -p "$PG_PORT" -U maas -d maasdb -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }

# write_loop BASE_URL COUNT OUT: COUNT sequential POST fabrics/ name=w<i>; "<i> <status>" per
# line in OUT. Sequential so "acknowledged" has one meaning: a 200 was seen before the next.
write_loop() {
    local base=$1 count=$2 out=$3 i code header
    for i in $(seq "$count"); do
        header=$("$TOOLS/region_oauth_header" "$API_KEY")
        code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -X POST -H "Authorization: $header" \
            --data "name=w$i" "$base/api/2.0/fabrics/" || true)
        echo "$i $code $(date +%s.%N)" >>"$out"
        sleep 0.05
    done
}

# paf_node NAME ARGS...: `pg_autoctl ARGS` as postgres in its own PID and mount namespaces,
# with a private /var/run/postgresql, so two nodes can share a port on different loopback
# addresses and killing the returned PID ($PAF_PID) kills the whole node (keeper + postgres),
# as a host failure would. Log in $WORK/paf-NAME.log.
paf_node() {
    local name=$1 args; shift
    printf -v args '%q ' "$@"
    mkdir -p "$WORK/paf/$name"
    chown postgres "$WORK/paf" "$WORK/paf/$name"
    unshare --pid --fork --mount-proc --mount --kill-child bash -c "
        mount -t tmpfs tmpfs /var/run/postgresql && chown postgres /var/run/postgresql &&
        runuser -u postgres -- env PATH=$PG_BIN:\$PATH HOME=$WORK/paf/$name \
            XDG_CONFIG_HOME=$WORK/paf/$name/cfg XDG_DATA_HOME=$WORK/paf/$name/data \
            pg_autoctl $args" >"$WORK/paf-$name.log" 2>&1 &
    PAF_PID=$!
    PIDS+=("$PAF_PID")
}

# wait_sql HOST PORT DB USER SQL EXPECTED: bounded wait (180 s) until SQL prints EXPECTED.
wait_sql() {
    for _ in $(seq 360); do
        [ "$(psql -h "$1" -p "$2" -d "$3" -U "$4" -X -Atc "$5" 2>/dev/null)" == "$6" ] && return 0
        sleep 0.5
    done
    echo "$1:$2 never answered '$6' to: $5" >&2; return 1
}

# failover_under_writes DB_HOSTS PORT NODE_PID NEW_PRIMARY MANAGER: a region (two workers) on
# DB_HOSTS (comma-separated) and PORT, a write loop through its API, kill -9 of NODE_PID (the
# primary node), then what every failover manager test checks: MANAGER promoted NEW_PRIMARY, the
# region acknowledged writes again without intervention, only 200 or 503 meanwhile, and every
# acknowledged write is in the new primary.
failover_under_writes() {
    local hosts=$1 port=$2 node=$3 new_primary=$4 manager=$5 root loop t0 first lost name
    PG_PORT=$port  # region_root writes it as database_port
    root=$(region_root r1 "$(free_port)" "$(free_port)")
    MAAS_ROOT=$root "$BIN/maas-region" local_config_set --database-host "$hosts" \
        --database-port "$port" >/dev/null
    start_worker "$root" 0
    start_worker "$root" 1
    API_KEY=$(MAAS_ROOT=$root "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
    : >"$WORK/writes"
    write_loop "$(sed -n 's/^maas_url: //p' "$root/etc/maas/regiond.conf")" 2000 "$WORK/writes" &
    loop=$!  # stopped below once writes resumed
    PIDS+=("$loop")
    wait_lines "$WORK/writes" 30
    kill -KILL "$node"
    t0=$(date +%s.%N)
    echo "killed the primary node after $(wc -l <"$WORK/writes") writes"
    wait_sql "$new_primary" "$port" maasdb postgres "SELECT pg_is_in_recovery()" f
    echo "$manager promoted $new_primary after $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN{printf "%.1f", a - b}') s"
    # bounded: 60 s for the region to acknowledge 20 writes on the new primary
    for _ in $(seq 600); do
        [ "$(awk -v t0="$t0" '$2 == "200" && $3 > t0' "$WORK/writes" | wc -l)" -ge 20 ] && break
        sleep 0.1
    done
    kill -TERM "$loop"; wait_gone "$loop" || true
    first=$(awk -v t0="$t0" '$2 == "200" && $3 > t0 {printf "%.1f", $3 - t0; exit}' "$WORK/writes")
    echo "first acknowledged write ${first:-never} s after the kill"
    check "writes acknowledged on the new primary" "yes" \
        "$([ "$(awk -v t0="$t0" '$2 == "200" && $3 > t0' "$WORK/writes" | wc -l)" -ge 20 ] && echo yes)"
    check "only 200 or 503 answers (no 500, no hang)" "0" "$(awk '$2 != "200" && $2 != "503"' "$WORK/writes" | wc -l)"
    # One query for every acknowledged name (a psql per write took minutes on a loaded host).
    lost=$(awk '$2 == "200" {print "w" $1}' "$WORK/writes" |
        psql -h "$new_primary" -p "$port" -U maas -d maasdb -XAtq \
            -c "CREATE TEMP TABLE acked (name text)" -c "COPY acked FROM STDIN" \
            -c "SELECT count(*) FROM acked a WHERE (SELECT count(*) FROM fabrics f WHERE f.name = a.name) <> 1")
    echo "acknowledged writes: $(awk '$2 == "200"' "$WORK/writes" | wc -l), lost: $lost, 503s: $(awk '$2 == "503"' "$WORK/writes" | wc -l)"
    check "every acknowledged write is in the new primary" "0" "$lost"
}
