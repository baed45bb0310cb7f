#!/bin/bash
# `machine update` and `rack-controller update` against a real PostgreSQL and worker: hostname,
# description, power_type and power_parameters_* (merged while the type stays), MAAS's IPMI
# settings accepted and checked, field-keyed refusals that write nothing, secrets kept out of
# the region's log.
source "$(dirname "$0")/lib.sh"

start_api_region

row() { psql_maas -c "SELECT hostname, description, power_type, power_parameters::text FROM nodes WHERE system_id = '$1'"; }

api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:3c:00:01 -d hostname=m1 -d power_type=manual
MID=$(echo "$BODY" | jq -r .system_id)
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:3c:00:02 -d hostname=m2 -d power_type=manual
M=$A/machines/$MID/

# --- machine update: hostname, description, IPMI with MAAS's settings
api PUT "$M" -d hostname=node-1 -d description=row-2 -d power_type=ipmi -d power_parameters_power_address=192.0.2.9 \
    -d power_parameters_power_user=admin -d power_parameters_power_pass=s3cret -d power_parameters_k_g=kgsecret \
    -d power_parameters_power_driver=LAN_2_0 -d power_parameters_power_boot_type=efi \
    -d power_parameters_privilege_level=OPERATOR -d power_parameters_workaround_flags=opensesspriv \
    -d power_parameters_workaround_flags=authcap -d power_parameters_power_off_mode=soft \
    -d power_parameters_cipher_suite_id=17
check "machine updated" "200 node-1 row-2 ipmi" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.hostname) \(.description) \(.power_type)"')"
api GET "$M?op=power_parameters"
check "IPMI settings stored as MAAS keeps them" '192.0.2.9 efi OPERATOR ["opensesspriv","authcap"] soft 17 kgsecret' \
    "$(echo "$BODY" | jq -c -r '"\(.power_address) \(.power_boot_type) \(.privilege_level) \(.workaround_flags | tojson) \(.power_off_mode) \(.cipher_suite_id) \(.k_g)"')"
api PUT "$M" -d power_parameters_power_address=192.0.2.10
api GET "$M?op=power_parameters"
check "one parameter changed, the others kept" "192.0.2.10 admin s3cret soft" \
    "$(echo "$BODY" | jq -r '"\(.power_address) \(.power_user) \(.power_pass) \(.power_off_mode)"')"
api PUT "$M" -d power_type=webhook -d power_parameters_power_on_uri=http://192.0.2.1/on -d power_parameters_power_off_uri=http://192.0.2.1/off
api GET "$M?op=power_parameters"
check "a new power type starts afresh" '["power_off_uri","power_on_uri"]' "$(echo "$BODY" | jq -c 'keys')"

# --- refusals name the field and write nothing
before=$(row "$MID")
api PUT "$M" -d hostname=m2; check "hostname taken" '400 {"hostname":["Node with this Hostname already exists."]}' "$HTTP_STATUS $BODY"
api PUT "$M" -d hostname=bad_name!; check "bad hostname" "400 hostname" "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys[0]')"
api PUT "$M" -d power_type=ipmi -d power_parameters_power_address=192.0.2.9 -d power_parameters_privilege_level=ROOT
check "bad privilege level" '400 {"power_parameters_privilege_level":["Select a valid choice. ROOT is not one of the available choices."]}' "$HTTP_STATUS $BODY"
api PUT "$M" -d power_type=ipmi -d power_parameters_power_address=192.0.2.9 -d power_parameters_workaround_flags=rootshell
check "bad workaround flag" "400 power_parameters_workaround_flags" "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys[0]')"
api PUT "$M" -d power_type=ipmi -d power_parameters_power_boot_type=bios -d power_parameters_power_off_mode=gentle
check "bad boot type and off mode, address missing" '400 power_parameters_power_address power_parameters_power_boot_type power_parameters_power_off_mode' \
    "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys | join(" ")')"
api PUT "$M" -d power_type=telnet; check "unknown power type" "400 power_type" "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys[0]')"
api PUT "$M" -d description="$(head -c 2000 /dev/zero | tr '\0' d)"; check "overlong description" "400 description" "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys[0]')"
check "refusals wrote nothing" "$before" "$(row "$MID")"
api PUT "$A/machines/nosuch/" -d hostname=x; check "unknown machine" "404 No Machine matches the given query." "$HTTP_STATUS $BODY"

# --- rack-controller update: description and power, not the hostname the rack reports
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type) VALUES ('rk0001', 'rack-one', 2)"
api PUT "$A/rackcontrollers/rk0001/" -d description=top-of-rack -d hostname=renamed -d power_type=ipmi \
    -d power_parameters_power_address=192.0.2.20 -d power_parameters_power_pass=rackpass
check "rack updated, hostname kept" "200 rack-one top-of-rack ipmi" "$HTTP_STATUS $(echo "$BODY" | jq -r '"\(.hostname) \(.description) \(.power_type)"')"
before=$(row rk0001)
api PUT "$A/rackcontrollers/rk0001/" -d power_parameters_power_driver=SERIAL
check "rack: bad driver" "400 power_parameters_power_driver" "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys[0]')"
check "rack refusal wrote nothing" "$before" "$(row rk0001)"
api PUT "$A/rackcontrollers/nosuch/" -d description=x; check "unknown rack" "404 No RackController matches the given query." "$HTTP_STATUS $BODY"

# --- no secret in the region's log
check "power secrets never logged" "0" "$(cat "$WORK"/*.log "$ROOT"/*.log 2>/dev/null | grep -c -e s3cret -e kgsecret -e rackpass)"
finish
