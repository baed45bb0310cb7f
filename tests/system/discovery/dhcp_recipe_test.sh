#!/bin/bash
# A new user's first hour, as the MAAS documentation writes it, on a fresh install:
# `cmake --install` into a temp prefix, MAAS_ROOT in a temp dir, the supervisor started and
# `maas init region+rack` run inside a network namespace (own hostname) whose eth0 is
# 192.0.2.2/24 (default route via 192.0.2.1) and eth1 198.51.100.2/24. Nothing is created
# through the API: `subnets read` must show both subnets, the first on fabric-0 (id 0)
# untagged with the default route's gateway, the second on a new fabric. Then the DHCP recipe
# verbatim (jq lines, `primary_rack=$(hostname)`), and udhcpc in a peer namespace leases an
# address. Last, an address added to eth1 shows up as a subnet on eth1's fabric at once
# (netlink), without restarting anything.
# Usage: dhcp_recipe_test.sh BUILD_DIR
set -euo pipefail
source "$(dirname "$0")/../../lib/testlib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (network namespaces)"; exit 77; }
for tool in jq udhcpc kea-dhcp4 unshare; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "SKIP: $tool missing"; exit 77; }
done
BUILD=$(cd "$1" && pwd)
T=$(mktemp -d /tmp/maas-recipe.XXXXXX)
chmod 755 "$T"
NS=maas-recipe-$$
PEER=maas-client-$$
SUP_PID=""

