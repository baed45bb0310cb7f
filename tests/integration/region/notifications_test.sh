#!/bin/bash
# Notifications against a real PostgreSQL and real workers, as MAAS's NotificationsHandler:
# who sees what (user, users = non-admins, admins), per-user dismissal, admin-only changes,
# hostile input refused naming the field with nothing written; and the notifications the
# region raises and clears itself (dead rack, version mismatch, DHCP with no live server,
# a crash-looping service, an expiring TLS certificate), one row per condition with two
# workers running.
source "$(dirname "$0")/lib.sh"

pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
echo "num_workers: 2" >>"$ROOT/etc/maas/regiond.conf"
start_worker "$ROOT" 0
start_worker "$ROOT" 1
SECOND_WORKER=$WORKER_PID
A=http://127.0.0.1:$HP/MAAS/api/2.0
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
ADMIN_KEY=$API_KEY
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
BOB_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)
as_admin() { API_KEY=$ADMIN_KEY; }
as_bob() { API_KEY=$BOB_KEY; }
field() { echo "$BODY" | jq -r "$1"; }
rows() { psql_maas -c "SELECT count(*) FROM notifications"; }
fingerprint() { psql_maas -c "SELECT md5(coalesce(string_agg(n::text, ',' ORDER BY id), '')) FROM notifications n"; }

api GET "$A/notifications/"
check "nothing to start with" "200 []" "$HTTP_STATUS $(field -c .)"
anon GET "$A/notifications/"; check "anonymous: refused" "401" "$HTTP_STATUS"

# --- operators' notifications
api POST "$A/notifications/" -d 'message=Maintenance at {when}' -d 'context={"when": "noon"}' -d users=true
check "created for every non-admin user" "200 info true false true null Maintenance at {when} noon" \
    "$HTTP_STATUS $(field '"\(.category) \(.users) \(.admins) \(.dismissable) \(.user) \(.message) \(.context.when)"')"
FOR_USERS=$(field .id)
check "resource_uri" "/MAAS/api/2.0/notifications/$FOR_USERS/" "$(field .resource_uri)"
api POST "$A/notifications/" -d message=admins-only -d admins=true -d category=warning
FOR_ADMINS=$(field .id)
api POST "$A/notifications/" -d message=just-bob -d user=bob -d ident=bob-note
check "for one user, by name" "bob bob-note" "$(field '"\(.user.username) \(.ident)"')"
FOR_BOB=$(field .id)

api GET "$A/notifications/"
check "an admin sees admins' notifications only" "$FOR_ADMINS" "$(field '[.[].id] | join(",")')"
as_bob; api GET "$A/notifications/"
check "bob sees users' and his own" "$FOR_USERS,$FOR_BOB" "$(field '[.[].id] | join(",")')"
api GET "$A/notifications/$FOR_ADMINS/"; check "bob cannot read an admins' notification" "403 " "$HTTP_STATUS $BODY"
api POST "$A/notifications/$FOR_ADMINS/?op=dismiss" -d ''; check "nor dismiss it" "403" "$HTTP_STATUS"
BEFORE=$(fingerprint)
api POST "$A/notifications/" -d message=hi -d users=true
check "bob cannot create" "403 User does not have permission to perform this operation. The user should have permission 'can_edit_notifications'" "$HTTP_STATUS $BODY"
api PUT "$A/notifications/$FOR_USERS/" -d message=changed; check "nor update" "403" "$HTTP_STATUS"
api DELETE "$A/notifications/$FOR_USERS/"; check "nor delete" "403" "$HTTP_STATUS"
check "refusals changed nothing" "$BEFORE" "$(fingerprint)"
api POST "$A/notifications/$FOR_USERS/?op=dismiss" -d ''; check "bob dismisses" "200" "$HTTP_STATUS"
api POST "$A/notifications/$FOR_USERS/?op=dismiss" -d ''; check "twice is fine" "200" "$HTTP_STATUS"
api GET "$A/notifications/"; check "dismissed for bob only" "$FOR_BOB" "$(field '[.[].id] | join(",")')"
api GET "$A/notifications/$FOR_USERS/"; check "still readable by id" "200" "$HTTP_STATUS"
check "the dismissal is bob's" "1" "$(psql_maas -c "SELECT count(*) FROM notification_dismissals d JOIN users u ON u.id = d.user_id WHERE u.username = 'bob'")"
as_admin

# Polling is cheap: an unchanged list is answered 304 to its ETag.
api GET "$A/notifications/" -D "$WORK/headers"
ETAG=$(grep -i '^etag:' "$WORK/headers" | cut -d' ' -f2 | tr -d '\r')
api GET "$A/notifications/" -H "If-None-Match: $ETAG"
check "an unchanged list: 304" "304" "$HTTP_STATUS"

