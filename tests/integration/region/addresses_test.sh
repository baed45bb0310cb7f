#!/bin/bash
# How a subnet's addresses are used, and users' reservations, as MAAS's API has them, against a
# real PostgreSQL and worker: `subnet statistics|reserved-ip-ranges|unreserved-ip-ranges`,
# `ipaddresses reserve|release|read` (the caller's reserved addresses; all=true and owner= for
# admins, leases included), MAAS's texts for every refusal, and refusals that write nothing.
source "$(dirname "$0")/lib.sh"

start_api_region
ADMIN_KEY=$API_KEY
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
BOB_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)

state() { psql_maas -c "SELECT concat_ws('|',
    coalesce((SELECT string_agg(concat_ws(',', host(ip), subnet_id, user_id, hostname, mac_address), ';' ORDER BY id) FROM ip_reservations), ''),
    coalesce((SELECT string_agg(host(ip), ';' ORDER BY id) FROM interface_addresses), ''),
    coalesce((SELECT string_agg(host(ip), ';' ORDER BY ip) FROM dhcp_leases), ''))"; }

api POST "$A/subnets/" -d cidr=192.0.2.0/24 -d gateway_ip=192.0.2.1 -d dns_servers=192.0.2.3
SID=$(echo "$BODY" | jq -r .id)
api POST "$A/ipranges/" -d type=dynamic -d start_ip=192.0.2.100 -d end_ip=192.0.2.150 -d subnet="$SID"
api POST "$A/ipranges/" -d type=reserved -d start_ip=192.0.2.2 -d end_ip=192.0.2.9 -d subnet="$SID"
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type) VALUES ('rk0001', 'rack-one', 2);
  INSERT INTO interfaces (node_id, name, mac_address) SELECT id, 'eth0', '52:54:00:2b:00:01' FROM nodes WHERE system_id = 'rk0001';
  INSERT INTO interface_addresses (interface_id, ip) SELECT id, '192.0.2.20/24' FROM interfaces WHERE name = 'eth0';
  UPDATE interface_addresses SET subnet_id = $SID;
  INSERT INTO dhcp_leases (ip, mac_address, subnet_id, expires) VALUES
    ('192.0.2.120', '52:54:00:2b:00:09', $SID, now() + interval '10 minutes'),
    ('192.0.2.121', '52:54:00:2b:00:0a', $SID, now() - interval '1 minute')"

# --- statistics: gateway .1, reserved .2-.9 (DNS .3 inside), rack .20, dynamic .100-.150
api GET "$A/subnets/$SID/?op=statistics"
check "statistics as MAAS counts them" "200 254 193 61 104 24% 76% 192.0.2.1 192.0.2.254 4" \
    "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.total_addresses) \(.num_available) \(.num_unavailable) \(.largest_available) \(.usage_string) \(.available_string) \(.first_address) \(.last_address) \(.ip_version)"')"
check "no ranges unless asked" "false" "$(echo "$BODY" | jq 'has("ranges")')"
api GET "$A/subnets/192.0.2.0/24/?op=statistics&include_ranges=true"
check "ranges cover the subnet, unused ones marked" "192.0.2.1-192.0.2.254 7 unused" \
    "$(echo "$BODY" | jq -r '"\(.ranges[0].start)-\(.ranges[-1].end) \(.ranges | length) \(.ranges[-1].purpose[0])"')"
api GET "$A/subnets/$SID/?op=reserved_ip_ranges"
check "reserved ranges with purposes" \
    "192.0.2.1:gateway-ip 192.0.2.2-192.0.2.9:dns-server,reserved 192.0.2.20:assigned-ip 192.0.2.100-192.0.2.150:assigned-ip,dynamic" \
    "$(echo "$BODY" | jq -r '[.[] | "\(.start)\(if .end != .start then "-" + .end else "" end):\(.purpose | join(","))"] | join(" ")')"
api GET "$A/subnets/$SID/?op=unreserved_ip_ranges"
check "unreserved ranges" "192.0.2.10-192.0.2.19:10 192.0.2.21-192.0.2.99:79 192.0.2.151-192.0.2.254:104" \
    "$(echo "$BODY" | jq -r '[.[] | "\(.start)-\(.end):\(.num_addresses)"] | join(" ")')"
