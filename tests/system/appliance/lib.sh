# Steps shared by the appliance tests (sourced): one function per step a user takes, run against
# whatever `maas` the test defines (an installed prefix, or the snap inside a clean root).
# The test sets: WORK, NS (namespace of the controller), URL, HOME, and defines maas(),
# supervisor_log_tail() and the cleanup trap.
set -euo pipefail

log() { echo "[$(date +%H:%M:%S)] $*"; }
fail() {
    echo "FAIL: $*" >&2
    supervisor_log_tail >&2 2>/dev/null || true
    exit 1
}
# wait_for DESCRIPTION SECONDS COMMAND...: polls every 0.2 s, bounded.
wait_for() {
    local what=$1 seconds=$2
    shift 2
    for _ in $(seq $((seconds * 5))); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    fail "$what within ${seconds}s"
}
in_ns() { ip netns exec "$NS" "$@"; }

# make_network ADDRESS: NS with eth0 at ADDRESS/24, a veth to eth0 in NS_PEER (DHCP clients).
make_network() {
    ip netns add "$NS"
    ip netns add "$NS_PEER"
    ip -n "$NS" link set lo up
    ip -n "$NS_PEER" link set lo up
    ip -n "$NS" link add eth0 type veth peer name eth0 netns "$NS_PEER"
    ip -n "$NS" addr add "$1/24" dev eth0
    ip -n "$NS" link set eth0 up
    ip -n "$NS_PEER" link set eth0 up
}
remove_network() {
    ip netns del "$NS" 2>/dev/null || true
    ip netns del "$NS_PEER" 2>/dev/null || true
}

# stop_supervisor PID STATUS_FILE: TERM (it stops its children in order), then KILL by PID
# whatever it or its children left.
stop_supervisor() {
    local pid=$1 status=$2 child
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    if [ -f "$status" ]; then
        for child in $(jq -r '.services[].pid // empty' "$status" 2>/dev/null); do
            kill -KILL "$child" 2>/dev/null || true
        done
    fi
}

api_ready() {
    wait_for "API ready at $URL" 60 in_ns curl -sf -o /dev/null "$URL/readyz"
}

create_admin() {
    maas createadmin --username admin --password "pw-$$" --email admin@example.com >/dev/null ||
        fail "createadmin"
}

api_key() {
    API_KEY=$(maas apikey --username admin) || fail "apikey"
    [ -n "$API_KEY" ] || fail "empty API key"
}

log_in() {
    maas login admin "$URL/" "$API_KEY" >/dev/null || fail "maas login"
}

rack_listed() {
    [ "$(maas admin rack-controllers read | jq -r '.[].hostname')" = "$RACK_HOSTNAME" ]
}
rack_controllers_read() {
    wait_for "rack-controllers read lists $RACK_HOSTNAME" 60 rack_listed
}

rack_on_vlan() {  # rack_on_vlan VLAN_ID
    maas admin rack-controllers read |
        jq -e --arg h "$RACK_HOSTNAME" --argjson v "$1" \
            '.[] | select(.hostname == $h) | .interface_set[] | select(.vlan.id == $v)'
}
# dhcp_on SUBNET_PREFIX: a subnet with a dynamic range, DHCP on with this rack as primary.
# The region links a rack's interfaces to subnets when the rack registers, so rackd is
# restarted (it registers again) once the subnet exists.
dhcp_on() {
    local net=$1 fabric_id vid
    maas admin subnets create cidr="$net.0/24" gateway_ip="$net.254" >"$WORK/subnet.json" ||
        fail "subnets create: $(cat "$WORK/subnet.json")"
    restart_rackd
    wait_for "the rack's interface on the subnet's VLAN" 60 rack_on_vlan \
        "$(jq -r .vlan.id "$WORK/subnet.json")"
    vid=$(jq -r .vlan.vid "$WORK/subnet.json")
    fabric_id=$(jq -r .vlan.fabric_id "$WORK/subnet.json")
    maas admin ipranges create type=dynamic start_ip="$net.100" end_ip="$net.150" >/dev/null ||
        fail "ipranges create"
    maas admin vlan update "$fabric_id" "$vid" primary_rack="$RACK_HOSTNAME" dhcp_on=true \
        >"$WORK/vlan.json" 2>&1 ||
        fail "vlan update $fabric_id $vid: $(cat "$WORK/vlan.json") (subnet: $(cat "$WORK/subnet.json"))"
}

# dhcp_config_accepted CONF HOOK: rackd wrote CONF (only after its kea-dhcp4 -t accepted it)
# and it loads HOOK.
dhcp_config_accepted() {
    local conf=$1 hook=$2
    wait_for "rackd wrote an accepted DHCP configuration" 60 test -s "$conf"
    [ "$(jq -r '.Dhcp4["hooks-libraries"][].library' "$conf" | grep maas_dhcp_ha)" = "$hook" ] ||
        fail "the configuration does not load $hook: $(jq -c '.Dhcp4["hooks-libraries"]' "$conf")"
}
