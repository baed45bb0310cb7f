#!/bin/bash
# A change made through region A reaches a rack connected only to region B. Region A (one
# worker) runs in its own network namespace with only a loopback, so the rack on the host can
# never reach its RPC port (discovery lists it; the connection is refused) while both regions
# share the harness PostgreSQL through its unix socket. Region B (two workers) is on
# 127.0.0.3. CHANGES times: a VLAN update through A's API, then wait for the rack's
# RACK_DHCP_RECEIVED line carrying the new DHCP generation. Prints every latency, the mean and
# the maximum; asserts only a generous liveness bound (no wall-clock asserts).
# Environment: BIN, TOOLS (the region harness). CHANGES (default 10).
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespace)"; exit 77; }
source "$(dirname "$0")/../../integration/region/lib.sh"
CHANGES=${CHANGES:-10}
NS=mxr$$
cleanup_ns() {
    local rc=$?
    (exit "$rc")
    cleanup
    ip netns del "$NS" 2>/dev/null || true
}
trap cleanup_ns EXIT
ip netns add "$NS"
ip netns exec "$NS" ip link set lo up

pg_start
HP=$(free_port)
RA=$(region_root a "$HP" "$(free_port)" 127.0.0.1)
RB=$(region_root b "$HP" "$(free_port)" 127.0.0.3)
SECRET=$(share_secret "$RA" "$RB")
start_worker "$RA" 0 "$NS"
start_worker "$RB" 0
start_worker "$RB" 1
API_KEY=$(MAAS_ROOT=$RB "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
UA=http://127.0.0.1:$HP/MAAS  # inside $NS
UB=http://127.0.0.3:$HP/MAAS

RACK=$WORK/rack
MAAS_ROOT=$RACK "$BIN/maas-rack-register" --url "$UB" --secret "$SECRET" >/dev/null
MAAS_ROOT=$RACK unshare --uts sh -c "hostname xr-rack-$$ && exec '$BIN/maas-rackd'" \
    >>"$WORK/rackd.log" 2>&1 &
PIDS+=($!)
connections_to() {  # connections_to HOSTNAME-PATTERN-ADDRESS -> the rack's rows to that region
    psql_maas -c "SELECT count(*) FROM rack_connections c JOIN nodes n ON n.id = c.rack_node_id
        JOIN region_processes p ON p.id = c.process_id
        WHERE n.hostname = 'xr-rack-$$' AND p.rpc_address = '$1'"
}
b_connected() { [ "$(connections_to 127.0.0.3)" = 2 ]; }
wait_for "rack connected to both workers of region B" 30 b_connected
received() { grep -c 'RACK_DHCP_RECEIVED' "$WORK/rackd.log" || true; }
first_fetch() { [ "$(received)" -ge 1 ]; }
wait_for "the rack's first DHCP configuration" 15 first_fetch
check "region A's RPC endpoint is listed to the rack" "1" \
    "$(curl -s "$UB/rpc/" | jq '[.eventloops[][] | select(.[0] == "127.0.0.1")] | length')"
check "rack connected only to region B" "0" "$(connections_to 127.0.0.1)"

# update_through_a MTU: PUT the default VLAN through region A's API (inside its namespace).
FABRIC=$(psql_maas -c "SELECT id FROM fabrics WHERE name = 'fabric-0'")
update_through_a() {
    local header; header=$("$TOOLS/region_oauth_header" "$API_KEY")
    ip netns exec "$NS" curl -s -o /dev/null -m 10 -w '%{http_code}' -X PUT \
        -H "Authorization: $header" -d "mtu=$1" "$UA/api/2.0/fabrics/$FABRIC/vlans/0/"
}
# received_ms GENERATION: epoch ms of the rack's first RACK_DHCP_RECEIVED at or past GENERATION.
received_ms() {
    local ts
    ts=$(awk -v g="$1" '/RACK_DHCP_RECEIVED/ { for (i = 1; i <= NF; i++) if ($i ~ /^generation=/) {
        split($i, kv, "="); if (kv[2] + 0 >= g + 0) { print $1; exit } } }' "$WORK/rackd.log")
    [ -n "$ts" ] && echo $(($(date -d "$ts" +%s%N) / 1000000))
}
LATENCIES=()
for i in $(seq "$CHANGES"); do
    sleep "0.$((RANDOM % 10))"  # a different heartbeat phase each time
    T0=$(($(date +%s%N) / 1000000))
    status=$(update_through_a $((1400 + i)))
    [ "$status" = 200 ] || fail "VLAN update through region A answered $status"
    G=$(psql_maas -c "SELECT generation FROM dhcp_generation")
    seen() { received_ms "$G" >/dev/null; }
    wait_for "the rack received generation $G" 10 seen
    LATENCIES+=($(($(received_ms "$G") - T0)))
done
MAX=$(printf '%s\n' "${LATENCIES[@]}" | sort -n | tail -1)
MEAN=$(( ($(printf "%s+" "${LATENCIES[@]}")0) / CHANGES ))
echo "change through region A -> rack on region B (ms): ${LATENCIES[*]}"
echo "cross-region: changes=$CHANGES mean-ms=$MEAN max-ms=$MAX"
check "every change reached the rack" "$CHANGES" "${#LATENCIES[@]}"
finish