cleanup() {
    [ -z "$SUP_PID" ] || stop_pids "$SUP_PID"
    # Whatever the supervisor left behind in the namespace (postgres, kea) goes with it.
    delete_netns "$NS" "$PEER"
    [ -n "${KEEP_TMP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
FAILED=0
on_fail() { tail_logs 40 "$T/supervisor.log"; }

# --- install, as a user would
PREFIX=$T/prefix
cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
export MAAS_ROOT=$T/root HOME=$T/home  # the CLI keeps its profiles under $HOME
mkdir -p "$MAAS_ROOT" "$HOME"
export PATH=$PREFIX/bin:$PATH

# --- the host: two interfaces on two subnets, a default route; the peer holds their far ends
ip netns add "$NS"
ip netns add "$PEER"
ip -n "$NS" link set lo up
ip -n "$PEER" link set lo up
ip -n "$NS" link add eth0 type veth peer name c0 netns "$PEER"
ip -n "$NS" link add eth1 type veth peer name c1 netns "$PEER"
ip -n "$NS" addr add 192.0.2.2/24 dev eth0
ip -n "$NS" addr add 198.51.100.2/24 dev eth1
for i in eth0 eth1; do ip -n "$NS" link set "$i" up; done
for i in c0 c1; do ip -n "$PEER" link set "$i" up; done
ip -n "$NS" route add default via 192.0.2.1

# Everything the user types runs inside the namespace, under its own hostname.
HOST=maas-recipe-$$
in_host() { ip netns exec "$NS" nsenter --uts="/proc/$SUP_PID/ns/uts" "$@"; }
ip netns exec "$NS" unshare --uts sh -c "hostname $HOST && exec '$PREFIX/bin/maas-supervisor'" \
    >>"$T/supervisor.log" 2>&1 &
SUP_PID=$!
wait_for "supervisor control socket" 20 in_host maas-supervisor ctl status
in_host maas init region+rack --maas-url http://192.0.2.2:5240/MAAS >"$T/init.log" 2>&1 \
    || { cat "$T/init.log"; fail "maas init"; }
wait_for "API up" 90 in_host curl -sf -o /dev/null http://192.0.2.2:5240/MAAS/api/2.0/version/
in_host maas createadmin --username admin --password recipe-pass --email admin@example.com >/dev/null
API_KEY=$(in_host maas apikey --username admin)
in_host maas login admin http://192.0.2.2:5240/MAAS "$API_KEY" >/dev/null

# --- discovery: nothing created through the API
two_subnets() { [ "$(in_host maas admin subnets read | jq length)" = 2 ]; }
wait_for "both subnets discovered" 60 two_subnets
SUBNETS=$(in_host maas admin subnets read)
echo "$SUBNETS" | jq -c '.[] | {cidr, gateway_ip, vlan: {fabric: .vlan.fabric, fabric_id: .vlan.fabric_id, vid: .vlan.vid}}'
check "first subnet on fabric-0 (id 0) untagged, gateway from the default route" \
    "192.0.2.0/24 192.0.2.0/24 fabric-0 0 0 192.0.2.1" \
    "$(echo "$SUBNETS" | jq -r '.[] | select(.cidr == "192.0.2.0/24") | "\(.cidr) \(.name) \(.vlan.fabric) \(.vlan.fabric_id) \(.vlan.vid) \(.gateway_ip)"')"
check "second subnet on a new fabric" "198.51.100.0/24 fabric-1 1 0 null" \
    "$(echo "$SUBNETS" | jq -r '.[] | select(.cidr == "198.51.100.0/24") | "\(.cidr) \(.vlan.fabric) \(.vlan.fabric_id) \(.vlan.vid) \(.gateway_ip)"')"
check "the rack's interfaces are on those VLANs" "eth0:fabric-0 eth1:fabric-1" \
    "$(in_host maas admin rack-controllers read | jq -r '[.[0].interface_set[] | "\(.name):\(.vlan.fabric)"] | sort | join(" ")')"
check "the rack-controllers body is indented as MAAS's, so grep | cut finds the hostname" "$HOST" \
    "$(in_host maas admin rack-controllers read | grep '"hostname"' | head -n1 | cut -d '"' -f 4)"

# --- the documentation's recipe, verbatim
PROFILE=admin
SUBNET_CIDR=192.0.2.0/24
in_host bash -euo pipefail -c '
PROFILE='"$PROFILE"'
SUBNET_CIDR='"$SUBNET_CIDR"'
vid=$(maas $PROFILE subnets read | jq -r ".[] | select(.cidr == \"$SUBNET_CIDR\") | .vlan.vid")
fabric_name=$(maas $PROFILE subnets read | jq -r ".[] | select(.cidr == \"$SUBNET_CIDR\") | .vlan.fabric")
fabric_id=$(maas $PROFILE fabrics read | jq -r ".[] | select(.name == \"$fabric_name\") | .id")
maas $PROFILE ipranges create type=dynamic start_ip=192.0.2.100 end_ip=192.0.2.150
maas $PROFILE vlan update $fabric_id $vid primary_rack=$(hostname) dhcp_on=true
' >"$T/recipe.log" 2>&1 || { cat "$T/recipe.log"; fail "the recipe failed"; }
check "DHCP on, primary rack set" "true" \
    "$(in_host maas admin vlan read 0 0 | jq -r '.dhcp_on and (.primary_rack != null)')"

# --- a real client in the peer namespace leases an address
cat >"$T/udhcpc.sh" <<'S'
#!/bin/sh
[ "$1" = bound ] && echo "$ip $router" >"$UDHCP_OUT"
exit 0
S
chmod +x "$T/udhcpc.sh"
leased() {
    UDHCP_OUT=$T/lease timeout 20 ip netns exec "$PEER" \
        udhcpc -i c0 -n -q -f -t 5 -T 1 -s "$T/udhcpc.sh" >/dev/null 2>&1 && [ -s "$T/lease" ]
}
wait_for "a DHCP lease for the client" 90 leased
read -r IP ROUTER <"$T/lease"
check "client leased from the dynamic range, router from the subnet" "yes 192.0.2.1" \
    "$([[ "$IP" =~ ^192\.0\.2\.(1[0-4][0-9]|150)$ ]] && echo yes || echo "no:$IP") $ROUTER"

# --- a change on the host reaches the region without a restart (netlink)
ip -n "$NS" addr add 203.0.113.2/24 dev eth1
third() { in_host maas admin subnets read | jq -e '.[] | select(.cidr == "203.0.113.0/24") | select(.vlan.fabric == "fabric-1")'; }
T0=$SECONDS
wait_for "203.0.113.0/24 discovered on eth1's fabric" 20 third
echo "dhcp_recipe: new address discovered within $((SECONDS - T0)) s"

[ "$FAILED" = 0 ] || exit 1
echo "PASS dhcp_recipe"
