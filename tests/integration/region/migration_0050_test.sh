#!/bin/bash
# Migration 0050 (network discovery, MAAS's fabric ids) on a database an older release created
# and filled: the migrations before it, then fabrics, VLANs, subnets, ranges, a rack with
# interfaces, addresses and DHCP duties, then a worker of this release upgrades it. The default
# fabric becomes id 0 with everything on it kept, other fabrics keep their ids, new ones count
# on from the highest, and relinking works on the upgraded rows.
source "$(dirname "$0")/lib.sh"

pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
check "older schema applied" "yes" "$([ "$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" migrate-before 50)" -gt 5 ] && echo yes)"
check "no discovery columns yet" "0" "$(psql_maas -c "SELECT count(*) FROM information_schema.columns WHERE table_name = 'interfaces' AND column_name = 'vlan_pinned'")"

# --- an older release's data: fabric-0 is id 1 there; a second fabric; a rack serving DHCP
psql_maas -c "
  INSERT INTO fabrics (name) VALUES ('fabric-2');
  INSERT INTO vlans (fabric_id, vid, name) SELECT id, 0, 'untagged' FROM fabrics WHERE name = 'fabric-2';
  INSERT INTO vlans (fabric_id, vid, name) SELECT id, 10, 'v10' FROM fabrics WHERE name = 'fabric-0';
  INSERT INTO subnets (name, vlan_id, cidr, gateway_ip) SELECT '192.0.2.0/24', v.id, '192.0.2.0/24', '192.0.2.1'
    FROM vlans v JOIN fabrics f ON f.id = v.fabric_id WHERE f.name = 'fabric-0' AND v.vid = 0;
  INSERT INTO subnets (name, vlan_id, cidr) SELECT '198.51.100.0/24', v.id, '198.51.100.0/24'
    FROM vlans v JOIN fabrics f ON f.id = v.fabric_id WHERE f.name = 'fabric-2';
  INSERT INTO ipranges (subnet_id, type, start_ip, end_ip) SELECT id, 'dynamic', '192.0.2.100', '192.0.2.150' FROM subnets WHERE name = '192.0.2.0/24';
  INSERT INTO nodes (system_id, hostname, node_type) VALUES ('rk0001', 'rack-one', 2);
  INSERT INTO interfaces (node_id, name, mac_address, vlan_id) SELECT n.id, 'eth0', '52:54:00:50:00:01', s.vlan_id
    FROM nodes n, subnets s WHERE n.system_id = 'rk0001' AND s.name = '192.0.2.0/24';
  INSERT INTO interfaces (node_id, name, mac_address) SELECT id, 'eth1', '52:54:00:50:00:02' FROM nodes WHERE system_id = 'rk0001';
  INSERT INTO interface_addresses (interface_id, subnet_id, ip) SELECT i.id, s.id, '192.0.2.5/24'
    FROM interfaces i, subnets s WHERE i.name = 'eth0' AND s.name = '192.0.2.0/24';
  INSERT INTO interface_addresses (interface_id, ip) SELECT id, '203.0.113.5/24' FROM interfaces WHERE name = 'eth1';
  UPDATE vlans SET primary_rack_id = (SELECT id FROM nodes WHERE system_id = 'rk0001'), dhcp_on = true
    WHERE vid = 0 AND fabric_id = (SELECT id FROM fabrics WHERE name = 'fabric-0');"
fabrics() { psql_maas -F ' ' -c "SELECT f.id, f.name, string_agg(v.vid::text || ':' || coalesce(s.cidr::text, '-'), ',' ORDER BY v.vid)
  FROM fabrics f JOIN vlans v ON v.fabric_id = f.id LEFT JOIN subnets s ON s.vlan_id = v.id GROUP BY f.id, f.name ORDER BY f.id" | paste -sd ';'; }
check "before: fabric-0 is id 1" "1 fabric-0 0:192.0.2.0/24,10:-;2 fabric-2 0:198.51.100.0/24" "$(fabrics)"

# --- this release's worker upgrades the database
start_worker "$ROOT" 0
A=http://127.0.0.1:$HP/MAAS/api/2.0
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
check "after: fabric-0 is id 0, its VLANs and subnet kept; fabric-2 keeps its id" \
    "0 fabric-0 0:192.0.2.0/24,10:-;2 fabric-2 0:198.51.100.0/24" "$(fabrics)"
check "the rack's interface, address and DHCP duty kept" "eth0 0 0 192.0.2.0/24 t" \
    "$(psql_maas -F ' ' -c "SELECT i.name, v.fabric_id, v.vid, s.cidr, v.dhcp_on FROM interfaces i JOIN vlans v ON v.id = i.vlan_id
       JOIN interface_addresses a ON a.interface_id = i.id JOIN subnets s ON s.id = a.subnet_id WHERE i.name = 'eth0' AND v.primary_rack_id IS NOT NULL")"
check "upgraded interfaces are unpinned, untagged, parentless" "f 0 {}" \
    "$(psql_maas -F ' ' -c "SELECT DISTINCT vlan_pinned, vid, parents FROM interfaces")"
api GET "$A/subnets/192.0.2.0/24/"; check "the API shows the default fabric as 0" "200 0 fabric-0" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.vlan.fabric_id) \(.vlan.fabric)"')"
api GET "$A/fabrics/0/vlans/10/"; check "VLAN 10 under fabric 0" "200 v10" "$HTTP_STATUS $(echo "$BODY" | jq -r .name)"
api POST "$A/fabrics/" -d description=new; check "new fabrics count on from the highest id" "200 3 fabric-3" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.id) \(.name)"')"
api POST "$A/subnets/" -d cidr=203.0.113.0/24 -d fabric=2
check "relinking works on upgraded rows" "203.0.113.0/24 2" \
    "$(psql_maas -F ' ' -c "SELECT s.cidr, v.fabric_id FROM interface_addresses a JOIN subnets s ON s.id = a.subnet_id
       JOIN interfaces i ON i.id = a.interface_id JOIN vlans v ON v.id = i.vlan_id WHERE i.name = 'eth1'")"
api GET "$A/rackcontrollers/rk0001/"; check "the rack reads back" "200 rack-one" "$HTTP_STATUS $(echo "$BODY" | jq -r .hostname)"
finish