check "unreserved ranges carry no purpose" "false" "$(echo "$BODY" | jq '.[0] | has("purpose")')"
api GET "$A/subnets/10.99.0.0/24/?op=statistics"
check "statistics of an unknown subnet" "404 No Subnet matches the given query." "$HTTP_STATUS $BODY"
api GET "$A/subnets/$SID/?op=statistics&include_ranges=perhaps"
check "bad include_ranges" "400 {\"include_ranges\":[\"'perhaps' value must be either True or False.\"]}" "$HTTP_STATUS $BODY"

# --- reserve: refusals first, each writing nothing
API_KEY=$BOB_KEY
before=$(state)
api POST "$A/ipaddresses/?op=reserve" --data ""
check "neither subnet nor ip" "400 Must supply either the 'subnet' or the 'ip' parameter." "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d subnet=nosuch
check "unknown subnet" "400 Unable to identify subnet: nosuch." "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d ip=10.99.0.1
check "address on no subnet" "400 No known subnet for IP address: 10.99.0.1." "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d ip=not-an-ip
check "malformed address" '400 {"ip_address":["Enter a valid IPv4 or IPv6 address."]}' "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d subnet="$SID" -d mac=zz:zz
check "malformed MAC" "400 {\"mac\":[\"'zz:zz' is not a valid MAC address.\"]}" "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d ip=192.0.2.120
check "address in the dynamic range" "403 IP address 192.0.2.120 belongs to an existing dynamic range. To reserve this IP address, a MAC address is required. (Create a device instead.)" "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d ip=192.0.2.5
check "address in a reserved range" "404 192.0.2.5 is within the reserved range from 192.0.2.2 to 192.0.2.9" "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d ip=192.0.2.20
check "address of a controller" "404 The IP address 192.0.2.20 is already in use." "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d ip=192.0.2.60 -d hostname=web.elsewhere
check "unknown DNS domain" "404 No Domain matches the given query." "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=reserve" -d subnet="$SID" -d mac=52:54:00:2b:00:01
check "MAC of a node" "400 MAC address 52:54:00:2b:00:01 already belongs to rack-one. Use of the interface API is required, for an interface that belongs to a node." "$HTTP_STATUS $BODY"
check "refusals wrote nothing" "$before" "$(state)"

# --- reserve: the next free address (first of the smallest free run), or the one asked for
api POST "$A/ipaddresses/?op=reserve" -d subnet=192.0.2.0/24 -d hostname=printer
check "reserved the next free address" "200 192.0.2.10 4 User reserved bob 192.0.2.0/24" \
    "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.ip) \(.alloc_type) \(.alloc_type_name) \(.owner.username) \(.subnet.cidr)"')"
api POST "$A/ipaddresses/?op=reserve" -d ip_address=192.0.2.60 -d mac=52-54-00-2B-00-77
check "reserved the address asked for (ip_address alias)" "200 192.0.2.60" "$HTTP_STATUS $(echo "$BODY" | jq -r .ip)"
check "stored with the hostname and MAC" "192.0.2.10,$SID,2,printer;192.0.2.60,$SID,2,,52:54:00:2b:00:77" \
    "$(psql_maas -c "SELECT string_agg(concat_ws(',', host(ip), subnet_id, user_id, hostname, mac_address), ';' ORDER BY id) FROM ip_reservations")"
api POST "$A/ipaddresses/?op=reserve" -d ip=192.0.2.10
check "a reserved address is in use" "404 The IP address 192.0.2.10 is already in use." "$HTTP_STATUS $BODY"
api GET "$A/subnets/$SID/?op=statistics"; check "reservations count as used" "191" "$(echo "$BODY" | jq .num_available)"

