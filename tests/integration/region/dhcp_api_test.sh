#!/bin/bash
# DHCP HA rules of `vlan update` and the rack delete guard, against a real PostgreSQL and region
# worker: every validation error with MAAS's text, a refused request changes nothing, racks by
# system_id or hostname, promotion of the secondary, `force=true` moving DHCP, and the MAAS
# documentation's jq pipeline through our `maas` CLI.
source "$(dirname "$0")/lib.sh"
export HOME=$WORK/home
mkdir -p "$HOME"

pg_start
# The racks here are rows, not processes, and their rackd states are set by hand: the region's
# rack liveness job (every region serves racks) would mark them dead within a second, so this
# session holds its advisory lock (db_directory.cpp kRackLivenessLock) for the whole test.
psql_maas -c "SELECT pg_advisory_lock($((0x4d4141530020)))" -c "SELECT pg_sleep(3600)" \
    >/dev/null 2>&1 &
PIDS+=($!)
liveness_held() { [ "$(psql_maas -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = $((0x4d4141530020 & 0xffffffff))")" = 1 ]; }
wait_for "liveness lock held" 10 liveness_held
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
start_worker "$ROOT" 0
U=http://127.0.0.1:$HP/MAAS
A=$U/api/2.0
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
maas() { MAAS_ROOT=$ROOT "$BIN/maas" "$@"; }

api POST "$A/fabrics/" -d name=fabric-1; FID=$(echo "$BODY" | jq -r .id)
api POST "$A/subnets/" -d cidr=10.0.0.0/24 -d fabric=fabric-1 -d vid=0 -d gateway_ip=10.0.0.1
SID=$(echo "$BODY" | jq -r .id)
check "subnet on fabric-1" "fabric-1 0" "$(echo "$BODY" | jq -r '"\(.vlan.fabric) \(.vlan.vid)"')"
VLAN_ID=$(echo "$BODY" | jq -r .vlan.id)
# Racks as registration writes them: A and B on the VLAN, C elsewhere.
rack() {  # rack SYSTEM_ID HOSTNAME MAC IP VLAN_ID
    psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ('$1', '$2', 2, '0.1.0');
      INSERT INTO interfaces (node_id, name, mac_address, vlan_id) SELECT id, 'eth0', '$3', $5 FROM nodes WHERE system_id = '$1';
      INSERT INTO interface_addresses (interface_id, subnet_id, ip) SELECT i.id, $SID, '$4' FROM interfaces i WHERE mac_address = '$3';
      INSERT INTO services (node_id, name, status) SELECT id, 'rackd', 'running' FROM nodes WHERE system_id = '$1';"
}
rack racka1 rack-a 52:54:00:aa:00:01 10.0.0.2 "$VLAN_ID"
rack rackb1 rack-b 52:54:00:aa:00:02 10.0.0.3 "$VLAN_ID"
OTHER_VLAN=$(psql_maas -c "SELECT v.id FROM vlans v JOIN fabrics f ON f.id = v.fabric_id WHERE f.name = 'fabric-0'")
rack rackc1 rack-c 52:54:00:aa:00:03 10.0.0.4 "$OTHER_VLAN"
set_rackd() { psql_maas -c "UPDATE services SET status = '$2' WHERE name = 'rackd' AND node_id = (SELECT id FROM nodes WHERE system_id = '$1')"; }
V=$A/fabrics/$FID/vlans/0/
vlan_state() { psql_maas -c "SELECT coalesce(p.system_id, '-'), coalesce(s.system_id, '-'), v.dhcp_on FROM vlans v LEFT JOIN nodes p ON p.id = v.primary_rack_id LEFT JOIN nodes s ON s.id = v.secondary_rack_id WHERE v.id = $VLAN_ID"; }
# expect_400 DESCRIPTION EXPECTED_BODY ARGS...: the request is refused with that body and the
# VLAN row is unchanged.
expect_400() {
    local what=$1 expected=$2; shift 2
    local before; before=$(vlan_state)
    api PUT "$V" "$@"
    check "$what" "400 $expected" "$HTTP_STATUS $BODY"
    check "$what: nothing changed" "$before" "$(vlan_state)"
}

# --- validation errors
expect_400 "dhcp needs a primary" '{"dhcp_on":["dhcp can only be turned on when a primary rack controller is set."]}' -d dhcp_on=true
expect_400 "rack without an interface on the VLAN" '{"primary_rack":["Select a valid choice. rack-c is not one of the available choices."]}' -d primary_rack=rack-c
expect_400 "unknown rack" '{"secondary_rack":["Select a valid choice. nosuch is not one of the available choices."]}' -d primary_rack=rack-a -d secondary_rack=nosuch
expect_400 "dhcp needs a dynamic range" '{"dhcp_on":["dhcp can only be turned on when a dynamic IP range is defined."]}' -d primary_rack=rack-a -d dhcp_on=true
expect_400 "bad boolean" '{"dhcp_on":["'"'"'maybe'"'"' value must be either True or False."]}' -d dhcp_on=maybe
api POST "$A/ipranges/" -d type=dynamic -d start_ip=10.0.0.100 -d end_ip=10.0.0.200
check "dynamic range" "200" "$HTTP_STATUS"
expect_400 "primary and secondary differ" '{"__all__":["The primary and secondary rack must be different"]}' -d primary_rack=rack-a -d secondary_rack=racka1
expect_400 "secondary without primary" '{"secondary_rack":["A secondary rack controller needs a primary rack controller."]}' -d secondary_rack=rack-b

# --- racks by hostname or system_id
generation() { psql_maas -c "SELECT generation FROM dhcp_generation"; }
G0=$(generation)
api PUT "$V" -d primary_rack=rack-a -d dhcp_on=true
check "primary by hostname" "200 racka1 null true" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.primary_rack) \(.secondary_rack) \(.dhcp_on)"')"
check "a VLAN change bumps the DHCP generation racks watch" "yes" "$([ "$(generation)" -gt "$G0" ] && echo yes)"
G1=$(generation)
expect_400 "refused change" '{"__all__":["racka1 is already set as the primary rack controller"]}' -d secondary_rack=rack-a
check "a refused change leaves the generation alone" "$G1" "$(generation)"
set_rackd racka1 dead
expect_400 "secondary needs a live primary" '{"__all__":["The primary rack controller must be up and running to set a secondary rack controller. Without the primary the secondary DHCP service will not be able to synchronize, preventing it from responding to DHCP requests."]}' -d secondary_rack=rack-b
set_rackd racka1 degraded
api PUT "$V" -d secondary_rack=rackb1
check "secondary by system_id" "200 racka1 rackb1" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.primary_rack) \(.secondary_rack)"')"
set_rackd racka1 dead
api PUT "$V" -d description=kept
check "an unchanged secondary needs no live primary" "200 rackb1" "$HTTP_STATUS $(echo "$BODY" | jq -r .secondary_rack)"
set_rackd racka1 running
api PUT "$V" -d secondary_rack=
check "empty secondary removes it" "200 racka1 null true" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.primary_rack) \(.secondary_rack) \(.dhcp_on)"')"
api PUT "$V" -d secondary_rack=rack-b
api PUT "$V" -d primary_rack=
check "clearing the primary promotes the secondary" "200 rackb1 null true" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.primary_rack) \(.secondary_rack) \(.dhcp_on)"')"
api PUT "$V" -d secondary_rack=rack-a
check "HA pair again" "rackb1|racka1|t" "$(vlan_state)"

