# Shared by the HA system test and bench/dhcp-ha: a bridge namespace joining a primary (A),
# a secondary (B) and a client namespace (C), addresses from 192.0.2.0/24 (servers, udhcpc
# clients), 203.0.113.0/24 (perfdhcp relays) and 198.18.0.0/15 (relayed pool). Everything is
# named after $$ so parallel runs never collide; ha_cleanup removes it (call it from a trap).
# Needs: HA_BUILD (build dir), HA_TMP (temp dir).

HA_P="mhk$$"
NS_BR="${HA_P}br"
NS_A="${HA_P}a"
NS_B="${HA_P}b"
NS_C="${HA_P}c"
ADDR_A=192.0.2.1
ADDR_B=192.0.2.2
RELAY1=203.0.113.100
RELAY2=203.0.113.101
KEA_HOOKS_DIR=/usr/lib/x86_64-linux-gnu/kea/hooks
HA_PIDS=()

ha_log() { echo "[$(date +%H:%M:%S.%N | cut -c1-12)] $*"; }

ha_topology() {
    local ns
    for ns in "$NS_BR" "$NS_A" "$NS_B" "$NS_C"; do
        ip netns add "$ns"
        ip -n "$ns" link set lo up
    done
    ip -n "$NS_BR" link add br0 type bridge
    ip -n "$NS_BR" link set br0 up
    local pair
    for pair in "$NS_A:pa" "$NS_B:pb" "$NS_C:pc"; do
        ip -n "${pair%%:*}" link add eth0 type veth peer name "${pair##*:}" netns "$NS_BR"
        ip -n "$NS_BR" link set "${pair##*:}" master br0 up
        ip -n "${pair%%:*}" link set eth0 up
    done
    ip -n "$NS_A" addr add "$ADDR_A/24" dev eth0
    ip -n "$NS_B" addr add "$ADDR_B/24" dev eth0
    ip -n "$NS_C" addr add 192.0.2.100/24 dev eth0
    ip -n "$NS_C" addr add "$RELAY1/24" dev eth0
    ip -n "$NS_C" addr add "$RELAY2/24" dev eth0
    ip -n "$NS_A" route add 203.0.113.0/24 dev eth0
    ip -n "$NS_B" route add 203.0.113.0/24 dev eth0
    # Only eth0 answers ARP for the client namespace's addresses: a server whose neighbours were
    # flushed (its link went down) would otherwise reach the relays through whichever client
    # veth answered first, past the sniffer on eth0.
    ip netns exec "$NS_C" sysctl -qw net.ipv4.conf.all.arp_ignore=1
    # Interfaces for real DHCP clients (udhcpc), each with its own MAC.
    local i
    for i in 1 2 3; do
        ip -n "$NS_C" link add "u$i" type veth peer name "pu$i" netns "$NS_BR"
        ip -n "$NS_BR" link set "pu$i" master br0 up
        ip -n "$NS_C" link set "u$i" up
    done
}

ha_cleanup() {
    local pid
    for pid in "${HA_PIDS[@]}"; do
        kill -9 "$pid" 2>/dev/null || true
    done
    for ns in "$NS_C" "$NS_A" "$NS_B" "$NS_BR"; do
        ip netns del "$ns" 2>/dev/null || true
    done
}

