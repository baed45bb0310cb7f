#!/bin/bash
# A power report sent while only the database is down is not lost: a real worker and
# PostgreSQL, and the rack's own link and power report queue (maas-test-power-report). With
# PostgreSQL stopped and the worker still up, the worker answers the report with an error and
# the rack keeps it; once PostgreSQL is back the resent report is stored, once (the region
# records the rack's report queue and sequence), and the machine shows the reported state.
source "$(dirname "$0")/lib.sh"

start_api_region
wait_for "the region's secret file" 10 test -s "$ROOT/var/lib/maas/secret"
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:70:00:01 -d hostname=pr1 \
    -d power_type=manual
check "machine created" "200" "$HTTP_STATUS"
MID=$(echo "$BODY" | jq -r .system_id)
power_state() { psql_maas -c "SELECT power_state FROM nodes WHERE system_id = '$MID'"; }
BEFORE=$(power_state)

RACK=$WORK/rack
mkdir -p "$RACK/var/lib/maas"
install -m 0640 "$ROOT/var/lib/maas/secret" "$RACK/var/lib/maas/secret"
mkfifo "$WORK/changes"
MAAS_ROOT=$RACK timeout 120 "$TOOLS/maas-test-power-report" 127.0.0.1 "$RP" "rack-p$$" \
    <"$WORK/changes" >"$WORK/probe.out" 2>"$WORK/probe.log" &
PROBE=$!
PIDS+=("$PROBE")
exec 7>"$WORK/changes"  # the probe's stdin; no process started later may hold it (7>&-)
said() { grep -qx "$1" "$WORK/probe.out"; }
wait_for "the rack registered" 30 said registered

runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 7>&-
kill -0 "$WORKER_PID" || fail "the worker stopped with PostgreSQL"
echo "$MID on" >&7  # a poll's result, while only the database is down
wait_for "the worker answered the report with an error" 30 said "answer internal-error"
check "the rack kept the report (nothing acknowledged)" "" "$(grep -x 'answer ok' "$WORK/probe.out" || true)"

runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 7>&-
wait_for "the resent report was stored" 60 said "answer ok"
check "the machine shows the reported state (was $BEFORE)" "on" "$(power_state)"

# A report sent again after its answer was lost changes nothing, even behind a newer one.
oks() { [ "$(grep -cx 'answer ok' "$WORK/probe.out")" -ge "$1" ]; }
echo "$MID off" >&7
wait_for "a newer report stored" 30 oks 2
echo "again 1" >&7  # the first report ("on") once more
wait_for "the old report answered again" 30 oks 3
exec 7>&-
rc=0; wait "$PROBE" || rc=$?
check "the probe ended with nothing queued" "0" "$rc"
check "the old report did not undo the newer state" "off" "$(power_state)"
check "the region recorded the rack's last report" "2" \
    "$(psql_maas -c "SELECT r.applied_seq FROM rack_power_reports r JOIN nodes n ON n.id = r.rack_node_id WHERE n.hostname = 'rack-p$$'")"
finish