# --- delete guard
vlan_name="fabric-1.untagged"
for sid_change in rackb1:primary_rack= racka1:secondary_rack=; do
    sid=${sid_change%%:*}
    host=$(psql_maas -c "SELECT hostname FROM nodes WHERE system_id = '$sid'")
    api DELETE "$A/rackcontrollers/$sid/"
    check "delete $host refused" "400 Unable to delete '$host'; it is currently set as a primary or secondary rack controller on VLANs $vlan_name. Disable DHCP HA on those VLANs first (maas \$PROFILE vlan update $FID 0 ${sid_change#*:}), or delete with force=true to move DHCP to the remaining rack controller." "$HTTP_STATUS $BODY"
    check "refused delete kept $host" "1 rackb1|racka1|t" "$(psql_maas -c "SELECT count(*) FROM nodes WHERE system_id = '$sid'") $(vlan_state)"
done
api DELETE "$A/rackcontrollers/racka1/?force=perhaps"
check "bad force value" '400 {"force":["'"'"'perhaps'"'"' value must be either True or False."]}' "$HTTP_STATUS $BODY"
api DELETE "$A/rackcontrollers/rack-c-unknown/?force=true"
check "unknown rack 404" "404 No RackController matches the given query." "$HTTP_STATUS $BODY"
api DELETE "$A/rackcontrollers/rackc1/"
check "rack without DHCP duties deleted" "204" "$HTTP_STATUS"
api DELETE "$A/rackcontrollers/rackb1/?force=true"
check "forced delete of the primary" "204" "$HTTP_STATUS"
check "secondary promoted, DHCP stays on" "racka1|-|t" "$(vlan_state)"
api DELETE "$A/rackcontrollers/racka1/"
check "the sole DHCP rack is refused with the command that disables DHCP" "400 maas \$PROFILE vlan update $FID 0 dhcp_on=false" \
    "$HTTP_STATUS $(echo "$BODY" | grep -o 'maas \$PROFILE vlan update [^)]*')"
