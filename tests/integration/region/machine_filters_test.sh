#!/bin/bash
# machines read filtered by power state, power type and managing rack (power_rack=), against a
# real PostgreSQL and worker: each filter answers what the unfiltered list says, combines with
# the others and with paging, and hostile values are refused by name with nothing written.
# The two racks are rows with a connection row to the live worker (the BMC owner is computed
# from live racks); nothing is ever sent to the machines' BMC addresses.
source "$(dirname "$0")/lib.sh"

start_api_region
auth() { echo "Authorization: $("$TOOLS/region_oauth_header" "$API_KEY")"; }
M=$A/machines/

# 240 machines: power types webhook/ipmi/manual in turn, states on/off/unknown/error in turn.
psql_maas >/dev/null <<'SQL'
INSERT INTO nodes (system_id, hostname, node_type, version) VALUES
    ('rackaaa', 'rack-a', 2, ''), ('rackbbb', 'rack-b', 2, ''), ('rackdead', 'rack-dead', 2, '');
INSERT INTO rack_connections (rack_node_id, process_id, connection_id, peer_address, heartbeat)
  SELECT n.id, (SELECT min(id) FROM region_processes), n.id, '127.0.0.1', now() + interval '1 hour'
  FROM nodes n WHERE n.hostname IN ('rack-a', 'rack-b');
INSERT INTO nodes (system_id, hostname, node_type, status, architecture, power_type, power_state, power_parameters)
  SELECT 'f' || lpad(g::text, 4, '0'), 'fleet-' || lpad(g::text, 4, '0'), 0, 4, 'amd64/generic',
         (ARRAY['webhook', 'ipmi', 'manual'])[g % 3 + 1], (ARRAY['on', 'off', 'unknown', 'error'])[g % 4 + 1],
         CASE g % 3
           WHEN 0 THEN jsonb_build_object('power_on_uri', 'http://192.0.2.' || (g % 200 + 1) || '/on/' || g)
           WHEN 1 THEN jsonb_build_object('power_address', '198.51.100.' || (g % 200 + 1), 'power_user', 'u', 'power_pass', 'p')
           ELSE '{}'::jsonb END
  FROM generate_series(1, 240) g;
SQL
curl -s -m 60 -H "$(auth)" "$M" >"$WORK/all.json"
check "every machine" "240" "$(jq length "$WORK/all.json")"
ids() { jq -r "[.[] | select($1) | .system_id] | sort | join(\" \")" "$WORK/all.json"; }
got() { curl -s -m 60 -H "$(auth)" "$M?$1" | jq -r '[.[].system_id] | sort | join(" ")'; }

check "power_state=on" "$(ids '.power_state == "on"')" "$(got 'power_state=on')"
check "power_state= repeated" "$(ids '.power_state == "off" or .power_state == "error"')" "$(got 'power_state=off&power_state=error')"
check "power_type=ipmi" "$(ids '.power_type == "ipmi"')" "$(got 'power_type=ipmi')"
check "power_type= repeated" "$(ids '.power_type != "manual"')" "$(got 'power_type=webhook&power_type=ipmi')"
check "both racks manage some" "yes" "$([ -n "$(ids '.power_rack.hostname == "rack-a"')" ] && [ -n "$(ids '.power_rack.hostname == "rack-b"')" ] && echo yes)"
check "power_rack= by hostname: what power_rack says" "$(ids '.power_rack.hostname == "rack-a"')" "$(got 'power_rack=rack-a')"
check "power_rack= by system_id" "$(ids '.power_rack.system_id == "rackbbb"')" "$(got 'power_rack=rackbbb')"
check "a dead rack manages none" "" "$(got 'power_rack=rack-dead')"
check "all filters combine" "$(ids '.power_rack.hostname == "rack-b" and .power_type == "webhook" and .power_state == "on"')" \
    "$(got 'power_rack=rack-b&power_type=webhook&power_state=on')"
want=$(ids '.power_rack.hostname == "rack-a" and .power_type == "ipmi"')
h=$(curl -s -m 60 -D - -o "$WORK/page.json" -H "$(auth)" "$M?power_rack=rack-a&power_type=ipmi&sort=-hostname&limit=5&offset=2" | tr -d '\r')
check "paged: the total of the filtered set" "$(wc -w <<<"$want")" "$(awk -F': ' 'tolower($1) == "x-total-count" {print $2}' <<<"$h")"
check "paged: the slice of the order" "$(jq -r '[.[] | select(.power_rack.hostname == "rack-a" and .power_type == "ipmi") | .hostname] | sort | reverse | .[2:7] | join(" ")' "$WORK/all.json")" \
    "$(jq -r '[.[].hostname] | join(" ")' "$WORK/page.json")"
check "power_rack= empty is no filter" "240" "$(curl -s -m 60 -H "$(auth)" "$M?power_rack=" | jq length)"

# hostile values: refused by the field's name, answered briefly, nothing written
before=$(psql_maas -c "SELECT count(*), max(updated), (SELECT count(*) FROM events) FROM nodes")
long=$(head -c 5000 /dev/zero | tr '\0' x)
for bad in 'power_state=ON:power_state' 'power_state=on%00:power_state' 'power_state=:power_state' \
    "power_state=$long:power_state" "power_type=ipmi'%3B%20DROP%20TABLE%20nodes%3B--:power_type" \
    'power_type=%25:power_type' 'power_type=webhook&power_type=x:power_type' \
    'power_rack=nosuch:power_rack' "power_rack=$long:power_rack" 'power_rack=fleet-0001:power_rack' \
    "power_rack=%27%20OR%201%3D1--:power_rack" 'power_rack=%E2%80%AE:power_rack'; do
    api GET "$M?${bad%:*}"
    check "bad ${bad:0:40} refused by name" "400 ${bad##*:}" "$HTTP_STATUS $(echo "$BODY" | jq -r 'keys | join(",")')"
    [ "${#BODY}" -lt 400 ] || fail "answer to ${bad:0:40} is ${#BODY} bytes"
done
check "a machine's name is not a rack's" "'fleet-0001' is not a rack controller." "$(curl -s -m 60 -H "$(auth)" "$M?power_rack=fleet-0001" | jq -r '.power_rack[0]')"
check "refusals changed nothing" "$before" "$(psql_maas -c "SELECT count(*), max(updated), (SELECT count(*) FROM events) FROM nodes")"
finish
