#!/bin/bash
# Three racks, each in its own network and UTS namespace (distinct hostname and MACs), against
# two stand-in regions of one MAAS (two workers each) in a hub namespace joined by a bridge.
# Every rack connects to all four workers; kill -9 of one region leaves every rack registered
# through the other, and every rack reconnects after the region restarts.
# Usage: rack_multi_region_test.sh BIN_DIR TEST_BIN_DIR
BIN=$1
TBIN=$2
source "$(dirname "$0")/lib.sh"

HUB=mrk-hub-$$
IN_NS=$HUB
HTTP=5240
RPC=5250
A=198.51.100.2 B=198.51.100.3
S1=$(openssl rand -hex 16)
echo "$S1" >"$TMP/secret1"

ip netns add "$HUB" || fail "cannot create network namespaces"
NETNS+=("$HUB")
ip -n "$HUB" link set lo up
ip -n "$HUB" link add br0 type bridge
ip -n "$HUB" link set br0 up
ip -n "$HUB" addr add $A/24 dev br0
ip -n "$HUB" addr add $B/24 dev br0

for i in 1 2 3; do
    ns=mrk-r$i-$$
    ip netns add "$ns"
    NETNS+=("$ns")
    ip -n "$ns" link set lo up
    ip link add "mrk$i-$$" netns "$ns" type veth peer name "hub$i" netns "$HUB"
    ip -n "$ns" link set "mrk$i-$$" name eth0
    ip -n "$ns" addr add "198.51.100.1$i/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$HUB" link set "hub$i" master br0
    ip -n "$HUB" link set "hub$i" up
done

start_region() {  # NAME ADDRESS PEER_ADDRESS (each region advertises the other's workers too)
    ip netns exec "$HUB" "$TBIN/maas-test-region" --address "$2" --rpc-port "$RPC" --workers 2 \
        --http-port "$HTTP" --uuid uuid-1 --secret-file "$TMP/secret1" \
        --peers "$3:$RPC,$3:$((RPC + 1))" 2>>"$TMP/$1.log" &
    PIDS+=($!)
    eval "PID_$1=$!"
    wait_for "region $1 answers discovery" 10 \
        ip netns exec "$HUB" curl -sf "http://$2:$HTTP/MAAS/rpc/" -o /dev/null
}

start_region regionA $A $B
start_region regionB $B $A

for i in 1 2 3; do
    MAAS_ROOT="$TMP/rack$i" "$BIN/maas-rack-register" --url "http://$A:$HTTP/MAAS" \
        --url "http://$B:$HTTP/MAAS" --secret "$S1" >/dev/null
    MAAS_ROOT="$TMP/rack$i" ip netns exec "mrk-r$i-$$" unshare --uts \
        sh -c "hostname rack$i && exec '$BIN/maas-rackd'" 2>>"$TMP/rack$i.log" &
    PIDS+=($!)
done

echo "--- every rack connects to all four workers"
for i in 1 2 3; do
    wait_for "rack$i connected" 30 rack_status_is "rack$i" connected
done
ids=()
for i in 1 2 3; do
    id=$(rack_system_id "rack$i")
    ids+=("$id")
    wait_for "region A holds rack$i twice" 10 connections_are "http://$A:$HTTP" "$id" 2
    wait_for "region B holds rack$i twice" 10 connections_are "http://$B:$HTTP" "$id" 2
done
[ "$(printf '%s\n' "${ids[@]}" | sort -u | wc -l)" = 3 ] || fail "racks share ids: ${ids[*]}"
racks=$(ip netns exec "$HUB" curl -sf "http://$A:$HTTP/MAAS/test/racks" | awk '{print $2}' |
    sort | tr '\n' ' ')
[ "$racks" = "rack1 rack2 rack3 " ] || fail "hostnames recorded: $racks"

echo "--- kill -9 region A: racks stay registered through B"
kill -9 "$PID_regionA"
wait "$PID_regionA" 2>/dev/null || true
for i in 1 2 3; do
    wait_for "rack$i degraded" 10 rack_status_is "rack$i" degraded
    [ "$(rack_message "rack$i")" = "50% connected to region controllers." ] ||
        fail "rack$i: $(rack_message "rack$i")"
done
for id in "${ids[@]}"; do
    connections_are "http://$B:$HTTP" "$id" 2 || fail "region B lost rack $id"
done

echo "--- region A restarts: every rack reconnects to it"
start_region regionA $A $B
for i in 1 2 3; do
    wait_for "rack$i reconnected" 30 connections_are "http://$A:$HTTP" "${ids[$((i - 1))]}" 2
    wait_for "rack$i connected" 10 rack_status_is "rack$i" connected
done

echo "PASS"
