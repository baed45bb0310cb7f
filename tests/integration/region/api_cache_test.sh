#!/bin/bash
# The region's list cache against a real PostgreSQL: region r1 caches (the default), region r2
# on the same database runs with `api_cache_mib: 0`. After every write of a mixed sequence
# (API creates, updates and deletes; the statements rack reports and the region's own passes
# run; a rack going silent with no write at all), every list read, for an admin and a user,
# identity and gzip, is answered by r1 twice (the second from its cache) exactly as r2 answers
# it. A user never gets the admin's list, and an update that changes nothing keeps the cache.
source "$(dirname "$0")/lib.sh"

start_api_region
start_uncached_region
ADMIN_KEY=$API_KEY
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
check "bob created" "200" "$HTTP_STATUS"
api POST "$A/users/" -d username=carol -d email=carol@example.com -d password=carolpw -d is_superuser=0
BOB_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)

check "every table but the listed ones is tracked" "" "$(psql_maas -c "
    SELECT string_agg(c.relname, ' ') FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
      AND c.relname NOT IN (SELECT table_name FROM api_list_untracked)
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid
                      AND g.tgname = 'api_list_generation_write')")"

# 60 machines owned by nobody, bob and carol in turn, a live rack managing the webhook ones.
psql_maas >/dev/null <<'SQL'
INSERT INTO nodes (system_id, hostname, node_type, version) VALUES ('rackaaa', 'rack-a', 2, '');
INSERT INTO rack_connections (rack_node_id, process_id, connection_id, peer_address, heartbeat)
  SELECT n.id, (SELECT min(id) FROM region_processes), n.id, '127.0.0.1', now() + interval '1 hour'
  FROM nodes n WHERE n.hostname = 'rack-a';
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type, power_state,
                   power_parameters, owner_id)
  SELECT 'c' || lpad(g::text, 4, '0'), 'cache-' || lpad(g::text, 4, '0'), 0, g % 7,
         'amd64/generic', 'webhook', 'off',
         jsonb_build_object('power_on_uri', 'http://192.0.2.' || (g % 200 + 1) || '/on/' || g),
         (ARRAY[NULL, (SELECT id FROM users WHERE username = 'bob'),
                      (SELECT id FROM users WHERE username = 'carol')])[g % 3 + 1]
  FROM generate_series(1, 60) g;
SQL
api POST "$A/subnets/" -d cidr=192.0.2.0/24 -d gateway_ip=192.0.2.1
SUBNET=$(echo "$BODY" | jq -r .id)

# PATH ENCODING: every list read the cache answers, the whole machine list in both encodings.
READS=("machines/ identity" "machines/ gzip" "machines/?status=deployed identity"
       "machines/?sort=-hostname&limit=7&offset=3 identity" "subnets/ gzip")
hits() { curl -s -m 20 "http://127.0.0.1:$HP/MAAS/metrics" | awk '$1 == "maas_api_cache_hits_total" {print $2}'; }

# get BASE PATH KEY ENCODING: the body (decompressed) and X-Total-Count, as one text.
get() {
    local headers=$WORK/h.$$ body=$WORK/b.$$ enc=()
    [ "$4" = gzip ] && enc=(-H "Accept-Encoding: gzip")
    curl -s -m 60 -D "$headers" -o "$body" "${enc[@]}" \
        -H "Authorization: $("$TOOLS/region_oauth_header" "$3")" "$1/$2"
    local total; total=$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1) == "x-total-count" {print $2}')
    local coding; coding=$(tr -d '\r' <"$headers" | awk -F': ' 'tolower($1) == "content-encoding" {print $2}')
    [ "$4" = gzip ] && [ "$coding" = gzip ] && { gunzip -c "$body" >"$body.plain"; mv "$body.plain" "$body"; }
    echo "total=$total coding=${coding:-none}"
    cat "$body"
}

