#!/bin/bash
# The API at scale, against a real PostgreSQL and worker, with curl:
# - ETag / If-None-Match (304) and gzip on list reads, including hostile headers (huge and
#   malformed If-None-Match, Accept-Encoding garbage, q=0);
# - machines read with 10,000 machines: complete, every field, filtered by hostname=, id= and
#   status= (each equal to the full list filtered, built and cached), and paged (sort, q, offset, limit, X-Total-Count) with bad values refused by name.
# Correctness only: no wall-clock assertion.
source "$(dirname "$0")/lib.sh"

start_api_region
auth() { echo "Authorization: $("$TOOLS/region_oauth_header" "$API_KEY")"; }
# head_of URL [curl args]: status line and headers only, lower-cased names; body to $WORK/body
head_of() {
    local url=$1; shift
    rm -f "$WORK/body"; touch "$WORK/body"  # curl writes no file for an empty body
    curl -s -m 60 -o "$WORK/body" -D - -H "$(auth)" "$url" "$@" | tr -d '\r' |
        awk 'NR == 1 {print $2; next} {sub(/:/, ":"); print tolower(substr($0, 1, index($0, ":"))) substr($0, index($0, ":") + 1)}'
}
hdr() { awk -F': ' -v k="$1:" 'tolower($1 ":") == k {print $2}' <<<"$2"; }

psql_maas >/dev/null <<SQL
INSERT INTO subnets (name, vlan_id, cidr)
  SELECT 'net-' || g, (SELECT min(id) FROM vlans), ('192.0.2.' || (g * 4) || '/30')::cidr
  FROM generate_series(1, 40) g;
SQL

# --- ETag and If-None-Match
h=$(head_of "$A/subnets/"); plain=$(cat "$WORK/body")
tag=$(hdr etag "$h")
check "list read has a strong ETag" "200 yes" "$(echo "$h" | head -1) $([[ $tag =~ ^\"[0-9a-f]+-[0-9a-f]{16}\"$ ]] && echo yes)"
check "body as before" "40" "$(echo "$plain" | jq length)"
h=$(head_of "$A/subnets/" -H "If-None-Match: $tag")
check "unchanged: 304, no body" "304 0 $tag" "$(echo "$h" | head -1) $(wc -c <"$WORK/body") $(hdr etag "$h")"
h=$(head_of "$A/subnets/" -H "If-None-Match: \"other\", W/$tag")
check "weak tag in a list" "304" "$(echo "$h" | head -1)"
h=$(head_of "$A/subnets/" -H "If-None-Match: *")
check "star" "304" "$(echo "$h" | head -1)"
api PUT "$A/subnets/net-1/" -d description=changed
h=$(head_of "$A/subnets/" -H "If-None-Match: $tag")
check "changed: 200 with a new tag" "200 changed" "$(echo "$h" | head -1) $(jq -r '.[] | select(.name == "net-1") | .description' "$WORK/body")"
[ "$(hdr etag "$h")" != "$tag" ] && echo "ok - new tag" || fail "tag did not change"
tag=$(hdr etag "$h"); plain=$(cat "$WORK/body")

