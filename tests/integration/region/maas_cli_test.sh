#!/bin/bash
# The python MAAS CLI (src/maascli of canonical/maas) drives this region: login, then every
# handler and action the region serves, with key=value parameters, checking each result and
# MAAS's exit status and error text. The CLI is not packaged in Debian, so the test runs it
# from a source tree the caller provides: MAAS_CLI_SRC=<a canonical/maas checkout> (tried at
# commit 9e51f33ce6f7f19bd91ecddfd97baf5495db4eba), with Debian's python3-httplib2,
# -oauthlib, -yaml, -openssl, -macaroonbakery and -netaddr. Without it the test says so and
# skips (exit 77).
# The skips come before lib.sh, whose exit trap reports any early exit as a failure.
if [ -z "${MAAS_CLI_SRC:-}" ] || [ ! -f "$MAAS_CLI_SRC/src/maascli/__main__.py" ]; then
    echo "SKIP: MAAS_CLI_SRC does not point at a canonical/maas source tree (src/maascli)"
    exit 77
fi
PY=/usr/bin/python3
if ! "$PY" -c 'import httplib2, oauthlib, yaml, OpenSSL, macaroonbakery, netaddr' 2>/dev/null; then
    echo "SKIP: Debian's python3-httplib2/-oauthlib/-yaml/-openssl/-macaroonbakery/-netaddr missing"
    exit 77
fi
source "$(dirname "$0")/lib.sh"

pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
share_secret "$ROOT" >/dev/null
start_worker "$ROOT" 0
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
mkdir -p "$WORK/home"
# The CLI keeps its profiles under $HOME: the test's own.
maas() { (cd "$WORK" && HOME=$WORK/home PYTHONPATH=$MAAS_CLI_SRC/src "$PY" -m maascli "$@"); }
ok() {  # ok DESCRIPTION COMMAND...: runs the CLI, fails the check on a non-zero exit; sets OUT
    local what=$1; shift
    local rc=0
    OUT=$(maas "$@" 2>&1) || rc=$?
    check "$what" "0" "$rc"
    [ "$rc" = 0 ] || echo "$OUT" | head -n 5
}

ok "login" login admin "http://127.0.0.1:$HP/MAAS/api/2.0/" "$API_KEY"
ok "version read" admin version read; check "version" "0.1.0" "$(echo "$OUT" | jq -r .version)"
ok "users read" admin users read
ok "users whoami" admin users whoami; check "whoami" "admin" "$(echo "$OUT" | jq -r .username)"
ok "account create-authorisation-token" admin account create-authorisation-token name=ci
TOKEN_KEY=$(echo "$OUT" | jq -r .token_key)
ok "account list-authorisation-tokens" admin account list-authorisation-tokens
check "token listed" "ci" "$(echo "$OUT" | jq -r '.[1].name')"
ok "account delete-authorisation-token" admin account delete-authorisation-token token_key="$TOKEN_KEY"
ok "users create" admin users create username=bob email=bob@example.com password=bobpw is_superuser=false
ok "user read" admin user read bob; check "user" "bob" "$(echo "$OUT" | jq -r .username)"
ok "user delete" admin user delete bob

