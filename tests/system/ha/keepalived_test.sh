#!/bin/bash
# Two haproxy hosts h1, h2 (each its own network and PID namespace, on one bridge with a client
# namespace; 198.51.100.0/24) run haproxy + keepalived with the configs `maas config haproxy
# --keepalived` prints. Each host's "region" is a static HTTP server on its loopback answering
# /MAAS/readyz and /MAAS/host (its name). The virtual address must answer from h1, then from
# h2 once h1's haproxy is killed -9, without touching h2.
set -euo pipefail
source "$(dirname "$0")/../../lib/testlib.sh"
BUILD=$1
MAAS=$BUILD/bin/maas
command -v keepalived >/dev/null || { echo "needs keepalived (tools/install-deps)"; exit 1; }
WORK=$(mktemp -d /tmp/keepalived-test.XXXXXX)
P="mka$$"
NS_BR=${P}br; NS_C=${P}c
VIP=198.51.100.10
PIDS=()
FAILED=0

cleanup() {
    local rc=$? pid
    kill_pids "${PIDS[@]}"
    delete_netns "${P}h1" "${P}h2" "$NS_C" "$NS_BR"
    if [ "$rc" -ne 0 ] || [ "$FAILED" -ne 0 ]; then
        echo "--- logs in $WORK (kept)"; tail -n 15 "$WORK"/*.log 2>/dev/null || true
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT


# --- topology: bridge namespace joining h1 (.1), h2 (.2) and the client (.100)
for ns in "$NS_BR" "${P}h1" "${P}h2" "$NS_C"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip -n "$NS_BR" link add br0 type bridge
ip -n "$NS_BR" link set br0 up
n=1
for ns in "${P}h1" "${P}h2" "$NS_C"; do
    ip -n "$ns" link add eth0 type veth peer name "p$n" netns "$NS_BR"
    ip -n "$NS_BR" link set "p$n" master br0 up
    ip -n "$ns" link set eth0 up
    n=$((n + 1))
done
ip -n "${P}h1" addr add 198.51.100.1/24 dev eth0
ip -n "${P}h2" addr add 198.51.100.2/24 dev eth0
ip -n "$NS_C" addr add 198.51.100.100/24 dev eth0

# --- configs from the generator
"$MAAS" config haproxy --regions 127.0.0.1:5240 --stats-socket "" --keepalived \
    --interface eth0 --virtual-address "$VIP/24" --router-id $((1 + $$ % 250)) >"$WORK/all.cfg"
awk -v dir="$WORK" '/^# ===== keepalived.conf for haproxy host/ {f = dir "/keepalived" $7 ".conf"; next}
    {print > (f ? f : dir "/haproxy.cfg")}' "$WORK/all.cfg"
check "haproxy.cfg valid" "0" "$(haproxy -c -q -f "$WORK/haproxy.cfg" >/dev/null 2>&1; echo $?)"
for h in 1 2; do
    check "keepalived$h.conf valid" "0" "$(keepalived -t -f "$WORK/keepalived$h.conf" >/dev/null 2>&1; echo $?)"
done

# --- each host: its own PID namespace (so `pidof haproxy` sees only its own haproxy) with a
# static "region", haproxy and keepalived; touching $WORK/kill-h<N> kills that haproxy -9.
start_host() {
    local h=$1 dir=$WORK/h$1
    mkdir -p "$dir/www/MAAS"
    echo ok >"$dir/www/MAAS/readyz"
    echo "h$h" >"$dir/www/MAAS/host"
    cat >"$dir/run.sh" <<RUN
cd "$dir/www"
python3 -m http.server 5240 --bind 127.0.0.1 >"$WORK/http$h.log" 2>&1 &
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy$h.log" 2>&1 &
hp=\$!
keepalived --dont-fork --log-console --vrrp --use-file "$WORK/keepalived$h.conf" \
    --pid "$dir/k.pid" --vrrp_pid "$dir/v.pid" --checkers_pid "$dir/c.pid" >"$WORK/keepalived$h.log" 2>&1 &
for _ in \$(seq 1200); do
    if [ -f "$WORK/kill-h$h" ]; then kill -KILL \$hp; break; fi
    sleep 0.1
done
wait
RUN
    ip netns exec "${P}h$h" unshare --pid --fork --mount-proc --kill-child bash "$dir/run.sh" &
    PIDS+=("$!")
}
start_host 1
start_host 2

vip_on() {  # vip_on NS: 1 when the virtual address is configured in that namespace
    ip -n "$1" -4 addr show dev eth0 | grep -c "inet $VIP/" || true
}
served_by() { ip netns exec "$NS_C" curl -s -m 2 "http://$VIP/MAAS/host" || true; }

wait_equal "virtual address on h1" 1 20 vip_on "${P}h1"
check "virtual address on h1 (MASTER)" "1 0" "$(vip_on "${P}h1") $(vip_on "${P}h2")"
wait_equal "the API through h1" h1 20 served_by
check "client reaches the API through h1" "h1" "$(served_by)"

touch "$WORK/kill-h1"
wait_equal "virtual address on h2" 1 20 vip_on "${P}h2"
check "virtual address moved to h2 after h1's haproxy died" "1 0" \
    "$(vip_on "${P}h2") $(vip_on "${P}h1")"
wait_equal "the API through h2" h2 20 served_by
check "client reaches the API through h2" "h2" "$(served_by)"

finish
