#!/bin/bash
# Single flight of the list cache against a real PostgreSQL: while one request builds a list
# (held inside its build by a lock on a table only the build reads), a second request for the
# same list waits for that build and answers with its bytes instead of building it again;
# the first client hanging up changes nothing; a build that fails (its backend terminated)
# wakes the waiter, which then builds the list itself. Every answer equals the uncached one.
source "$(dirname "$0")/lib.sh"

start_api_region
start_uncached_region

psql_maas >/dev/null <<'SQL'
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type, power_state)
  SELECT 'f' || lpad(g::text, 4, '0'), 'flight-' || lpad(g::text, 4, '0'), 0, g % 7,
         'amd64/generic', 'manual', 'off'
  FROM generate_series(1, 300) g;
INSERT INTO interfaces (node_id, name, type, mac_address)
  SELECT id, 'eth0', 'physical', '52:54:00:f1:' || lpad(to_hex(id / 256 % 256), 2, '0') || ':'
         || lpad(to_hex(id % 256), 2, '0')
  FROM nodes WHERE node_type = 0;
SQL

metric() { curl -s -m 20 "http://127.0.0.1:$HP/MAAS/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
# A worker's backend waiting for a lock: the build held at the interfaces table.
blocked_builds() {
    psql_maas -c "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'maas-regiond%'
                  AND wait_event_type = 'Lock'"
}
# read URL OUT: GET in the background, body in OUT, status in OUT.status; sets READ_PID.
read_bg() {
    curl -s -m 120 -o "$2" -w '%{http_code}' \
        -H "Authorization: $("$TOOLS/region_oauth_header" "$API_KEY")" "$1" >"$2.status" &
    READ_PID=$!
    PIDS+=("$READ_PID")
}

# A session holding an exclusive lock on interfaces, which the machine list reads after the
# cache stamp and authentication (neither touches it).
mkfifo "$WORK/lock.sql"
psql_maas <"$WORK/lock.sql" >"$WORK/lock.out" 2>&1 &
PIDS+=("$!")
exec 7>"$WORK/lock.sql"
lock_interfaces() {
    echo "BEGIN; LOCK TABLE interfaces IN ACCESS EXCLUSIVE MODE; SELECT 'locked';" >&7
    wait_for "the lock on interfaces" 20 grep -q locked "$WORK/lock.out"
    : >"$WORK/lock.out"
}
release() { echo "COMMIT;" >&7; }
generation() { psql_maas -c "SELECT generation FROM api_list_generation"; }

curl -s -m 60 -o "$WORK/fresh.json" -H "Authorization: $("$TOOLS/region_oauth_header" "$API_KEY")" "$A2/machines/"
check "the uncached list holds every machine" 300 "$(jq length "$WORK/fresh.json")"

# 1. Two misses of one list: the second waits for the first's build; the first client hangs up.
lock_interfaces
gen_before=$(generation)  # the build's stamp holds the list generation as it starts
read_bg "$A/machines/" "$WORK/leader.json"; LEADER=$READ_PID
wait_equal "the first read building, held by the lock" 1 30 blocked_builds
read_bg "$A/machines/" "$WORK/follower.json"; FOLLOWER=$READ_PID
wait_equal "the second read waiting for the first's build" 1 30 metric maas_api_cache_waiting
check "the waiter is not building (one backend held)" 1 "$(blocked_builds)"
kill "$LEADER"; wait "$LEADER" 2>/dev/null || true   # the building request's client goes away
release
wait "$FOLLOWER" || true
check "the waiter answered" 200 "$(cat "$WORK/follower.json.status")"
check "with the build's answer, as without cache" "$(jq -S . "$WORK/fresh.json")" "$(jq -S . "$WORK/follower.json")"
check "one answer shared" 1 "$(metric maas_api_cache_shared_total)"
check "nobody waits any more" 0 "$(metric maas_api_cache_waiting)"
# This worker's cache was empty before: the one entry is the build whose client left.
check "the build was kept although its client left" 1 "$(metric maas_api_cache_entries)"
# Its next read hits unless the list generation moved since the build began: the region's own
# passes, starved of connections while the lock held, write once it is released (a legitimate
# miss).
hits=$(metric maas_api_cache_hits_total)
curl -s -m 60 -o "$WORK/hit.json" -H "Authorization: $("$TOOLS/region_oauth_header" "$API_KEY")" "$A/machines/"
if [ "$(generation)" = "$gen_before" ]; then
    check "the next read answered from the kept build" "$((hits + 1))" "$(metric maas_api_cache_hits_total)"
else
    echo "# the list generation moved since the build began ($gen_before -> $(generation)): the hit is not counted"
fi
check "the kept answer, as without cache" "$(jq -S . "$WORK/fresh.json")" "$(jq -S . "$WORK/hit.json")"

# 2. The build fails (its database session is terminated): the waiter wakes and builds itself;
# the failed request is retried on a fresh connection, as any read whose connection is lost.
lock_interfaces
read_bg "$A/machines/?status=deployed" "$WORK/failing.json"; FAILING=$READ_PID
wait_equal "the filtered read building, held by the lock" 1 30 blocked_builds
read_bg "$A/machines/?status=deployed" "$WORK/woken.json"; WOKEN=$READ_PID
wait_equal "the second filtered read waiting" 1 30 metric maas_api_cache_waiting
psql_admin -q -t -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE application_name LIKE 'maas-regiond%' AND wait_event_type = 'Lock'" >/dev/null
wait_equal "the waiter woken by the failed build" 0 30 metric maas_api_cache_waiting
release
wait "$WOKEN" || true; wait "$FAILING" || true
curl -s -m 60 -o "$WORK/fresh-deployed.json" -H "Authorization: $("$TOOLS/region_oauth_header" "$API_KEY")" "$A2/machines/?status=deployed"
check "the woken waiter answered" 200 "$(cat "$WORK/woken.json.status")"
check "the retried read answered" 200 "$(cat "$WORK/failing.json.status")"
check "the woken waiter's answer, as without cache" "$(jq -S . "$WORK/fresh-deployed.json")" "$(jq -S . "$WORK/woken.json")"
check "the retried read's answer, as without cache" "$(jq -S . "$WORK/fresh-deployed.json")" "$(jq -S . "$WORK/failing.json")"
check "no failed build was shared" 1 "$(metric maas_api_cache_shared_total)"
exec 7>&-
finish
