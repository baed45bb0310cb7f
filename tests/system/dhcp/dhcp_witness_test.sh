#!/bin/bash
# The region as the DHCP HA witness, end to end (dhcp_pair_env.sh: region, two racks under
# their supervisors with real kea-dhcp4 and the hook, udhcpc clients, each in a namespace).
# Partitions are blackhole routes on both ends (no packet filter on this host):
#   1. rack A <-> rack B cut, both reaching the region: both renew only, nobody takes over;
#   2. the region cut from rack A only: the pair stays normal, A's rackd and dhcpd rows show
#      dead and unknown, nobody takes over;
#   3. rack A cut from the region and from rack B, still reaching its clients: the witness
#      orders B to take over, A hands out nothing new;
#   4. rack A dies whole (its bridge port down: no FIN, no RST; then supervisor, rackd and kea
#      killed): B takes over through the witness and leases addresses from A's half.
# After every step no address is leased to two clients, over both lease files and the
# clients' own records. Prints `partner-down-s=` (kill to whole pool at B).
P="mdw$$"
CLIENTS=8
source "$(dirname "$0")/dhcp_pair_env.sh"

ha() { kea_cmd "$1" '{"command": "maas-ha-status"}' | jq -r ".arguments | $2"; }
ha_is() { [ "$(ha "$1" "$2")" = "$3" ]; }
partition() { ip -n "$1" route add blackhole "$2/32"; ip -n "$3" route add blackhole "$4/32"; }
mend() { ip -n "$1" route del blackhole "$2/32"; ip -n "$3" route del blackhole "$4/32"; }
rackd_is() {  # rackd_is HOSTNAME STATUS
    api GET "$A/rackcontrollers/"
    [ "$(echo "$BODY" | jq -r --arg h "$1" '.[] | select(.hostname == $h) | .service_set[] | select(.name == "rackd") | .status')" = "$2" ]
}
# stays SECONDS COMMAND...: COMMAND holds at every check for SECONDS (an absence the witness
# would have broken by then: its dead limit is 5 s).
stays() {
    local end=$((SECONDS + $1)); shift
    while [ $SECONDS -lt $end ]; do "$@" || return 1; sleep 0.2; done
}
neither_took_over() { ! ha_is "$RA" .state partner-down && ! ha_is "$RB" .state partner-down; }
both_normal() { ha_is "$RA" .state normal && ha_is "$RB" .state normal; }
lease_of() {  # lease_of IFACE [udhcpc args]: the address the client holds, or "none"
    local out; out=$(udhcp "$@" | cut -d' ' -f1,2)
    echo "${out:-none}"
}
no_duplicates() {  # newest active row per address in each server, then the clients' records
    python3 - "$RA/var/lib/maas/dhcp" "$RB/var/lib/maas/dhcp" "$WORK" "$NS_C" <<'PY'
import csv, glob, os, subprocess, sys, time
now = time.time()
held = {}  # address -> {server: hwaddr}
for server in sys.argv[1:3]:
    rows = {}
    files = sorted(glob.glob(server + "/dhcp4.leases.*")) + [server + "/dhcp4.leases"]
    for name in files:
        if os.path.exists(name):
            for r in csv.DictReader(open(name)):
                rows[r["address"]] = r
    for addr, r in rows.items():
        if r["state"] == "0" and int(r["expire"]) > now:
            held.setdefault(addr, {})[server] = r["hwaddr"].lower()
problems = [f"{a} held by {m}" for a, m in held.items() if len(set(m.values())) > 1]
clients = {}
for rec in glob.glob(sys.argv[3] + "/udhcp.u*"):
    iface = rec.rsplit(".", 1)[1]
    parts = open(rec).read().split()
    if not parts:
        continue
    mac = subprocess.run(["ip", "netns", "exec", sys.argv[4], "cat",
                          f"/sys/class/net/{iface}/address"], capture_output=True,
                         text=True).stdout.strip()
    if parts[0] in clients and clients[parts[0]] != mac:
        problems.append(f"{parts[0]} bound by two clients")
    clients[parts[0]] = mac
    for server_mac in held.get(parts[0], {}).values():
        if server_mac != mac:
            problems.append(f"{parts[0]} bound by {mac} but leased to {server_mac}")
print("; ".join(problems) if problems else "none")
with open(sys.argv[3] + "/dups", "a") as tally:  # partition-dups: every problem, every check
    tally.write(f"{len(problems)}\n")
PY
}

