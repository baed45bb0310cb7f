#!/bin/bash
# The rack link against an on-path relay that does not know the shared secret (relay.py).
# Topology: the region worker, PostgreSQL's clients and an ipmi_sim BMC in the region namespace
# (198.51.100.2); a router namespace in between (198.51.100.1 / 203.0.113.1) where the relay
# runs; the rack in its own namespace (203.0.113.10, default route via the router).
#  1. Fake discovery: an unsigned endpoint list at 203.0.113.1 naming the relay. The rack never
#     connects to the relay, never registers, and `maas status` says the list was ignored.
#  2. Genuine discovery with the relay on path: policy routing in the router hands every
#     connection to 198.51.100.2:5250 to the relay (IP_TRANSPARENT), which captures both ways.
#     After registration, power polls and a power-on, the capture holds neither the secret nor
#     the BMC password nor any command name. Then the relay injects a LeaseEvents frame towards
#     the region and a PowerOff request towards the rack: each only ends that connection; no
#     lease is recorded, the BMC stays on, the rack reconnects.
# Environment: BIN (build/bin), TOOLS (build/tests).
source "$(dirname "$0")/../../integration/region/lib.sh"
source "$(dirname "$0")/../power/bmc_lib.sh"
RELAY_PY=$(dirname "$0")/relay.py

MID=pw-mid-$$
RACK_NS=pw-r1-$$
HUB_IP=198.51.100.2
BMC_PASS=rl$$pwZ

make_topology() {
    for ns in "$HUB" "$MID" "$RACK_NS"; do
        ip netns add "$ns"
        NETNS+=("$ns")
        ip -n "$ns" link set lo up
    done
    ip link add "rk$$" netns "$RACK_NS" type veth peer name "mr$$" netns "$MID"
    ip link add "rg$$" netns "$HUB" type veth peer name "mg$$" netns "$MID"
    ip -n "$RACK_NS" addr add 203.0.113.10/24 dev "rk$$"
    ip -n "$MID" addr add 203.0.113.1/24 dev "mr$$"
    ip -n "$MID" addr add 198.51.100.1/24 dev "mg$$"
    ip -n "$HUB" addr add "$HUB_IP/24" dev "rg$$"
    ip -n "$RACK_NS" link set "rk$$" up
    ip -n "$MID" link set "mr$$" up
    ip -n "$MID" link set "mg$$" up
    ip -n "$HUB" link set "rg$$" up
    ip -n "$RACK_NS" route add default via 203.0.113.1
    ip -n "$HUB" route add default via 198.51.100.1
    ip netns exec "$MID" sysctl -qw net.ipv4.ip_forward=1
}

# start_relay DIR ADDR PORT [transparent]: relay.py in the router towards the region's RPC port.
start_relay() {
    mkdir -p "$1"
    ip netns exec "$MID" python3 "$RELAY_PY" relay "$2" "$3" "$HUB_IP" 5250 "$1" ${4:+"$4"} \
        >>"$WORK/relay.log" 2>&1 &
    PIDS+=($!)
    RELAY_PID=$!
}
connections_through() { wc -l <"$1/connections" 2>/dev/null || echo 0; }
status_has() { grep -q "$1" "$WORK/rack1/var/lib/maas/rack/status.json" 2>/dev/null; }
rack_count() { api GET "$A/rackcontrollers/"; echo "$BODY" | jq length; }
# needles_in FILE NEEDLE...: how many of the needles (text, or hex:BYTES) occur in FILE.
needles_in() {
    python3 - "$@" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
found = 0
for n in sys.argv[2:]:
    b = bytes.fromhex(n[4:]) if n.startswith("hex:") else n.encode()
    found += b in data
print(found)
PY
}
frame() {  # frame JSON -> a length-prefixed frame, as the RPC writes them in cleartext
    python3 -c 'import sys; b = sys.argv[1].encode(); sys.stdout.buffer.write(len(b).to_bytes(4, "big") + b)' "$1"
}

pg_start
make_topology
start_power_region 1
start_bmc 1 "$BMC_PASS"

# --- 1. a fake discovery naming the relay
FAKE=$WORK/fake
start_relay "$FAKE" 203.0.113.1 5250
FAKE_RELAY=$RELAY_PID
ip netns exec "$MID" python3 "$RELAY_PY" fake-discovery 203.0.113.1 5240 203.0.113.1 5250 \
    >>"$WORK/relay.log" 2>&1 &
PIDS+=($!)
FAKE_DISCOVERY=$!
start_rack 1 http://203.0.113.1:5240/MAAS "$SECRET"
wait_for "the rack to refuse the unsigned list" 30 status_has "not signed"
STATUS=$(MAAS_ROOT=$WORK/rack1 "$BIN/maas" status 2>&1 || true)
check "maas status names the ignored list" "yes" \
    "$(echo "$STATUS" | grep -q 'warning: http://203.0.113.1:5240/MAAS/rpc/: the endpoint list is not signed' && echo yes)"
