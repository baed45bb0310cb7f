# Steps shared by the appliance tests (sourced): one function per step a user takes, run against
# whatever `maas` the test defines (an installed prefix, or the snap inside a clean root).
# The test sets NS (namespace of the controller) and URL, WORK and HOME (itself or through
# root_work), and defines maas(), supervisor_log_tail() and the cleanup trap.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/testlib.sh"
on_fail() { supervisor_log_tail 2>/dev/null; }
in_ns() { ip netns exec "$NS" "$@"; }

# --- a clean Debian 12 root (the root tests): the test sets BUILD, SRC and MOUNTS=() first.

# root_work PREFIX: WORK (a fresh temp dir the root's unprivileged users may enter), ROOT in
# it, and this script's own HOME there.
root_work() {
    WORK=$(mktemp -d "/tmp/$1.XXXXXX")
    chmod 755 "$WORK"
    ROOT=$WORK/root
    HOME=$WORK/home
    mkdir -p "$HOME"
    export HOME
}
# bind SOURCE TARGET [mount options]: a bind mount recorded for unmount_root.
bind() {
    mkdir -p "$2"
    mount --bind "$1" "$2"
    MOUNTS+=("$2")
    [ -z "${3:-}" ] || mount -o "remount,bind,$3" "$2"
}
# root_from_base BASE: ROOT as a copy of the cached minbase root, with /proc, /dev, a tmpfs
# /dev/shm (PostgreSQL's shared memory), /run and a sticky /tmp.
root_from_base() {
    cp -a "$1" "$ROOT"
    bind /proc "$ROOT/proc"
    bind /dev "$ROOT/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$ROOT/dev/shm"
    MOUNTS+=("$ROOT/dev/shm")
    mkdir -p "$ROOT/run" "$ROOT/tmp"
    chmod 1777 "$ROOT/tmp"
}
# unmount_root: every recorded mount, innermost first; returns non-zero while any is still
# mounted, so the caller never removes WORK through a mount.
unmount_root() {
    local i m
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -l "${MOUNTS[$i]}" 2>/dev/null || true
    done
    for m in "${MOUNTS[@]}"; do mountpoint -q "$m" && return 1; done
    return 0
}

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

subnet_discovered() {  # subnet_discovered CIDR: the region made it from the rack's interface
    maas admin subnets read | jq -e --arg c "$1" '.[] | select(.cidr == $c)'
}
# dhcp_on SUBNET_PREFIX: the documented recipe on the subnet the rack's interface brought in:
# find it with `subnets read | jq`, a dynamic range, then `vlan update ... dhcp_on=true` with
# this rack as primary.
dhcp_on() {
    local net=$1 fabric_id vid
    wait_for "subnet $net.0/24 discovered from the rack" 60 subnet_discovered "$net.0/24"
    maas admin subnets read | jq --arg c "$net.0/24" '.[] | select(.cidr == $c)' \
        >"$WORK/subnet.json"
    vid=$(jq -r .vlan.vid "$WORK/subnet.json")
    fabric_id=$(jq -r .vlan.fabric_id "$WORK/subnet.json")
    maas admin ipranges create type=dynamic start_ip="$net.100" end_ip="$net.150" >/dev/null ||
        fail "ipranges create"
    maas admin vlan update "$fabric_id" "$vid" primary_rack="$RACK_HOSTNAME" dhcp_on=true \
        >"$WORK/vlan.json" 2>&1 ||
        fail "vlan update $fabric_id $vid: $(cat "$WORK/vlan.json") (subnet: $(cat "$WORK/subnet.json"))"
}

# client_lease SUBNET_PREFIX: a DHCP client in the peer namespace gets an address from the range.
client_lease() {
    local net=$1 ip
    cat >"$WORK/udhcpc.sh" <<'SCRIPT'
#!/bin/sh
[ "$1" = bound ] && echo "$ip" >"$UDHCP_OUT"
exit 0
SCRIPT
    chmod +x "$WORK/udhcpc.sh"
    UDHCP_OUT=$WORK/lease timeout 60 ip netns exec "$NS_PEER" \
        udhcpc -i eth0 -n -q -f -t 20 -T 2 -s "$WORK/udhcpc.sh" >"$WORK/udhcpc.log" 2>&1 ||
        fail "no DHCP lease: $(tail -n 5 "$WORK/udhcpc.log")"
    ip=$(cat "$WORK/lease")
    [ "${ip%.*}" = "$net" ] && [ "${ip##*.}" -ge 100 ] && [ "${ip##*.}" -le 150 ] ||
        fail "lease '$ip' is not from the range"
    log "client leased $ip"
}

# dhcp_config_accepted CONF HOOK: rackd wrote CONF (only after its kea-dhcp4 -t accepted it)
# and it loads HOOK.
dhcp_config_accepted() {
    local conf=$1 hook=$2
    wait_for "rackd wrote an accepted DHCP configuration" 60 test -s "$conf"
    [ "$(jq -r '.Dhcp4["hooks-libraries"][].library' "$conf" | grep maas_dhcp_ha)" = "$hook" ] ||
        fail "the configuration does not load $hook: $(jq -c '.Dhcp4["hooks-libraries"]' "$conf")"
}
