#!/bin/bash
# Networks as MAAS keeps them, against a real PostgreSQL and worker: fabric ids (fabric-0 is
# id 0, the first created fabric-1), addresses relinked the moment a subnet is created,
# changed or deleted (so `vlan update ... primary_rack=` works at once), the interfaces API
# with an operator's VLAN that relinking keeps, subnets/fabrics/VLANs by MAAS's identifiers,
# 404s with MAAS's text, refusals that change nothing, and bodies indented as MAAS's.
source "$(dirname "$0")/lib.sh"

start_api_region

# --- fabric ids as MAAS's
check "default fabric is id 0" "0 fabric-0 untagged" \
    "$(psql_maas -F ' ' -c "SELECT f.id, f.name, v.name FROM fabrics f JOIN vlans v ON v.fabric_id = f.id")"
api POST "$A/fabrics/" -d description=first; check "first new fabric" "200 1 fabric-1" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.id) \(.name)"')"
api GET "$A/fabrics/"
check "body indented by 4 as MAAS sends it" "    {" "$(echo "$BODY" | sed -n 2p)"

# --- a rack whose addresses were recorded before any subnet existed
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ('rk0001', 'rack-one', 2, '0.1.0');
  INSERT INTO interfaces (node_id, name, mac_address) SELECT id, 'eth0', '52:54:00:0d:00:01' FROM nodes WHERE system_id = 'rk0001';
  INSERT INTO interfaces (node_id, name, mac_address) SELECT id, 'eth1', '52:54:00:0d:00:02' FROM nodes WHERE system_id = 'rk0001';
  INSERT INTO interface_addresses (interface_id, ip) SELECT id, '10.9.0.2/24' FROM interfaces WHERE name = 'eth0';
  INSERT INTO interface_addresses (interface_id, ip) SELECT id, '10.8.0.2/24' FROM interfaces WHERE name = 'eth1';"
iface() { psql_maas -F ' ' -c "SELECT coalesce(f.name, '-'), coalesce(s.cidr::text, '-') FROM interfaces i
  LEFT JOIN vlans v ON v.id = i.vlan_id LEFT JOIN fabrics f ON f.id = v.fabric_id
  LEFT JOIN interface_addresses a ON a.interface_id = i.id LEFT JOIN subnets s ON s.id = a.subnet_id WHERE i.name = '$1'"; }
check "unlinked before the subnet exists" "- -" "$(iface eth0)"
api POST "$A/subnets/" -d cidr=10.9.0.0/24 -d fabric=fabric-1
check "subnet created" "200" "$HTTP_STATUS"
check "relinked at once: address and VLAN" "fabric-1 10.9.0.0/24" "$(iface eth0)"
api PUT "$A/fabrics/1/vlans/0/" -d primary_rack=rack-one
check "rack offered on the VLAN without a restart" "200 rk0001" "$HTTP_STATUS $(echo "$BODY" | jq -r .primary_rack)"
api PUT "$A/fabrics/1/vlans/0/" -d primary_rack=
api POST "$A/subnets/" -d cidr=10.8.0.0/24; SID8=$(echo "$BODY" | jq -r .id)
check "second subnet on fabric-0" "fabric-0 10.8.0.0/24" "$(iface eth1)"

# --- read filters
api GET "$A/rackcontrollers/?hostname=rack-one"; check "filter by hostname" "200 1" "$HTTP_STATUS $(echo "$BODY" | jq length)"
api GET "$A/rackcontrollers/?hostname=nosuch"; check "filter matching nothing" "200 0" "$HTTP_STATUS $(echo "$BODY" | jq length)"
api GET "$A/rackcontrollers/?id=rk0001&hostname=rack-one"; check "filter by id and hostname" "1" "$(echo "$BODY" | jq length)"
api GET "$A/nodes/"
check "nodes read: the rack and this region" "200 rackcontrollers regioncontrollers" \
    "$HTTP_STATUS $(echo "$BODY" | jq -r '[.[].resource_uri | split("/")[4]] | sort | join(" ")')"

# --- identifiers
api GET "$A/subnets/10.9.0.0/24/"; check "subnet by CIDR" "200 10.9.0.0/24" "$HTTP_STATUS $(echo "$BODY" | jq -r .cidr)"
api GET "$A/subnets/10.9.0.7/24/"; check "subnet by CIDR with host bits" "200 10.9.0.0/24" "$HTTP_STATUS $(echo "$BODY" | jq -r .cidr)"
api PUT "$A/subnets/$SID8/" -d name=lab; check "renamed" "200" "$HTTP_STATUS"
api GET "$A/subnets/lab/"; check "subnet by name" "200 $SID8" "$HTTP_STATUS $(echo "$BODY" | jq -r .id)"
api GET "$A/subnets/cidr:10.8.0.0/24/"; check "subnet by cidr: specifier" "200 $SID8" "$HTTP_STATUS $(echo "$BODY" | jq -r .id)"
api GET "$A/subnets/10.99.0.0/24/"; check "unknown subnet" "404 No Subnet matches the given query." "$HTTP_STATUS $BODY"
api GET "$A/fabrics/fabric-1/"; check "fabric by name" "200 1" "$HTTP_STATUS $(echo "$BODY" | jq -r .id)"
api GET "$A/fabrics/nosuch/"; check "unknown fabric" "404 No Fabric matches the given query." "$HTTP_STATUS $BODY"
api GET "$A/fabrics/fabric-0/vlans/untagged/"; check "VLAN by name" "200 0 0" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.vid) \(.fabric_id)"')"
api GET "$A/fabrics/0/vlans/4000/"; check "unknown VLAN" "404 No VLAN matches the given query." "$HTTP_STATUS $BODY"