check "refused delete changed nothing" "racka1|-|t" "$(vlan_state)"
api DELETE "$A/rackcontrollers/racka1/?force=true"
check "forced delete of the last rack" "204" "$HTTP_STATUS"
check "DHCP off without a rack" "-|-|f" "$(vlan_state)"

# --- the MAAS documentation's pipeline through our CLI
rack racka1 rack-a 52:54:00:aa:00:01 10.0.0.2 "$VLAN_ID"
rack rackb1 rack-b 52:54:00:aa:00:02 10.0.0.3 "$VLAN_ID"
maas login admin "$U" "$API_KEY" >/dev/null
vid=$(maas admin subnets read | jq -r '.[] | select(.cidr == "10.0.0.0/24") | .vlan.vid')
fabric_id=$(maas admin fabrics read | jq -r '.[] | select(.name == "fabric-1") | .id')
check "pipeline finds the VLAN" "$FID 0" "$fabric_id $vid"
maas admin vlan update "$fabric_id" "$vid" primary_rack=rack-a secondary_rack=rack-b dhcp_on=true >"$WORK/update.json"
check "CLI vlan update" "racka1 rackb1 true" "$(jq -r '"\(.primary_rack) \(.secondary_rack) \(.dhcp_on)"' "$WORK/update.json")"
rc=0; out=$(maas admin vlan update "$fabric_id" "$vid" secondary_rack=rack-a 2>/dev/null) || rc=$?
check "CLI shows the field error and exits 2" '{"__all__":["racka1 is already set as the primary rack controller"]} rc=2' "$(echo "$out" | jq -c .) rc=$rc"
maas admin vlan update "$fabric_id" "$vid" primary_rack=rack-b secondary_rack=rack-a >"$WORK/swap.json"
check "swapping primary and secondary is allowed" "rackb1 racka1 true" "$(jq -r '"\(.primary_rack) \(.secondary_rack) \(.dhcp_on)"' "$WORK/swap.json")"
maas admin vlan update "$fabric_id" "$vid" primary_rack=rack-a >"$WORK/promote.json"
check "the secondary made primary leaves no secondary, as MAAS" "racka1 null" "$(jq -r '"\(.primary_rack) \(.secondary_rack)"' "$WORK/promote.json")"
maas admin vlan update "$fabric_id" "$vid" secondary_rack=rack-b >/dev/null

# --- leases as IP addresses (what racks report through LeaseEvents)
psql_maas -c "INSERT INTO dhcp_leases (ip, mac_address, hostname, subnet_id, rack_node_id, expires)
  SELECT '10.0.0.120', '52:54:00:bb:00:01', 'node-7', $SID, id, now() + interval '10 minutes' FROM nodes WHERE system_id = 'racka1';
  INSERT INTO dhcp_leases (ip, mac_address, subnet_id, expires) VALUES ('10.0.0.121', '52:54:00:bb:00:02', $SID, now() - interval '1 minute')"
check "CLI ipaddresses read all=true lists the current lease only" "10.0.0.120 5 DHCP node-7 rack-a 1" \
    "$(maas admin ipaddresses read all=true | jq -r '[.[] | select(.alloc_type == 5)][0] | "\(.ip) \(.alloc_type) \(.alloc_type_name) \(.hostname) \(.rack.hostname) \(.subnet.id == '"$SID"' | if . then 1 else 0 end)"')"
check "expired leases are not listed" "1" "$(maas admin ipaddresses read all=true | jq '[.[] | select(.alloc_type == 5)] | length')"
check "without all=true only the caller's reserved addresses" "0" "$(maas admin ipaddresses read | jq length)"
check "CLI subnet ip-addresses" "10.0.0.120 52:54:00:bb:00:01" \
    "$(maas admin subnet ip-addresses "$SID" | jq -r '.[] | "\(.ip) \(.mac_address)"')"
api GET "$A/subnets/99999/?op=ip_addresses"
check "ip_addresses of an unknown subnet" "404 No Subnet matches the given query." "$HTTP_STATUS $BODY"
finish
