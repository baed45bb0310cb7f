#!/bin/bash
# Authorisation as MAAS has it: a non-admin user walks every authenticated route of the API
# (taken from describe/, plus the hidden VLAN-by-id alias), once with its API key and once with
# a web UI session and its CSRF token. Admin-only operations answer 403 with MAAS's text, and
# the database is unchanged afterwards. Ownership rules (machines, IP ranges) are checked too.
source "$(dirname "$0")/lib.sh"

pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
start_worker "$ROOT" 0
U=http://127.0.0.1:$HP/MAAS
A=$U/api/2.0

ADMIN_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin adminpw admin@example.com)
API_KEY=$ADMIN_KEY

# --- a non-admin user, created as MAAS's UsersHandler.create does
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
check "admin creates a user" "200" "$HTTP_STATUS"
check "the user is no admin" "false" "$(echo "$BODY" | jq -r .is_superuser)"
api POST "$A/users/" -d username=bob2 -d email=bob2@example.com -d is_superuser=0
check "user without password refused" '400 {"password":["This field is required."]}' "$HTTP_STATUS $BODY"
BOB_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)

# --- objects owned by the admin
api POST "$A/fabrics/" -d name=f1; FID=$(echo "$BODY" | jq -r .id)
api POST "$A/fabrics/$FID/vlans/" -d vid=10 -d name=v10; VLAN_ID=$(echo "$BODY" | jq -r .id)
api POST "$A/subnets/" -d cidr=192.0.2.0/24 -d fabric="$FID" -d vid=10; SID=$(echo "$BODY" | jq -r .id)
check "subnet created" "200" "$HTTP_STATUS"
api POST "$A/ipranges/" -d type=dynamic -d start_ip=192.0.2.100 -d end_ip=192.0.2.150 -d subnet="$SID"
check "dynamic range created by admin" "200" "$HTTP_STATUS"
api POST "$A/ipranges/" -d type=reserved -d start_ip=192.0.2.10 -d end_ip=192.0.2.20 -d subnet="$SID"
RANGE_ID=$(echo "$BODY" | jq -r .id)
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:00:00:01 -d hostname=m1 \
    -d power_type=webhook -d power_parameters_power_on_uri=http://192.0.2.1/on \
    -d power_parameters_power_off_uri=http://192.0.2.1/off -d power_parameters_power_query_uri=http://192.0.2.1/q
check "machine created by admin" "200" "$HTTP_STATUS"
MID=$(echo "$BODY" | jq -r .system_id)
api GET "$A/nodes/$MID/interfaces/"; IFACE=$(echo "$BODY" | jq -r '.[0].id')
[ "$IFACE" != null ] || fail "the machine has no interface: $BODY"
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type) VALUES ('rack01', 'rack01', 2)"
RACK=rack01
REGION=$(psql_maas -c "SELECT system_id FROM nodes WHERE node_type IN (3, 4) LIMIT 1")

# Everything a request could change (columns a heartbeat touches are left out).
fingerprint() {
    psql_maas -c "SELECT md5(concat_ws('|',
        (SELECT string_agg(concat_ws(',', id, username, email, is_superuser, password_hash), ';' ORDER BY id) FROM users),
        (SELECT string_agg(concat_ws(',', id, system_id, hostname, node_type, description, power_type, power_parameters::text, power_state, owner_id), ';' ORDER BY id) FROM nodes),
        (SELECT string_agg(f::text, ';' ORDER BY f.id) FROM fabrics f),
        (SELECT string_agg(v::text, ';' ORDER BY v.id) FROM vlans v),
        (SELECT string_agg(s::text, ';' ORDER BY s.id) FROM subnets s),
        (SELECT string_agg(r::text, ';' ORDER BY r.id) FROM ipranges r),
        (SELECT string_agg(i::text, ';' ORDER BY i.id) FROM interfaces i),
        (SELECT string_agg(n::text, ';' ORDER BY n.id) FROM notifications n WHERE NOT raised_by_region),
        (SELECT string_agg(d::text, ';' ORDER BY d.notification_id, d.user_id) FROM notification_dismissals d),
        (SELECT string_agg(a::text, ';' ORDER BY a.id) FROM interface_addresses a),
        (SELECT string_agg(r::text, ';' ORDER BY r.id) FROM ip_reservations r),
        (SELECT count(*) FROM api_tokens)))"
}

