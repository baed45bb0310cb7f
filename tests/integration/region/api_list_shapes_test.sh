#!/bin/bash
# The node lists read each list in one statement (nodes, interfaces, links, services and tags
# in one result): shapes that statement must carry exactly, against a real PostgreSQL, each
# answer checked against the rows the test wrote and, for every read, a region without the
# list cache (r2) on the same database:
# - a machine with no interfaces, tags or owner; one with 60 tags; a bond over two interfaces
#   (children and parents), an interface on no VLAN, a link on no subnet, a subnet with no
#   gateway on a VLAN with no name, relay, space or external DHCP;
# - unicode, quotes, backslashes and control characters in hostnames and descriptions;
# - filters and slices matching none (empty list, X-Total-Count from the database), a
#   hostile sort, and each filter equal to the full list filtered;
# - the controller lists with services and interfaces.
source "$(dirname "$0")/lib.sh"

start_api_region
start_uncached_region
auth() { echo "Authorization: $("$TOOLS/region_oauth_header" "$API_KEY")"; }
# get BASE QUERY: the body of machines read with QUERY
get() { curl -s -m 60 -H "$(auth)" "$1/machines/?$2"; }
# both QUERY: r1's body, after checking r1 (built, then cached) equals r2 byte for byte
both() {
    local first second fresh
    first=$(get "$A" "$1"); second=$(get "$A" "$1"); fresh=$(get "$A2" "$1")
    [ "$first" = "$fresh" ] && [ "$second" = "$fresh" ] || fail "[$1]: r1 differs from the uncached r2"
    printf '%s' "$first"
}

psql_maas >/dev/null <<'SQL'
INSERT INTO fabrics (name) VALUES ('fabric-x');
INSERT INTO vlans (fabric_id, vid, name, mtu, dhcp_on)
  SELECT id, 7, NULL, 9000, true FROM fabrics WHERE name = 'fabric-x';
INSERT INTO subnets (name, vlan_id, cidr, gateway_ip, dns_servers, managed, allow_dns, active_discovery)
  SELECT 'no-gateway', v.id, '198.51.100.0/24', NULL, '{198.51.100.53,203.0.113.53}', false, false, true
  FROM vlans v WHERE v.vid = 7;
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type, description)
VALUES ('bare01', 'bare', 0, 4, 'amd64/generic', '', ''),
       ('tags01', 'tagged', 0, 6, 'arm64/generic', 'manual', 'many tags'),
       ('bond01', 'bonded', 0, 6, 'amd64/generic', 'manual', E'tab\there "quoted" back\\slash \u0001'),
       ('uni001', 'ünïcode-機械', 0, 0, 'amd64/generic', 'manual', 'Grüße, 世界 🚀');
INSERT INTO tags (name) SELECT 'tag-' || lpad(g::text, 3, '0') FROM generate_series(1, 60) g;
INSERT INTO node_tags (node_id, tag_id)
  SELECT n.id, t.id FROM nodes n, tags t WHERE n.hostname = 'tagged' AND t.name LIKE 'tag-%';
INSERT INTO interfaces (node_id, name, type, mac_address, vlan_id, enabled, parents)
  SELECT n.id, x.name, x.type, x.mac, CASE WHEN x.on_vlan THEN (SELECT id FROM vlans WHERE vid = 7) END,
         x.enabled, x.parents
  FROM nodes n, (VALUES ('eth1', 'physical', '52:54:03:00:00:02', true, true, '{}'::text[]),
                        ('eth0', 'physical', '52:54:03:00:00:01', false, true, '{}'::text[]),
                        ('bond0', 'bond', NULL, true, true, '{eth0,eth1}'::text[]),
                        ('eth9', 'physical', '52:54:03:00:00:09', true, false, '{}'::text[]))
       AS x(name, type, mac, on_vlan, enabled, parents)
  WHERE n.hostname = 'bonded';
INSERT INTO interface_addresses (interface_id, subnet_id, ip, mode)
  SELECT i.id, (SELECT id FROM subnets WHERE name = 'no-gateway'), '198.51.100.20', 'static'
  FROM interfaces i JOIN nodes n ON n.id = i.node_id WHERE n.hostname = 'bonded' AND i.name = 'bond0';
INSERT INTO interface_addresses (interface_id, subnet_id, ip, mode)
  SELECT i.id, NULL, '203.0.113.9', 'dhcp'
  FROM interfaces i JOIN nodes n ON n.id = i.node_id WHERE n.hostname = 'bonded' AND i.name = 'bond0';
