# Shared by the DHCP HA system tests: namespaces (named after $P) on one bridge joining the
# region (192.0.2.10), rack A (192.0.2.1), rack B (192.0.2.2) and a client namespace with
# udhcpc interfaces u1..u$CLIENTS (default 3). PostgreSQL runs on the host, reached by its unix
# socket. Each rack runs the real maas-supervisor in rack mode (rackd + kea-dhcp4 with
# libmaas_dhcp_ha.so). Ends with both racks' kea-dhcp4 paired in normal through
# `maas admin vlan update ... primary_rack= secondary_rack= dhcp_on=true`.
# The caller sets P (namespace prefix) and may set CLIENTS; RACKS=1 leaves rack B out and ends
# with rack A's kea-dhcp4 serving alone (standalone, `primary_rack=` only).
# Environment: BIN, TOOLS, BUILD.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
source "$(dirname "$0")/../../integration/region/lib.sh"

NS_BR=${P}br NS_REG=${P}rg NS_A=${P}a NS_B=${P}b NS_C=${P}c
REG_IP=192.0.2.10 A_IP=192.0.2.1 B_IP=192.0.2.2
SUP_PIDS=()
cleanup_dhcp() {
    local pid
    stop_pids "${SUP_PIDS[@]}"
    # kea or rackd left behind by a killed supervisor: by the pids it recorded.
    for f in "$WORK"/rack*/run/maas/supervisor.status; do
        [ -f "$f" ] || continue
        for pid in $(jq -r '.services[].pid // empty' "$f" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    done
    [ -f "$WORK/dh.pid" ] && kill -KILL "$(cat "$WORK/dh.pid")" 2>/dev/null
    delete_netns "$NS_C" "$NS_A" "$NS_B" "$NS_REG" "$NS_BR"
    cleanup
}
trap cleanup_dhcp EXIT

# --- topology
RACKS=${RACKS:-2}
for ns in "$NS_BR" "$NS_REG" "$NS_A" "$NS_B" "$NS_C"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
done
ip -n "$NS_BR" link add br0 type bridge
ip -n "$NS_BR" link set br0 up
CLIENT_PORTS=()
for i in $(seq "${CLIENTS:-3}"); do CLIENT_PORTS+=("$NS_C:pc$i"); done
for pair in "$NS_REG:preg" "$NS_A:pa" "$NS_B:pb" "${CLIENT_PORTS[@]}"; do
    ns=${pair%%:*} peer=${pair##*:}
    ifname=eth0
    [ "$ns" = "$NS_C" ] && ifname=u${peer#pc}
    ip -n "$ns" link add "$ifname" type veth peer name "$peer" netns "$NS_BR"
    ip -n "$NS_BR" link set "$peer" master br0 up
    ip -n "$ns" link set "$ifname" up
done
ip -n "$NS_REG" addr add "$REG_IP/24" dev eth0
ip -n "$NS_A" addr add "$A_IP/24" dev eth0
ip -n "$NS_B" addr add "$B_IP/24" dev eth0

# --- region in its namespace, PostgreSQL on the host (unix socket)
pg_start
HP=$(free_port); RP=$(free_port)
SECRET=$(openssl rand -hex 16)
ROOT=$(region_root region "$HP" "$RP" "$REG_IP")
echo "$SECRET" >"$ROOT/var/lib/maas/secret"; chmod 640 "$ROOT/var/lib/maas/secret"
start_region() {
    local fifo="$WORK/ready.$RANDOM"
    mkfifo "$fifo"
    MAAS_ROOT=$ROOT MAAS_READY_FD=3 ip netns exec "$NS_REG" "$BIN/maas-regiond" --worker-index 0 \
        3>"$fifo" >>"$WORK/regiond.log" 2>&1 &
    REGION_PID=$!
    PIDS+=("$REGION_PID")
    local line=""
    read -r -t 30 line <"$fifo" || true
    rm -f "$fifo"
    [ "$line" = ready ] || fail "region did not become ready"
}
start_region
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
anon() {  # the region is only reachable inside the namespaces
    local method=$1 url=$2; shift 2
    local out; out=$(ip netns exec "$NS_REG" curl -s -m 20 -X "$method" -w '\n%{http_code}' "$url" "$@")
    HTTP_STATUS=${out##*$'\n'}
    BODY=${out%$'\n'*}
}
A=http://$REG_IP:$HP/MAAS/api/2.0
api POST "$A/fabrics/" -d name=fabric-1; FID=$(echo "$BODY" | jq -r .id)
api POST "$A/subnets/" -d cidr=192.0.2.0/24 -d fabric=fabric-1 -d vid=0 -d gateway_ip=192.0.2.254 \
    -d "dns_servers=192.0.2.53"
check "subnet created" "200" "$HTTP_STATUS"
api POST "$A/ipranges/" -d type=dynamic -d start_ip=192.0.2.100 -d end_ip=192.0.2.150
check "dynamic range" "200" "$HTTP_STATUS"
api POST "$A/ipranges/" -d type=reserved -d start_ip=192.0.2.200 -d end_ip=192.0.2.210
check "reserved range" "200" "$HTTP_STATUS"

# --- racks: supervisor (rack mode) -> rackd -> kea-dhcp4 on demand
rack_root() {  # rack_root NAME -> MAAS_ROOT with mode, confs and the secret
    local root="$WORK/$1"
    mkdir -p "$root/etc/maas" "$root/var/lib/maas"
    echo rack >"$root/var/lib/maas/mode"
    cat >"$root/etc/maas/supervisor.conf" <<CONF
bin_dir: $BIN
kea_bin_dir: /usr/sbin
restart_backoff_initial_ms: ${2:-1000}
restart_backoff_max_ms: 30000
stop_grace_s: 3
CONF
    MAAS_ROOT=$root "$BIN/maas-rack-register" --url "http://$REG_IP:$HP/MAAS" --secret "$SECRET" >/dev/null
    # A copy per rack, so the test can make kea-dhcp4 -t refuse rack A's next configuration.
    cp "$BUILD/lib/libmaas_dhcp_ha.so" "$root/hook.so"
    echo "dhcp_hook_library: $root/hook.so" >>"$root/etc/maas/rackd.conf"
    echo "$root"
}
start_supervisor() {  # start_supervisor ROOT NS HOSTNAME
    MAAS_ROOT=$1 ip netns exec "$2" unshare --uts sh -c "hostname $3 && exec '$BIN/maas-supervisor'" \
        >>"$1/supervisor.log" 2>&1 &
    SUP_PIDS+=($!)
    eval "SUP_$4=$!"
}
ctl() { MAAS_ROOT=$1 "$BIN/maas-supervisor" ctl "$2"; }
RA=$(rack_root rackA 15000)  # a long restart delay: rack A's kea stays dead while B takes over
start_supervisor "$RA" "$NS_A" "rack-a-$$" A
if [ "$RACKS" = 2 ]; then
    RB=$(rack_root rackB)
    start_supervisor "$RB" "$NS_B" "rack-b-$$" B
fi
rackd_running() {  # rackd_running HOSTNAME
    api GET "$A/rackcontrollers/"
    [ "$(echo "$BODY" | jq -r --arg h "$1" '.[] | select(.hostname == $h) | .service_set[] | select(.name == "rackd") | .status')" = running ]
}
wait_for "rack A registered and running" 60 rackd_running "rack-a-$$"
[ "$RACKS" = 1 ] || wait_for "rack B registered and running" 60 rackd_running "rack-b-$$"
log "racks registered"

# --- the API call (the MAAS documentation's form, through our CLI)
export HOME=$WORK/home; mkdir -p "$HOME"
maas() { MAAS_ROOT=$ROOT ip netns exec "$NS_REG" "$BIN/maas" "$@"; }
maas login admin "http://$REG_IP:$HP/MAAS" "$API_KEY" >/dev/null
vid=$(maas admin subnets read | jq -r '.[] | select(.cidr == "192.0.2.0/24") | .vlan.vid')
fabric_id=$(maas admin fabrics read | jq -r '.[] | select(.name == "fabric-1") | .id')
if [ "$RACKS" = 1 ]; then
    maas admin vlan update "$fabric_id" "$vid" primary_rack="rack-a-$$" dhcp_on=true >"$WORK/vlan.json"
else
    maas admin vlan update "$fabric_id" "$vid" primary_rack="rack-a-$$" secondary_rack="rack-b-$$" \
        dhcp_on=true >"$WORK/vlan.json"
fi
check "vlan update" "true" "$(jq -r .dhcp_on "$WORK/vlan.json")"

# --- both racks serve with HA
region_leases() {  # "IP MAC" per DHCP lease the region lists
    maas admin ipaddresses read all=true 2>/dev/null |
        jq -r '.[] | select(.alloc_type == 5) | "\(.ip) \(.mac_address)"' | sort
}
# Rack A's rackd as its supervisor reports it.
rackd_pid() { jq -r '.services[] | select(.name == "rackd") | .pid // empty' "$RA/run/maas/supervisor.status"; }
rackd_state() { jq -r '.services[] | select(.name == "rackd") | .state' "$RA/run/maas/supervisor.status"; }
kea_cmd() { "$TOOLS/ha_probe" cmd "$1/var/lib/maas/dhcp/kea-dhcp4.ctrl" "$2" 2>/dev/null; }
ha_state() { kea_cmd "$1" '{"command": "maas-ha-status"}' | sed -n 's/.*"state": "\([a-z-]*\)".*/\1/p' | head -1; }
ha_state_is() { [ "$(ha_state "$1")" = "$2" ]; }
kea_conf() { jq -r "$2" "$1/var/lib/maas/dhcp/kea-dhcp4.conf"; }
if [ "$RACKS" = 1 ]; then
    wait_for "rack A's kea standalone" 60 ha_state_is "$RA" standalone
    log "rack A's kea-dhcp4 serving alone"
else
    wait_for "rack A's kea normal" 60 ha_state_is "$RA" normal
    wait_for "rack B's kea normal" 30 ha_state_is "$RB" normal
    log "both kea-dhcp4 paired"
    check "rack A primary, partner B" "primary $B_IP" "$(kea_conf "$RA" '.Dhcp4["hooks-libraries"][1].parameters | "\(.role) \(.["peer-address"])"')"
    check "rack B secondary, partner A" "secondary $A_IP" "$(kea_conf "$RB" '.Dhcp4["hooks-libraries"][1].parameters | "\(.role) \(.["peer-address"])"')"
fi
check "pool from the dynamic range" "192.0.2.100 - 192.0.2.150" "$(kea_conf "$RA" '.Dhcp4.subnet4[0].pools[0].pool')"
dhcpd_service() {  # dhcpd_service HOSTNAME -> status
    api GET "$A/rackcontrollers/"
    echo "$BODY" | jq -r --arg h "$1" '.[] | select(.hostname == $h) | .service_set[] | select(.name == "dhcpd") | .status'
}
dhcpd_is() { [ "$(dhcpd_service "$1")" = "$2" ]; }
wait_for "dhcpd running on rack A" 15 dhcpd_is "rack-a-$$" running

# --- clients
cat >"$WORK/udhcpc.sh" <<'S'
#!/bin/sh
[ "$1" = bound ] || [ "$1" = renew ] && echo "$ip $serverid $router $dns" > "$UDHCP_OUT"
exit 0
S
chmod +x "$WORK/udhcpc.sh"
udhcp() {  # udhcp IFACE [args]: one exchange; prints "ip serverid router dns"
    local iface=$1; shift
    rm -f "$WORK/udhcp.$iface"
    UDHCP_OUT="$WORK/udhcp.$iface" timeout 30 ip netns exec "$NS_C" \
        udhcpc -i "$iface" -n -q -f -t 8 -T 1 -s "$WORK/udhcpc.sh" "$@" >/dev/null 2>&1 || true
    cat "$WORK/udhcp.$iface" 2>/dev/null
}
listed() {  # listed IP: the region shows it as a DHCP lease
    api GET "$A/ipaddresses/?all=true"
    [ "$(echo "$BODY" | jq -r --arg ip "$1" '.[] | select(.ip == $ip) | .alloc_type_name')" = DHCP ]
}