check "rackd logged it" "yes" "$(grep -q RACK_DISCOVERY_UNVERIFIED "$WORK/rackd1.log" && echo yes)"
check "no connection reached the relay" "0" "$(connections_through "$FAKE")"
check "no rack registered" "0" "$(rack_count)"
kill "${RACK_PID[1]}" "$FAKE_DISCOVERY" "$FAKE_RELAY"
wait "${RACK_PID[1]}" "$FAKE_DISCOVERY" "$FAKE_RELAY" 2>/dev/null || true

# --- 2. genuine discovery, the relay on path for every RPC connection
ON_PATH=$WORK/onpath
ip -n "$MID" rule add iif "mr$$" ipproto tcp dport 5250 lookup 100
ip -n "$MID" route add local "$HUB_IP/32" dev lo table 100
start_relay "$ON_PATH" 0.0.0.0 5250 transparent
MAAS_ROOT=$WORK/rack1 "$BIN/maas-rack-register" --url "$U" --secret "$SECRET" >/dev/null 2>&1 || true
start_rack 1 "$U" "$SECRET"
wait_for "rack connected through the relay" 40 rack_connected 1
check "the rack's connection went through the relay" "yes" \
    "$([ "$(connections_through "$ON_PATH")" -ge 1 ] && echo yes)"

api POST "$A/machines/" -d architecture=amd64 -d "mac_addresses=52:54:00:$(printf '%02x:%02x' $(($$ >> 8 & 255)) $(($$ & 255))):01" \
    -d "hostname=relay-$$" -d power_type=ipmi -d "power_parameters_power_address=$HUB_IP" \
    -d "power_parameters_power_port=${BMC_PORT[1]}" -d power_parameters_power_user=admin \
    -d "power_parameters_power_pass=$BMC_PASS"
[ "$HTTP_STATUS" = 200 ] || fail "create machine: $HTTP_STATUS $BODY"
MACHINE=$(echo "$BODY" | jq -r .system_id)
polled_off() { api GET "$A/machines/$MACHINE/"; [ "$(echo "$BODY" | jq -r .power_state)" = off ]; }
wait_for "a power poll through the relay" 60 polled_off
api POST "$A/machines/$MACHINE/?op=power_on" -d ""
check "power on through the relay" "200 on 1" \
    "$HTTP_STATUS $(echo "$BODY" | jq -r .power_state) $(bmc_power 1)"

cat "$ON_PATH/capture.up" "$ON_PATH/capture.down" >"$WORK/capture.all"
check "the capture holds traffic" "yes" "$([ "$(stat -c %s "$WORK/capture.all")" -gt 2000 ] && echo yes)"
# The one readable string of a TLS 1.3 PSK handshake: the key's identity in the ClientHello.
check "the capture is the RPC's TLS" "1" "$(needles_in "$WORK/capture.all" maas-rpc/1)"
check "no BMC password, secret or command name in the capture" "0" \
    "$(needles_in "$WORK/capture.all" "$BMC_PASS" "$SECRET" "hex:$SECRET" RegisterRackController \
        SetPowerAssignments PowerQuery power_pass Heartbeat)"

# Injection towards the region: a lease the rack never saw.
RACK=$(rack_id 1)
BEFORE=$(connections_through "$ON_PATH")
frame '{"kind":"request","id":77,"command":"LeaseEvents","args":{"system_id":"'"$RACK"'","events":[{"action":"commit","ip":"198.51.100.66","mac":"52:54:00:66:66:66","hostname":"injected","expires":4102444800}]}}' \
    >"$ON_PATH/inject.tmp"
mv "$ON_PATH/inject.tmp" "$ON_PATH/inject.up"
wait_for "the relay to inject towards the region" 10 test -e "$ON_PATH/inject.up.done"
wait_for "the region to drop the changed stream" 10 grep -q "RPC_BAD_FRAME.*TLS" "$WORK/regiond.log"
reconnected() { [ "$(connections_through "$ON_PATH")" -gt "$1" ] && rack_connected 1; }
wait_for "the rack to reconnect" 30 reconnected "$BEFORE"
api GET "$A/ipaddresses/?all=true"
check "no injected lease recorded" "200 0" "$HTTP_STATUS $(echo "$BODY" | grep -c 198.51.100.66 || true)"

# Injection towards the rack: a power-off nobody asked for.
BEFORE=$(connections_through "$ON_PATH")
frame '{"kind":"request","id":78,"command":"PowerOff","args":{"system_id":"'"$MACHINE"'","power_type":"ipmi","parameters":{"power_address":"'"$HUB_IP"'","power_port":"'"${BMC_PORT[1]}"'","power_user":"admin","power_pass":"'"$BMC_PASS"'"}}}' \
    >"$ON_PATH/inject.tmp"
mv "$ON_PATH/inject.tmp" "$ON_PATH/inject.down"
wait_for "the relay to inject towards the rack" 10 test -e "$ON_PATH/inject.down.done"
wait_for "the rack to reconnect" 30 reconnected "$BEFORE"
check "the injected power-off did not run" "1" "$(bmc_power 1)"
finish
