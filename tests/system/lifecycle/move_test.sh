#!/bin/bash
# One rack, one MAAS; the documented move. Two clusters, each a region with its own PostgreSQL
# (A on 127.0.0.2, B on 127.0.0.3; B was given A's secret, as `maas init region --secret HEX`
# does, so only the MAAS UUID tells them apart), and one real rackd in its own UTS namespace:
#  - registered with A, its maas_url edited to B: refused as another MAAS, naming both UUIDs,
#    and nothing changes in B's database or on the rack's disk;
#  - delete from A, `maas-rack register --url B --secret S`, restart: a rack of B, not of A.
# Environment: BIN, TOOLS (the region harness).
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (unshare --uts, runuser)"; exit 77; }
source "$(dirname "$0")/../../integration/region/lib.sh"

pg_start
PG_A=$PG_PORT
# The second PostgreSQL: its own cluster, directory and port.
mkdir -p "$WORK/pgb"
chown postgres "$WORK/pgb"
runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pgb/data" -U postgres --auth=trust --no-sync \
    >"$WORK/initdb-b.log" 2>&1
for attempt in 1 2 3 4 5; do
    PG_B=$(free_port)
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pgb/data" -l "$WORK/pgb/postgres.log" -w \
        -o "-p $PG_B -k $WORK/pgb -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null && break
    [ "$attempt" -lt 5 ] || fail "second PostgreSQL did not start"
done
stop_pg_b() { runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pgb/data" -m immediate stop >/dev/null 2>&1 || true; }
trap 'stop_pg_b; cleanup' EXIT
psql_b_admin() { psql -h "$WORK/pgb" -p "$PG_B" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
psql_b() { psql -h "$WORK/pgb" -p "$PG_B" -U maas -d maasdb -X -q -t -A -v ON_ERROR_STOP=1 "$@"; }
psql_b_admin -c "CREATE ROLE maas LOGIN" -c "CREATE DATABASE maasdb OWNER maas" >/dev/null

HP=$(free_port)
RP=$(free_port)
A=$(region_root a "$HP" "$RP" 127.0.0.2)
B=$(region_root b "$HP" "$RP" 127.0.0.3)
sed -i "s/^database_host: .*/database_host: ${WORK//\//\\/}\/pgb/; s/^database_port: .*/database_port: $PG_B/" \
    "$B/etc/maas/regiond.conf"
start_worker "$A" 0
SECRET=$(cat "$A/var/lib/maas/secret")
check "region A created the cluster secret" "$SECRET" "$(psql_maas -c "SELECT shared_secret FROM maas_identity")"
printf '%s\n' "$SECRET" >"$B/var/lib/maas/secret"
start_worker "$B" 0
check "region B adopted the secret it was given" "$SECRET" "$(psql_b -c "SELECT shared_secret FROM maas_identity")"
UUID_A=$(psql_maas -c "SELECT uuid FROM maas_identity")
UUID_B=$(psql_b -c "SELECT uuid FROM maas_identity")
[ "$UUID_A" != "$UUID_B" ] || fail "two clusters share a UUID"
KEY_A=$(MAAS_ROOT=$A "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
KEY_B=$(MAAS_ROOT=$B "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
UA=http://127.0.0.2:$HP/MAAS
UB=http://127.0.0.3:$HP/MAAS

RACK=$WORK/rack
HOST=move-$$
start_rack() {
    MAAS_ROOT=$RACK unshare --uts sh -c "hostname $HOST && exec '$BIN/maas-rackd'" \
        >>"$WORK/rackd.log" 2>&1 &
    RACK_PID=$!
    PIDS+=("$RACK_PID")
}
stop_rack() { kill "$RACK_PID"; wait_gone "$RACK_PID" || fail "rackd did not stop"; }
rack_state() { jq -r .state "$RACK/var/lib/maas/rack/status.json" 2>/dev/null; }
rack_state_is() { [ "$(rack_state)" = "$1" ]; }
rack_id() { tr -d '\n' <"$RACK/var/lib/maas/rack/maas_id"; }
listed_in() {  # listed_in URL KEY -> system_id of our rack there
    API_KEY=$2 api GET "$1/api/2.0/rackcontrollers/"
    echo "$BODY" | jq -r --arg h "$HOST" '.[] | select(.hostname == $h) | .system_id'
}
b_racks() { psql_b -c "SELECT count(*) FROM nodes WHERE node_type IN (2, 4)"; }

MAAS_ROOT=$RACK "$BIN/maas-rack" register --url "$UA" --secret "$SECRET" >/dev/null
start_rack
wait_for "rack registered with A" 30 rack_state_is connected
ID=$(rack_id)
check "rack remembers A's UUID" "$UUID_A" "$(tr -d '\n' <"$RACK/var/lib/maas/rack/maas_uuid")"
check "listed in A" "$ID" "$(listed_in "$UA" "$KEY_A")"

echo "--- only maas_url edited to B: refused, nothing changes"
stop_rack
before=$(cd "$RACK/var/lib/maas" && sha256sum secret rack/maas_id rack/maas_uuid)
sed -i "s|$UA|$UB|" "$RACK/etc/maas/rackd.conf"
start_rack
wait_for "rack refuses B" 30 rack_state_is wrong-maas
message=$(jq -r .message "$RACK/var/lib/maas/rack/status.json")
case "$message" in
    *"$UUID_A"*"$UUID_B"* | *"$UUID_B"*"$UUID_A"*) echo "ok - the refusal names both MAAS UUIDs" ;;
    *) fail "refusal does not name both UUIDs: $message" ;;
esac
check "maas status shows it" "wrong-maas" \
    "$(MAAS_ROOT=$RACK "$BIN/maas" status 2>&1 | sed -n 's/^rack: \([a-z-]*\).*/\1/p')"
check "B recorded no rack" "0" "$(b_racks)"
check "B has no connection of it" "0" "$(psql_b -c "SELECT count(*) FROM rack_connections")"
check "the rack's files are unchanged" "$before" \
    "$(cd "$RACK/var/lib/maas" && sha256sum secret rack/maas_id rack/maas_uuid)"
check "still listed in A" "$ID" "$(listed_in "$UA" "$KEY_A")"
stop_rack
sed -i "s|$UB|$UA|" "$RACK/etc/maas/rackd.conf"
start_rack
wait_for "rack back with A" 30 rack_state_is connected
check "same rack in A" "$ID" "$(rack_id)"

echo "--- the documented move: delete from A, register with B"
API_KEY=$KEY_A api DELETE "$UA/api/2.0/rackcontrollers/$ID/"
check "delete from A answers 204" "204" "$HTTP_STATUS"
wait_for "rack deleted" 15 rack_state_is deleted
MAAS_ROOT=$RACK "$BIN/maas-rack" register --url "$UB" --secret "$SECRET" >/dev/null
check "register cleared the old identity" "|absent" \
    "$(rack_id)|$([ -e "$RACK/var/lib/maas/rack/maas_uuid" ] && echo present || echo absent)"
stop_rack
start_rack
wait_for "rack registered with B" 30 rack_state_is connected
NEW_ID=$(rack_id)
check "rack remembers B's UUID" "$UUID_B" "$(tr -d '\n' <"$RACK/var/lib/maas/rack/maas_uuid")"
check "listed in B" "$NEW_ID" "$(listed_in "$UB" "$KEY_B")"
check "not listed in A" "" "$(listed_in "$UA" "$KEY_A")"
check "A has no connection of it" "0" "$(psql_maas -c "SELECT count(*) FROM rack_connections")"
finish