# --- hostile input: each refusal names its field and writes nothing
BEFORE=$(fingerprint)
refuse() {  # refuse DESCRIPTION FIELD ARGS...
    local what=$1 key=$2; shift 2
    api POST "$A/notifications/" "$@"
    check "$what" "400 yes" "$HTTP_STATUS $(echo "$BODY" | jq -e --arg k "$key" 'has($k)' >/dev/null 2>&1 && echo yes)"
}
refuse "no message" message -d users=true
refuse "unknown category" category -d message=m -d category=loud
refuse "context not JSON" context -d message=m -d 'context={'
refuse "context not an object" context -d message=m -d 'context=[1,2]'
refuse "message naming a missing value" __all__ -d 'message=hi {nobody}'
refuse "positional field" __all__ -d 'message=hi {0}'
refuse "ident too long" ident -d message=m -d "ident=$(printf 'x%.0s' $(seq 41))"
refuse "no such user" user -d message=m -d user=nobody
refuse "no such user id" user -d message=m -d user=999999
refuse "not a boolean" admins -d message=m -d admins=sometimes
refuse "a huge message" message -d message="$(head -c 20000 /dev/zero | tr '\0' a)"
api POST "$A/notifications/" --data-binary $'message=a%00b'
check "a NUL byte" "400" "$HTTP_STATUS"
api GET "$A/notifications/abc/"; check "a non-numeric id" "404 No Notification matches the given query." "$HTTP_STATUS $BODY"
api POST "$A/notifications/99999999999999999999/?op=dismiss" -d ''; check "an id out of range" "404" "$HTTP_STATUS"
api PUT "$A/notifications/$FOR_USERS/" -d category=loud; check "a bad update" "400" "$HTTP_STATUS"
check "no refusal wrote anything" "$BEFORE" "$(fingerprint)"
api POST "$A/notifications/" -d message='<script>alert(1)</script>' -d admins=true
check "markup is kept as text, not run" "<script>alert(1)</script>" "$(field .message)"
api DELETE "$A/notifications/$(field .id)/"

# --- ident: a new notification with a taken ident takes it over (as MAAS)
api POST "$A/notifications/" -d message=again -d user=bob -d ident=bob-note
check "ident taken over" "bob-note null" "$(field .ident) $(psql_maas -c "SELECT coalesce(ident, 'null') FROM notifications WHERE id = $FOR_BOB")"
api PUT "$A/notifications/$FOR_BOB/" -d message=edited -d category=success
check "update keeps what was not sent" "200 edited success bob" "$HTTP_STATUS $(field '"\(.message) \(.category) \(.user.username)"')"
api DELETE "$A/notifications/$FOR_BOB/"; check "delete" "204" "$HTTP_STATUS"
api GET "$A/notifications/$FOR_BOB/"; check "gone" "404" "$HTTP_STATUS"

# --- the region's own notifications
raised() { psql_maas -c "SELECT coalesce(string_agg(ident, ' ' ORDER BY ident), '') FROM notifications WHERE raised_by_region"; }
has_raised() { raised | grep -q -- "$1"; }
api POST "$A/fabrics/" -d name=fabric-1; FID=$(field .id)
api POST "$A/subnets/" -d cidr=10.0.0.0/24 -d fabric=fabric-1 -d vid=0
SID=$(field .id); VLAN_ID=$(field .vlan.id)
api POST "$A/ipranges/" -d type=dynamic -d start_ip=10.0.0.100 -d end_ip=10.0.0.150 -d subnet="$SID"
# A rack row as registration writes it, never connected: the liveness pass marks it dead.
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ('racka1', 'rack-a', 2, '0.0.1');
  INSERT INTO interfaces (node_id, name, mac_address, vlan_id) SELECT id, 'eth0', '52:54:00:aa:00:01', $VLAN_ID FROM nodes WHERE system_id = 'racka1';
  INSERT INTO interface_addresses (interface_id, subnet_id, ip) SELECT i.id, $SID, '10.0.0.2' FROM interfaces i WHERE mac_address = '52:54:00:aa:00:01';
  INSERT INTO services (node_id, name, status) SELECT id, 'rackd', 'running' FROM nodes WHERE system_id = 'racka1';"
wait_for "a dead rack raised" 15 has_raised "rack_dead:racka1"
wait_for "a version mismatch raised" 15 has_raised "version_mismatch"
api GET "$A/notifications/"
check "admins see the dead rack" "error" "$(field '.[] | select(.ident == "rack_dead:racka1") | .category')"
check "its message" "Rack controller rack-a is dead: no region controller has heard from it. DHCP and power control it served move to other racks where they can." \
    "$(field '.[] | select(.ident == "rack_dead:racka1") | .message')"
as_bob; api GET "$A/notifications/"
check "non-admins do not" "0" "$(field '[.[] | select(.ident != null and (.ident | startswith("rack_dead")))] | length')"
as_admin

# DHCP turned on with a dead primary: accepted, with a warning; then raised after its grace.
api PUT "$A/fabrics/$FID/vlans/0/" -d primary_rack=rack-a -d dhcp_on=true
check "dhcp on with a dead primary warns" "200 true The primary rack controller rack-a is not connected to any region controller: no rack controller serves DHCP on this VLAN until it is back." \
    "$HTTP_STATUS $(field .dhcp_on) $(field '.warnings[0]')"