# hostile If-None-Match: malformed, huge (the head limit answers 431), NUL-free garbage
for v in '"' 'W/' ',,,,' "$(printf '"%.0s' {1..3000})" 'W/"x", "y' "${tag%\"}" "$tag$tag"; do
    h=$(head_of "$A/subnets/" -H "If-None-Match: $v")
    check "malformed If-None-Match [${v:0:20}] is no match" "200 40" "$(echo "$h" | head -1) $(jq length "$WORK/body")"
done
h=$(head_of "$A/subnets/" -H "If-None-Match: $(head -c 20000 /dev/zero | tr '\0' a)")
check "huge If-None-Match refused by the head limit" "431" "$(echo "$h" | head -1)"
h=$(head_of "$A/subnets/" -H "If-None-Match: $tag" -X POST -d name=x)
[ "$(echo "$h" | head -1)" != 304 ] && echo "ok - no 304 for a POST" || fail "POST answered 304"

# --- gzip
h=$(head_of "$A/subnets/" -H "Accept-Encoding: gzip")
check "gzip when asked" "200 gzip Accept-Encoding" "$(echo "$h" | head -1) $(hdr content-encoding "$h") $(hdr vary "$h")"
check "gzip body is the same JSON" "$plain" "$(gunzip -c "$WORK/body")"
gz_tag=$(hdr etag "$h")
check "gzip tag is its own" "${tag%\"}-gzip\"" "$gz_tag"
h=$(head_of "$A/subnets/" -H "Accept-Encoding: gzip" -H "If-None-Match: $gz_tag")
check "gzip tag revalidates" "304" "$(echo "$h" | head -1)"
check "curl --compressed reads it" "$plain" "$(curl -s -m 20 --compressed -H "$(auth)" "$A/subnets/")"
for v in 'gzip;q=0' 'identity' 'br, deflate' '*;q=1, gzip;q=0' 'gzip;q=7' 'gzip;q=' ';;;,,,' "$(head -c 3000 /dev/zero | tr '\0' ',')" 'gzip;q=0.5x' 'GZIP;Q=0'; do
    h=$(head_of "$A/subnets/" -H "Accept-Encoding: $v")
    check "no gzip for [${v:0:20}]" "200  $plain" "$(echo "$h" | head -1) $(hdr content-encoding "$h") $(cat "$WORK/body")"
done
for v in 'GZIP' 'x-gzip' '*' 'br;q=1, gzip;q=0.001' ' gzip ; q=1.000 '; do
    h=$(head_of "$A/subnets/" -H "Accept-Encoding: $v")
    check "gzip for [$v]" "200 gzip" "$(echo "$h" | head -1) $(hdr content-encoding "$h")"
done
h=$(head_of "$A/version/" -H "Accept-Encoding: gzip")
check "tiny bodies are not compressed" "200 " "$(echo "$h" | head -1) $(hdr content-encoding "$h")"
h=$(head_of "$A/subnets/nosuch/" -H "Accept-Encoding: gzip" -H "If-None-Match: *")
check "errors are neither 304 nor compressed" "404 " "$(echo "$h" | head -1) $(hdr content-encoding "$h")"
check "keep-alive: two requests, one connection" "1 0" "$(curl -s -m 20 -o /dev/null -o /dev/null -w '%{num_connects}\n' "$A/version/" "$A/version/" | paste -sd' ')"

# --- 10,000 machines: one through the API (create, link-subnet STATIC), the rest in bulk SQL
# writing the same rows; every 7th tagged, every 5th owned by admin, statuses New/Ready/Deployed.
# (Addresses here are database rows only: nothing is sent to them.)
api POST "$A/machines/" -d architecture=amd64 -d mac_addresses=52:54:02:00:00:01 -d hostname=api-made
API_SID=$(echo "$BODY" | jq -r .system_id)
api GET "$A/nodes/$API_SID/interfaces/"; IFACE=$(echo "$BODY" | jq -r '.[0].id')
api POST "$A/nodes/$API_SID/interfaces/$IFACE/?op=link_subnet" -d mode=STATIC -d subnet=net-2
check "API machine linked" "200" "$HTTP_STATUS"
psql_maas >/dev/null <<SQL
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type, power_parameters, owner_id)
  SELECT 'm' || lpad(g::text, 5, '0'), 'machine-' || lpad(g::text, 5, '0'), 0, (ARRAY[0, 4, 6])[g % 3 + 1],
         'amd64/generic', 'manual', '{}', CASE WHEN g % 5 = 0 THEN (SELECT id FROM users WHERE username = 'admin') END
  FROM generate_series(1, 9999) g;
