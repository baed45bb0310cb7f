#!/bin/bash
# Region API against a real PostgreSQL: migrations, every endpoint (golden JSON shapes), auth
# failures and replayed nonces, bad inputs that must write nothing, body size limit.
source "$(dirname "$0")/lib.sh"
GOLDEN=${GOLDEN:-$(dirname "$0")/golden}

pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
start_worker "$ROOT" 0
U=http://127.0.0.1:$HP/MAAS
A=$U/api/2.0

# --- migrations
check "migration 1 recorded" "1" "$(psql_maas -c 'SELECT count(*) FROM maas_schema_migrations WHERE number = 1')"
check "default fabric" "fabric-0" "$(psql_maas -c 'SELECT name FROM fabrics')"

# --- users
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
check "admin key has three parts" "3" "$(echo "$API_KEY" | awk -F: '{print NF}')"
out=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw2 x@example.com 2>&1 || true)
check "duplicate admin refused" '{"username":["A user with that username already exists."]}' "$out"
check "password stored hashed" "pbkdf2_sha256" "$(psql_maas -c "SELECT split_part(password_hash, '\$', 1) FROM users")"
check "apikey lists key" "$API_KEY" "$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey admin)"
check "apikey --generate adds one" "2" "$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey admin --generate | wc -l)"

# --- anonymous endpoints and headers
anon GET "$A/version/"; body=$BODY
check "version anonymous" "200" "$HTTP_STATUS"
check "version field" "0.1.0" "$(echo "$body" | jq -r .version)"
ctype=$(curl -s -o /dev/null -w '%{content_type}' "$A/describe/")
check "describe content type" "application/json" "$ctype"
check "api hash header" "1" "$(curl -s -D - -o /dev/null "$A/version/" | grep -ci '^X-MAAS-API-Hash: [0-9a-f]\{40\}')"
anon GET "$A/describe/"; body=$BODY
check "describe lists VlanHandler params" '["fabric_id","vid"]' \
    "$(echo "$body" | jq -c '.handlers[] | select(.name=="VlanHandler") | .params')"
check "describe hash matches header" "$(curl -s -D - -o /dev/null "$A/version/" | awk 'tolower($1)=="x-maas-api-hash:"{print $2}' | tr -d '\r')" \
    "$(echo "$body" | jq -r .hash)"
anon GET "$U/healthz"; check "healthz" "200" "$HTTP_STATUS"
anon GET "$U/readyz"; check "readyz" "200" "$HTTP_STATUS"

# --- auth failures
anon GET "$A/users/?op=whoami"
check "no credentials 401" "401" "$HTTP_STATUS"
bad_key="${API_KEY%:*}:wrongsecretwrongsecretwrongsecre"
anon GET "$A/users/?op=whoami" -H "Authorization: $("$TOOLS/region_oauth_header" "$bad_key")"; body=$BODY
check "bad secret 401" "401 Authorization Error: Invalid API key." "$HTTP_STATUS $body"
anon GET "$A/machines/" -H "Authorization: OAuth oauth_token=\"x\""; body=$BODY
check "malformed header 401" "401" "$HTTP_STATUS"
hdr=$("$TOOLS/region_oauth_header" "$API_KEY" "$(date +%s)" fixed-nonce-1)
anon GET "$A/users/?op=whoami" -H "Authorization: $hdr"
check "first use of nonce" "200" "$HTTP_STATUS"
anon GET "$A/users/?op=whoami" -H "Authorization: $hdr"; body=$BODY
check "replayed nonce refused" "401 Authorization Error: Nonce already used: fixed-nonce-1" "$HTTP_STATUS $body"
hdr=$("$TOOLS/region_oauth_header" "$API_KEY" "$(( $(date +%s) - 3600 ))" old-nonce)
anon GET "$A/users/?op=whoami" -H "Authorization: $hdr"
check "stale timestamp refused" "401" "$HTTP_STATUS"
api GET "$A/users/?op=whoami"; body=$BODY
check "whoami" "admin true" "$(echo "$body" | jq -r '"\(.username) \(.is_superuser)"')"