# Expected answer to bob for every route; a route missing here fails the walk, so a new
# route cannot go unclassified. 403 bodies are MAAS's.
declare -A EXPECT=(
    [UsersHandler.read]=200 [UsersHandler.whoami]=200 [UsersHandler.create]=403
    [UserHandler.read]=200 [UserHandler.delete]=403
    [AccountHandler.create_authorisation_token]=400 [AccountHandler.list_authorisation_tokens]=200
    [AccountHandler.delete_authorisation_token]=404
    [RegionControllersHandler.read]=200 [RegionControllerHandler.read]=200
    [RegionControllerHandler.delete]=403
    [RackControllersHandler.read]=200 [RackControllersHandler.registration_info]=403
    [RackControllerHandler.read]=200 [RackControllerHandler.delete]=403
    [RackControllerHandler.update]=403 [MachineHandler.update]=403
    [FabricsHandler.read]=200 [FabricsHandler.create]=403
    [FabricHandler.read]=200 [FabricHandler.update]=403 [FabricHandler.delete]=403
    [VlansHandler.read]=200 [VlansHandler.create]=403
    [VlanHandler.read]=200 [VlanHandler.update]=403 [VlanHandler.delete]=403
    [VlanByIdHandler.read]=200
    [SubnetsHandler.read]=200 [SubnetsHandler.create]=403
    [SubnetHandler.read]=200 [SubnetHandler.update]=403 [SubnetHandler.delete]=403
    [SubnetHandler.ip_addresses]=200 [SubnetHandler.statistics]=200
    [SubnetHandler.reserved_ip_ranges]=200 [SubnetHandler.unreserved_ip_ranges]=200
    [IPRangesHandler.read]=200 [IPRangesHandler.create]=403
    [IPRangeHandler.read]=200 [IPRangeHandler.update]=403 [IPRangeHandler.delete]=403
    [IPAddressesHandler.read]=200 [NodesHandler.read]=200 [EventsHandler.query]=200
    [IPAddressesHandler.reserve]=400 [IPAddressesHandler.release]=400
    [InterfacesHandler.read]=403 [InterfaceHandler.read]=403 [InterfaceHandler.update]=403
    [InterfaceHandler.link_subnet]=403 [InterfaceHandler.unlink_subnet]=403
    [MachinesHandler.read]=200 [MachinesHandler.create]=400
    [MachineHandler.read]=403 [MachineHandler.delete]=403 [MachineHandler.power_parameters]=403
    [MachineHandler.power_on]=403 [MachineHandler.power_off]=403
    [MachineHandler.query_power_state]=403
    [NotificationsHandler.read]=200 [NotificationsHandler.create]=403
    [NotificationHandler.read]=404 [NotificationHandler.update]=403
    [NotificationHandler.delete]=403 [NotificationHandler.dismiss]=404
)
ENTITLEMENT="User does not have permission to perform this operation. The user should have permission"
declare -A DENIED=(
    [UsersHandler.create]="$ENTITLEMENT 'can_edit_identities'"
    [UserHandler.delete]="$ENTITLEMENT 'can_edit_identities'"
    [RegionControllerHandler.delete]="$ENTITLEMENT 'can_edit_controllers'"
    [RackControllerHandler.delete]="$ENTITLEMENT 'can_edit_controllers'"
    [RackControllersHandler.registration_info]="Only administrators can see the rack registration secret."
    [FabricsHandler.create]="$ENTITLEMENT 'can_edit_global_entities'"
    [SubnetsHandler.create]="$ENTITLEMENT 'can_edit_global_entities'"
    [IPRangesHandler.create]="Unable to create dynamic IP range. You don't have sufficient privileges."
    [IPRangeHandler.update]="Unable to modify IP range. You don't own the IP range."
    [IPRangeHandler.delete]="Unable to modify IP range. You don't own the IP range."
    [NotificationsHandler.create]="$ENTITLEMENT 'can_edit_notifications'"
    [NotificationHandler.update]="$ENTITLEMENT 'can_edit_notifications'"
    [NotificationHandler.delete]="$ENTITLEMENT 'can_edit_notifications'"
)
# Valid inputs for every write, so a missing check would show as a change.
declare -A DATA=(
    [UsersHandler.create]="username=eve&email=eve@example.com&password=evepw&is_superuser=1"
    [AccountHandler.create_authorisation_token]="name=$(printf 'n%.0s' {1..300})"
    [AccountHandler.delete_authorisation_token]="token_key=nosuch"
    [FabricsHandler.create]="name=evil"
    [FabricHandler.update]="name=hijacked&description=hijacked"
    [VlansHandler.create]="vid=99&name=evil"
    [VlanHandler.update]="name=hijacked&mtu=9000"
    [SubnetsHandler.create]="cidr=198.51.100.0/24"
    [SubnetHandler.update]="name=hijacked&gateway_ip=192.0.2.254"
    [IPRangesHandler.create]="type=dynamic&start_ip=192.0.2.200&end_ip=192.0.2.210&subnet=$SID"
    [IPRangeHandler.update]="comment=hijacked&end_ip=192.0.2.30"
    [InterfaceHandler.update]="name=hijacked&mtu=9000"
    [RackControllerHandler.update]="description=hijacked&power_type=manual"
    [MachineHandler.update]="hostname=hijacked&power_type=manual"
    [InterfaceHandler.link_subnet]="mode=static&subnet=$SID&ip_address=192.0.2.60"
    [InterfaceHandler.unlink_subnet]="id=1"
    [NotificationsHandler.create]="message=evil&users=true"
    [NotificationHandler.update]="message=hijacked"
)

