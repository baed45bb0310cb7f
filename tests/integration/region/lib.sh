# Shared harness for region integration tests (source it). Starts a real PostgreSQL in a temp
# dir (trust auth, loopback, random port, unix socket in the temp dir) and region workers under
# their own MAAS_ROOT. Everything started is stopped by PID from the EXIT trap.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/testlib.sh"

: "${BIN:?BIN must point at build/bin}"
: "${TOOLS:?TOOLS must point at the test helper dir}"
PG_BIN=/usr/lib/postgresql/15/bin
WORK=$(mktemp -d /tmp/region-it.XXXXXX)
chmod 755 "$WORK"
# The maas CLI keeps its profiles in $HOME/.maascli.json: the test's own, never the user's.
export HOME=$WORK/home
mkdir -p "$HOME"
PIDS=()
FAILED=0

cleanup() {
    local rc=$?
    stop_pids "${PIDS[@]}"
    if [ -f "$WORK/pg/data/postmaster.pid" ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    if [ "$rc" -ne 0 ] || [ "$FAILED" -ne 0 ]; then
        echo "--- logs in $WORK (kept)"; for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "== $f"; tail -20 "$f"; }; done
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

free_port() {
    # Below the ephemeral range, so no outgoing connection (wrk, curl, libpq) can hold the port
    # between this check and the bind; and unused by any socket in any state.
    local port low
    low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
    for _ in $(seq 100); do
        port=$((10000 + RANDOM % (low - 10000 - 16)))  # room for rpc_port + worker index
        if ! ss -Hatn "sport = :$port" | grep -q .; then echo "$port"; return 0; fi
    done
    echo "no free port" >&2; return 1
}

# PG_MAX_CONNECTIONS (default 100) sets max_connections.
pg_start() {
    mkdir -p "$WORK/pg"
    chown postgres "$WORK/pg"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust \
        --no-sync >"$WORK/initdb.log" 2>&1
    # A free port can be taken by a parallel test before the postmaster binds it: try another.
    local attempt
    for attempt in 1 2 3 4 5; do
        PG_PORT=$(free_port)
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w \
            -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=${PG_MAX_CONNECTIONS:-100} -c fsync=off" \
            start >/dev/null && break
        [ "$attempt" -lt 5 ] || { echo "pg_start: PostgreSQL did not start" >&2; return 1; }
    done
    psql_admin -c "CREATE ROLE maas LOGIN" -c "CREATE DATABASE maasdb OWNER maas" >/dev/null
}

psql_admin() { psql -h "$WORK/pg" -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_maas() { psql -h "$WORK/pg" -p "$PG_PORT" -U maas -d maasdb -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }

# Connections held by region workers (application_name maas-regiond[N]).
pg_region_connections() {
    psql_maas -c "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'maas-regiond%'"
}

# region_root NAME HTTP_PORT RPC_PORT [LISTEN]: a MAAS_ROOT with regiond.conf pointing at our PG.
region_root() {
    local root="$WORK/$1"
    mkdir -p "$root/etc/maas" "$root/var/lib/maas"
    cat >"$root/etc/maas/regiond.conf" <<CONF
database_host: $WORK/pg
database_port: $PG_PORT
database_name: maasdb
database_user: maas
http_port: $2
rpc_port: $3
listen_address: ${4:-127.0.0.1}
maas_url: http://${4:-127.0.0.1}:$2/MAAS
CONF
    echo "$root"
}

# share_secret ROOT...: one fresh shared secret (0640) in every root; prints it.
share_secret() {
    local secret root
    secret=$(openssl rand -hex 16)
    for root in "$@"; do
        echo "$secret" >"$root/var/lib/maas/secret"
        chmod 0640 "$root/var/lib/maas/secret"
    done
    echo "$secret"
}

# start_api_region: PostgreSQL, one worker of region root r1 on free ports, and an admin;
# sets HP, RP, ROOT, A (.../api/2.0) and API_KEY (the admin's).
start_api_region() {
    pg_start
    HP=$(free_port); RP=$(free_port)
    ROOT=$(region_root r1 "$HP" "$RP")
    start_worker "$ROOT" 0
    A=http://127.0.0.1:$HP/MAAS/api/2.0
    API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
}

# start_uncached_region: a second region root r2 on the same database with its list cache off
# (api_cache_mib: 0), the reference the list-cache tests compare answers with; sets HP2, RP2,
# ROOT2 and A2.
start_uncached_region() {
    HP2=$(free_port); RP2=$(free_port)
    ROOT2=$(region_root r2 "$HP2" "$RP2")
    echo "api_cache_mib: 0" >>"$ROOT2/etc/maas/regiond.conf"
    start_worker "$ROOT2" 0
    A2=http://127.0.0.1:$HP2/MAAS/api/2.0
}

# start_worker ROOT INDEX [NETNS]: starts maas-regiond (inside network namespace NETNS when
# given; PostgreSQL stays reachable by its unix socket), waits for its ready line; sets
# WORKER_PID. WORKER_FILE_LIMIT=N starts it with an open-file limit of N (soft and hard).
start_worker() {
    local root=$1 index=$2 netns=${3:-}
    local fifo="$WORK/ready.$RANDOM.$index"
    mkfifo "$fifo"
    MAAS_ROOT=$root MAAS_READY_FD=3 ${netns:+ip netns exec "$netns"} \
        ${WORKER_FILE_LIMIT:+prlimit --nofile="$WORKER_FILE_LIMIT:$WORKER_FILE_LIMIT" --} \
        "$BIN/maas-regiond" --worker-index "$index" \
        3>"$fifo" >>"$WORK/regiond-$(basename "$root")-$index.log" 2>&1 &
    WORKER_PID=$!
    PIDS+=("$WORKER_PID")
    local line=""
    if ! read -r -t 30 line <"$fifo" || [ "$line" != "ready" ]; then
        rm -f "$fifo"; echo "worker $index of $root did not become ready" >&2; return 1
    fi
    rm -f "$fifo"
}

# wait_gone PID: bounded wait for a process to exit.
wait_gone() {
    for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    return 1
}

# api METHOD URL [curl args...]: authenticated request with a fresh nonce; sets BODY and
# HTTP_STATUS (no subshell, so call it directly).
api() {
    local method=$1 url=$2; shift 2
    local header; header=$("$TOOLS/region_oauth_header" "$API_KEY")
    anon "$method" "$url" -H "Authorization: $header" "$@"
}

anon() {
    local method=$1 url=$2; shift 2
    local out; out=$(curl -s -m 20 -X "$method" -w '\n%{http_code}' "$url" "$@")
    HTTP_STATUS=${out##*$'\n'}
    BODY=${out%$'\n'*}
}