# What operators see: the VLAN's dhcp_ha section (API) and the region's metrics.
vlan_ha() { api GET "$A/fabrics/$fabric_id/vlans/$vid/"; echo "$BODY" | jq -r ".dhcp_ha | $1"; }
api_state_is() {  # api_state_is ROLE STATE
    [ "$(vlan_ha ".racks[] | select(.role == \"$1\") | .state")" = "$2" ]
}
metric() {  # metric NAME LABELS-SUBSTRING -> value
    ip netns exec "$NS_REG" curl -s -m 10 "http://$REG_IP:$HP/MAAS/metrics" |
        grep "^$1{" | grep -F "$2" | awk '{print $2}' | head -1
}
metric_is() { [ "$(metric "$1" "$2")" = "$3" ]; }
pair_view() { vlan_ha '[.racks[] | "\(.role) \(.hostname) \(.link)"] + [(.degraded | tostring)] | join(" ")'; }
pair_view_is() { [ "$(pair_view)" = "$1" ]; }
# Each rack reports its own link on its next heartbeat: wait for both, then check the view.
wait_for "the API shows the pair normal" 15 api_state_is secondary normal
wait_for "the API shows both links up" 15 pair_view_is "primary rack-a-$$ up secondary rack-b-$$ up false"
check "API: both racks, link up, not degraded" "primary rack-a-$$ up secondary rack-b-$$ up false" "$(pair_view)"
# The product's Kea configuration keeps the hook's INFO lines, through Kea's own logger.
check "rack A's hook logs its link through Kea's logger" yes \
    "$(grep -q '\[kea-dhcp4.maas-ha/[0-9.]*\] MAAS_HA_LINK_UP' "$RA/supervisor.log" && echo yes || echo no)"
check "API: no failover yet" "0 null" "$(vlan_ha '"\(.failovers) \(.last_failover)"')"
wait_for "metrics: rack B normal" 10 metric_is maas_dhcp_ha_state "rack=\"rack-b-$$\",state=\"normal\"" 1
wait_for "metrics: rack A's link up" 10 metric_is maas_dhcp_ha_link_up "rack=\"rack-a-$$\"" 1
check "metrics: no failovers" "0" "$(metric maas_dhcp_ha_failovers_total "vlan=")"
check "metrics: update latency reported" "yes" \
    "$(metric maas_dhcp_ha_update_latency_seconds "rack=\"rack-a-$$\"" | grep -qE '^[0-9.e-]+$' && echo yes || echo no)"

rack_status() { MAAS_ROOT=$1 "$BIN/maas" status 2>/dev/null | grep '^dhcp-ha:'; }
rack_status_has() { rack_status "$1" | grep -qF "$2"; }
wait_for "maas status on rack A shows the pair" 10 rack_status_has "$RA" \
    "dhcp-ha: normal as primary (partner normal, link up"

IP1=$(lease_of u1 | cut -d' ' -f1)
check "a first client leased" "yes" "$([[ "$IP1" =~ ^192\.0\.2\.1[0-5][0-9]$ ]] && echo yes || echo "no:$IP1")"

# --- 1. racks cut from each other, both reaching the region
partition "$NS_A" "$B_IP" "$NS_B" "$A_IP"
wait_for "rack A communications-interrupted" 15 ha_is "$RA" .state communications-interrupted
wait_for "rack B communications-interrupted" 15 ha_is "$RB" .state communications-interrupted
check "rack A renews only" "renew-only" "$(ha "$RA" .witness.allocation)"
stays 8 neither_took_over || fail "a rack took over while both reached the region"
wait_for "API: rack A communications-interrupted" 10 api_state_is primary communications-interrupted
check "API: degraded, links down" "true down down" \
    "$(vlan_ha '"\(.degraded) \(.racks[0].link) \(.racks[1].link)"')"
wait_for "metrics: rack B's link down" 10 metric_is maas_dhcp_ha_link_up "rack=\"rack-b-$$\"" 0
check "the known client keeps its address" "$IP1" "$(lease_of u1 -r "$IP1" | cut -d' ' -f1)"
check "no address on two clients (racks cut from each other)" "none" "$(no_duplicates)"
mend "$NS_A" "$B_IP" "$NS_B" "$A_IP"
wait_for "the pair normal again" 30 both_normal
log "1. racks cut from each other: nobody took over"

# --- 2. the region cut from rack A only
partition "$NS_A" "$REG_IP" "$NS_REG" "$A_IP"
wait_for "the region counts rack A's rackd dead" 20 rackd_is "rack-a-$$" dead
wait_for "rack A's dhcpd row says unknown, not running" 10 dhcpd_is "rack-a-$$" unknown
stays 6 both_normal || fail "the pair left normal while only the region was cut off"
read -r IP2 SERVER2 <<<"$(lease_of u2)"
check "a new client leased by rack A (the pair is normal)" "$A_IP" "$SERVER2"
check "no address on two clients (region cut from one rack)" "none" "$(no_duplicates)"
mend "$NS_A" "$REG_IP" "$NS_REG" "$A_IP"
wait_for "rack A's rackd running again" 30 rackd_is "rack-a-$$" running
wait_for "rack A's dhcpd running again" 15 dhcpd_is "rack-a-$$" running
log "2. region cut from rack A: nothing changed"