path_for() {  # HANDLER PATH -> the path with this test's objects filled in
    local handler=$1 p=$2 id
    case $handler in
        Fabric*) id=$FID ;; Subnet*) id=$SID ;; IPRange*) id=$RANGE_ID ;;
        Interface*) id=$IFACE ;; *) id=0 ;;
    esac
    case $handler in
        Machine* | Interface*) p=${p//\{system_id\}/$MID} ;; Rack*) p=${p//\{system_id\}/$RACK} ;;
        Region*) p=${p//\{system_id\}/$REGION} ;;
    esac
    p=${p//\{username\}/admin}
    p=${p//\{fabric_id\}/$FID}; p=${p//\{vid\}/10}; p=${p//\{vlan_id\}/$VLAN_ID}
    echo "${p//\{id\}/$id}"
}

ROUTES=$(anon GET "$A/describe/" >/dev/null; echo "$BODY" | jq -r '.resources[].auth | select(. != null)
    | .name as $h | .path as $p | .actions[] | [$h, $p, .name, .method, (.op // "")] | @tsv')
ROUTES+=$'\n'$(printf 'VlanByIdHandler\t/MAAS/api/2.0/vlans/{vlan_id}/\tread\tGET\t')
[ "$(echo "$ROUTES" | wc -l)" -gt 30 ] || fail "describe listed too few routes"

# walk LABEL REQUEST-FUNCTION: every route as bob through REQUEST-FUNCTION METHOD URL ARGS...
walk() {
    local label=$1 send=$2 handler path action method op key url data
    while IFS=$'\t' read -r handler path action method op; do
        key=$handler.$action
        [ -n "${EXPECT[$key]:-}" ] || { check "$label: $key is classified in this test" yes no; continue; }
        url=http://127.0.0.1:$HP$(path_for "$handler" "$path")
        [ -z "$op" ] || url="$url?op=$op"
        data=${DATA[$key]:-}
        if [ "$method" = GET ]; then "$send" GET "$url"; else "$send" "$method" "$url" --data "$data"; fi
        check "$label: $method $key" "${EXPECT[$key]}" "$HTTP_STATUS"
        [ "${EXPECT[$key]}" != 403 ] || check "$label: $key 403 text" "${DENIED[$key]:-}" "$BODY"
    done <<<"$ROUTES"
}

BEFORE=$(fingerprint)
API_KEY=$BOB_KEY
walk "api key" api
check "api key walk changed nothing" "$BEFORE" "$(fingerprint)"

# --- the same walk through the web UI's session, with its CSRF token
anon POST "$U/accounts/login/" -c "$WORK/jar" -d username=bob -d password=bobpw
check "bob logs in to the UI" "200" "$HTTP_STATUS"
CSRF=$(echo "$BODY" | jq -r .csrf_token)
ui() { local m=$1 u=$2; shift 2; anon "$m" "$u" -b "$WORK/jar" -H "X-CSRFToken: $CSRF" "$@"; }
walk "ui session" ui
check "ui walk changed nothing" "$BEFORE" "$(fingerprint)"

# --- what bob may do, as in MAAS
API_KEY=$BOB_KEY
api GET "$A/machines/"
check "bob does not see the admin's machine" "0" "$(echo "$BODY" | jq length)"
api GET "$A/nodes/"
check "nor in the node list" "0" "$(echo "$BODY" | jq --arg m "$MID" '[.[] | select(.system_id == $m)] | length')"
api GET "$A/nodes/$RACK/interfaces/"; check "bob reads a controller's interfaces" "200" "$HTTP_STATUS"
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:00:00:02 -d hostname=bobs \
    -d power_type=webhook -d power_parameters_power_on_uri=http://192.0.2.9/on
check "bob may enlist a machine" "200" "$HTTP_STATUS"
check "without power settings (admin-only in MAAS)" "manual" "$(echo "$BODY" | jq -r .power_type)"
BOBS=$(echo "$BODY" | jq -r .system_id)
api GET "$A/machines/$BOBS/"; check "bob reads his machine" "200" "$HTTP_STATUS"
api GET "$A/machines/$BOBS/?op=power_parameters"; check "power parameters stay admin-only" "403" "$HTTP_STATUS"
api POST "$A/ipranges/" -d type=reserved -d start_ip=192.0.2.40 -d end_ip=192.0.2.45 -d subnet="$SID"
check "bob may reserve a range" "200" "$HTTP_STATUS"
BOB_RANGE=$(echo "$BODY" | jq -r .id)
api PUT "$A/ipranges/$BOB_RANGE/" -d type=dynamic
check "bob may not make his range dynamic" "403 Unable to create dynamic IP range. You don't have sufficient privileges." "$HTTP_STATUS $BODY"
api PUT "$A/ipranges/$BOB_RANGE/" -d comment=mine; check "bob changes his range" "200" "$HTTP_STATUS"
api DELETE "$A/ipranges/$BOB_RANGE/"; check "bob deletes his range" "204" "$HTTP_STATUS"
api GET "$A/machines/nosuch/"; check "a missing machine is still 404" "404" "$HTTP_STATUS"
api POST "$A/ipaddresses/?op=reserve" -d subnet="$SID"; check "bob may reserve an address" "200 bob" "$HTTP_STATUS $(echo "$BODY" | jq -r .owner.username)"
BOB_IP=$(echo "$BODY" | jq -r .ip)
api GET "$A/ipaddresses/?all=true"; check "all addresses are for admins" "403" "$HTTP_STATUS"
api POST "$A/ipaddresses/?op=release" -d ip="$BOB_IP" -d force=true; check "forced release is for admins" "403" "$HTTP_STATUS"
api POST "$A/nodes/$BOBS/interfaces/$(api GET "$A/nodes/$BOBS/interfaces/" >/dev/null; echo "$BODY" | jq -r '.[0].id')/?op=link_subnet" \
    -d mode=AUTO -d subnet="$SID"
check "bob links his own machine's interface" "200 auto" "$HTTP_STATUS $(echo "$BODY" | jq -r '.links[0].mode')"

# --- the admin still may
API_KEY=$ADMIN_KEY
api GET "$A/machines/"; check "admin sees both machines" "2" "$(echo "$BODY" | jq length)"
api PUT "$A/fabrics/$FID/vlans/10/" -d name=renamed; check "admin updates a VLAN" "200" "$HTTP_STATUS"
api DELETE "$A/rackcontrollers/$RACK/"; check "admin deletes a rack" "204" "$HTTP_STATUS"
api GET "$A/machines/$MID/?op=power_parameters"; check "admin reads power parameters" "200" "$HTTP_STATUS"
finish
