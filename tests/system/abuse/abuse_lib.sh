# The abuse suite's harness (sourced after tests/integration/region/lib.sh and
# tests/system/power/bmc_lib.sh). Topology: the hub namespace holds two region workers
# (198.51.100.2, HTTP 5240, RPC 5250-5251) and a webhook BMC (port 8080); rack 1 lives in its
# namespace (198.51.100.11) and probes from there; rack 2 (198.51.100.12) registers during an
# attack; attackers run in their own namespace with 20 addresses (198.51.100.50-69). Every
# attack and probe is bounded in time and count.

ATTACK=$(dirname "${BASH_SOURCE[0]}")/attack.py
ATTACKER_NS=pw-r9-$$
ATTACKER_ADDRS=()
for i in $(seq 50 69); do ATTACKER_ADDRS+=("198.51.100.$i"); done
in_rack1() { ip netns exec "pw-r1-$$" "$@"; }
in_attacker() { ip netns exec "$ATTACKER_NS" "$@"; }

# abuse_setup: PostgreSQL, namespaces, two workers, the webhook BMC, rack 1 connected.
abuse_setup() {
    pg_start
    make_hub
    make_rack_ns 1
    make_rack_ns 2
    make_rack_ns 9
    for a in "${ATTACKER_ADDRS[@]}"; do ip -n "$ATTACKER_NS" addr add "$a/24" dev eth0; done
    SECRET=$(openssl rand -hex 16)
    R=$(region_root r 5240 5250 "$HUB_IP")
    # Real settings an operator may write: quick polls and short BMC deadlines keep CI short.
    printf 'power_poll_interval: 5\npower_call_timeout: 10\n' >>"$R/etc/maas/regiond.conf"
    echo "$SECRET" >"$R/var/lib/maas/secret"
    chmod 640 "$R/var/lib/maas/secret"
    WORKERS=()
    for i in 0 1; do
        local fifo="$WORK/ready.$i"
        mkfifo "$fifo"
        MAAS_ROOT=$R MAAS_READY_FD=3 ip netns exec "$HUB" "$BIN/maas-regiond" --worker-index "$i" \
            3>"$fifo" >>"$WORK/regiond-$i.log" 2>&1 &
        WORKERS+=($!)
        PIDS+=($!)
        local line=""
        read -r -t 30 line <"$fifo" || true
        rm -f "$fifo"
        [ "$line" = ready ] || fail "region worker $i did not become ready"
    done
    API_KEY=$(MAAS_ROOT=$R "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
    U=http://$HUB_IP:5240/MAAS
    A=$U/api/2.0
    HOOK=http://$HUB_IP:8080
    ip netns exec "$HUB" python3 "$ATTACK" webhook-bmc "$HUB_IP" 8080 >"$WORK/bmc.log" 2>&1 &
    PIDS+=($!)
    register_rack 1
    start_rack 1 "$U" "$SECRET"
    wait_for "rack 1 connected to both workers" 30 rack_connected 1
}

# register_rack N: registration files with a 5 s BMC deadline (rackd.conf power_timeout).
register_rack() {
    local conf=$WORK/rack$1/etc/maas/rackd.conf
    MAAS_ROOT=$WORK/rack$1 "$BIN/maas-rack-register" --url "$U" --secret "$SECRET" >/dev/null
    sed -i '/^power_timeout:/d' "$conf"
    echo "power_timeout: 5" >>"$conf"
}

# probe_healthz SECONDS FILE &: GET /MAAS/healthz every 100 ms from rack 1's namespace;
# one "code seconds" line each (code 000 when nothing came back within 2 s).
probe_healthz() {
    local n=$(($1 * 10)) i
    for i in $(seq "$n"); do
        in_rack1 curl -s -o /dev/null -m 2 -w '%{http_code} %{time_total}\n' "$U/healthz" \
            >>"$2" || echo "000 2.0" >>"$2"
        sleep 0.1  # pacing, not synchronisation
    done
}

# p99_ms FILE / max_ms FILE / bad_answers FILE (not 200)
p99_ms() { awk '{print $2 * 1000}' "$1" | sort -n | awk '{a[NR]=$1} END {i=int(NR*0.99+0.999); if(i<1)i=1; printf "%d\n", a[i]}'; }
max_ms() { awk '{print $2 * 1000}' "$1" | sort -n | tail -1 | awk '{printf "%d\n", $1}'; }
bad_answers() { awk '$1 != "200"' "$1" | wc -l; }

# api_answers COUNT: authenticated GETs from the hub; prints how many answered 200.
api_answers() {
    local ok=0 i
    for i in $(seq "$1"); do
        api GET "$A/machines/"
        [ "$HTTP_STATUS" = 200 ] && ok=$((ok + 1))
    done
    echo "$ok"
}

rss_mb() { awk '/VmRSS/ {printf "%d\n", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
max_worker_rss_mb() {
    local m=0 w r
    for w in "${WORKERS[@]}"; do r=$(rss_mb "$w"); [ "$r" -gt "$m" ] && m=$r; done
    echo "$m"
}
alive_count() { local n=0 p; for p in "$@"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done; echo "$n"; }

# check_case NAME PROBE_FILE API_OK API_COUNT RSS_MB: the properties every case must keep.
check_case() {
    local name=$1 probe=$2
    check "$name: both region workers still running (no restart)" 2 "$(alive_count "${WORKERS[@]}")"
    check "$name: rackd still running (no restart)" 1 "$(alive_count "${RACK_PID[1]}")"
    check "$name: /MAAS/healthz answered 200 every time" 0 "$(bad_answers "$probe")"
    check "$name: /MAAS/healthz within 2 s" yes "$([ "$(max_ms "$probe")" -lt 2000 ] && echo yes || echo "no ($(max_ms "$probe") ms)")"
    check "$name: rack 1 still connected" yes "$(rack_connected 1 && echo yes)"
    check "$name: the API client got its answers" "$4" "$3"
    check "$name: worker memory bounded (< 200 MB)" yes "$([ "$5" -lt 200 ] && echo yes || echo "no ($5 MB)")"
    echo "$name: healthz p99 $(p99_ms "$probe") ms, max $(max_ms "$probe") ms, rss $5 MB"
}