INSERT INTO interfaces (node_id, name, type, mac_address)
  SELECT id, 'eth0', 'physical', '52:54:03:00:01:01' FROM nodes WHERE hostname = 'ünïcode-機械';
INSERT INTO nodes (system_id, hostname, node_type, version)
VALUES ('rack01', 'rack-one', 2, '3.5.0'), ('rgn001', 'region-one', 3, '3.5.0');
INSERT INTO services (node_id, name, status, status_info)
  SELECT id, s.name, s.status, s.info FROM nodes,
         (VALUES ('proxy_rack', 'running', ''), ('http', 'dead', 'Kéa "exited"')) AS s(name, status, info)
  WHERE hostname = 'rack-one';
INSERT INTO interfaces (node_id, name, type, mac_address, vlan_id)
  SELECT id, 'br0', 'bridge', '52:54:03:00:02:01', (SELECT id FROM vlans WHERE vid = 7)
  FROM nodes WHERE hostname = 'rack-one';
SQL

all=$(both "")
jq_all() { jq -r "$1" <<<"$all"; }
check "every machine, in hostname order" "bare bonded tagged ünïcode-機械" "$(jq_all '[.[].hostname] | join(" ")')"

# no interfaces, tags or owner
check "bare: empty sets, no owner" '[] [] [] null' \
    "$(jq_all '.[] | select(.hostname == "bare") | "\(.interface_set) \(.ip_addresses) \(.tag_names) \(.owner)"')"
check "bare: zone and pool" "default default" "$(jq_all '.[] | select(.hostname == "bare") | "\(.zone.name) \(.pool.name)"')"

# many tags, sorted as the database sorts them
check "60 tags, all, in order" \
    "$(psql_maas -c "SELECT string_agg(name, ',' ORDER BY name) FROM tags WHERE name LIKE 'tag-%'")" \
    "$(jq_all '.[] | select(.hostname == "tagged") | .tag_names | join(",")')"

# the bond: interfaces by name, children from parents, links by id, NULLs kept
b() { jq -c ".[] | select(.hostname == \"bonded\") | $1" <<<"$all"; }
check "interfaces by name" '["bond0","eth0","eth1","eth9"]' "$(b '[.interface_set[].name]')"
check "children and parents" '[[],["bond0"],["bond0"],[]] [["eth0","eth1"],[],[],[]]' \
    "$(b '[.interface_set[].children]') $(b '[.interface_set[].parents]')"
check "bond has no MAC; eth9 disabled" 'null false' "$(b '.interface_set[0].mac_address') $(b '.interface_set[3].enabled')"
check "interface on no VLAN: null, MTU 1500" 'null 1500' "$(b '.interface_set[1].vlan') $(b '.interface_set[1].effective_mtu')"
check "VLAN with no name (shown as its VID), relay, space or external DHCP" \
    '{"dhcp_on":true,"external_dhcp":null,"fabric":"fabric-x","mtu":9000,"name":"7","relay_vlan":null,"space":"undefined","vid":7}' \
    "$(b '.interface_set[0].vlan | {dhcp_on, external_dhcp, fabric, mtu, name, relay_vlan, space, vid}')"
check "links in id order; the DHCP link has no subnet" '["static","dhcp"] [true,false]' \
    "$(b '[.interface_set[0].links[].mode]') $(b '[.interface_set[0].links[] | has("subnet")]')"
check "subnet with no gateway, booleans as written" \
    '{"active_discovery":true,"allow_dns":false,"allow_proxy":true,"cidr":"198.51.100.0/24","dns_servers":["198.51.100.53","203.0.113.53"],"gateway_ip":null,"managed":false}' \
    "$(b '.interface_set[0].links[0].subnet | {active_discovery, allow_dns, allow_proxy, cidr, dns_servers, gateway_ip, managed}')"
check "ip_addresses from every link" '["198.51.100.20","203.0.113.9"]' "$(b '.ip_addresses')"
check "description with control characters" "$(printf 'tab\there "quoted" back\\slash \001')" \
    "$(jq_all '.[] | select(.hostname == "bonded") | .description')"
check "unicode round trip" "Grüße, 世界 🚀 uni001" \
    "$(jq_all '.[] | select(.hostname == "ünïcode-機械") | "\(.description) \(.system_id)"')"