# ha_kea_config NAME MODE ROLE SECRET_FILE [SOCKET_TYPE]
# MODE: none | ours | standalone (our hook without a partner) | kea-ha.
# HA_KEA_MT=1 runs every mode with Kea's packet threads (the same pool sizes for all); kea-ha then
# takes its peer's requests on its dedicated HTTP listener. Without it every mode is Kea 2.2's
# default, single-threaded, and kea-ha's peer URL is a kea-ctrl-agent (bench/dhcp-ha starts it).
# HA_BATCH_HOLD=MS sets our hook's batch-hold parameter (default: the hook's own, 2 ms).
# HA_PEER_VIA=ADDR makes both of our servers name ADDR as their partner (a relay there).
# Writes $HA_TMP/NAME/kea.json.
ha_kea_config() {
    local name=$1 mode=$2 role=$3 secret=$4 socket_type=${5:-raw}
    local dir="$HA_TMP/$name" own peer
    mkdir -p "$dir"
    if [ "$role" = primary ]; then own=$ADDR_A; peer=$ADDR_B; else own=$ADDR_B; peer=$ADDR_A; fi
    peer=${HA_PEER_VIA:-$peer}
    local threaded='"multi-threading": {"enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 256},'
    local hooks="" mt='"multi-threading": {"enable-multi-threading": false},'
    if [ -n "${HA_KEA_MT:-}" ]; then mt=$threaded; fi
    case "$mode" in
    ours)
        hooks="\"hooks-libraries\": [
          {\"library\": \"$KEA_HOOKS_DIR/libdhcp_lease_cmds.so\"},
          {\"library\": \"$HA_BUILD/lib/libmaas_dhcp_ha.so\", \"parameters\": {
             \"role\": \"$role\", \"address\": \"$own\", \"peer-address\": \"$peer\",
             \"port\": 647, \"split\": 255, \"max-response-delay\": 5,${HA_BATCH_HOLD:+ \"batch-hold\": $HA_BATCH_HOLD,}
             \"secret-file\": \"$secret\", \"event-socket\": \"$dir/events.sock\"}}],"
        ;;
    standalone)
        hooks="\"hooks-libraries\": [
          {\"library\": \"$KEA_HOOKS_DIR/libdhcp_lease_cmds.so\"},
          {\"library\": \"$HA_BUILD/lib/libmaas_dhcp_ha.so\", \"parameters\": {
             \"role\": \"standalone\", \"address\": \"$own\",
             \"event-socket\": \"$dir/events.sock\"}}],"
        ;;
    kea-ha)
        local ha_mt='"multi-threading": {"enable-multi-threading": false},'
        [ -n "${HA_KEA_MT:-}" ] && ha_mt='"multi-threading": {"enable-multi-threading": true, "http-dedicated-listener": true,
                                   "http-listener-threads": 2, "http-client-threads": 2},'
        local this_name=server1
        [ "$role" = secondary ] && this_name=server2
        local standby_role=standby
        hooks="\"hooks-libraries\": [
          {\"library\": \"$KEA_HOOKS_DIR/libdhcp_lease_cmds.so\"},
          {\"library\": \"$KEA_HOOKS_DIR/libdhcp_ha.so\", \"parameters\": {\"high-availability\": [{
             \"this-server-name\": \"$this_name\", \"mode\": \"hot-standby\",
             \"heartbeat-delay\": 1000, \"max-response-delay\": 3000, \"max-ack-delay\": 1000,
             \"max-unacked-clients\": 0, \"sync-timeout\": 60000,
             $ha_mt
             \"peers\": [
               {\"name\": \"server1\", \"url\": \"http://$ADDR_A:8000/\", \"role\": \"primary\", \"auto-failover\": true},
               {\"name\": \"server2\", \"url\": \"http://$ADDR_B:8000/\", \"role\": \"$standby_role\", \"auto-failover\": true}]
          }]}}],"
        ;;
    esac
    cat > "$dir/kea.json" <<JSON
{"Dhcp4": {
  "interfaces-config": {"interfaces": ["eth0"], "dhcp-socket-type": "$socket_type"},
  "control-socket": {"socket-type": "unix", "socket-name": "$dir/ctrl.sock"},
  "lease-database": {"type": "memfile", "name": "$dir/leases.csv", "lfc-interval": 0},
  $mt
  "valid-lifetime": 600, "renew-timer": 300, "rebind-timer": 500,
  $hooks
  "subnet4": [
    {"id": 1, "subnet": "192.0.2.0/24", "pools": [{"pool": "192.0.2.10 - 192.0.2.99"}]},
    {"id": 2, "subnet": "198.18.0.0/15", "pools": [{"pool": "198.18.0.10 - 198.19.255.250"}],
     "relay": {"ip-addresses": ["$RELAY1", "$RELAY2"]}}],
  "loggers": [{"name": "kea-dhcp4", "severity": "WARN",
               "output_options": [{"output": "$dir/kea.log"}]},
              {"name": "kea-dhcp4.maas-ha", "severity": "INFO",
               "output_options": [{"output": "stdout"}]}]
}}
JSON
}

