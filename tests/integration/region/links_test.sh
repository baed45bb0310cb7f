#!/bin/bash
# `interface link-subnet` / `unlink-subnet` as MAAS's InterfaceLinkForm, against a real
# PostgreSQL and worker: every mode, MAAS's JSON shapes (no ip_address before one is
# assigned), the next free address MAAS would pick, field-keyed refusals that write nothing,
# controllers refused, and links kept when subnets change.
source "$(dirname "$0")/lib.sh"

start_api_region

links() { psql_maas -F ' ' -c "SELECT a.mode, coalesce(host(a.ip), '-'), coalesce(s.cidr::text, '-')
  FROM interface_addresses a LEFT JOIN subnets s ON s.id = a.subnet_id ORDER BY a.id" | paste -sd ';'; }

api POST "$A/subnets/" -d cidr=192.0.2.0/24 -d gateway_ip=192.0.2.1 -d dns_servers=192.0.2.3
SID=$(echo "$BODY" | jq -r .id)
api POST "$A/subnets/" -d cidr=198.51.100.0/24 -d fabric=0; SID2=$(echo "$BODY" | jq -r .id)
api POST "$A/fabrics/" -d name=fabric-1; api POST "$A/subnets/" -d cidr=203.0.113.0/24 -d fabric=1; SID3=$(echo "$BODY" | jq -r .id)
api POST "$A/ipranges/" -d type=dynamic -d start_ip=192.0.2.100 -d end_ip=192.0.2.150 -d subnet="$SID"
api POST "$A/ipranges/" -d type=reserved -d start_ip=192.0.2.2 -d end_ip=192.0.2.9 -d subnet="$SID"
api POST "$A/machines/" -d architecture=amd64/generic -d mac_addresses=52:54:00:1a:00:01 \
    -d hostname=m1 -d power_type=manual
MID=$(echo "$BODY" | jq -r .system_id)
api GET "$A/nodes/$MID/interfaces/"; IID=$(echo "$BODY" | jq -r '.[0].id')
I=$A/nodes/$MID/interfaces/$IID/

# --- refusals, each leaving the database as it was
before=$(links)
api POST "$I?op=link_subnet" -d subnet="$SID"
check "mode required" '400 {"mode":["This field is required."]}' "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=bogus -d subnet="$SID"
check "bad mode names the choices" \
    "400 {\"mode\":[\"'bogus' is not a valid mode.  It should be one of: 'auto', 'dhcp', 'static', 'link_up'.\"]}" "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=STATIC
check "static needs a subnet" '400 {"subnet":["This field is required."]}' "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet=10.99.0.0/24
check "unknown subnet" '400 {"subnet":["Select a valid choice. That choice is not one of the available choices."]}' "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet="$SID" -d ip_address=198.51.100.5
check "address outside the subnet" "400 {\"ip_address\":[\"IP address is not in the given subnet '192.0.2.0/24:192.0.2.0/24(vid=0)'.\"]}" "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet="$SID" -d ip_address=192.0.2.120
check "address in the dynamic range" '400 {"ip_address":["IP address is inside a dynamic range 192.0.2.100 to 192.0.2.150."]}' "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet="$SID" -d ip_address=not-an-ip
check "malformed address" '400 {"ip_address":["Enter a valid IPv4 or IPv6 address."]}' "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet="$SID" -d force=maybe
check "bad force" "400 {\"force\":[\"'maybe' value must be either True or False.\"]}" "$HTTP_STATUS $BODY"
api POST "$A/nodes/$MID/interfaces/99999/?op=link_subnet" -d mode=AUTO -d subnet="$SID"
check "unknown interface" "404 No Interface matches the given query." "$HTTP_STATUS $BODY"
api POST "$A/nodes/nosuch/interfaces/$IID/?op=link_subnet" -d mode=AUTO -d subnet="$SID"
check "unknown node" "404 No Node matches the given query." "$HTTP_STATUS $BODY"
check "refusals wrote nothing" "$before" "$(links)"

# --- STATIC without an address: MAAS's next free one (gateway, DNS, ranges skipped; .10 is
# the first address of the smallest free run .10-.99)
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet="$SID"
check "static link: next free address" "200 static 192.0.2.10 192.0.2.0/24" \
    "$HTTP_STATUS $(echo "$BODY" | jq -r '.links[0] | "\(.mode) \(.ip_address) \(.subnet.cidr)"')"
check "the interface joined the subnet's VLAN" "0 0" "$(echo "$BODY" | jq -r '"\(.vlan.fabric_id) \(.vlan.vid)"')"
api POST "$I?op=link_subnet" -d mode=static -d subnet="$SID" -d ip_address=192.0.2.50
check "static link with an address" "200 192.0.2.50" "$HTTP_STATUS $(echo "$BODY" | jq -r '.links[1].ip_address')"
api GET "$A/machines/$MID/"
check "the machine lists both addresses" '["192.0.2.10","192.0.2.50"]' "$(echo "$BODY" | jq -c .ip_addresses)"
before=$(links)
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet="$SID" -d ip_address=192.0.2.50
check "address in use" "404 The IP address 192.0.2.50 is already in use." "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet="$SID3"
check "another VLAN's subnet without force" '400 {"subnet":["Select a valid choice. That choice is not one of the available choices."]}' "$HTTP_STATUS $BODY"
api POST "$I?op=link_subnet" -d mode=LINK_UP -d subnet="$SID"
check "LINK_UP over other links" '400 {"mode":["Cannot configure interface to link up (with no IP address) while other links are already configured. Specify force=True to override this behavior and delete all links."]}' "$HTTP_STATUS $BODY"
check "refusals wrote nothing" "$before" "$(links)"

# --- AUTO and DHCP hold no address (no ip_address key, as MAAS renders them)
api POST "$I?op=link_subnet" -d mode=AUTO -d subnet="$SID2"
check "auto link" "200 auto false" "$HTTP_STATUS $(echo "$BODY" | jq -r '.links[2] | "\(.mode) \(has("ip_address"))"')"
api POST "$I?op=link_subnet" -d mode=DHCP -d subnet="$SID"
check "dhcp link" "200 dhcp" "$HTTP_STATUS $(echo "$BODY" | jq -r '.links[3].mode')"
before=$(links)
api POST "$I?op=link_subnet" -d mode=DHCP
check "one DHCP link only" "400 {\"mode\":[\"Interface is already set to DHCP from '192.0.2.0/24:192.0.2.0/24(vid=0)'.\"]}" "$HTTP_STATUS $BODY"
check "refusal wrote nothing" "$before" "$(links)"

# --- links survive subnet changes (relinking follows addresses; AUTO keeps its subnet)
api PUT "$A/subnets/$SID2/" -d description=changed
check "links kept across a subnet change" "$before" "$(links)"

# --- unlink
LINK=$(psql_maas -c "SELECT id FROM interface_addresses WHERE mode = 'auto'")
api POST "$I?op=unlink_subnet" --data ""
check "unlink needs an id" '400 {"id":["This field is required."]}' "$HTTP_STATUS $BODY"
api POST "$I?op=unlink_subnet" -d id=99999
CHOICES=$(psql_maas -c "SELECT string_agg(quote_literal(id::text), ', ' ORDER BY id) FROM interface_addresses")
check "unknown link id names the choices" "400 '99999' is not a valid id.  It should be one of: $CHOICES." \
    "$HTTP_STATUS $(echo "$BODY" | jq -r '.id[0]')"
check "refusal wrote nothing" "$before" "$(links)"
api POST "$I?op=unlink_subnet" -d id="$LINK"
check "unlinked" "200 static,static,dhcp" "$HTTP_STATUS $(echo "$BODY" | jq -r '[.links[].mode] | join(",")')"

# --- force: LINK_UP replaces every link, and any VLAN's subnet may be chosen
api POST "$I?op=link_subnet" -d mode=LINK_UP -d subnet="$SID3" -d force=true
check "forced LINK_UP on another fabric" "200 link_up 203.0.113.0/24 1" \
    "$HTTP_STATUS $(echo "$BODY" | jq -r '"\([.links[].mode] | join(",")) \(.links[0].subnet.cidr) \(.vlan.fabric_id)"')"
check "only the LINK_UP link is left" "link_up - 203.0.113.0/24" "$(links)"

# --- controllers: their links are what their racks report
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type) VALUES ('rk0001', 'rack-one', 2);
  INSERT INTO interfaces (node_id, name, mac_address) SELECT id, 'eth0', '52:54:00:1a:00:09' FROM nodes WHERE system_id = 'rk0001'"