# --- read: the caller's own; all= and owner= are for admins
api GET "$A/ipaddresses/"; check "bob's reserved addresses" "200 192.0.2.10 192.0.2.60" "$HTTP_STATUS $(echo "$BODY" | jq -r '[.[].ip] | join(" ")')"
api GET "$A/ipaddresses/?ip=192.0.2.60"; check "one address" "192.0.2.60" "$(echo "$BODY" | jq -r '[.[].ip] | join(" ")')"
api GET "$A/ipaddresses/?ip=nonsense"; check "bad ip filter" "400 Parameter 'ip' must contain an IP address." "$HTTP_STATUS $BODY"
api GET "$A/ipaddresses/?all=true"; check "all=true needs an admin" "403 Listing all IP addresses requires admin privileges." "$HTTP_STATUS $BODY"
api GET "$A/ipaddresses/?owner=admin"; check "owner= needs an admin" "403 Listing another user's IP addresses requires admin privileges." "$HTTP_STATUS $BODY"
API_KEY=$ADMIN_KEY
api GET "$A/ipaddresses/"; check "the admin reserved nothing" "200 0" "$HTTP_STATUS $(echo "$BODY" | jq length)"
api GET "$A/ipaddresses/?owner=bob"; check "admin filters by owner" "192.0.2.10 192.0.2.60" "$(echo "$BODY" | jq -r '[.[].ip] | join(" ")')"
api GET "$A/ipaddresses/?all=true"
check "all=true: reservations, links and current leases" "192.0.2.10:4 192.0.2.60:4 192.0.2.20:1 192.0.2.120:5" \
    "$(echo "$BODY" | jq -r '[.[] | "\(.ip):\(.alloc_type)"] | join(" ")')"
check "a link names its interface" "eth0" "$(echo "$BODY" | jq -r '.[] | select(.alloc_type == 1) | .interface_set[0].name')"
api GET "$A/subnets/$SID/?op=ip_addresses"; check "leases still listed per subnet" "192.0.2.120" "$(echo "$BODY" | jq -r '[.[].ip] | join(" ")')"

# --- release
before=$(state)
API_KEY=$BOB_KEY
api POST "$A/ipaddresses/?op=release" --data ""; check "release needs ip" "400 No provided ip!" "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=release" -d ip=bogus; check "malformed ip" '400 {"ip":["Enter a valid IPv4 or IPv6 address."]}' "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=release" -d ip=192.0.2.20
check "not bob's to release" "400 IP address 192.0.2.20 does not exist, is not the correct type of address, or does not belong to the requesting user.
If you are sure you want to release this address, use force=true as a MAAS administrator." "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=release" -d ip=192.0.2.20 -d force=true
check "force needs an admin" "403 Force-releasing an IP address requires admin privileges." "$HTTP_STATUS $BODY"
API_KEY=$ADMIN_KEY
api POST "$A/ipaddresses/?op=release" -d ip=192.0.2.10
check "an admin releases only its own without force" "400" "$HTTP_STATUS"
check "refusals wrote nothing" "$before" "$(state)"
API_KEY=$BOB_KEY
api POST "$A/ipaddresses/?op=release" -d ip=192.0.2.10; check "bob releases his address" "204" "$HTTP_STATUS"
api GET "$A/ipaddresses/"; check "released" "192.0.2.60" "$(echo "$BODY" | jq -r '[.[].ip] | join(" ")')"
API_KEY=$ADMIN_KEY
api POST "$A/ipaddresses/?op=release" -d ip=192.0.2.60 -d force=true; check "admin forces bob's out" "204" "$HTTP_STATUS"
api POST "$A/ipaddresses/?op=release" -d ip=192.0.2.120 -d force=true
check "a lease needs discovered=true" "400 IP address 192.0.2.120 does not exist." "$HTTP_STATUS $BODY"
api POST "$A/ipaddresses/?op=release" -d ip=192.0.2.120 -d force=true -d discovered=true
check "admin releases a discovered address" "204" "$HTTP_STATUS"
check "only the controller's address is left" "|192.0.2.20|192.0.2.121" "$(state)"

# --- hostile input: never a 500, nothing written
before=$(state)
API_KEY=$BOB_KEY
api POST "$A/ipaddresses/?op=reserve" -d subnet="$(head -c 5000 /dev/zero | tr '\0' 1)"
check "huge subnet refused" "400" "$HTTP_STATUS"
api POST "$A/ipaddresses/?op=reserve" -d subnet="'; DELETE FROM subnets; --"
check "injection-shaped subnet refused" "400" "$HTTP_STATUS"
api POST "$A/ipaddresses/?op=reserve" -d subnet="$SID" -d hostname="$(head -c 300 /dev/zero | tr '\0' a)"
check "overlong hostname refused" "400" "$HTTP_STATUS"
api POST "$A/ipaddresses/?op=release" -d ip="::ffff:192.0.2.20"
check "odd address forms refused" "400" "$HTTP_STATUS"
check "hostile requests wrote nothing" "$before" "$(state)"
finish