# --- 3. rack A cut from the region and from rack B, still reaching its clients
partition "$NS_A" "$REG_IP" "$NS_REG" "$A_IP"
partition "$NS_A" "$B_IP" "$NS_B" "$A_IP"
wait_for "the witness orders rack B to take over" 30 ha_is "$RB" .state partner-down
check "rack B's takeover came from the witness" "witness" "$(ha "$RB" '.witness["takeover-origin"]')"
wait_for "API: rack B partner-down" 10 api_state_is secondary partner-down
wait_for "API: rack A's state unknown while it is silent" 10 api_state_is primary unknown
check "API: the witness's takeover with its reason" "1 rack-b-$$ yes" \
    "$(vlan_ha '"\(.failovers) \(.last_failover.rack) \(.last_failover.reason | test("silent") | if . then "yes" else "no" end)"')"
wait_for "maas status on rack B shows the takeover" 10 rack_status_has "$RB" \
    "dhcp-ha: partner-down as secondary"
check "metrics: one failover" "1" "$(metric maas_dhcp_ha_failovers_total "vlan=")"
api GET "$A/events/?op=query&level=WARNING&hostname=rack-b-$$"
check "event log: the takeover, on rack B, with the reason" "DHCP HA takeover yes" \
    "$(echo "$BODY" | jq -r '"\(.events[0].type) \(.events[0].description | test("takes over the DHCP pool of rack-a") | if . then "yes" else "no" end)"')"
check "metrics: rack A's state unknown" "1" "$(metric maas_dhcp_ha_state "rack=\"rack-a-$$\",state=\"unknown\"")"
wait_for "rack B hands out the whole pool" 10 ha_is "$RB" .witness.allocation whole-pool
check "cut-off rack A hands out nothing new" "communications-interrupted renew-only" \
    "$(ha "$RA" .state) $(ha "$RA" .witness.allocation)"
for u in u3 u4 u5; do
    read -r IP SERVER <<<"$(lease_of "$u")"
    check "new client $u leased by rack B" "$B_IP" "$SERVER"
done
lease_of u1 -r "$IP1" >/dev/null
check "no address on two clients (rack A cut from region and partner)" "none" "$(no_duplicates)"
mend "$NS_A" "$REG_IP" "$NS_REG" "$A_IP"
mend "$NS_A" "$B_IP" "$NS_B" "$A_IP"
wait_for "the pair normal again after the takeover" 60 both_normal
check "no address on two clients after healing" "none" "$(no_duplicates)"
log "3. rack A cut off: rack B took over through the witness"

# --- 4. rack A dies whole: silent first (no FIN), then every process of it killed
ip -n "$NS_BR" link set pa down
T0=$(date +%s%N)
for pid in $(jq -r '.services[].pid // empty' "$RA/run/maas/supervisor.status") "$SUP_A"; do
    kill -KILL "$pid" 2>/dev/null || true
done
b_has_the_pool() { ha_is "$RB" .state partner-down && ha_is "$RB" .witness.allocation whole-pool; }
wait_for "rack B takes the whole pool through the witness" 30 b_has_the_pool
T1=$(date +%s%N)
check "the takeover was the witness's" "partner-down witness" \
    "$(ha "$RB" .state) $(ha "$RB" '.witness["takeover-origin"]')"
FROM_A_HALF=no
for u in u6 u7 u8; do
    read -r IP SERVER <<<"$(lease_of "$u")"
    check "client $u leased by rack B" "$B_IP" "$SERVER"
    [ $(( ${IP##*.} % 2 )) -eq 0 ] && FROM_A_HALF=yes  # even: rack A's half of the free pool
done
check "rack B leased an address from rack A's half" "yes" "$FROM_A_HALF"
check "no address on two clients (rack A dead)" "none" "$(no_duplicates)"
check "API: two takeovers" "2" "$(vlan_ha .failovers)"
wait_for "rack A's rackd row dead" 15 rackd_is "rack-a-$$" dead
wait_for "rack A's dhcpd row unknown" 15 dhcpd_is "rack-a-$$" unknown
log "partner-down-s=$(awk -v d=$((T1 - T0)) 'BEGIN { printf "%.1f", d / 1e9 }')" \
    "partition-dups=$(awk '{ s += $1 } END { print s + 0 }' "$WORK/dups")"
finish