# --- 404 / 405 / 400 op
api GET "$A/nosuch/"; body=$BODY; check "unknown endpoint" "404 Unknown API endpoint: /MAAS/api/2.0/nosuch/." "$HTTP_STATUS $body"
api GET "$A/fabrics/999/"; body=$BODY; check "missing fabric" "404 No Fabric matches the given query." "$HTTP_STATUS $body"
api DELETE "$A/fabrics/"; check "method not allowed" "405" "$HTTP_STATUS"
api GET "$A/users/?op=bogus"; body=$BODY; check "unknown op" "400 Unrecognised signature: method=GET op=bogus" "$HTTP_STATUS $body"

# --- fabrics and vlans
snapshot() { psql_maas -c "SELECT (SELECT count(*) FROM fabrics), (SELECT count(*) FROM vlans), (SELECT count(*) FROM subnets), (SELECT count(*) FROM ipranges), (SELECT count(*) FROM nodes), (SELECT count(*) FROM interfaces)"; }
api POST "$A/fabrics/" -d name=lab -d description=bench; body=$BODY
check "create fabric" "200 lab" "$HTTP_STATUS $(echo "$body" | jq -r .name)"
FID=$(echo "$body" | jq -r .id)
check "new fabric has untagged vlan" "0" "$(echo "$body" | jq -r '.vlans[0].vid')"
before=$(snapshot)
api POST "$A/fabrics/" -d name=lab; body=$BODY
check "duplicate fabric name" '400 {"name":["Fabric with this Name already exists."]}' "$HTTP_STATUS $body"
api POST "$A/fabrics/" -d 'name=bad name'; body=$BODY
check "bad fabric name" "400" "$HTTP_STATUS"
api POST "$A/fabrics/$FID/vlans/" -d vid=5000; body=$BODY
check "vid out of range" '400 {"vid":["Ensure this value is between 1 and 4094."]}' "$HTTP_STATUS $body"
api POST "$A/fabrics/$FID/vlans/" -d vid=10 -d mtu=abc; body=$BODY
check "bad mtu" '400 {"mtu":["Enter a whole number."]}' "$HTTP_STATUS $body"
check "rejected requests wrote nothing" "$before" "$(snapshot)"
api POST "$A/fabrics/$FID/vlans/" -d vid=10 -d name=ten -d mtu=9000; body=$BODY
check "create vlan" "200 10 9000" "$HTTP_STATUS $(echo "$body" | jq -r '"\(.vid) \(.mtu)"')"
api POST "$A/fabrics/$FID/vlans/" -d vid=10; body=$BODY
check "duplicate vid" '400 {"__all__":["VLAN with this Fabric and Vid already exists."]}' "$HTTP_STATUS $body"
api PUT "$A/fabrics/$FID/vlans/10/" -d description=updated -d dhcp_on=true; body=$BODY
check "dhcp needs primary rack" '400 {"dhcp_on":["dhcp can only be turned on when a primary rack controller is set."]}' "$HTTP_STATUS $body"
api PUT "$A/fabrics/$FID/vlans/10/" -d primary_rack=nosuch; body=$BODY
check "unknown rack" '400 {"primary_rack":["Select a valid choice. nosuch is not one of the available choices."]}' "$HTTP_STATUS $body"
api PUT "$A/fabrics/$FID/vlans/10/" -d description=updated -d name=ten-b; body=$BODY
check "update vlan" "200 updated ten-b" "$HTTP_STATUS $(echo "$body" | jq -r '"\(.description) \(.name)"')"
VLAN_ID=$(echo "$body" | jq -r .id)
api GET "$A/vlans/$VLAN_ID/"; body=$BODY; check "vlan resource_uri resolves" "200 10" "$HTTP_STATUS $(echo "$body" | jq -r .vid)"
api GET "$A/fabrics/$FID/vlans/"; body=$BODY; check "list vlans" "2" "$(echo "$body" | jq length)"
api DELETE "$A/fabrics/$FID/vlans/0/"; body=$BODY
check "default vlan kept" "400" "$HTTP_STATUS"
api PUT "$A/fabrics/$FID/" -d name=lab2; body=$BODY; check "rename fabric" "200 lab2" "$HTTP_STATUS $(echo "$body" | jq -r .name)"

