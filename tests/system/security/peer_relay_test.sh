#!/bin/bash
# The DHCP HA peer link against an on-path relay that does not know the shared secret
# (relay.py, as the rack link's relay test uses it). Both kea-dhcp4 servers name the relay
# (in the client namespace) as their partner; it forwards every byte both ways and captures.
#  1. A real client's lease reaches both servers through the relay, yet the capture holds
#     neither the client's MAC nor its address nor any hostname: only TLS records.
#  2. The relay replays a captured record towards the secondary (an attempt to inject a lease
#     update): TLS refuses it, the link ends, no lease appears or changes, and the pair
#     reconnects by itself.
# Usage: peer_relay_test.sh BUILD_DIR (root: network namespaces).
set -u
HA_BUILD=$(cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
HA_TMP=$(mktemp -d /tmp/maas-peer-relay.XXXXXX)
# shellcheck source=../hooks/ha_test_lib.sh
. "$HERE/../hooks/ha_test_lib.sh"
RELAY_ADDR=192.0.2.100  # NS_C's own address: the relay's upstream leaves from it too
CAP=$HA_TMP/relay
mkdir -p "$CAP"

ha_topology
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$HA_TMP/secret"; echo >>"$HA_TMP/secret"
ip netns exec "$NS_C" python3 "$HERE/relay.py" relay "$RELAY_ADDR" 647 "$ADDR_B" 647 "$CAP" \
    2>"$HA_TMP/relay.err" &
HA_PIDS+=("$!")
HA_PEER_VIA=$RELAY_ADDR ha_kea_config a ours primary "$HA_TMP/secret"
HA_PEER_VIA=$RELAY_ADDR ha_kea_config b ours secondary "$HA_TMP/secret"
ha_kea_start a "$NS_A" && ha_kea_start b "$NS_B" || { fail "kea did not start"; exit 1; }
ha_wait_state a normal 15 && ha_wait_state b normal 15 && pass "pair reached normal through the relay" ||
    { fail "pair did not reach normal through the relay"; exit 1; }

# 1. A lease crosses the relay, which learns nothing of it.
MAC=$(ip -n "$NS_C" -o link show u1 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
IP1=$(udhcp u1 -x hostname:peer-relay-$$)
if [ -n "$IP1" ] && wait_until 5 sh -c "\"$HA_BUILD/tests/ha_probe\" cmd \"$HA_TMP/b/ctrl.sock\" '{\"command\": \"lease4-get-all\"}' | grep -q '\"$IP1\"'"; then
    pass "lease $IP1 replicated through the relay"
else
    fail "lease '$IP1' not on the secondary"
fi
leaks=$(python3 - "$CAP" "$IP1" "$MAC" "peer-relay-$$" <<'PY'
import socket, sys
cap, ip, mac, host = sys.argv[1:5]
data = b"".join(open(f"{cap}/capture.{d}", "rb").read() for d in ("up", "down"))
needles = {"address": socket.inet_aton(ip), "address text": ip.encode(),
           "mac": bytes.fromhex(mac.replace(":", "")), "mac text": mac.encode(),
           "hostname": host.encode()}
print(" ".join(k for k, v in needles.items() if v in data) or "none", len(data), data[:1].hex())
PY
)
read -r found size first <<<"$leaks"
[ "$found" = none ] && pass "capture ($size bytes) holds no address, MAC or hostname" ||
    fail "capture leaks: $found"
[ "$first" = 16 ] && pass "the link opens with a TLS handshake record" ||
    fail "first captured byte $first, not a TLS handshake"

# 2. A replayed record towards the secondary ends the link and changes nothing.
ha_leases b >"$HA_TMP/b.before"
losses_b() { ha_cmd b '{"command": "maas-ha-status"}' | sed -n 's/.*"link-losses": \([0-9]*\).*/\1/p'; }
LOSSES=$(losses_b)
python3 - "$CAP" <<'PY'
import sys
cap = sys.argv[1]
data = open(f"{cap}/capture.up", "rb").read()
records, i = [], 0
while i + 5 <= len(data):
    length = int.from_bytes(data[i + 3:i + 5], "big")
    records.append(data[i:i + 5 + length])
    i += 5 + length
app = [r for r in records if r[0] == 23]
open(f"{cap}/inject.up", "wb").write(app[len(app) // 2])
PY
wait_until 5 test -f "$CAP/inject.up.done" || fail "the relay did not inject"
link_dropped() { [ "$(losses_b)" -gt "$LOSSES" ] || grep -q "TLS record refused" "$HA_TMP/b/stdout.log"; }
wait_until 10 link_dropped && pass "the replayed record ended the link" ||
    fail "the replayed record was accepted"
grep -q "TLS record refused" "$HA_TMP/b/stdout.log" && pass "the secondary says TLS refused a record" ||
    fail "no 'TLS record refused' in the secondary's log"
ha_wait_state a normal 20 && ha_wait_state b normal 20 && pass "the pair reconnected by itself" ||
    fail "the pair did not come back to normal"
ha_leases b >"$HA_TMP/b.after"
diff -q "$HA_TMP/b.before" "$HA_TMP/b.after" >/dev/null && pass "the secondary's leases are unchanged" ||
    fail "leases changed: $(diff "$HA_TMP/b.before" "$HA_TMP/b.after" | head -3)"
[ "$FAILED" = 0 ] || { tail -5 "$HA_TMP/a/stdout.log" "$HA_TMP/b/stdout.log"; exit 1; }