INSERT INTO interfaces (node_id, name, type, mac_address, vlan_id)
  SELECT id, 'eth0', 'physical', '52:54:01:' || substr(lpad(to_hex(id::int), 6, '0'), 1, 2) || ':' ||
         substr(lpad(to_hex(id::int), 6, '0'), 3, 2) || ':' || substr(lpad(to_hex(id::int), 6, '0'), 5, 2),
         (SELECT min(id) FROM vlans)
  FROM nodes WHERE node_type = 0 AND hostname LIKE 'machine-%';
INSERT INTO interface_addresses (interface_id, subnet_id, ip, mode)
  SELECT i.id, NULL, ('10.1.' || (i.node_id / 250) || '.' || (1 + i.node_id % 250))::inet, 'static'
  FROM interfaces i JOIN nodes n ON n.id = i.node_id WHERE n.hostname LIKE 'machine-%';
INSERT INTO tags (name) VALUES ('virtual'), ('gpu');
INSERT INTO node_tags (node_id, tag_id)
  SELECT n.id, t.id FROM nodes n, tags t WHERE n.hostname LIKE 'machine-%' AND n.id % 7 = 0;
UPDATE nodes SET cpu_count = 4 + id % 4, memory = 1024 * (1 + id % 8) WHERE node_type = 0;
SQL
M=$A/machines/
curl -s -m 120 -H "$(auth)" "$M" >"$WORK/all.json"
check "machines read: every machine" "10000" "$(jq length "$WORK/all.json")"
check "every machine has every field users script against" "true" "$(jq '[.[] | has("system_id") and has("hostname") and has("status_name") and has("power_state") and has("power_type") and has("interface_set") and has("ip_addresses") and has("zone") and has("pool") and has("tag_names") and has("architecture") and has("cpu_count") and has("memory")] | all' "$WORK/all.json")"
check "SQL rows and API rows have the same shape" "1" "$(jq '[.[] | keys] | unique | length' "$WORK/all.json")"
jq -r '.[] | "\(.hostname) \(.system_id) \(.status_name) \(.ip_addresses | join(",")) \(.tag_names | join(",")) \(.cpu_count) \(.memory) \(.zone.name) \(.pool.name) \(.owner)"' "$WORK/all.json" >"$WORK/api.txt"
psql_maas -F' ' >"$WORK/db.txt" <<'SQL'
SELECT n.hostname, n.system_id, CASE n.status WHEN 0 THEN 'New' WHEN 4 THEN 'Ready' WHEN 6 THEN 'Deployed' END,
       coalesce((SELECT string_agg(host(a.ip), ',' ORDER BY a.id) FROM interface_addresses a JOIN interfaces i ON i.id = a.interface_id WHERE i.node_id = n.id), ''),
       coalesce((SELECT string_agg(t.name, ',' ORDER BY t.name) FROM node_tags nt JOIN tags t ON t.id = nt.tag_id WHERE nt.node_id = n.id), ''),
       n.cpu_count, n.memory, 'default', 'default', coalesce(u.username, 'null')
FROM nodes n LEFT JOIN users u ON u.id = n.owner_id WHERE n.node_type = 0 ORDER BY n.hostname
SQL
if diff -q "$WORK/db.txt" "$WORK/api.txt" >/dev/null; then echo "ok - all 10000 machines as the database holds them"; else
    diff "$WORK/db.txt" "$WORK/api.txt" | head -5; fail "machines read differs from the database"; fi