api PUT "$A/fabrics/$FID/vlans/0/" -d description=lab
check "every answer while it lasts says so" "1" "$(field '.warnings | length')"
wait_for "dhcp without a live server raised" 30 has_raised "dhcp_no_server:$VLAN_ID"
api GET "$A/notifications/"
check "its message" "DHCP is enabled on VLAN fabric-1.untagged, but no rack controller serves it: primary rack-a is dead." \
    "$(field ".[] | select(.ident == \"dhcp_no_server:$VLAN_ID\") | .message")"

# One row per condition with two workers (each could be the leader; the pass takes a lock).
check "one row per condition" "0" "$(psql_maas -c "SELECT count(*) FROM (SELECT ident FROM notifications WHERE ident IS NOT NULL GROUP BY ident HAVING count(*) > 1) d")"

# A dismissed region notification stays dismissed while its condition lasts.
NOTE=$(psql_maas -c "SELECT id FROM notifications WHERE ident = 'rack_dead:racka1'")
api POST "$A/notifications/$NOTE/?op=dismiss" -d ''
api GET "$A/notifications/"
check "dismissed by the admin" "0" "$(field "[.[] | select(.id == $NOTE)] | length")"
check "the row stays while the rack is dead" "$NOTE" "$(psql_maas -c "SELECT id FROM notifications WHERE ident = 'rack_dead:racka1'")"

# A crash-looping service: worker 1 of this region stops and comes back three times, so
# its regiond row falls from running to degraded three times within the window.
regiond() { psql_maas -c "SELECT s.status || '|' || s.status_info FROM services s JOIN nodes n ON n.id = s.node_id WHERE s.name = 'regiond' AND n.node_type IN (3, 4)"; }
regiond_is() { [ "$(regiond | cut -d'|' -f1)" == "$1" ]; }
REGION_ID=$(psql_maas -c "SELECT system_id FROM nodes WHERE node_type IN (3, 4)")
wait_for "regiond running with both workers" 15 regiond_is running
for round in 1 2 3; do
    kill -TERM "$SECOND_WORKER"; wait_gone "$SECOND_WORKER" || fail "worker 1 did not stop"
    wait_for "regiond degraded ($round)" 15 regiond_is degraded
    start_worker "$ROOT" 1
    SECOND_WORKER=$WORKER_PID
    wait_for "regiond running again ($round)" 15 regiond_is running
done
wait_for "a crash loop raised" 15 has_raised "service_crashloop:$REGION_ID:regiond"
crash_text() { psql_maas -c "SELECT message FROM notifications WHERE ident = 'service_crashloop:$REGION_ID:regiond'" | grep -q 'is crash-looping: it stopped 3 times in the last 10 minutes (now running)'; }
wait_for "its message, with the state it is in now" 5 crash_text

# A TLS certificate expiring in 5 days, enabled as an operator does.
T=$WORK/tls; mkdir -p "$T"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 5 \
    -subj "/CN=127.0.0.1" -keyout "$T/region.key" -out "$T/region.pem" 2>/dev/null
MAAS_ROOT=$ROOT "$BIN/maas" config-tls enable "$T/region.key" "$T/region.pem" --port "$(free_port)" --yes >/dev/null
wait_for "an expiring certificate raised" 15 has_raised "tls_certificate_expiring"
check "it says when" "warning yes" "$(psql_maas -c "SELECT category FROM notifications WHERE ident = 'tls_certificate_expiring'") $(psql_maas -c "SELECT message FROM notifications WHERE ident = 'tls_certificate_expiring'" | grep -q 'expires in 4 days' && echo yes)"
MAAS_ROOT=$ROOT "$BIN/maas" config-tls disable >/dev/null
no_tls_condition() { ! raised | grep -q tls_; }
wait_for "cleared with TLS off" 15 no_tls_condition

# Deleting the rack ends its conditions: the region clears them.
api DELETE "$A/rackcontrollers/racka1/?force=true"; check "rack deleted" "204" "$HTTP_STATUS"
no_rack_conditions() { ! raised | grep -Eq 'rack_dead|version_mismatch|dhcp_no_server|racka1'; }
wait_for "the rack's notifications cleared" 15 no_rack_conditions
check "operators' notifications untouched" "3" "$(psql_maas -c "SELECT count(*) FROM notifications WHERE NOT raised_by_region")"

# Region status from its workers: both heartbeating, then one stopped.
check "regiond running with both workers" "running|" "$(regiond)"
api GET "$A/regioncontrollers/"
check "in the API" "running" "$(field '.[0].service_set[] | select(.name == "regiond") | .status')"
kill -TERM "$SECOND_WORKER"; wait_gone "$SECOND_WORKER" || fail "worker 1 did not stop"
regiond_degraded() { [ "$(regiond)" == "degraded|1 of 2 workers running" ]; }
wait_for "regiond degraded with one worker of two" 15 regiond_degraded
finish