RIID=$(psql_maas -c "SELECT i.id FROM interfaces i JOIN nodes n ON n.id = i.node_id WHERE n.system_id = 'rk0001'")
before=$(links)
api POST "$A/nodes/rk0001/interfaces/$RIID/?op=link_subnet" -d mode=STATIC -d subnet="$SID"
check "controller refused" "403 Cannot link subnet interface on a controller." "$HTTP_STATUS $BODY"
api POST "$A/nodes/rk0001/interfaces/$RIID/?op=unlink_subnet" -d id=1
check "controller unlink refused" "403 Cannot link subnet interface on a controller." "$HTTP_STATUS $BODY"
check "refusals wrote nothing" "$before" "$(links)"

# --- a deployed machine cannot be re-linked
psql_maas -c "UPDATE nodes SET status = 6 WHERE system_id = '$MID'"
api POST "$I?op=link_subnet" -d mode=AUTO -d subnet="$SID3"
check "deployed machine refused" "409 Cannot link subnet interface because the machine is not New, Ready, Allocated, or Broken." "$HTTP_STATUS $BODY"
check "refusal wrote nothing" "$before" "$(links)"

# --- hostile input: huge and odd values are refused by name, never a 500
psql_maas -c "UPDATE nodes SET status = 4 WHERE system_id = '$MID'"
api POST "$I?op=unlink_subnet" -d id="$(head -c 3000 /dev/zero | tr '\0' 9)"
check "huge id refused" "400" "$HTTP_STATUS"
api POST "$I?op=link_subnet" -d mode="$(printf 'x%.0s' {1..5000})" -d subnet="$SID"
check "huge mode refused" "400" "$HTTP_STATUS"
api POST "$I?op=link_subnet" -d mode=STATIC -d subnet="'; DROP TABLE subnets; --"
check "injection-shaped subnet refused" "400" "$HTTP_STATUS"
check "refusals wrote nothing" "$before" "$(links)"
finish