# filters
one() { curl -s -m 60 -H "$(auth)" "$M?$1" | jq -r "$2"; }
check "hostname=" "machine-04321" "$(one 'hostname=machine-04321' '[.[].hostname] | join(" ")')"
check "hostname= repeated, id=" "api-made machine-00007 m00007" "$(one "hostname=machine-00007&hostname=api-made&hostname=nosuch" '[.[].hostname] | join(" ")') $(one 'id=m00007' '.[0].system_id')"
check "id= repeated" "2" "$(one "id=m00001&id=$API_SID&id=nosuch" 'length')"
check "status=deployed: all of them" "$(grep -c ' Deployed ' "$WORK/db.txt") Deployed" "$(one 'status=deployed' '"\(length) \([.[].status_name] | unique | join(","))"')"
check "status= repeated" "$(grep -cE ' (New|Ready) ' "$WORK/db.txt")" "$(one 'status=new&status=ready' 'length')"
check "filters combine" "machine-00005" "$(one 'status=deployed&hostname=machine-00005&hostname=machine-00007' '[.[].hostname] | join(" ")')"
# Invariant: each filtered read, built and then answered from the list cache, is exactly the
# full list filtered (every machine it should hold, each whole, in the same order).
for q in "hostname=machine-04321|.hostname == \"machine-04321\"" \
         "id=m00007&id=m09999|.system_id == \"m00007\" or .system_id == \"m09999\"" \
         "status=deployed|.status_name == \"Deployed\"" \
         "status=new&status=ready|.status_name == \"New\" or .status_name == \"Ready\""; do
    want=$(jq -c "[.[] | select(${q#*|})]" "$WORK/all.json" | sha256sum)
    [ "$(jq "[.[] | select(${q#*|})] | length" "$WORK/all.json")" -gt 0 ] || fail "${q%%|*}: no machine to find"
    for round in built cached; do
        check "${q%%|*} ($round) equals the full list filtered" "$want" \
            "$(curl -s -m 60 -H "$(auth)" "$M?${q%%|*}" | jq -c . | sha256sum)"
    done
done

# paging extension
h=$(head_of "$M?sort=-hostname&offset=100&limit=50")
check "page: total in X-Total-Count" "200 10000 50" "$(echo "$h" | head -1) $(hdr x-total-count "$h") $(jq length "$WORK/body")"
check "page: the slice of the whole order" "$(jq -c '[.[].system_id] | reverse | .[100:150]' "$WORK/all.json")" "$(jq -c '[.[].system_id]' "$WORK/body")"
h=$(head_of "$M?q=0432&status=deployed&sort=system_id&limit=3")
check "text search with a filter" "200 $(grep -E '^machine-[0-9]*0432[0-9]* .* Deployed ' "$WORK/db.txt" | wc -l) $(grep -E '^machine-[0-9]*0432' "$WORK/db.txt" | grep ' Deployed ' | awk '{print $2}' | sort | head -3 | paste -sd' ')" \
    "$(echo "$h" | head -1) $(hdr x-total-count "$h") $(jq -r '[.[].system_id] | join(" ")' "$WORK/body")"
check "q matches literally" "0" "$(one 'q=%25' 'length')"
h=$(head_of "$M?limit=10000&offset=9990")
check "last page" "200 10000 10" "$(echo "$h" | head -1) $(hdr x-total-count "$h") $(jq length "$WORK/body")"
before=$(psql_maas -c "SELECT count(*), max(updated) FROM nodes")
for bad in 'status=sleeping:status' 'sort=password:sort' 'sort=-:sort' 'offset=-1:offset' 'offset=x:offset' 'limit=0:limit' 'limit=10001:limit' "q=$(head -c 300 /dev/zero | tr '\0' x):q"; do
    api GET "$M?${bad%:*}"
    check "bad ${bad%%=*} refused by name" "400 ${bad##*:}" "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys | join(",")')"
done
check "refusals changed nothing" "$before" "$(psql_maas -c "SELECT count(*), max(updated) FROM nodes")"

# visibility: a user sees unowned machines and their own, in lists, counts and pages
api POST "$A/users/" -d username=bob -d email=bob@example.com -d password=bobpw -d is_superuser=0
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" apikey bob --generate)
h=$(head_of "$M?limit=5")
check "bob sees unowned machines only" "200 $(grep -c ' null$' "$WORK/db.txt") 5" "$(echo "$h" | head -1) $(hdr x-total-count "$h") $(jq length "$WORK/body")"
check "bob's whole list" "$(grep -c ' null$' "$WORK/db.txt")" "$(curl -s -m 120 -H "$(auth)" "$M" | jq length)"
finish