# --- fabrics, VLANs, subnets, ranges: every write takes key=value data
ok "fabrics create name=" admin fabrics create name=lab description=bench
FID=$(echo "$OUT" | jq -r .id)
check "fabric created" "lab bench" "$(echo "$OUT" | jq -r '"\(.name) \(.description)"')"
ok "fabrics read" admin fabrics read
ok "fabric read by name" admin fabric read lab; check "fabric by name" "$FID" "$(echo "$OUT" | jq -r .id)"
ok "fabric update" admin fabric update "$FID" description=rack-row-2
ok "vlans create" admin vlans create "$FID" vid=10 name=v10 mtu=1400
ok "vlans read" admin vlans read "$FID"
ok "vlan read" admin vlan read "$FID" 10; check "vlan" "v10 1400" "$(echo "$OUT" | jq -r '"\(.name) \(.mtu)"')"
ok "vlan update" admin vlan update "$FID" 10 description=tagged mtu=1500
ok "subnets create" admin subnets create cidr=10.30.0.0/24 fabric="$FID" vid=10 gateway_ip=10.30.0.1 dns_servers=10.30.0.53
SID=$(echo "$OUT" | jq -r .id)
ok "subnets read" admin subnets read
ok "subnet read by CIDR" admin subnet read 10.30.0.0/24; check "subnet by CIDR" "$SID" "$(echo "$OUT" | jq -r .id)"
ok "subnet update" admin subnet update "$SID" description=pxe
ok "subnet ip-addresses" admin subnet ip-addresses "$SID"
ok "ipranges create" admin ipranges create type=dynamic start_ip=10.30.0.100 end_ip=10.30.0.150 comment=pool
RID=$(echo "$OUT" | jq -r .id)
ok "ipranges read" admin ipranges read
ok "iprange read" admin iprange read "$RID"
ok "iprange update" admin iprange update "$RID" end_ip=10.30.0.160
check "range updated" "10.30.0.160" "$(echo "$OUT" | jq -r .end_ip)"
ok "ipaddresses read" admin ipaddresses read

# --- controllers and their interfaces (a rack row as registration writes it)
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ('rk0001', 'rack-one', 2, '0.1.0');
  INSERT INTO interfaces (node_id, name, mac_address) SELECT id, 'eth0', '52:54:00:0d:00:01' FROM nodes WHERE system_id = 'rk0001';
  INSERT INTO interface_addresses (interface_id, ip) SELECT id, '10.30.0.5/24' FROM interfaces WHERE name = 'eth0';
  UPDATE subnets SET cidr = cidr WHERE id = $SID;"
ok "rack-controllers read" admin rack-controllers read
check "grep | cut finds the hostname (indented body)" "rack-one" \
    "$(maas admin rack-controllers read | grep hostname | cut -d '"' -f 4)"
ok "rack-controller read" admin rack-controller read rk0001
ok "rack-controller update" admin rack-controller update rk0001 description=top-of-rack
check "rack updated" "top-of-rack" "$(echo "$OUT" | jq -r .description)"
ok "rack-controllers registration-info" admin rack-controllers registration-info
ok "region-controllers read" admin region-controllers read
RSID=$(echo "$OUT" | jq -r '.[0].system_id')
ok "region-controller read" admin region-controller read "$RSID"
ok "interfaces read" admin interfaces read rk0001
IID=$(echo "$OUT" | jq -r '.[0].id')
check "interface on the subnet's VLAN" "10" "$(echo "$OUT" | jq -r '.[0].vlan.vid')"
ok "interface read" admin interface read rk0001 "$IID"
VLAN0=$(maas admin vlan read "$FID" 0 | jq -r .id)
ok "interface update vlan=" admin interface update rk0001 "$IID" vlan="$VLAN0"
check "interface moved" "0" "$(echo "$OUT" | jq -r .vlan.vid)"
ok "vlan update primary_rack= (hostname)" admin vlan update "$FID" 0 primary_rack=rack-one
check "primary rack" "rk0001" "$(echo "$OUT" | jq -r .primary_rack)"
ok "vlan update primary_rack= (clear)" admin vlan update "$FID" 0 primary_rack=

# --- machines
ok "machines create" admin machines create architecture=amd64/generic mac_addresses=52:54:00:0e:00:01 \
    power_type=manual hostname=node-1
MID=$(echo "$OUT" | jq -r .system_id)
ok "machines read" admin machines read
ok "machine read" admin machine read "$MID"
ok "machine update" admin machine update "$MID" hostname=node-2 power_type=ipmi \
    power_parameters_power_address=192.0.2.9 power_parameters_privilege_level=OPERATOR \
    power_parameters_power_boot_type=efi power_parameters_power_off_mode=soft
