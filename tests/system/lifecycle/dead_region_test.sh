#!/bin/bash
# A dead region: two regions on one PostgreSQL, the second in a UTS namespace of its own (its
# own host name, so its own region controller), one real rackd connected to both. Deleting a
# running region is refused and changes nothing; once the second region is killed and counts as
# dead, `region-controller delete` removes it and its worker rows, and the rack drops its
# endpoint at once (a RegionsChanged push) rather than at its next discovery round.
# Environment: BIN, TOOLS (the region harness).
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (unshare --uts)"; exit 77; }
source "$(dirname "$0")/../../integration/region/lib.sh"

pg_start
HP=$(free_port)
RP=$(free_port)
R1=$(region_root r1 "$HP" "$RP" 127.0.0.2)
R2=$(region_root r2 "$HP" "$RP" 127.0.0.3)
start_worker "$R1" 0
cp "$R1/var/lib/maas/secret" "$R2/var/lib/maas/secret"
H2=dead-$$
fifo=$WORK/ready-r2
mkfifo "$fifo"
MAAS_ROOT=$R2 MAAS_READY_FD=3 unshare --uts sh -c \
    "hostname $H2 && exec '$BIN/maas-regiond' --worker-index 0" 3>"$fifo" >>"$WORK/r2.log" 2>&1 &
R2_PID=$!
PIDS+=("$R2_PID")
read -r -t 30 line <"$fifo" && [ "$line" = ready ] || fail "region 2 did not become ready"
API_KEY=$(MAAS_ROOT=$R1 "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
U1=http://127.0.0.2:$HP/MAAS
R2_ID=$(psql_maas -c "SELECT system_id FROM nodes WHERE hostname = '$H2'")
R1_ID=$(psql_maas -c "SELECT n.system_id FROM nodes n JOIN region_processes p ON p.node_id = n.id WHERE p.hostname <> '$H2' LIMIT 1")

RACK=$WORK/rack
MAAS_ROOT=$RACK "$BIN/maas-rack" register --url "$U1" --secret "$(cat "$R1/var/lib/maas/secret")" >/dev/null
MAAS_ROOT=$RACK unshare --uts sh -c "hostname rack-$$ && exec '$BIN/maas-rackd'" >>"$WORK/rackd.log" 2>&1 &
PIDS+=($!)
rack_field() { jq -r ".$1" "$RACK/var/lib/maas/rack/status.json" 2>/dev/null; }
rack_is() { [ "$(rack_field state)" = "$1" ] && [ "$(rack_field endpoints)" = "$2" ]; }
wait_for "rack connected to both regions" 30 rack_is connected 2

snapshot() { psql_maas -c "SELECT (SELECT count(*) FROM nodes), (SELECT count(*) FROM region_processes), (SELECT count(*) FROM rack_connections)"; }
before=$(snapshot)
api DELETE "$U1/api/2.0/regioncontrollers/$R1_ID/"
check "deleting a running region is refused" "400" "$HTTP_STATUS"
api DELETE "$U1/api/2.0/regioncontrollers/$R2_ID/"
check "deleting the other running region is refused" "400 Unable to delete $H2 as it's currently running." "$HTTP_STATUS $BODY"
check "the refusals changed nothing" "$before" "$(snapshot)"

kill -9 "$R2_PID"
deleted() {
    api DELETE "$U1/api/2.0/regioncontrollers/$R2_ID/"
    [ "$HTTP_STATUS" = 204 ]
}
# Dead once its heartbeat is older than the stale window (30 s).
wait_for "the dead region can be deleted" 60 deleted
t0=$(date +%s%N)
check "its node is gone" "0" "$(psql_maas -c "SELECT count(*) FROM nodes WHERE system_id = '$R2_ID'")"
check "its worker rows are gone" "0" "$(psql_maas -c "SELECT count(*) FROM region_processes WHERE hostname = '$H2'")"
wait_for "rack dropped the dead region's endpoint" 3 rack_is connected 1
echo "rack connected to the remaining region $((($(date +%s%N) - t0) / 1000000)) ms after the delete"
api GET "$U1/api/2.0/regioncontrollers/"
check "region 1 still listed" "$R1_ID" "$(echo "$BODY" | jq -r '.[].system_id')"
finish