# --- subnets
api POST "$A/subnets/" -d cidr=10.0.0.1/24; body=$BODY
check "host bits set" '400 {"cidr":["Host bits are set; did you mean 10.0.0.0/24?"]}' "$HTTP_STATUS $body"
api POST "$A/subnets/" -d cidr=nonsense; body=$BODY
check "cidr not cidr" "400" "$HTTP_STATUS"
api POST "$A/subnets/" -d cidr=10.0.0.0/24 -d gateway_ip=10.9.9.9; body=$BODY
check "gateway outside" '400 {"gateway_ip":["Gateway IP must be within CIDR range."]}' "$HTTP_STATUS $body"
api POST "$A/subnets/" -d cidr=10.0.0.0/24 -d vlan=99999; body=$BODY
check "unknown vlan" "400" "$HTTP_STATUS"
check "rejected subnets wrote nothing" "0" "$(psql_maas -c 'SELECT count(*) FROM subnets')"
api POST "$A/subnets/" -d cidr=10.0.0.0/24 -d gateway_ip=10.0.0.1 -d "dns_servers=8.8.8.8 1.1.1.1"; body=$BODY
check "create subnet default vlan" "200 fabric-0 0" "$HTTP_STATUS $(echo "$body" | jq -r '"\(.vlan.fabric) \(.vlan.vid)"')"
SID=$(echo "$body" | jq -r .id)
echo "$body" | jq -S . >"$WORK/subnet.json"
api POST "$A/subnets/" -F cidr=10.1.0.0/24 -F fabric=lab2 -F vid=10 -F name=ten; body=$BODY
check "create subnet by fabric+vid (multipart)" "200 10 ten" "$HTTP_STATUS $(echo "$body" | jq -r '"\(.vlan.vid) \(.name)"')"
SID2=$(echo "$body" | jq -r .id)
api POST "$A/subnets/" -d cidr=10.0.0.0/24; body=$BODY
check "duplicate cidr" '400 {"cidr":["Subnet with this Cidr already exists."]}' "$HTTP_STATUS $body"
api PUT "$A/subnets/$SID/" -d description=main; body=$BODY
check "update subnet" "200 main" "$HTTP_STATUS $(echo "$body" | jq -r .description)"
api DELETE "$A/fabrics/$FID/"; body=$BODY
check "fabric with subnets kept" "400 Can't delete fabric; the following subnets are still present: 10.1.0.0/24" "$HTTP_STATUS $body"

# --- ipranges
api POST "$A/ipranges/" -d type=dynamic -d start_ip=10.0.0.100 -d end_ip=10.0.0.200; body=$BODY
check "create dynamic range" "200 $SID" "$HTTP_STATUS $(echo "$body" | jq -r .subnet.id)"
RID=$(echo "$body" | jq -r .id)
echo "$body" | jq -S . >"$WORK/iprange.json"
before=$(snapshot)
api POST "$A/ipranges/" -d type=reserved -d start_ip=10.0.0.150 -d end_ip=10.0.0.250; body=$BODY
check "overlap refused" '400 {"__all__":["Requested reserved range conflicts with an existing range."]}' "$HTTP_STATUS $body"
api POST "$A/ipranges/" -d type=reserved -d subnet=$SID -d start_ip=10.0.1.1 -d end_ip=10.0.1.5; body=$BODY
check "outside subnet refused" '400 {"__all__":["IP addresses must be within subnet: 10.0.0.0/24."]}' "$HTTP_STATUS $body"
api POST "$A/ipranges/" -d type=bogus -d start_ip=10.0.0.1 -d end_ip=10.0.0.2; body=$BODY
check "bad type refused" "400" "$HTTP_STATUS"
check "rejected ranges wrote nothing" "$before" "$(snapshot)"
api PUT "$A/ipranges/$RID/" -d end_ip=10.0.0.210 -d comment=pool; body=$BODY
check "update range" "200 10.0.0.210 pool" "$HTTP_STATUS $(echo "$body" | jq -r '"\(.end_ip) \(.comment)"')"
api PUT "$A/subnets/$SID/" -d cidr=10.0.0.0/25; body=$BODY
check "shrinking subnet under a range refused" "400" "$HTTP_STATUS"

# --- machines
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:00:00:01 -d hostname=node1 \
    -d power_type=ipmi -d power_parameters_power_address=127.0.0.1 -d power_parameters_power_user=admin; body=$BODY