# filters: each equal to the full list filtered; none matching is an empty list
for q in "hostname=%C3%BCn%C3%AFcode-%E6%A9%9F%E6%A2%B0|.hostname == \"ünïcode-機械\"" \
         "id=bond01&id=bare01|.system_id == \"bond01\" or .system_id == \"bare01\"" \
         "status=deployed|.status_name == \"Deployed\"" \
         "q=%C3%BCn%C3%AF|.hostname == \"ünïcode-機械\"" \
         "hostname=nosuch|false" "id=nosuch&status=new|false" "status=broken|false" \
         "q=%25|false" "hostname=bare&status=deployed|false"; do
    want=$(jq -c "[.[] | select(${q#*|})]" <<<"$all")
    check "${q%%|*}: the full list filtered" "$want" "$(both "${q%%|*}" | jq -c .)"
done
total() { curl -s -m 30 -o /dev/null -D - -H "$(auth)" "$1/machines/?$2" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-total-count" {print $2}'; }
for base in "$A" "$A2"; do
    check "no match: total 0 ($base)" "0" "$(total "$base" "hostname=nosuch&limit=5")"
    check "a slice past the end: the whole count ($base)" "4 []" "$(total "$base" "offset=50&limit=5") $(curl -s -m 30 -H "$(auth)" "$base/machines/?offset=50&limit=5")"
    check "a slice: its count ($base)" "2 [\"tagged\"]" "$(total "$base" "status=deployed&sort=-hostname&limit=1") $(curl -s -m 30 -H "$(auth)" "$base/machines/?status=deployed&sort=-hostname&limit=1" | jq -c '[.[].hostname]')"
done
check "sorted by cpu_count then hostname, descending" "ünïcode-機械 tagged bonded bare" "$(both "sort=-cpu_count" | jq -r '[.[].hostname] | join(" ")')"
before=$(psql_maas -c "SELECT count(*), max(updated) FROM nodes")
api GET "$A/machines/?sort=hostname;DROP%20TABLE%20nodes"
check "hostile sort refused by name" "400 sort" "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys | join(",")')"
check "nothing changed" "$before" "$(psql_maas -c "SELECT count(*), max(updated) FROM nodes")"

# controller lists: services and interfaces of each controller, cached equal to uncached
# (the regions' own heartbeats move their last_seen and services: a round that saw a
# difference is read again, bounded)
for path in rackcontrollers/ regioncontrollers/ nodes/; do
    for round in $(seq 10); do
        first=$(curl -s -m 30 -H "$(auth)" "$A/$path"); second=$(curl -s -m 30 -H "$(auth)" "$A/$path")
        fresh=$(curl -s -m 30 -H "$(auth)" "$A2/$path")
        [ "$first" = "$fresh" ] && [ "$second" = "$fresh" ] && break
        echo "# $path: the regions moved during round $round: again"
    done
    check "$path: as without cache, twice" "yes yes" "$([ "$first" = "$fresh" ] && echo yes) $([ "$second" = "$fresh" ] && echo yes)"
done
racks=$(curl -s -m 30 -H "$(auth)" "$A/rackcontrollers/")
# (rackd and dhcpd are the region's liveness pass's to write; these two are the test's)
check "rack services by name, with their info" 'http:dead:Kéa "exited",proxy_rack:running:' \
    "$(jq -r '.[] | select(.hostname == "rack-one") | [.service_set[] | select(.name == "http" or .name == "proxy_rack") | "\(.name):\(.status):\(.status_info)"] | join(",")' <<<"$racks")"
check "every service, ordered by name" "$(psql_maas -c "SELECT string_agg(name, ',' ORDER BY name) FROM services s JOIN nodes n ON n.id = s.node_id WHERE n.hostname = 'rack-one'")" \
    "$(jq -r '.[] | select(.hostname == "rack-one") | [.service_set[].name] | join(",")' <<<"$racks")"
check "rack interface on the nameless VLAN" "br0 7" "$(jq -r '.[] | select(.hostname == "rack-one") | .interface_set[] | "\(.name) \(.vlan.vid)"' <<<"$racks")"
check "every node in nodes read" "$(psql_maas -c "SELECT string_agg(system_id, ' ' ORDER BY hostname) FROM nodes")" \
    "$(curl -s -m 30 -H "$(auth)" "$A/nodes/" | jq -r '[.[].system_id] | join(" ")')"
finish
