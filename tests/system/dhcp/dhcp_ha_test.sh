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
P="mdh$$"
source "$(dirname "$0")/dhcp_pair_env.sh"

# --- a client gets a lease
read -r IP1 SERVER1 ROUTER1 DNS1 <<<"$(udhcp u1)"
check "client leased from the pool by rack A" "yes $A_IP" \
    "$([[ "$IP1" =~ ^192\.0\.2\.(1[0-4][0-9]|150)$ ]] && echo yes || echo "no:$IP1") $SERVER1"
check "options from the subnet" "192.0.2.254 192.0.2.53" "$ROUTER1 $DNS1"
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
