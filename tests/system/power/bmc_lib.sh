# Helpers for power tests and benchmarks (sourced after tests/integration/region/lib.sh).
# Topology: a hub network namespace with a bridge (198.51.100.2 = the region worker and the
# BMCs) and one namespace per rack (eth0 198.51.100.1N/24, own MAAS_ROOT and UTS name), so every
# rack has its own MACs and an interface on the BMCs' subnet. PostgreSQL stays in the test's
# namespace and is reached through its unix socket. Everything started goes into PIDS (killed
# by the harness's EXIT trap), namespaces are deleted after; every wait is bounded.

HUB=pw-hub-$$
HUB_IP=198.51.100.2
NETNS=()
del_netns() { for ns in "${NETNS[@]}"; do ip netns del "$ns" 2>/dev/null || true; done; }
trap 'cleanup; del_netns' EXIT
# Never background in_hub: $! would be a subshell, and killing it would orphan the command.
in_hub() { ip netns exec "$HUB" "$@"; }

# The harness's curl runs in the hub, where the region listens.
anon() {
    local method=$1 url=$2; shift 2
    local out; out=$(in_hub curl -s -m 60 -X "$method" -w '\n%{http_code}' "$url" "$@")
    HTTP_STATUS=${out##*$'\n'}
    BODY=${out%$'\n'*}
}

make_hub() {
    ip netns add "$HUB"
    NETNS+=("$HUB")
    ip -n "$HUB" link set lo up
    ip -n "$HUB" link add br0 type bridge
    ip -n "$HUB" link set br0 up
    ip -n "$HUB" addr add "$HUB_IP/24" dev br0
}

# make_rack_ns N: namespace pw-rN-$$ with eth0 198.51.100.1N/24 on the hub's bridge.
make_rack_ns() {
    local ns=pw-r$1-$$
    ip netns add "$ns"
    NETNS+=("$ns")
    ip -n "$ns" link set lo up
    ip link add "pw$1-$$" netns "$ns" type veth peer name "hub$1" netns "$HUB"
    ip -n "$ns" link set "pw$1-$$" name eth0
    ip -n "$ns" addr add "198.51.100.$((10 + $1))/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$HUB" link set "hub$1" master br0
    ip -n "$HUB" link set "hub$1" up
}

# start_hub_worker ROOT: maas-regiond worker 0 in the hub; waits for its ready line.
start_hub_worker() {
    local root=$1 fifo="$WORK/ready.$RANDOM"
    mkfifo "$fifo"
    MAAS_ROOT=$root MAAS_READY_FD=3 ip netns exec "$HUB" "$BIN/maas-regiond" --worker-index 0 \
        3>"$fifo" >>"$WORK/regiond.log" 2>&1 &
    PIDS+=($!)
    local line=""
    read -r -t 30 line <"$fifo" || true
    rm -f "$fifo"
    [ "$line" = ready ] || { echo "region worker did not become ready"; exit 1; }
}

# start_power_region POLL_SECONDS: the region worker in the hub (HTTP 5240, RPC 5250) with a
# shared secret and an admin; sets R, SECRET, API_KEY, U (.../MAAS) and A (.../api/2.0).
start_power_region() {
    SECRET=$(openssl rand -hex 16)
    R=$(region_root r 5240 5250 "$HUB_IP")
    echo "power_poll_interval: $1" >>"$R/etc/maas/regiond.conf"
    echo "$SECRET" >"$R/var/lib/maas/secret"
    chmod 640 "$R/var/lib/maas/secret"
    start_hub_worker "$R"
    API_KEY=$(MAAS_ROOT=$R "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
    U=http://$HUB_IP:5240/MAAS
    A=$U/api/2.0
}

# start_webhook_bmcs: webhook_server.py (any number of webhook BMCs) in the hub; sets HOOK.
start_webhook_bmcs() {
    HOOK=http://$HUB_IP:8080
    local server; server=$(dirname "${BASH_SOURCE[0]}")/../../../bench/bmc/webhook_server.py
    ip netns exec "$HUB" python3 "$server" "$HUB_IP" 8080 >"$WORK/webhook.log" 2>&1 &
    PIDS+=($!)
}

# start_bmc N [PASSWORD]: an ipmi_sim in the hub on $HUB_IP:BMC_PORT[N] (user admin, password
# "secret" unless given) whose chassis power lives in $WORK/bmcN/power (0|1).
declare -A BMC_PORT BMC_PID
start_bmc() {
    local n=$1 dir="$WORK/bmc$1" port password=${2:-secret}
    port=$((9000 + n))
    mkdir -p "$dir/state"
    echo 0 >"$dir/power"
    cat >"$dir/chassis.sh" <<SH
#!/bin/sh
if [ "\$2" = get ]; then echo "power:\$(cat '$dir/power')"; else echo "\$4" >'$dir/power'; fi
SH
    chmod +x "$dir/chassis.sh"
    cat >"$dir/lan.conf" <<CONF
name "bmc$n"
set_working_mc 0x20
  startlan 1
    addr $HUB_IP $port
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid a123456789abcdefa123456789abcd$(printf '%02x' "$n")
  endlan
  chassis_control "$dir/chassis.sh 0x20"
  user 2 true  "admin"   "$password"   admin    10       none md2 md5 straight
CONF
    printf 'mc_setbmc 0x20\nmc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr\nmc_enable 0x20\n' \
        >"$dir/bmc.emu"
    ip netns exec "$HUB" ipmi_sim -c "$dir/lan.conf" -f "$dir/bmc.emu" -s "$dir/state" -n >"$WORK/bmc$n.log" 2>&1 &
    BMC_PID[$n]=$!
    PIDS+=("${BMC_PID[$n]}")
    BMC_PORT[$n]=$port
}
bmc_power() { cat "$WORK/bmc$1/power"; }

# start_rack N URL SECRET: maas-rackd in $WORK/rackN with hostname power-$$-N.
declare -A RACK_PID
start_rack() {
    local n=$1 root="$WORK/rack$1"
    if [ ! -e "$root/var/lib/maas/secret" ]; then
        MAAS_ROOT=$root "$BIN/maas-rack-register" --url "$2" --secret "$3" >/dev/null
    fi
    MAAS_ROOT=$root ip netns exec "pw-r$n-$$" unshare --uts sh -c "hostname power-$$-$n && exec '$BIN/maas-rackd'" \
        >>"$WORK/rackd$n.log" 2>&1 &
    RACK_PID[$n]=$!
    PIDS+=("${RACK_PID[$n]}")
}
rack_connected() { grep -q '"state":"connected"' "$WORK/rack$1/var/lib/maas/rack/status.json" 2>/dev/null; }
rack_id() { cat "$WORK/rack$1/var/lib/maas/rack/maas_id"; }