# ha_kea_start NAME NS: starts kea-dhcp4 in NS, waits until its control socket answers.
ha_kea_start() {
    local name=$1 ns=$2 dir="$HA_TMP/$1"
    rm -f "$dir/ctrl.sock"
    KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" \
        ip netns exec "$ns" kea-dhcp4 -c "$dir/kea.json" >>"$dir/stdout.log" 2>&1 &
    local pid=$!
    HA_PIDS+=("$pid")
    echo "$pid" > "$dir/pid"
    local i
    for i in $(seq 1 100); do
        if [ -S "$dir/ctrl.sock" ] && ha_cmd "$name" '{"command": "version-get"}' >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$pid" 2>/dev/null || { ha_log "kea $name died at start"; tail -5 "$dir/stdout.log" "$dir/kea.log" 2>/dev/null; return 1; }
        sleep 0.1
    done
    ha_log "kea $name did not come up"
    return 1
}

ha_kea_stop() {  # ha_kea_stop NAME [SIGNAL]
    local dir="$HA_TMP/$1" pid
    pid=$(cat "$dir/pid")
    kill "-${2:-TERM}" "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = Z ] && break
        sleep 0.1
    done
    wait "$pid" 2>/dev/null || true
}

ha_cmd() {  # ha_cmd NAME JSON
    "$HA_BUILD/tests/ha_probe" cmd "$HA_TMP/$1/ctrl.sock" "$2"
}

ha_state() {  # the "state" of our hook on NAME
    ha_cmd "$1" '{"command": "maas-ha-status"}' 2>/dev/null |
        sed -n 's/.*"state": "\([a-z-]*\)".*/\1/p' | head -1
}

ha_wait_state() {  # ha_wait_state NAME STATE SECONDS
    local deadline=$((SECONDS + $3))
    while [ $SECONDS -lt $deadline ]; do
        [ "$(ha_state "$1")" = "$2" ] && return 0
        sleep 0.1
    done
    ha_log "$1 did not reach $2 (is $(ha_state "$1"))"
    return 1
}

ha_leases() {  # sorted addresses of active leases (state 0) on NAME
    ha_cmd "$1" '{"command": "lease4-get-all"}' |
        grep -o '"ip-address": "[0-9.]*"[^}]*"state": 0' |
        sed 's/"ip-address": "\([0-9.]*\)".*/\1/' | sort
}

# ha_perfdhcp RELAY SERVER RATE SECONDS CLIENTS [OUTFILE]: relayed DORA load from NS_C.
ha_perfdhcp() {
    timeout 60 ip netns exec "$NS_C" perfdhcp -4 -l "$1" -r "$3" -p "$4" -R "$5" "$2" \
        >"${6:-/dev/null}" 2>&1 || true
}

# ha_write_leases FILE COUNT: a Kea 2.2 memfile lease file (written before kea-dhcp4 starts,
# which loads it) holding COUNT active leases of the relayed subnet (id 2), from 198.18.0.10 up,
# each with its own MAC (02:10:...), client-id and hostname, valid for an hour from now.
ha_write_leases() {
    awk -v n="$2" -v now="$(date +%s)" 'BEGIN {
        print "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context"
        base = 198 * 16777216 + 18 * 65536 + 10
        for (i = 0; i < n; i++) {
            a = base + i
            mac = sprintf("02:10:%02x:%02x:%02x:%02x", int(i / 16777216) % 256, int(i / 65536) % 256,
                          int(i / 256) % 256, i % 256)
            printf "%d.%d.%d.%d,%s,01:%s,3600,%d,2,0,0,h%d,0,\n", int(a / 16777216),
                int(a / 65536) % 256, int(a / 256) % 256, a % 256, mac, mac, now + 3600 - i % 600, i
        }
    }' > "$1"
}

# ha_lease_table FILE: the lease set a memfile lease file ends with (the last record of each
# address wins; records with lifetime 0 are deletions), one sorted line per active lease:
# address hwaddr client_id valid_lifetime expire subnet_id fqdn_fwd fqdn_rev hostname state.
ha_lease_table() {
    awk -F, 'NR > 1 && $1 != "address" {last[$1] = $0}
        END {
            for (a in last) {
                split(last[a], f, ",")
                if (f[4] != 0) print f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]
            }
        }' "$1" | sort
}