check "machine updated" "node-2 ipmi" "$(echo "$OUT" | jq -r '"\(.hostname) \(.power_type)"')"
ok "machine power-parameters" admin machine power-parameters "$MID"
check "IPMI settings" "OPERATOR efi" "$(echo "$OUT" | jq -r '"\(.privilege_level) \(.power_boot_type)"')"
ok "machine update power_type=manual" admin machine update "$MID" power_type=manual
rc=0; OUT=$(maas admin machine power-on "$MID" 2>&1) || rc=$?
check "power-on without a rack: MAAS's exit status" "2" "$rc"

# --- links, address usage and reservations
MIID=$(maas admin interfaces read "$MID" | jq -r '.[0].id')
ok "interface link-subnet" admin interface link-subnet "$MID" "$MIID" mode=STATIC subnet="$SID" ip_address=10.30.0.20
check "linked" "static 10.30.0.20" "$(echo "$OUT" | jq -r '.links[0] | "\(.mode) \(.ip_address)"')"
LID=$(echo "$OUT" | jq -r '.links[0].id')
ok "interface unlink-subnet" admin interface unlink-subnet "$MID" "$MIID" id="$LID"
check "unlinked" "0" "$(echo "$OUT" | jq '.links | length')"
ok "subnet statistics" admin subnet statistics "$SID" include_ranges=true
check "statistics" "254" "$(echo "$OUT" | jq .total_addresses)"
ok "subnet reserved-ip-ranges" admin subnet reserved-ip-ranges "$SID"
ok "subnet unreserved-ip-ranges" admin subnet unreserved-ip-ranges "$SID"
ok "ipaddresses reserve" admin ipaddresses reserve subnet=10.30.0.0/24 hostname=printer
RIP=$(echo "$OUT" | jq -r .ip)
check "reserved" "User reserved" "$(echo "$OUT" | jq -r .alloc_type_name)"
ok "ipaddresses read all=true" admin ipaddresses read all=true
check "the reservation is listed" "$RIP" "$(echo "$OUT" | jq -r '.[] | select(.alloc_type == 4) | .ip')"
ok "ipaddresses release" admin ipaddresses release ip="$RIP"

# --- errors as MAAS sends them: status line, then the body; exit 2
rc=0; OUT=$(maas admin subnet read 10.99.0.0/24 2>&1) || rc=$?
check "unknown subnet: exit 2" "2" "$rc"
check "unknown subnet: MAAS's text" "yes" "$(grep -q 'No Subnet matches the given query.' <<<"$OUT" && echo yes)"
rc=0; OUT=$(maas admin vlan update "$FID" 10 mtu=1 2>&1) || rc=$?
check "bad mtu: exit 2 naming the field" "2 yes" "$rc $(grep -q '"mtu"' <<<"$OUT" && echo yes)"

# --- deletes
ok "machine delete" admin machine delete "$MID"
ok "iprange delete" admin iprange delete "$RID"
ok "subnet delete" admin subnet delete "$SID"
ok "vlan delete" admin vlan delete "$FID" 10
ok "rack-controller delete" admin rack-controller delete rk0001 force=true
ok "fabric delete" admin fabric delete "$FID"

# --- the event log: who did what, newest first, and its paging URIs
ok "events query level=AUDIT" admin events query level=AUDIT limit=2
check "audit events, newest first" "2 admin Deleted rack controller 'rack-one'." \
    "$(echo "$OUT" | jq -r '"\(.count) \(.events[0].username) \(.events[0].description)"')"
check "prev_uri pages to older events" "yes" \
    "$(echo "$OUT" | jq -r .prev_uri | grep -q "before=$(echo "$OUT" | jq -r '.events[1].id')" && echo yes)"
ok "events query hostname= (a node's events)" admin events query hostname=nosuch
check "no events of an unknown host" "0" "$(echo "$OUT" | jq -r .count)"
rc=0; OUT=$(maas admin events query level=LOUD 2>&1) || rc=$?
check "unknown level: exit 2 with MAAS's text" "2 yes" "$rc $(grep -q 'Unrecognised log level: LOUD' <<<"$OUT" && echo yes)"
ok "logout" logout admin

finish