generation() { psql_maas -c "SELECT generation FROM api_list_generation"; }
# same WHAT: every read, both users: r1 twice (a hit the second time) = r2.
same() {
    local read path enc key who first second fresh before=$(hits) combos=0 gen_before=$(generation)
    for read in "${READS[@]}"; do
        path=${read% *} enc=${read##* }
        for who in admin bob; do
            key=$ADMIN_KEY; [ "$who" = bob ] && key=$BOB_KEY
            first=$(get "$A" "$path" "$key" "$enc")
            second=$(get "$A" "$path" "$key" "$enc")
            fresh=$(get "$A2" "$path" "$key" "$enc")
            combos=$((combos + 1))
            [ "$first" = "$fresh" ] && [ "$second" = "$fresh" ] ||
                check "$1: $who $path $enc as without cache" "$(head -c 300 <<<"$fresh")" "$(head -c 300 <<<"$second")"
        done
    done
    # A write by the region's own passes between two reads (a service row under load) is a
    # legitimate miss; with the generation unchanged throughout, every second read must hit.
    if [ "$(generation)" = "$gen_before" ]; then
        check "$1: the second of each read answered from the cache" yes \
            "$([ "$(hits)" -ge $((before + combos)) ] && echo yes)"
    else
        echo "# $1: the list generation moved during the reads ($gen_before -> $(generation)): hits not counted"
        check "$1: the cache answered at all" yes "$([ "$(hits)" -gt "$before" ] && echo yes)"
    fi
    echo "ok - $1: every list as without cache"
}

same "seeded"
admin_all=$(get "$A" machines/ "$ADMIN_KEY" identity | tail -n +2 | jq length)
bob_all=$(get "$A" machines/ "$BOB_KEY" identity | tail -n +2 | jq length)
check "the admin sees all 60 machines" "60" "$admin_all"
check "bob sees the unowned and his own, not carol's" "40" "$bob_all"
check "bob's list names no machine of carol's" "0" \
    "$(get "$A" machines/ "$BOB_KEY" identity | tail -n +2 | jq '[.[] | select(.owner == "carol")] | length')"

API_KEY=$BOB_KEY
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:00:4d:00:01 -d hostname=bobs
BOBS=$(echo "$BODY" | jq -r .system_id)
check "API create" "200" "$HTTP_STATUS"; same "after API create"
API_KEY=$ADMIN_KEY
api PUT "$A/machines/$BOBS/" -d hostname=bobs-renamed
check "API update" "200" "$HTTP_STATUS"
api PUT "$A/subnets/$SUBNET/" -d name=renamed-subnet
check "API subnet update" "200" "$HTTP_STATUS"; same "after API machine and subnet updates"
api DELETE "$A/machines/$BOBS/"
check "API delete" "204" "$HTTP_STATUS"; same "after API delete"

# The statements a rack's power report, a lease on an interface, an allocation (ownership)
# and a tag run.
psql_maas -c "UPDATE nodes SET power_state = 'on' WHERE system_id = 'c0005' AND node_type = 0 AND power_state <> 'on'"
same "after a power report"
psql_maas -c "INSERT INTO interfaces (node_id, name, type, mac_address) SELECT id, 'eth0', 'physical', '52:54:00:4d:00:09' FROM nodes WHERE system_id = 'c0004'"
psql_maas -c "INSERT INTO interface_addresses (interface_id, mode, ip, subnet_id) SELECT i.id, 'dhcp', '192.0.2.77', $SUBNET FROM interfaces i WHERE i.mac_address = '52:54:00:4d:00:09'"
same "after an interface and its address (discovery, a lease's link)"
psql_maas -c "UPDATE nodes SET owner_id = (SELECT id FROM users WHERE username = 'carol') WHERE system_id = 'c0003'"
check "bob lost the machine carol took" "39" "$(get "$A" machines/ "$BOB_KEY" identity | tail -n +2 | jq length)"
same "after an ownership change"
psql_maas -c "INSERT INTO tags (name) VALUES ('fast'); INSERT INTO node_tags (node_id, tag_id) SELECT n.id, t.id FROM nodes n, tags t WHERE n.system_id = 'c0006' AND t.name = 'fast'"
psql_maas -c "UPDATE zones SET description = 'the zone, renamed' WHERE name = 'default'"
same "after a tag and a zone update"

# A rack goes silent: no write at all, yet its machines lose their power_rack.
psql_maas -c "UPDATE rack_connections SET heartbeat = now() - interval '1 hour'"
check "a silent rack manages nothing" "0" \
    "$(get "$A" machines/ "$ADMIN_KEY" identity | tail -n +2 | jq '[.[] | select(.power_rack != null)] | length')"
same "after a rack went silent"

# A report repeating what is stored changes nothing and keeps the generation (and the cache).
gen=$(psql_maas -c "SELECT generation FROM api_list_generation")
psql_maas -c "UPDATE nodes SET power_state = power_state"
check "a no-op update keeps the generation" "$gen" "$(psql_maas -c "SELECT generation FROM api_list_generation")"
psql_maas -c "BEGIN; UPDATE nodes SET power_state = 'error' WHERE system_id = 'c0001'; UPDATE subnets SET name = 'x'; ROLLBACK"
check "a rolled-back write keeps the generation" "$gen" "$(psql_maas -c "SELECT generation FROM api_list_generation")"
psql_maas -c "BEGIN; UPDATE nodes SET power_state = 'error' WHERE system_id = 'c0001'; UPDATE subnets SET name = 'x'; COMMIT"
check "one transaction, one bump" "$((gen + 1))" "$(psql_maas -c "SELECT generation FROM api_list_generation")"
same "after a two-table transaction"

# Conditional reads from the cache: the cached answer's ETag gives 304, either encoding's.
tag=$(curl -s -m 20 -D - -o /dev/null -H "Authorization: $("$TOOLS/region_oauth_header" "$ADMIN_KEY")" "$A/subnets/" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
check "304 from the cache" "304" "$(curl -s -m 20 -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag" -H "Authorization: $("$TOOLS/region_oauth_header" "$ADMIN_KEY")" "$A/subnets/")"
check "304 from the cache, gzip" "304" "$(curl -s -m 20 -o /dev/null -w '%{http_code}' -H 'Accept-Encoding: gzip' -H "If-None-Match: $tag" -H "Authorization: $("$TOOLS/region_oauth_header" "$ADMIN_KEY")" "$A/subnets/")"

# Hostile: parameters that look alike are other queries; no header or parameter reaches
# another user's entry; a bad filter is refused as without cache and caches nothing.
check "hostname=a,b is not hostname=a&hostname=b" "$(get "$A2" "machines/?hostname=cache-0002,cache-0003" "$BOB_KEY" identity)" \
    "$(get "$A" "machines/?hostname=cache-0002,cache-0003" "$BOB_KEY" identity)"
check "bob naming the admin gets his own list" "$(get "$A2" "machines/?user=admin&owner=admin" "$BOB_KEY" identity)" \
    "$(get "$A" "machines/?user=admin&owner=admin" "$BOB_KEY" identity)"
for i in 1 2; do
    check "a bad filter is refused by name ($i)" "400" "$(curl -s -m 20 -o /dev/null -w '%{http_code}' -H "Authorization: $("$TOOLS/region_oauth_header" "$BOB_KEY")" "$A/machines/?status=nosuch")"
done
check "an anonymous list read is refused" "401" "$(curl -s -m 20 -o /dev/null -w '%{http_code}' "$A/machines/")"

metrics=$(curl -s -m 20 "http://127.0.0.1:$HP/MAAS/metrics")
for m in maas_api_cache_hits_total maas_api_cache_misses_total maas_api_cache_evictions_total maas_api_cache_bytes maas_api_cache_entries; do
    check "metric $m" "yes" "$(awk -v m="$m" '$1 == m {print "yes"}' <<<"$metrics")"
done
check "the cache holds answers" "yes" "$(awk '$1 == "maas_api_cache_bytes" && $2 > 0 {print "yes"}' <<<"$metrics")"
check "r2 keeps none" "0" "$(curl -s -m 20 "http://127.0.0.1:$HP2/MAAS/metrics" | awk '$1 == "maas_api_cache_hits_total" {print $2}')"
finish
