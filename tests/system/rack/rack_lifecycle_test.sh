#!/bin/bash
# Rack lifecycle on loopback against two stand-in regions of one MAAS (two workers each) and a
# region of a second MAAS: register and connect to every worker, readiness, kill -9 of a
# region, wrong secret, hostile clients, a second MAAS refused, delete and re-register (move).
# Usage: rack_lifecycle_test.sh BIN_DIR TEST_BIN_DIR
BIN=$1
TBIN=$2
source "$(dirname "$0")/lib.sh"

HTTP=$((20000 + ($$ % 4000) * 2))
RPC=$((HTTP + 1))  # workers use RPC and RPC+1 on their own address
A=127.0.0.2 B=127.0.0.3 C=127.0.0.4
URL_A=http://$A:$HTTP URL_B=http://$B:$HTTP URL_C=http://$C:$HTTP
S1=$(openssl rand -hex 16)
S2=$(openssl rand -hex 16)
echo "$S1" >"$TMP/secret1"
echo "$S2" >"$TMP/secret2"

start_region() {  # NAME ADDRESS UUID SECRET_FILE PEER_ADDRESS (the other region of this MAAS)
    local peers=""
    [ -z "${5:-}" ] || peers="$5:$RPC,$5:$((RPC + 1))"
    "$TBIN/maas-test-region" --address "$2" --rpc-port "$RPC" --workers 2 --http-port "$HTTP" \
        --uuid "$3" --secret-file "$4" ${peers:+--peers "$peers"} 2>>"$TMP/$1.log" &
    PIDS+=($!)
    eval "PID_$1=$!"
    wait_for "region $1 answers discovery" 10 curl -sf "http://$2:$HTTP/MAAS/rpc/" -o /dev/null
}

start_rack() {  # NAME
    MAAS_ROOT="$TMP/$1" MAAS_READY_FD=9 "$BIN/maas-rackd" 2>>"$TMP/$1.log" 9>"$TMP/$1.ready" &
    PIDS+=($!)
    eval "PID_$1=$!"
}

stop_rack() {  # NAME
    local pid
    pid=$(eval echo "\$PID_$1")
    kill "$pid"
    wait "$pid" || fail "rackd $1 exited with $?"
}

start_region regionA $A uuid-1 "$TMP/secret1" $B
start_region regionB $B uuid-1 "$TMP/secret1" $A

echo "--- register: one rack connects to all four workers and signals readiness"
MAAS_ROOT="$TMP/rack1" "$BIN/maas-rack-register" --url "$URL_A/MAAS" --url "$URL_B/MAAS" \
    <<<"$S1" >/dev/null || fail "register failed"
[ "$(stat -c %a "$TMP/rack1/var/lib/maas/secret")" = 640 ] || fail "secret file mode"
start_rack rack1
wait_for "rack1 connected to every worker" 20 rack_status_is rack1 connected
ID=$(rack_system_id rack1)
[ -n "$ID" ] || fail "no system_id stored"
[ "$(cat "$TMP/rack1/var/lib/maas/rack/maas_uuid")" = uuid-1 ] || fail "MAAS UUID not stored"
grep -q ready "$TMP/rack1.ready" || fail "readiness not signalled"
wait_for "regionA holds 2 connections" 10 connections_are "$URL_A" "$ID" 2
wait_for "regionB holds 2 connections" 10 connections_are "$URL_B" "$ID" 2
grep -q "$S1" "$TMP/rack1.log" && fail "the secret appears in the rack log"

echo "--- kill -9 region A: the rack stays registered through B and reconnects after restart"
kill -9 "$PID_regionA"
wait "$PID_regionA" 2>/dev/null || true
# Region A's two connections drop one after the other: 75% may show briefly before 50%.
rack_message_is() { [ "$(rack_message "$1")" = "$2" ]; }
wait_for "rack1 degraded at 50%" 10 rack_message_is rack1 "50% connected to region controllers."
rack_status_is rack1 degraded || fail "state with half the endpoints: $(rack_status rack1)"
connections_are "$URL_B" "$ID" 2 || fail "regionB lost the rack"
start_region regionA $A uuid-1 "$TMP/secret1" $B
wait_for "rack1 reconnected to region A" 30 connections_are "$URL_A" "$ID" 2
wait_for "rack1 connected again" 10 rack_status_is rack1 connected

echo "--- hostile clients: cleartext RPC, oversize and garbage frames (no TLS, no secret)"
exec 3<>"/dev/tcp/$A/$RPC"
send_frame '{"kind":"request","id":1,"command":"Heartbeat","args":{"system_id":"x"}}' >&3
reply=$(timeout 5 cat <&3 | tr -d '\0-\037' || true)
exec 3<&-
case "$reply" in
*'"kind"'*) fail "cleartext RPC got an RPC answer: $reply" ;;
esac
exec 3<>"/dev/tcp/$A/$RPC"
printf '\x7f\xff\xff\xffxxxxxxxx' >&3
# Closed within 5 s; a reset counts (the region closes with the rest of the bytes unread).
closed_within_5s() { local rc=0; timeout 5 cat <&3 >/dev/null 2>&1 || rc=$?; [ "$rc" -ne 124 ]; }
closed_within_5s || fail "oversize frame: connection not closed"
exec 3<&-
exec 3<>"/dev/tcp/$A/$RPC"
head -c 3000 /dev/urandom >&3 2>/dev/null || true
closed_within_5s || fail "garbage: connection not closed"
exec 3<&-
kill -0 "$PID_regionA" || fail "region A died from hostile input"
connections_are "$URL_A" "$ID" 2 || fail "the rack's connections suffered from hostile input"
grep -q "RPC_AUTH_FAILED.*(TLS" "$TMP/regionA.log" || fail "failed TLS handshakes not logged"

