#!/bin/bash
# The controller lists in the list cache against a real PostgreSQL: region r1 caches, r2 on the
# same database runs with `api_cache_mib: 0`. Heartbeats bump no list generation, yet a cached
# rack-controllers or region-controllers read never shows an old last_seen: the stamp holds
# every controller's last_seen as the lists render it. A heartbeat that moves last_seen changes
# the answer at once; one within the same rendered second keeps the cached answer.
source "$(dirname "$0")/lib.sh"

start_api_region
start_uncached_region
ADMIN_KEY=$API_KEY
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
BOB_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)

# Five racks, each with one connection whose heartbeat the test moves by hand.
psql_maas >/dev/null <<'SQL'
INSERT INTO nodes (system_id, hostname, node_type, version)
  SELECT 'rk' || g, 'rack-' || g, 2, '3.5.0' FROM generate_series(1, 5) g;
INSERT INTO rack_connections (rack_node_id, process_id, connection_id, peer_address, heartbeat)
  SELECT n.id, (SELECT min(id) FROM region_processes), n.id, '127.0.0.1',
         timestamptz '2026-03-01 10:00:00.000+00'
  FROM nodes n WHERE n.node_type = 2;
SQL

hits() { curl -s -m 20 "http://127.0.0.1:$HP/MAAS/metrics" | awk '$1 == "maas_api_cache_hits_total" {print $2}'; }
generation() { psql_maas -c "SELECT generation FROM api_list_generation"; }
# get BASE PATH KEY [gzip]: the body, decompressed.
get() {
    local enc=()
    [ "${4:-}" = gzip ] && enc=(-H "Accept-Encoding: gzip" --compressed)
    curl -s -m 30 "${enc[@]}" -H "Authorization: $("$TOOLS/region_oauth_header" "$3")" "$1/$2"
}
seen() { get "$A" rackcontrollers/ "$ADMIN_KEY" | jq -r '[.[] | select(.hostname == "rack-1") | .last_seen][0]'; }

# cached_as_fresh WHAT PATH KEY [gzip]: r1 read twice, the second from its cache, equals r2.
# The region's own passes may write (a rack's service state) between the reads: that is a new
# generation and a legitimate difference, so a round that saw the generation move is repeated.
cached_as_fresh() {
    local before first second fresh gen round
    for round in $(seq 10); do
        gen=$(generation)
        before=$(hits)
        first=$(get "$A" "$2" "$3" "${4:-}")
        second=$(get "$A" "$2" "$3" "${4:-}")
        fresh=$(get "$A2" "$2" "$3" "${4:-}")
        [ "$(generation)" = "$gen" ] && break
        echo "# $1: the list generation moved during round $round: again"
    done
    check "$1: as without cache" "$(jq -S . <<<"$fresh")" "$(jq -S . <<<"$first")"
    check "$1: cached, as without cache" "$(jq -S . <<<"$fresh")" "$(jq -S . <<<"$second")"
    check "$1: the second read answered from the cache" yes "$([ "$(hits)" -gt "$before" ] && echo yes)"
}

# The region's liveness pass gives each rack its rackd service row: let it settle first.
wait_equal "the racks' service rows" 5 60 psql_maas -c "SELECT count(*) FROM services WHERE name = 'rackd'"

check "last_seen as written before the reads" "2026-03-01T10:00:00Z" "$(seen)"
cached_as_fresh "racks, admin" rackcontrollers/ "$ADMIN_KEY"
cached_as_fresh "racks, gzip" rackcontrollers/ "$ADMIN_KEY" gzip
cached_as_fresh "racks, a user" rackcontrollers/ "$BOB_KEY"
cached_as_fresh "racks, filtered" "rackcontrollers/?hostname=rack-2&hostname=rack-4" "$ADMIN_KEY"

# A heartbeat: no generation bump, and the very next read shows it.
gen=$(generation)
psql_maas -c "UPDATE rack_connections SET heartbeat = heartbeat + interval '1 second'
              WHERE rack_node_id = (SELECT id FROM nodes WHERE hostname = 'rack-1')"
check "a heartbeat bumps no generation" "$gen" "$(generation)"
check "the next read shows the heartbeat" "2026-03-01T10:00:01Z" "$(seen)"
cached_as_fresh "racks after a heartbeat" rackcontrollers/ "$ADMIN_KEY"

# A heartbeat inside the rendered second changes nothing a list shows: the answer stays cached.
before=$(hits)
psql_maas -c "UPDATE rack_connections SET heartbeat = heartbeat + interval '300 milliseconds'"
check "a sub-second heartbeat keeps the cached answer" "2026-03-01T10:00:01Z" "$(seen)"
check "answered from the cache" yes "$([ "$(hits)" -gt "$before" ] && echo yes)"
cached_as_fresh "racks after a sub-second heartbeat" rackcontrollers/ "$ADMIN_KEY"

# A rack disconnects: its last heartbeat is kept on the node (migration 0045).
psql_maas -c "DELETE FROM rack_connections WHERE rack_node_id = (SELECT id FROM nodes WHERE hostname = 'rack-2')"
cached_as_fresh "racks after a disconnect" rackcontrollers/ "$ADMIN_KEY"
# A heartbeat row moved back by hand (not what a rack does, but the lists must follow it too).
psql_maas -c "UPDATE rack_connections SET heartbeat = heartbeat - interval '1 day'
              WHERE rack_node_id = (SELECT id FROM nodes WHERE hostname = 'rack-3')"
cached_as_fresh "racks after a heartbeat moved back" rackcontrollers/ "$ADMIN_KEY"
check "rack-3's last_seen moved back" "2026-02-28T10:00:00Z" \
    "$(get "$A" rackcontrollers/ "$ADMIN_KEY" | jq -r '[.[] | select(.hostname == "rack-3") | .last_seen][0]')"

# The region controllers: their own workers' heartbeats move last_seen while the test reads.
# A read of r1 between two equal reads of r2 saw no heartbeat in between: it must equal them.
agreed=0
for _ in $(seq 20); do
    fresh_before=$(get "$A2" regioncontrollers/ "$ADMIN_KEY")
    cached=$(get "$A" regioncontrollers/ "$ADMIN_KEY")
    fresh_after=$(get "$A2" regioncontrollers/ "$ADMIN_KEY")
    [ "$fresh_before" = "$fresh_after" ] || continue
    check "regions: cached read between two equal fresh ones" "$(jq -S . <<<"$fresh_after")" "$(jq -S . <<<"$cached")"
    agreed=$((agreed + 1))
    [ "$agreed" -ge 3 ] && break
done
check "three quiet windows for the region list" 3 "$agreed"
check "the region is listed" yes "$(get "$A" regioncontrollers/ "$ADMIN_KEY" | jq -r 'if length >= 1 then "yes" else "no" end')"

check "an anonymous controller read is refused" 401 \
    "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$A/rackcontrollers/")"
finish
