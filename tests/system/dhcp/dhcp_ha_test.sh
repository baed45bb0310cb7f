#!/bin/bash
# DHCP HA end to end. Namespaces (named after $$): a bridge joining the region (192.0.2.10),
# rack A (192.0.2.1), rack B (192.0.2.2) and a client namespace with udhcpc interfaces.
# PostgreSQL runs on the host, reached by its unix socket. Each rack runs the real
# maas-supervisor in rack mode (rackd + kea-dhcp4 with libmaas_dhcp_ha.so).
# Steps: vlan update through the API -> both racks serve with HA -> a client gets a lease ->
# the region lists it (and drops a released one) -> kill -9 rack A's kea -> the client renews
# from rack B, the region shows rack A's dhcpd degraded -> A comes back
# (supervisor) and resyncs -> a configuration kea-dhcp4 refuses keeps the last good one (dhcpd
# degraded) -> the VLAN loses its secondary: rack A serves it alone (hook standalone) and its
# new lease still shows in the API; the secondary comes back and the pair is normal -> stop the region and PostgreSQL, restart rackd on both racks and rack A's whole
# supervisor -> a new client still gets a lease.
# Environment: BIN, TOOLS, BUILD.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
source "$(dirname "$0")/../../integration/region/lib.sh"

P="mdh$$"
NS_BR=${P}br NS_REG=${P}rg NS_A=${P}a NS_B=${P}b NS_C=${P}c
REG_IP=192.0.2.10 A_IP=192.0.2.1 B_IP=192.0.2.2
SUP_PIDS=()
cleanup_dhcp() {
    local pid ns
    for pid in "${SUP_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${SUP_PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    # kea or rackd left behind by a killed supervisor: by the pids it recorded.
    for f in "$WORK"/rack*/run/maas/supervisor.status; do
        [ -f "$f" ] || continue
        for pid in $(jq -r '.services[].pid // empty' "$f" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    done
    [ -f "$WORK/dh.pid" ] && kill -KILL "$(cat "$WORK/dh.pid")" 2>/dev/null
    for ns in "$NS_C" "$NS_A" "$NS_B" "$NS_REG" "$NS_BR"; do ip netns del "$ns" 2>/dev/null || true; done
    cleanup
}
trap cleanup_dhcp EXIT
log() { echo "[$(date +%H:%M:%S)] $*"; }

# --- topology
for ns in "$NS_BR" "$NS_REG" "$NS_A" "$NS_B" "$NS_C"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
done
ip -n "$NS_BR" link add br0 type bridge
ip -n "$NS_BR" link set br0 up
for pair in "$NS_REG:preg" "$NS_A:pa" "$NS_B:pb" "$NS_C:pc1" "$NS_C:pc2" "$NS_C:pc3"; do
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
RB=$(rack_root rackB)
start_supervisor "$RA" "$NS_A" "rack-a-$$" A
start_supervisor "$RB" "$NS_B" "rack-b-$$" B
rackd_running() {  # rackd_running HOSTNAME
    api GET "$A/rackcontrollers/"
    [ "$(echo "$BODY" | jq -r --arg h "$1" '.[] | select(.hostname == $h) | .service_set[] | select(.name == "rackd") | .status')" = running ]
}
wait_for "rack A registered and running" 60 rackd_running "rack-a-$$"
wait_for "rack B registered and running" 60 rackd_running "rack-b-$$"
log "both racks registered"

# --- the API call (the MAAS documentation's form, through our CLI)
export HOME=$WORK/home; mkdir -p "$HOME"
maas() { MAAS_ROOT=$ROOT ip netns exec "$NS_REG" "$BIN/maas" "$@"; }
maas login admin "http://$REG_IP:$HP/MAAS" "$API_KEY" >/dev/null
vid=$(maas admin subnets read | jq -r '.[] | select(.cidr == "192.0.2.0/24") | .vlan.vid')
fabric_id=$(maas admin fabrics read | jq -r '.[] | select(.name == "fabric-1") | .id')
maas admin vlan update "$fabric_id" "$vid" primary_rack="rack-a-$$" secondary_rack="rack-b-$$" \
    dhcp_on=true >"$WORK/vlan.json"
check "vlan update" "true" "$(jq -r .dhcp_on "$WORK/vlan.json")"

# --- both racks serve with HA
kea_cmd() { "$TOOLS/ha_probe" cmd "$1/var/lib/maas/dhcp/kea-dhcp4.ctrl" "$2" 2>/dev/null; }
ha_state() { kea_cmd "$1" '{"command": "maas-ha-status"}' | sed -n 's/.*"state": "\([a-z-]*\)".*/\1/p' | head -1; }
ha_state_is() { [ "$(ha_state "$1")" = "$2" ]; }
wait_for "rack A's kea normal" 60 ha_state_is "$RA" normal
wait_for "rack B's kea normal" 30 ha_state_is "$RB" normal
log "both kea-dhcp4 paired"
kea_conf() { jq -r "$2" "$1/var/lib/maas/dhcp/kea-dhcp4.conf"; }
check "pool from the dynamic range" "192.0.2.100 - 192.0.2.150" "$(kea_conf "$RA" '.Dhcp4.subnet4[0].pools[0].pool')"
check "rack A primary, partner B" "primary $B_IP" "$(kea_conf "$RA" '.Dhcp4["hooks-libraries"][1].parameters | "\(.role) \(.["peer-address"])"')"
check "rack B secondary, partner A" "secondary $A_IP" "$(kea_conf "$RB" '.Dhcp4["hooks-libraries"][1].parameters | "\(.role) \(.["peer-address"])"')"
dhcpd_service() {  # dhcpd_service HOSTNAME -> status
    api GET "$A/rackcontrollers/"
    echo "$BODY" | jq -r --arg h "$1" '.[] | select(.hostname == $h) | .service_set[] | select(.name == "dhcpd") | .status'
}
dhcpd_is() { [ "$(dhcpd_service "$1")" = "$2" ]; }
wait_for "dhcpd running on rack A" 15 dhcpd_is "rack-a-$$" running

# --- a client gets a lease
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
read -r IP1 SERVER1 ROUTER1 DNS1 <<<"$(udhcp u1)"
check "client leased from the pool by rack A" "yes $A_IP" \
    "$([[ "$IP1" =~ ^192\.0\.2\.(1[0-4][0-9]|150)$ ]] && echo yes || echo "no:$IP1") $SERVER1"
check "options from the subnet" "192.0.2.254 192.0.2.53" "$ROUTER1 $DNS1"
listed() {  # listed IP: the region shows it as a DHCP lease
    api GET "$A/ipaddresses/?all=true"
    [ "$(echo "$BODY" | jq -r --arg ip "$1" '.[] | select(.ip == $ip) | .alloc_type_name')" = DHCP ]
}
wait_for "the region lists the lease" 15 listed "$IP1"
SID=$(echo "$BODY" | jq -r --arg ip "$IP1" '.[] | select(.ip == $ip) | .subnet.id')
api GET "$A/subnets/$SID/?op=ip_addresses"
check "subnet ip_addresses shows the lease with its MAC" \
    "$(ip netns exec "$NS_C" cat /sys/class/net/u1/address)" \
    "$(echo "$BODY" | jq -r --arg ip "$IP1" '.[] | select(.ip == $ip) | .mac_address')"
log "lease $IP1 listed by the region"
# A released lease leaves the list (hook release event -> rackd -> region). dhclient sends the
# RELEASE from its lease file through a plain UDP socket: the client namespace needs a route, so
# u2 gets an address outside the pool.
ip -n "$NS_C" addr add 192.0.2.99/24 dev u2
dh() { timeout 20 ip netns exec "$NS_C" dhclient "$@" -sf /bin/true -lf "$WORK/dh.leases" \
    -pf "$WORK/dh.pid" u2 >/dev/null 2>&1 || true; }
dh -1
IP_R=$(sed -n 's/^ *fixed-address \([0-9.]*\);/\1/p' "$WORK/dh.leases" 2>/dev/null | tail -1)
wait_for "the region lists the second client's lease" 15 listed "$IP_R"
dh -r
not_listed() { ! listed "$1"; }
wait_for "the released lease leaves the list" 15 not_listed "$IP_R"
ip -n "$NS_C" addr flush dev u2

# --- kill rack A's kea: the client renews from rack B
kea_pid() { jq -r '.services[] | select(.name == "kea-dhcp4") | .pid' "$1/run/maas/supervisor.status"; }
KEA_A=$(kea_pid "$RA")
kill -9 "$KEA_A"
log "killed rack A's kea ($KEA_A)"
wait_for "rack B takes over" 15 ha_state_is "$RB" partner-down
read -r IP2 SERVER2 _ <<<"$(udhcp u1 -r "$IP1")"
check "client renewed its address from rack B" "$IP1 $B_IP" "$IP2 $SERVER2"
wait_for "rack A reports dhcpd degraded while its kea is down" 10 dhcpd_is "rack-a-$$" degraded

# --- rack A comes back (its supervisor restarts kea) and resyncs
wait_for "rack A's kea restarted" 40 bash -c "[ \"\$(jq -r '.services[] | select(.name == \"kea-dhcp4\") | .pid' '$RA/run/maas/supervisor.status')\" != '$KEA_A' ] && [ -S '$RA/var/lib/maas/dhcp/kea-dhcp4.ctrl' ]"
wait_for "rack A normal again" 60 ha_state_is "$RA" normal
wait_for "rack B normal again" 30 ha_state_is "$RB" normal
has_lease() {  # has_lease ROOT IP: kea's lease database holds IP (state 0)
    kea_cmd "$1" "{\"command\": \"lease4-get\", \"arguments\": {\"ip-address\": \"$2\"}}" | grep -q '"state": 0'
}
check "rack A resynced the lease" "yes" "$(has_lease "$RA" "$IP1" && echo yes || echo no)"
wait_for "rack A reports dhcpd running again" 15 dhcpd_is "rack-a-$$" running
log "rack A back and resynced"

# --- a configuration kea-dhcp4 refuses never replaces the good one
wait_for "rack A reports dhcpd running" 15 dhcpd_is "rack-a-$$" running
KEA_A=$(kea_pid "$RA")
mv "$RA/hook.so" "$RA/hook.so.away"
T0=$(date +%s%N)
api PUT "$A/subnets/$SID/" -d "dns_servers=192.0.2.53 192.0.2.54"
wait_for "rack A reports dhcpd degraded" 15 dhcpd_is "rack-a-$$" degraded
api GET "$A/rackcontrollers/"
check "the region shows kea's refusal" "1" "$(echo "$BODY" | jq -r --arg h "rack-a-$$" '.[] | select(.hostname == $h) | .service_set[] | select(.name == "dhcpd") | .status_info' | grep -c 'refused by kea-dhcp4 -t (serving the last good one)')"
check "rack A keeps its last good configuration" "192.0.2.53" "$(kea_conf "$RA" '.Dhcp4.subnet4[0]["option-data"][1].data')"
check "rack A's kea kept running" "$KEA_A" "$(kea_pid "$RA")"
b_dns() { jq -r '.Dhcp4.subnet4[0]["option-data"][1].data' "$RB/var/lib/maas/dhcp/kea-dhcp4.conf" 2>/dev/null; }
for _ in $(seq 300); do [ "$(b_dns)" = "192.0.2.53, 192.0.2.54" ] && break; sleep 0.05; done
check "rack B applied the change" "192.0.2.53, 192.0.2.54" "$(b_dns)"
# Figures, not checks (no wall-clock asserts): API call -> configuration received by rackd
# (its RACK_DHCP_RECEIVED log line), and -> validated file in place on rack B.
T_FILE=$(( ($(date +%s%N) - T0) / 1000000 ))
T_RECV=$(grep 'RACK_DHCP_RECEIVED' "$RB/supervisor.log" | tail -1 | cut -d' ' -f1)
log "subnet change: received by rack B after $(( ($(date -d "$T_RECV" +%s%N) - T0) / 1000000 )) ms, applied after $T_FILE ms"
mv "$RA/hook.so.away" "$RA/hook.so"
api PUT "$A/subnets/$SID/" -d "dns_servers=192.0.2.53"
wait_for "rack A running again" 15 dhcpd_is "rack-a-$$" running
wait_for "the pair normal again" 60 ha_state_is "$RA" normal
log "refused configuration handled"

# --- the VLAN without a secondary: rack A serves it alone, leases still reach the region
maas admin vlan update "$fabric_id" "$vid" secondary_rack= >"$WORK/vlan-alone.json"
check "secondary removed" "null" "$(jq -r .secondary_rack "$WORK/vlan-alone.json")"
wait_for "rack A's hook standalone" 30 ha_state_is "$RA" standalone
check "rack A's hook parameters: standalone, no partner" "standalone null null" \
    "$(kea_conf "$RA" '.Dhcp4["hooks-libraries"][1].parameters | "\(.role) \(.["peer-address"]) \(.["secret-file"])"')"
read -r IP_S SERVER_S _ <<<"$(udhcp u3)"
check "a client leased from rack A alone" "yes $A_IP" \
    "$([[ "$IP_S" =~ ^192\.0\.2\.(1[0-4][0-9]|150)$ ]] && echo yes || echo "no:$IP_S") $SERVER_S"
wait_for "the region lists the single-rack lease" 15 listed "$IP_S"
api GET "$A/subnets/$SID/?op=ip_addresses"
check "subnet ip_addresses shows the single-rack lease with its MAC" \
    "$(ip netns exec "$NS_C" cat /sys/class/net/u3/address)" \
    "$(echo "$BODY" | jq -r --arg ip "$IP_S" '.[] | select(.ip == $ip) | .mac_address')"
log "lease $IP_S from rack A alone listed by the region"
maas admin vlan update "$fabric_id" "$vid" secondary_rack="rack-b-$$" >/dev/null
wait_for "rack A normal with its secondary back" 60 ha_state_is "$RA" normal
wait_for "rack B normal again" 30 ha_state_is "$RB" normal

# --- every region and the database gone, rackd restarted on both racks (and rack A's whole
# supervisor)
kill -TERM "$REGION_PID"; wait_gone "$REGION_PID" || kill -KILL "$REGION_PID"
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null
ctl "$RA" "restart rackd" >/dev/null
ctl "$RB" "restart rackd" >/dev/null
kill -TERM "$SUP_A"
wait_gone "$SUP_A" || fail "rack A's supervisor did not stop"
check "rack A's kea stopped with its supervisor" "no" "$(kill -0 "$(kea_pid "$RA")" 2>/dev/null && echo yes || echo no)"
start_supervisor "$RA" "$NS_A" "rack-a-$$" A
wait_for "rack A serves from its last good configuration" 60 ha_state_is "$RA" normal
check "rack A's rackd could not reach a region" "disconnected" \
    "$(sed -n 's/.*"state":"\([^"]*\)".*/\1/p' "$RA/var/lib/maas/rack/status.json")"
read -r IP3 SERVER3 _ <<<"$(udhcp u2)"
check "a new client gets a lease with every region down" "yes" \
    "$([[ "$IP3" =~ ^192\.0\.2\.(1[0-4][0-9]|150)$ ]] && [ "$IP3" != "$IP1" ] && echo yes || echo "no:$IP3")"
log "lease $IP3 from $SERVER3 with the region down"
finish