echo "--- wrong secret: clear error, logged with the peer address, no retry storm"
MAAS_ROOT="$TMP/rack2" "$BIN/maas-rack-register" --url "$URL_A/MAAS" --secret "$S2" >/dev/null
# As if it had learnt region A's endpoints before its secret went wrong: discovery signed with
# the cluster's secret fails its check, so only these known endpoints lead to a region.
mkdir -p "$TMP/rack2/var/lib/maas/rack"
printf '{"eventloops":{"known":[["%s",%d],["%s",%d]]}}' "$A" "$RPC" "$A" $((RPC + 1)) \
    >"$TMP/rack2/var/lib/maas/rack/rpc.state"
start_rack rack2
wait_for "rack2 reports auth-failed" 15 rack_status_is rack2 auth-failed
wait_for "region logs the failed TLS handshake" 10 grep -q \
    "Rack controller FAILED authentication from '127.0.0.1' (TLS" "$TMP/regionA.log"
# No supervisor here, so `maas status` exits 1 but still shows rackd's own state.
status=$(MAAS_ROOT="$TMP/rack2" "$BIN/maas" status 2>&1 || true)
grep -q '^rack: auth-failed' <<<"$status" || fail "maas status does not show the refusal: $status"
grep -q "warning: $URL_A/MAAS/rpc/: the endpoint list's signature does not match" <<<"$status" ||
    fail "maas status does not show the ignored discovery answer: $status"
grep -q RACK_AUTH_FAILED "$TMP/rack2.log" || fail "rack did not log the failed authentication"
before=$(grep -c "FAILED authentication" "$TMP/regionA.log")
sleep 4
after=$(grep -c "FAILED authentication" "$TMP/regionA.log")
# Two workers; the refusal backoff starts at >= 3.5 s, so at most one more try per worker.
[ $((after - before)) -le 2 ] || fail "retry storm: $((after - before)) attempts in 4 s"
[ ! -s "$TMP/rack2.ready" ] || fail "rack2 signalled readiness without registering"
stop_rack rack2

echo "--- a rack of MAAS uuid-1 pointed at a region of another MAAS is refused"
start_region regionC $C uuid-2 "$TMP/secret1"
stop_rack rack1
cp "$TMP/rack1/etc/maas/rackd.conf" "$TMP/rackd.conf.saved"
printf 'maas_url: %s/MAAS\n' "$URL_C" >"$TMP/rack1/etc/maas/rackd.conf"
start_rack rack1
wait_for "rack1 refuses the other MAAS" 15 rack_status_is rack1 wrong-maas
[ -z "$(curl -sf "$URL_C/MAAS/test/racks")" ] || fail "region C recorded the refused rack"
grep -q RACK_WRONG_MAAS "$TMP/rack1.log" || fail "wrong MAAS not logged"
status=$(MAAS_ROOT="$TMP/rack1" "$BIN/maas" status 2>&1 || true)
grep -q '^rack: wrong-maas' <<<"$status" || fail "maas status does not show the other MAAS: $status"
[ "$(cat "$TMP/rack1/var/lib/maas/rack/maas_uuid")" = uuid-1 ] || fail "MAAS UUID changed"
stop_rack rack1
cp "$TMP/rackd.conf.saved" "$TMP/rack1/etc/maas/rackd.conf"
start_rack rack1
wait_for "rack1 back with its own MAAS" 20 rack_status_is rack1 connected

echo "--- delete: the rack stops and forgets its system_id, keeps secret and MAAS; a restart re-registers"
for url in "$URL_A" "$URL_B"; do
    curl -sf -X POST "$url/MAAS/test/delete?system_id=$ID" >/dev/null || fail "delete on $url"
done
wait_for "rack1 deleted" 10 rack_status_is rack1 deleted
[ "$(cat "$TMP/rack1/var/lib/maas/secret")" = "$S1" ] || fail "secret not kept"
[ -z "$(rack_system_id rack1)" ] || fail "maas_id not cleared"
[ "$(cat "$TMP/rack1/var/lib/maas/rack/maas_uuid")" = uuid-1 ] || fail "MAAS UUID not kept"
status=$(MAAS_ROOT="$TMP/rack1" "$BIN/maas" status 2>&1 || true)
grep -q '^rack: deleted' <<<"$status" || fail "maas status does not say deleted: $status"
sleep 2
kill -0 "$PID_rack1" || fail "rackd exited after delete (the supervisor would restart it)"
[ -z "$(curl -sf "$URL_A/MAAS/test/racks")" ] || fail "the deleted rack came back by itself"
stop_rack rack1
start_rack rack1
wait_for "rack1 registered afresh after its restart" 20 rack_status_is rack1 connected
NEW_ID=$(rack_system_id rack1)
[ -n "$NEW_ID" ] || fail "no system_id after re-registering"
curl -sf "$URL_A/MAAS/test/racks" | grep -q "^$NEW_ID " || fail "region A does not list the rack again"
stop_rack rack1

echo "--- re-register with the second MAAS (the move)"
MAAS_ROOT="$TMP/rack1" "$BIN/maas-rack-register" --url "$URL_C/MAAS" --secret "$S1" >/dev/null
start_rack rack1
wait_for "rack1 registered with MAAS uuid-2" 20 rack_status_is rack1 connected
[ "$(cat "$TMP/rack1/var/lib/maas/rack/maas_uuid")" = uuid-2 ] || fail "MAAS UUID not moved"
stop_rack rack1

echo "PASS"