check "create machine" "200 node1 ipmi" "$HTTP_STATUS $(echo "$body" | jq -r '"\(.hostname) \(.power_type)"')"
MID=$(echo "$body" | jq -r .system_id)
echo "$body" | jq -S --arg m "$MID" 'walk(if type == "string" then gsub($m; "SYSID") else . end) | .interface_set[].id = 0' >"$WORK/machine.json"
api GET "$A/machines/$MID/?op=power_parameters"; body=$BODY
check "power parameters" "127.0.0.1 admin" "$(echo "$body" | jq -r '"\(.power_address) \(.power_user)"')"
before=$(snapshot)
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:00:00:01; body=$BODY
check "mac in use" "400 {\"mac_addresses\":[\"One or more MAC addresses is invalid. ('52:54:00:00:00:01' is already in use.)\"]}" "$HTTP_STATUS $body"
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:00:00:02 -d power_type=ipmi; body=$BODY
check "ipmi needs address" '400 {"power_parameters_power_address":["This field is required."]}' "$HTTP_STATUS $body"
api POST "$A/machines/" -d mac_addresses=zz; body=$BODY
check "machine field errors" '400 {"architecture":["Architecture must be defined for installable nodes."],"mac_addresses":["'\''zz'\'' is not a valid MAC address."]}' "$HTTP_STATUS $body"
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:00:00:03 -d hostname=node1; body=$BODY
check "hostname taken" '400 {"hostname":["Node with this Hostname already exists."]}' "$HTTP_STATUS $body"
check "rejected machines wrote nothing" "$before" "$(snapshot)"
api GET "$A/machines/"; body=$BODY; check "list machines" "1" "$(echo "$body" | jq length)"

# --- controllers
api GET "$A/regioncontrollers/"; body=$BODY
check "this region listed" "1 3" "$(echo "$body" | jq -r '"\(length) \(.[0].node_type)"')"
RSID=$(echo "$body" | jq -r '.[0].system_id')
check "maas_id written" "$RSID" "$(cat "$ROOT/var/lib/maas/maas_id")"
api DELETE "$A/regioncontrollers/$RSID/"; body=$BODY
check "running region not deleted" "400 Unable to delete $(hostname) as it's currently running." "$HTTP_STATUS $body"
# A rack as rack registration writes it: node, interface on VLAN 10. It has no connection, so
# the region's liveness pass gives it a dead rackd row: wait for that, rather than race it.
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ('rack01', 'rack-one', 2, '0.1.0');
  INSERT INTO interfaces (node_id, name, mac_address, vlan_id) SELECT id, 'eth0', '52:54:00:aa:00:01', $VLAN_ID FROM nodes WHERE system_id = 'rack01';
  INSERT INTO interface_addresses (interface_id, subnet_id, ip) SELECT i.id, $SID2, '10.1.0.2' FROM interfaces i WHERE mac_address = '52:54:00:aa:00:01';"
rack_marked_dead() {
    [ "$(psql_maas -c "SELECT s.status FROM services s JOIN nodes n ON n.id = s.node_id
        WHERE n.system_id = 'rack01' AND s.name = 'rackd'")" = dead ]
}
wait_for "liveness row of the unconnected rack" 60 rack_marked_dead
api GET "$A/rackcontrollers/"; body=$BODY
echo "$body" | jq -S '.[0] | .interface_set[].id = 0 | .interface_set[].links[].id = 0' >"$WORK/rackcontroller.json"
check "never-connected rack: last_seen null" "null" "$(echo "$body" | jq -c '.[0].last_seen')"
# last_seen: the rack's latest connection heartbeat, kept on the node once the connection goes.
psql_maas -c "INSERT INTO rack_connections (rack_node_id, process_id, connection_id, peer_address, heartbeat)
  SELECT n.id, p.id, c.k, '127.0.0.1', c.beat FROM nodes n, region_processes p,
  (VALUES (1, timestamptz '2026-01-02 03:04:05+00'), (2, timestamptz '2026-01-02 03:04:06.7+00')) c (k, beat)
  WHERE n.system_id = 'rack01'"
