#!/bin/bash
# `events query` against a real PostgreSQL and worker, as MAAS's EventsHandler: logins, rack
# registrations, DHCP changes and deletions are recorded with who, what, when and from where;
# levels, node filters and paging behave as MAAS's; bad parameters are refused naming them.
source "$(dirname "$0")/lib.sh"

start_api_region
wait_for "the region's secret file" 10 test -s "$ROOT/var/lib/maas/secret"
events() { api GET "$A/events/?op=query&$1"; }
field() { echo "$BODY" | jq -r "$1"; }

events ""
check "an empty log: nothing, no older page, a newer page to poll" "200 0 null yes" \
    "$HTTP_STATUS $(field .count) $(field .prev_uri) $(field .next_uri | grep -q '^/MAAS/api/2.0/events/?op=query' && echo yes)"
anon GET "$A/events/?op=query"; check "anonymous: refused" "401" "$HTTP_STATUS"

# A browser login is an AUTHORISATION audit record with the user and the address.
curl -s -o /dev/null -c "$WORK/jar" -d username=admin -d password=pw "http://127.0.0.1:$HP/MAAS/accounts/login/"
events "level=AUDIT"
check "login audited" "1 admin Logged in admin. Authorisation AUDIT" \
    "$(field '"\(.count) \(.events[0].username) \(.events[0].description) \(.events[0].type) \(.events[0].level)"')"
check "created as MAAS prints it" "yes" \
    "$(field '.events[0].created' | grep -Eq '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2}\. [0-9]{4} [0-9:]{8}$' && echo yes)"
check "the address it came from is kept" "127.0.0.1" \
    "$(psql_maas -c "SELECT ip_address FROM events WHERE type_name = 'AUTHORISATION'")"

# Two racks register: INFO events naming each node.
for h in rack-one rack-two; do
    mkdir -p "$WORK/$h/var/lib/maas"
    install -m 0640 "$ROOT/var/lib/maas/secret" "$WORK/$h/var/lib/maas/secret"
    MAAS_ROOT=$WORK/$h timeout 60 "$TOOLS/maas-test-rack-link" 127.0.0.1 "$RP" 0.1.0 "$h" >/dev/null ||
        fail "$h did not register"
done
RACK_ONE=$(psql_maas -c "SELECT system_id FROM nodes WHERE hostname = 'rack-one'")
events ""
check "registrations at INFO, newest first" "2 rack-two rack-one Rack controller registered" \
    "$(field '"\(.count) \(.events[0].hostname) \(.events[1].hostname) \(.events[0].type)"')"
events "hostname=rack-one"
check "hostname= filters by node" "1 $RACK_ONE" "$(field '"\(.count) \(.events[0].node)"')"
events "id=$RACK_ONE&level=DEBUG"
check "id= filters by system_id" "1 rack-one" "$(field '"\(.count) \(.events[0].hostname)"')"
events "zone=elsewhere"
check "a zone no node is in: nothing" "0" "$(field .count)"
events "zone=default"
check "zone= filters by the nodes' zone" "2" "$(field .count)"
events "level=WARNING"
check "level=WARNING hides INFO" "0" "$(field .count)"

# Paging: one event per page, following prev_uri to the older one.
events "limit=1"
NEWEST=$(field '.events[0].id'); PREV=$(field .prev_uri)
check "limit=1: the newest" "1 rack-two" "$(field '"\(.count) \(.events[0].hostname)"')"
api GET "http://127.0.0.1:$HP$PREV"
check "prev_uri: the next older" "1 rack-one yes" \
    "$(field '"\(.count) \(.events[0].hostname)"') $([ "$(field '.events[0].id')" -lt "$NEWEST" ] && echo yes)"
events "after=$NEWEST"
check "nothing newer yet" "0" "$(field .count)"

# A DHCP relay change and a rack deletion are audited with the user.
api POST "$A/fabrics/" -d name=lab
FABRIC=$(field .id)
api POST "$A/fabrics/$FABRIC/vlans/" -d vid=42
VLAN42=$(field .id)
api PUT "$A/fabrics/$FABRIC/vlans/0/" -d relay_vlan="$VLAN42"
check "relay set" "200" "$HTTP_STATUS"
api DELETE "$A/rackcontrollers/$RACK_ONE/"
check "rack deleted" "204" "$HTTP_STATUS"
events "level=AUDIT&owner=admin"
check "deletion and relay audited, newest first" \
    "Deleted rack controller 'rack-one'.|Relayed DHCP of VLAN lab.untagged to VLAN id $VLAN42." \
    "$(field '"\(.events[0].description)|\(.events[1].description)"')"
check "a deleted node's events keep its system_id" "$RACK_ONE" "$(field '.events[0].node')"
events "level=AUDIT&owner=nobody"
check "owner= filters by user" "0" "$(field .count)"

# A non-admin sees their own events and those of nodes they may see, never others' logins.
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
ADMIN_KEY=$API_KEY
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)
events "level=AUDIT"
check "bob sees no admin's audit records" "0" "$(field .count)"
events "level=DEBUG&limit=10"
check "bob sees the controllers' events" "rack-two" "$(field '[.events[].hostname] | unique | join(",")')"
API_KEY=$ADMIN_KEY

# Bad parameters: refused, naming the parameter, with MAAS's texts.
before=$(psql_maas -c "SELECT count(*) FROM events")
events "limit=abc"; check "limit=abc" '400 ["Please enter an integer value"]' "$HTTP_STATUS $(echo "$BODY" | jq -c .limit)"
events "limit=1001"; check "limit over 1000" "400 Requested number of events 1001 is greater than limit: 1000" "$HTTP_STATUS $BODY"
events "level=LOUD"; check "unknown level" "400 Unrecognised log level: LOUD" "$HTTP_STATUS $BODY"
events "before=3&after=1"; check "before and after" "400" "$HTTP_STATUS"
events "mac_address=zz"; check "bad MAC" "400 Invalid MAC address(es): zz" "$HTTP_STATUS $BODY"
events "before=99999999999999999999999"; check "an id beyond 64 bits" "400" "$HTTP_STATUS"
events "limit=0"; check "limit=0 is one event, as MAAS" "200 1" "$HTTP_STATUS $(field .count)"
check "queries wrote nothing" "$before" "$(psql_maas -c "SELECT count(*) FROM events")"
finish