# --- interfaces API, and an operator's VLAN that relinking keeps
api GET "$A/nodes/rk0001/interfaces/"
check "interfaces read" "200 eth0:fabric-1 eth1:fabric-0" "$HTTP_STATUS $(echo "$BODY" | jq -r '[.[] | "\(.name):\(.vlan.fabric)"] | join(" ")')"
IID=$(echo "$BODY" | jq -r '.[] | select(.name == "eth1") | .id')
URI=$(echo "$BODY" | jq -r '.[] | select(.name == "eth1") | .resource_uri')
anon GET "http://127.0.0.1:$HP$URI" -H "Authorization: $("$TOOLS/region_oauth_header" "$API_KEY")"
check "resource_uri resolves" "200 eth1 [] []" "$HTTP_STATUS $(echo "$BODY" | jq -c -r '"\(.name) \(.parents) \(.children)"')"
api GET "$A/nodes/nosuch/interfaces/"; check "unknown node" "404 No Node matches the given query." "$HTTP_STATUS $BODY"
api GET "$A/nodes/rk0001/interfaces/99999/"; check "unknown interface" "404 No Interface matches the given query." "$HTTP_STATUS $BODY"
before=$(iface eth1)
api PUT "$A/nodes/rk0001/interfaces/$IID/" -d vlan=99999
check "bad VLAN refused" '400 {"vlan":["Select a valid choice. That choice is not one of the available choices."]}' "$HTTP_STATUS $BODY"
check "refusal changed nothing" "$before" "$(iface eth1)"
VLAN1=$(psql_maas -c "SELECT id FROM vlans WHERE fabric_id = 1 AND vid = 0")
api PUT "$A/nodes/rk0001/interfaces/$IID/" -d vlan="$VLAN1"
check "moved by the operator" "200 fabric-1" "$HTTP_STATUS $(echo "$BODY" | jq -r .vlan.fabric)"
api PUT "$A/subnets/$SID8/" -d cidr=10.8.0.0/23
check "subnet change relinks addresses" "10.8.0.0/23" "$(iface eth1 | cut -d' ' -f2)"
check "operator's VLAN kept across the relink" "fabric-1" "$(iface eth1 | cut -d' ' -f1)"
api DELETE "$A/subnets/$SID8/"; check "subnet deleted" "204" "$HTTP_STATUS"
check "deleted subnet's address unlinked" "fabric-1 -" "$(iface eth1)"

finish
