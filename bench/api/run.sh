#!/bin/bash
# bench/api: requests/s and p99 of `rack-controllers read` and `subnets read` (50 racks, 200
# subnets) under wrk, beside nginx serving the same response bytes as static files in the same
# run (the ceiling), and PostgreSQL connections held at num_workers 1, 4 and 8.
# Usage: bench/api/run.sh [BUILD_DIR]   (default: ./build; builds what it needs)
# Traffic goes to 127.0.0.1 only.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
DURATION=${BENCH_DURATION:-5}
CONNS=${BENCH_CONNECTIONS:-32}

for tool in wrk nginx jq psql; do
    command -v "$tool" >/dev/null || { echo "bench/api needs $tool (tools/install-deps)"; exit 1; }
done
cmake --build "$BUILD" -j2 --target maas-regiond >/dev/null

export BIN=$BUILD/bin TOOLS=$BUILD/tests
source "$SRC/tests/integration/region/lib.sh"

pg_start
HP=$(free_port); RP=$(free_port); NP=$(free_port)
ROOT=$(region_root bench "$HP" "$RP")
U=http://127.0.0.1:$HP/MAAS
WPIDS=()
start_workers() {  # start_workers N
    for i in $(seq 0 $(($1 - 1))); do start_worker "$ROOT" "$i"; WPIDS+=("$WORKER_PID"); done
}
stop_workers() {
    for pid in "${WPIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${WPIDS[@]}"; do wait_gone "$pid" || kill -KILL "$pid" 2>/dev/null || true; done
    WPIDS=()
}

start_workers 1  # migrates
# --- seed: an API key, 200 subnets, 50 racks each with an interface, an address, services.
export BENCH_CK=benchconsumerkey01 BENCH_TK=benchtokenkey00001 BENCH_SECRET=benchsecretbenchsecretbenchsecre
psql_maas >/dev/null <<SQL
INSERT INTO users (username, email, password_hash, is_superuser) VALUES ('bench', '', 'x', true);
INSERT INTO api_tokens (user_id, consumer_key, token_key, token_secret)
  SELECT id, '$BENCH_CK', '$BENCH_TK', '$BENCH_SECRET' FROM users WHERE username = 'bench';
INSERT INTO subnets (name, vlan_id, cidr, gateway_ip)
  SELECT 'net-' || g, (SELECT min(id) FROM vlans), ('10.' || (g / 256) || '.' || (g % 256) || '.0/24')::cidr,
         ('10.' || (g / 256) || '.' || (g % 256) || '.1')::inet FROM generate_series(1, 200) g;
INSERT INTO nodes (system_id, hostname, node_type, version)
  SELECT 'rack' || lpad(g::text, 2, '0'), 'rack-' || g, 2, '0.1.0' FROM generate_series(1, 50) g;
INSERT INTO interfaces (node_id, name, mac_address, vlan_id)
  SELECT id, 'eth0', '52:54:00:00:00:' || lpad(to_hex(id::int), 2, '0'), (SELECT min(id) FROM vlans)
  FROM nodes WHERE node_type = 2;
INSERT INTO interface_addresses (interface_id, subnet_id, ip)
  SELECT i.id, s.id, host(s.cidr + 2)::inet FROM interfaces i
  JOIN subnets s ON s.name = 'net-' || i.node_id;
INSERT INTO services (node_id, name, status)
  SELECT id, svc, 'running' FROM nodes, unnest(ARRAY['rackd', 'dhcpd']) svc WHERE node_type = 2;
SQL
stop_workers

# --- nginx with the region's exact response bytes as static files
mkdir -p "$WORK/www/rackcontrollers" "$WORK/www/subnets" "$WORK/nginx"
start_workers 2
fetch() { curl -sf -H "Authorization: $("$TOOLS/region_oauth_header" "$BENCH_CK:$BENCH_TK:$BENCH_SECRET" 2>/dev/null || true)" "$1"; }
cmake --build "$BUILD" -j2 --target region_oauth_header >/dev/null
fetch "$U/api/2.0/rackcontrollers/" >"$WORK/www/rackcontrollers/index.json"
fetch "$U/api/2.0/subnets/" >"$WORK/www/subnets/index.json"
echo "response sizes: rackcontrollers $(wc -c <"$WORK/www/rackcontrollers/index.json") B ($(jq length "$WORK/www/rackcontrollers/index.json") racks), subnets $(wc -c <"$WORK/www/subnets/index.json") B ($(jq length "$WORK/www/subnets/index.json") subnets)"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
    uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
    default_type application/json;
    server {
        listen 127.0.0.1:$NP;
        root $WORK/www;
        location / { index index.json; }
    }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=("$!")
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NP/subnets/" >/dev/null && break; sleep 0.1; done

# run_wrk URL -> "rps p99ms errors"
run_wrk() {
    BENCH_PATH=$2 timeout $((DURATION + 30)) wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency \
        -s "$HERE/oauth.lua" "$1$2" >"$WORK/wrk.out" 2>&1
    local rps p99 errs
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$WORK/wrk.out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v*=1000}; printf "%.1f", v}' "$WORK/wrk.out")
    errs=$(awk -F= '/^errors=/ {print $2}' "$WORK/wrk.out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.out")
    echo "$rps $p99 $((errs + ${non2xx:-0}))"
}

printf '%-26s %10s %10s %8s %8s\n' endpoint ours-rps nginx-rps ratio p99-ms
min_rps=0; min_nginx=0; max_p99=0
for ep in rackcontrollers subnets; do
    read -r rps p99 errs < <(run_wrk "http://127.0.0.1:$HP" "/MAAS/api/2.0/$ep/")
    read -r nrps np99 nerrs < <(run_wrk "http://127.0.0.1:$NP" "/$ep/")
    [ "$errs" -eq 0 ] || echo "WARNING: $errs failed requests against the region ($ep)"
    ratio=$(awk -v a="$rps" -v b="$nrps" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')
    printf '%-26s %10s %10s %8s %8s   (nginx p99 %s ms)\n' "$ep read" "$rps" "$nrps" "$ratio" "$p99" "$np99"
    if [ "$min_rps" -eq 0 ] || [ "$rps" -lt "$min_rps" ]; then min_rps=$rps; min_nginx=$nrps; fi
    max_p99=$(awk -v a="$max_p99" -v b="$p99" 'BEGIN {print (b > a ? b : a)}')
done
stop_workers

# --- PostgreSQL connections held after load at 1, 4, 8 workers (budget: 4 per worker)
declare -A CONNS_AT
for n in 1 4 8; do
    start_workers "$n"
    BENCH_PATH=/MAAS/api/2.0/subnets/ timeout 30 wrk -t2 -c64 -d2s -s "$HERE/oauth.lua" \
        "http://127.0.0.1:$HP/MAAS/api/2.0/subnets/" >/dev/null 2>&1 || true
    CONNS_AT[$n]=$(pg_region_connections)
    echo "num_workers=$n: PostgreSQL connections held ${CONNS_AT[$n]} (budget $((4 * n)); MAAS uses about $((11 * n)))"
    stop_workers
done

ratio=$(awk -v a="$min_rps" -v b="$min_nginx" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')
echo "api: rps=$min_rps nginx-rps=$min_nginx ratio=$ratio p99-ms=$max_p99 pg-conns-w1=${CONNS_AT[1]} pg-conns-w4=${CONNS_AT[4]} pg-conns-w8=${CONNS_AT[8]}"
