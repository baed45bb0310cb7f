#!/bin/bash
# A real rack against real region workers (maas-regiond) on one PostgreSQL: two region roots
# on 127.0.0.2 and 127.0.0.3 with two workers each; the rack runs in its own UTS namespace
# (hostname rack-<pid>). Registration creates a rack controller, rack-controllers read shows
# rackd running / degraded / running as region workers die and return; the regions adopt the
# secret file into the database and restore the file when it goes; delete through the API stops
# the rack, which forgets its system_id but keeps its secret, and registers afresh on restart.
# Uses the region's test harness (tests/integration/region/lib.sh).
# Environment: BIN (build/bin), TOOLS (build/tests).
source "$(dirname "$0")/../../integration/region/lib.sh"


pg_start
HP=$(free_port)
RP=$(free_port)
SECRET=$(openssl rand -hex 16)
R1=$(region_root r1 "$HP" "$RP" 127.0.0.2)
R2=$(region_root r2 "$HP" "$RP" 127.0.0.3)
for root in "$R1" "$R2"; do
    echo "$SECRET" >"$root/var/lib/maas/secret"
    chmod 640 "$root/var/lib/maas/secret"
done
start_worker "$R1" 0; R1W0=$WORKER_PID
start_worker "$R1" 1; R1W1=$WORKER_PID
start_worker "$R2" 0
start_worker "$R2" 1
API_KEY=$(MAAS_ROOT=$R1 "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
U1=http://127.0.0.2:$HP/MAAS
U2=http://127.0.0.3:$HP/MAAS

RACK=$WORK/rack
HOST=rack-$$
MAAS_ROOT=$RACK "$BIN/maas-rack-register" --url "$U1" --url "$U2" --secret "$SECRET" >/dev/null
start_rack() {
    MAAS_ROOT=$RACK unshare --uts sh -c "hostname $HOST && exec '$BIN/maas-rackd'" \
        >>"$WORK/rackd.log" 2>&1 &
    RACK_PID=$!
    PIDS+=("$RACK_PID")
}
rack_state() { sed -n 's/.*"state":"\([^"]*\)".*/\1/p' "$RACK/var/lib/maas/rack/status.json" 2>/dev/null; }
rack_state_is() { [ "$(rack_state)" = "$1" ]; }
rackd_service() {  # -> "status|status_info" of the rack's rackd service (asks region 2)
    api GET "$U2/api/2.0/rackcontrollers/"
    echo "$BODY" | jq -r --arg h "$HOST" \
        '.[] | select(.hostname == $h) | .service_set[] | select(.name == "rackd")
         | "\(.status)|\(.status_info)"'
}
rackd_service_is() { [ "$(rackd_service)" = "$1" ]; }

start_rack
wait_for "rack connected to all four workers" 30 rack_state_is connected
ID=$(tr -d '\n' <"$RACK/var/lib/maas/rack/maas_id")
check "maas_uuid stored" "$(psql_maas -c "SELECT uuid FROM maas_identity")" \
    "$(tr -d '\n' <"$RACK/var/lib/maas/rack/maas_uuid")"
check "the regions adopted the secret file into the database" "$SECRET" \
    "$(psql_maas -c "SELECT shared_secret FROM maas_identity")"
check "each region wrote the MAAS UUID file" "$(psql_maas -c "SELECT uuid FROM maas_identity")" \
    "$(tr -d '\n' <"$R2/var/lib/maas/maas_uuid")"
check "MAAS UUID file mode" "640" "$(stat -c %a "$R2/var/lib/maas/maas_uuid")"

# A region whose secret file is removed writes it again from the database, and still hands
# the secret out for new racks meanwhile.
rm "$R1/var/lib/maas/secret"
api GET "$U1/api/2.0/rackcontrollers/?op=registration_info"
check "registration_info without the file" "200 $SECRET" "$HTTP_STATUS $(echo "$BODY" | jq -r .secret)"
secret_restored() { [ "$(cat "$R1/var/lib/maas/secret" 2>/dev/null)" = "$SECRET" ]; }
wait_for "secret file restored" 15 secret_restored
check "restored secret mode" "640" "$(stat -c %a "$R1/var/lib/maas/secret")"
check "one rack_connections row per worker" "4" \
    "$(psql_maas -c "SELECT count(*) FROM rack_connections c JOIN nodes n ON n.id = c.rack_node_id WHERE n.system_id = '$ID'")"
api GET "$U1/api/2.0/rackcontrollers/"
check "listed as a rack controller" "2 $ID" \
    "$(echo "$BODY" | jq -r --arg h "$HOST" '.[] | select(.hostname == $h) | "\(.node_type) \(.system_id)"')"
wait_for "rackd running" 10 rackd_service_is "running|"

kill -9 "$R1W0" "$R1W1"
wait_for "rackd degraded" 15 rackd_service_is "degraded|50% connected to region controllers."
check "rack stays registered" "$ID" "$(tr -d '\n' <"$RACK/var/lib/maas/rack/maas_id")"
start_worker "$R1" 0
start_worker "$R1" 1
wait_for "rackd running again" 30 rackd_service_is "running|"

api DELETE "$U2/api/2.0/rackcontrollers/$ID/"
check "delete answers 204" "204" "$HTTP_STATUS"
wait_for "rack told to stop" 15 rack_state_is deleted
check "secret kept" "$SECRET" "$(cat "$RACK/var/lib/maas/secret")"
check "system_id cleared" "" "$(tr -d '\n' <"$RACK/var/lib/maas/rack/maas_id")"
check "rackd still running (stays idle)" "yes" "$(kill -0 "$RACK_PID" && echo yes)"
check "no connections left for the deleted rack" "0" \
    "$(psql_maas -c "SELECT count(*) FROM rack_connections")"
check "maas status says deleted" "deleted" \
    "$(MAAS_ROOT=$RACK "$BIN/maas" status 2>&1 | sed -n 's/^rack: \([a-z-]*\).*/\1/p')"
api GET "$U1/api/2.0/rackcontrollers/"
check "the deleted rack is not listed" "" \
    "$(echo "$BODY" | jq -r --arg h "$HOST" '.[] | select(.hostname == $h) | .system_id')"

# A reboot reinstates it: the next start registers afresh as a new rack controller.
kill "$RACK_PID"
wait "$RACK_PID" 2>/dev/null || true
start_rack
wait_for "rack registered afresh" 30 rack_state_is connected
NEW_ID=$(tr -d '\n' <"$RACK/var/lib/maas/rack/maas_id")
api GET "$U1/api/2.0/rackcontrollers/"
check "listed again as a new rack controller" "$NEW_ID" \
    "$(echo "$BODY" | jq -r --arg h "$HOST" '.[] | select(.hostname == $h) | .system_id')"
[ "$NEW_ID" != "$ID" ] || fail "the re-registered rack kept the deleted system_id $ID"
# It shares this host's MACs with the next rack: out of the way (deleted, stopped).
api DELETE "$U1/api/2.0/rackcontrollers/$NEW_ID/"
check "second delete answers 204" "204" "$HTTP_STATUS"
wait_for "rack deleted again" 15 rack_state_is deleted
kill "$RACK_PID"

# A rack on a region's own host turns that controller into region+rack.
RACK2=$WORK/rack2
MAAS_ROOT=$RACK2 "$BIN/maas-rack-register" --url "$U1" --secret "$SECRET" >/dev/null
MAAS_ROOT=$RACK2 "$BIN/maas-rackd" >>"$WORK/rackd2.log" 2>&1 &
PIDS+=($!)
rack2_connected() { grep -q '"state":"connected"' "$RACK2/var/lib/maas/rack/status.json" 2>/dev/null; }
wait_for "rack on the region host connected" 30 rack2_connected
api GET "$U1/api/2.0/rackcontrollers/"
check "region host becomes region+rack" "4" \
    "$(echo "$BODY" | jq -r --arg h "$(hostname)" '.[] | select(.hostname == $h) | .node_type')"
check "same system_id as the region" "$(cat "$R1/var/lib/maas/maas_id")" \
    "$(cat "$RACK2/var/lib/maas/rack/maas_id")"
finish