api GET "$A/rackcontrollers/rack01/"; check "last_seen of a connected rack" "2026-01-02T03:04:06Z" "$(echo "$BODY" | jq -r .last_seen)"
psql_maas -c "DELETE FROM rack_connections WHERE rack_node_id = (SELECT id FROM nodes WHERE system_id = 'rack01')"
api GET "$A/rackcontrollers/rack01/"; check "last_seen kept after disconnect" "2026-01-02T03:04:06Z" "$(echo "$BODY" | jq -r .last_seen)"
api GET "$A/regioncontrollers/$RSID/"
check "running region: last_seen is its worker's heartbeat" "yes" "$(echo "$BODY" | jq -r .last_seen |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const t=Date.parse(s.trim());
      console.log(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(s.trim()) && Math.abs(Date.now()-t) < 600000 ? "yes" : s)})')"
api GET "$A/machines/"; check "machines have no last_seen" "false" "$(echo "$BODY" | jq '.[0] | has("last_seen")')"
check "rack listed" "rack-one 10.1.0.2 dead" "$(echo "$body" | jq -r '.[0] | "\(.hostname) \(.ip_addresses[0]) \(.service_set[0].status)"')"
api PUT "$A/fabrics/$FID/vlans/10/" -d primary_rack=rack-one -d dhcp_on=true; body=$BODY
check "dhcp needs dynamic range" '400 {"dhcp_on":["dhcp can only be turned on when a dynamic IP range is defined."]}' "$HTTP_STATUS $body"
api POST "$A/ipranges/" -d type=dynamic -d start_ip=10.1.0.100 -d end_ip=10.1.0.150
api PUT "$A/fabrics/$FID/vlans/10/" -d primary_rack=rack-one -d dhcp_on=true; body=$BODY
check "dhcp on with primary rack" "200 rack01 true" "$HTTP_STATUS $(echo "$body" | jq -r '"\(.primary_rack) \(.dhcp_on)"')"
api PUT "$A/fabrics/$FID/vlans/10/" -d secondary_rack=rack01; body=$BODY
check "primary already set" '400 {"__all__":["rack01 is already set as the primary rack controller"]}' "$HTTP_STATUS $body"
api GET "$A/rackcontrollers/rack01/"; body=$BODY; check "read rack" "200 rack-one" "$HTTP_STATUS $(echo "$body" | jq -r .hostname)"
api DELETE "$A/rackcontrollers/rack01/"; check "rack serving DHCP not deleted" "400" "$HTTP_STATUS"
# Connected again, so the delete below cascades through the last_seen trigger.
psql_maas -c "INSERT INTO rack_connections (rack_node_id, process_id, connection_id, peer_address)
  SELECT n.id, p.id, 3, '127.0.0.1' FROM nodes n, region_processes p WHERE n.system_id = 'rack01'"
api DELETE "$A/rackcontrollers/rack01/?force=true"; check "forced rack delete" "204" "$HTTP_STATUS"
api GET "$A/rackcontrollers/rack01/"; check "rack gone" "404" "$HTTP_STATUS"

# --- golden shapes
for f in subnet iprange machine rackcontroller; do
    if diff -u "$GOLDEN/$f.json" "$WORK/$f.json"; then echo "ok - golden $f"; else echo "FAIL - golden $f"; FAILED=1; fi
done

# --- deletes and size limit
api DELETE "$A/ipranges/$RID/"; check "delete range" "204" "$HTTP_STATUS"
api DELETE "$A/machines/$MID/"; check "delete machine" "204" "$HTTP_STATUS"
api DELETE "$A/subnets/$SID2/"; check "delete subnet" "204" "$HTTP_STATUS"
api DELETE "$A/fabrics/$FID/"; check "delete fabric" "204" "$HTTP_STATUS"
head -c 5000000 /dev/zero | tr '\0' a >"$WORK/big"
anon POST "$A/fabrics/" --data-binary @"$WORK/big"; check "body size limit" "413" "$HTTP_STATUS"

# --- schema newer than known: the region refuses to start
psql_maas -c "INSERT INTO maas_schema_migrations (number, name) VALUES (9999, '9999_future')"
set +e
MAAS_ROOT=$ROOT timeout 20 "$BIN/maas-regiond" --worker-index 1 >"$WORK/newer.log" 2>&1
rc=$?
set -e
check "newer schema refused (exit 3)" "3" "$rc"
check "newer schema message" "1" "$(grep -c 'REGION_SCHEMA_TOO_NEW.*migration 9999' "$WORK/newer.log")"
anon GET "$U/readyz"; check "readyz fails on newer schema" "503" "$HTTP_STATUS"
finish
