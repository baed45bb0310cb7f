#!/bin/bash
# A slow BMC must not starve the API: power calls hold no pooled database connection while the
# rack waits on the BMC. One region worker (pool of 2 connections) on a real PostgreSQL, one
# real rack in its own namespace, webhook BMCs (webhook_server.py) that answer power on 6 s
# late. Three power_on calls run at once (more than the pool); meanwhile GETs on the same
# worker must answer, and the metrics show no pooled connection lent out. Then PostgreSQL ends
# the worker's sessions (as a failover does), and every call still succeeds. Last, two commands for one BMC at once run one after the other on the rack.
# Environment: BIN (build/bin), TOOLS (build/tests).
source "$(dirname "$0")/../../integration/region/lib.sh"
source "$(dirname "$0")/bmc_lib.sh"

NCALLS=3
DELAY=6

pg_start
make_hub
make_rack_ns 1
start_webhook_bmcs
start_power_region 3600
start_rack 1 "$U" "$SECRET"
wait_for "rack connected" 30 rack_connected 1

declare -A MACHINE
for n in $(seq "$NCALLS"); do
    api POST "$A/machines/" -d architecture=amd64 \
        -d "mac_addresses=52:54:00:$(printf '%02x' "$n"):00:01" \
        -d "hostname=slow-$$-$n" -d power_type=webhook \
        --data-urlencode "power_parameters_power_on_uri=$HOOK/on/$n?delay=$DELAY" \
        --data-urlencode "power_parameters_power_off_uri=$HOOK/off/$n?delay=$DELAY" \
        --data-urlencode "power_parameters_power_query_uri=$HOOK/q/$n"
    [ "$HTTP_STATUS" = 200 ] || fail "create: $HTTP_STATUS $BODY"
    MACHINE[$n]=$(echo "$BODY" | jq -r .system_id)
done

delayed() { in_hub curl -s -m 5 "$HOOK/stats" | awk '{print $3}'; }
all_delayed() { [ "$(delayed)" = "$NCALLS" ]; }

# --- three slow power_on calls at once (curl bounded by -m 60 in anon)
CALLS=()
for n in $(seq "$NCALLS"); do
    (
        api POST "$A/machines/${MACHINE[$n]}/?op=power_on" -d ""
        echo "$HTTP_STATUS $(echo "$BODY" | jq -r .power_state 2>/dev/null || echo "$BODY")" \
            >"$WORK/call$n"
    ) &
    CALLS+=($!)
done
wait_for "every power call waiting at its BMC" 20 all_delayed

# --- meanwhile the same worker keeps answering requests that need the database
answered=0
for i in $(seq 3); do
    api GET "$A/machines/"
    [ "$HTTP_STATUS" = 200 ] && [ "$(echo "$BODY" | jq length)" = "$NCALLS" ] &&
        answered=$((answered + 1))
    api GET "$A/machines/${MACHINE[$(((i % NCALLS) + 1))]}/"
    [ "$HTTP_STATUS" = 200 ] && answered=$((answered + 1))
done
in_flight=$(delayed)
lent=$(in_hub curl -s -m 5 "$U/metrics" | awk '$1 == "maas_db_pool_in_use" {print $2}')
check "GETs answer while $NCALLS power calls wait on slow BMCs" "6" "$answered"
check "the power calls were still waiting at their BMCs meanwhile" "$NCALLS" "$in_flight"
check "no pooled connection is lent out while the racks wait" "0" "$lent"

# --- the database ends the worker's sessions meanwhile (as a failover does): the calls record
# their outcome on fresh connections
ended=$(psql_maas -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                      WHERE datname = 'maasdb' AND pid <> pg_backend_pid()
                      AND backend_type = 'client backend'")
check "the worker's sessions ended while the calls still wait" "yes $NCALLS" \
    "$([ "$ended" -ge 1 ] && echo yes) $(delayed)"

# --- and every power call completes
for pid in "${CALLS[@]}"; do wait "$pid"; done
ok=0
for n in $(seq "$NCALLS"); do
    [ "$(cat "$WORK/call$n" 2>/dev/null)" = "200 on" ] && ok=$((ok + 1))
done
[ "$ok" = "$NCALLS" ] || cat "$WORK"/call*
check "every slow power_on succeeds" "$NCALLS" "$ok"
check "power_state recorded" "$NCALLS" \
    "$(psql_maas -c "SELECT count(*) FROM nodes WHERE power_state = 'on'
                     AND hostname LIKE 'slow-$$-%'")"

# --- two commands for one BMC at once: the rack runs them one after the other
in_hub curl -s -m 5 -X POST -d '' "$HOOK/reset" >/dev/null
CALLS=()
for n in 1 2; do
    (
        api POST "$A/machines/${MACHINE[1]}/?op=power_off" -d ""
        echo "$HTTP_STATUS $(echo "$BODY" | jq -r .power_state 2>/dev/null)" >"$WORK/same$n"
    ) &
    CALLS+=($!)
done
for pid in "${CALLS[@]}"; do wait "$pid"; done
check "both commands for one slow BMC succeed" "200 off 200 off" "$(cat "$WORK/same1" "$WORK/same2" | xargs)"
check "the BMC never had two calls at once" "1" \
    "$(in_hub curl -s -m 5 "$HOOK/stats" | awk '{print $4}')"
finish
