#!/bin/bash
# BMC power end to end: one region worker on a real PostgreSQL, three real racks (own network,
# UTS namespace and MAAS_ROOT), ipmi_sim BMCs on the racks' subnet (see bmc_lib.sh). Power on/off/query through the API and the CLI,
# power_rack in machine read, even ownership, kill -9 of an owner rack (its machines still
# answer through the others; nothing else moves), restart (only its share moves back),
# polling notices a state change made behind MAAS's back, wrong password -> the BMC's error
# (and the polls mark the machine's power_state "error"), routes learned from polls alone and
# forgotten after repeated failures.
# Environment: BIN (build/bin), TOOLS (build/tests).
source "$(dirname "$0")/../../integration/region/lib.sh"
source "$(dirname "$0")/bmc_lib.sh"

NBMC=9
NMANUAL=600  # enough keys that an even hash spread is certain, not likely

pg_start
make_hub
for n in 1 2 3; do make_rack_ns "$n"; done
start_power_region 2

for n in 1 2 3; do start_rack "$n" "$U" "$SECRET"; done
for n in 1 2 3; do wait_for "rack $n connected" 30 rack_connected "$n"; done
for n in $(seq "$NBMC"); do start_bmc "$n"; done

mac() { printf '52:54:%02x:%02x:%02x:%02x' $(($1 >> 8 & 255)) $(($1 & 255)) $(($$ >> 8 & 255)) $(($$ & 255)); }
declare -A MACHINE
for n in $(seq "$NBMC"); do
    api POST "$A/machines/" -d architecture=amd64 -d "mac_addresses=$(mac "$n")" \
        -d "hostname=bmc-$$-$n" -d power_type=ipmi \
        -d "power_parameters_power_address=$HUB_IP" -d "power_parameters_power_port=${BMC_PORT[$n]}" \
        -d power_parameters_power_user=admin -d power_parameters_power_pass=secret
    [ "$HTTP_STATUS" = 200 ] || { echo "create: $HTTP_STATUS $BODY"; exit 1; }
    MACHINE[$n]=$(echo "$BODY" | jq -r .system_id)
done
api POST "$A/machines/" -d architecture=amd64 -d "mac_addresses=$(mac 1000)" -d power_type=manual
[ "$HTTP_STATUS" = 200 ] || fail "create manual: $HTTP_STATUS $BODY"
# The rest directly (the API would take a minute), with random system_ids like the region's.
psql_maas >/dev/null <<SQL
INSERT INTO nodes (system_id, hostname, node_type, power_type, power_parameters)
SELECT substr(md5(random()::text), 1, 8), 'manual-$$-' || i, 0, 'manual', '{}'::jsonb
FROM generate_series(2, $NMANUAL) AS i;
SQL

# --- on / query / off through the API
ok=0
for n in $(seq "$NBMC"); do
    api POST "$A/machines/${MACHINE[$n]}/?op=power_on" -d ""
    [ "$HTTP_STATUS" = 200 ] && [ "$(echo "$BODY" | jq -r .power_state)" = on ] &&
        [ "$(bmc_power "$n")" = 1 ] && ok=$((ok + 1))
done
check "power_on reaches every BMC and answers the machine" "$NBMC" "$ok"
api GET "$A/machines/${MACHINE[1]}/?op=query_power_state"
check "query_power_state" "200 on" "$HTTP_STATUS $(echo "$BODY" | jq -r .state)"
api POST "$A/machines/${MACHINE[1]}/?op=power_off" -d ""
check "power_off" "200 off 0" "$HTTP_STATUS $(echo "$BODY" | jq -r .power_state) $(bmc_power 1)"
api GET "$A/machines/${MACHINE[1]}/"
check "machine read names the managing rack" "yes" \
    "$(echo "$BODY" | jq -r '.power_rack.hostname' | grep -q "^power-$$-" && echo yes)"

# --- the same through our CLI, as `maas PROFILE machine power-on SYSTEM_ID`
CLI_ROOT=$WORK/cli
maas_cli() { MAAS_ROOT=$CLI_ROOT in_hub "$BIN/maas" "$@"; }
maas_cli login admin "$U" "$API_KEY" >/dev/null
check "CLI machine power-on" "on 1" \
    "$(maas_cli admin machine power-on "${MACHINE[1]}" | jq -r .power_state) $(bmc_power 1)"
check "CLI machine query-power-state" "on" \
    "$(maas_cli admin machine query-power-state "${MACHINE[1]}" | jq -r .state)"

# --- ownership: every machine has a live owner, spread evenly over the three racks
owners() {  # -> "system_id rack_system_id" lines for every machine
    api GET "$A/machines/"
    echo "$BODY" | jq -r '.[] | "\(.system_id) \(.power_rack.system_id)"' | sort
}
BEFORE=$(owners)
counts=$(echo "$BEFORE" | awk '{print $2}' | sort | uniq -c | awk '{print $1}' | sort -n)
check "three racks own machines" "3" "$(echo "$counts" | wc -l)"
check "spread max/min <= 1.6" "yes" \
    "$(echo "$counts" | awk 'NR==1{min=$1} {max=$1} END {print (max <= 1.6 * min) ? "yes" : "no"}')"

# --- kill -9 the rack that owns the most IPMI BMCs
declare -A ID_OF
for n in 1 2 3; do ID_OF[$(rack_id "$n")]=$n; done
VICTIM_ID=$(for n in $(seq "$NBMC"); do echo "$BEFORE" | awk -v m="${MACHINE[$n]}" '$1 == m {print $2}'; done |
    sort | uniq -c | sort -rn | awk 'NR==1 {print $2}')
VICTIM=${ID_OF[$VICTIM_ID]}
kill -9 "${RACK_PID[$VICTIM]}"
wait "${RACK_PID[$VICTIM]}" 2>/dev/null || true
moved_ok=0 victims=0
for n in $(seq "$NBMC"); do
    owner=$(echo "$BEFORE" | awk -v m="${MACHINE[$n]}" '$1 == m {print $2}')
    [ "$owner" = "$VICTIM_ID" ] || continue
    victims=$((victims + 1))
    api POST "$A/machines/${MACHINE[$n]}/?op=power_off" -d ""
    [ "$HTTP_STATUS" = 200 ] && [ "$(bmc_power "$n")" = 0 ] && moved_ok=$((moved_ok + 1))
done
check "every machine of the killed rack powers off via the others" "$victims" "$moved_ok"
DURING=$(owners)
check "no machine is owned by the dead rack" "0" "$(echo "$DURING" | awk -v v="$VICTIM_ID" '$2 == v' | wc -l)"
check "machines of live racks kept their owner" "0" \
    "$(join <(echo "$BEFORE") <(echo "$DURING") | awk -v v="$VICTIM_ID" '$2 != v && $2 != $3' | wc -l)"

# --- restart: only its share moves back
start_rack "$VICTIM" "$U" "$SECRET"
wait_for "killed rack reconnected" 30 rack_connected "$VICTIM"
back() { [ "$(owners)" = "$BEFORE" ]; }
wait_for "ownership back to the original" 20 back
check "after restart the ownership is the original one" "$BEFORE" "$(owners)"

# --- polling: a change behind MAAS's back is noticed by the owner rack and reported
echo 1 >"$WORK/bmc2/power"
api POST "$A/machines/${MACHINE[3]}/?op=power_off" -d "" >/dev/null
echo 1 >"$WORK/bmc3/power"
polled() {
    api GET "$A/machines/${MACHINE[3]}/"
    [ "$(echo "$BODY" | jq -r .power_state)" = on ]
}
wait_for "poll reports the new power state" 30 polled
check "polled power_state" "on" "$(echo "$BODY" | jq -r .power_state)"

# --- a wrong BMC password is the BMC's error, with the machine named
api POST "$A/machines/" -d architecture=amd64 -d "mac_addresses=$(mac 999)" -d "hostname=badpw-$$" \
    -d power_type=ipmi -d "power_parameters_power_address=$HUB_IP" \
    -d "power_parameters_power_port=${BMC_PORT[1]}" -d power_parameters_power_user=admin \
    -d power_parameters_power_pass=wrong
BAD=$(echo "$BODY" | jq -r .system_id)
api POST "$A/machines/$BAD/?op=power_on" -d ""
check "wrong password answers 503" "503" "$HTTP_STATUS"
check "the error names the machine and the BMC's complaint" "yes" \
    "$(echo "$BODY" | grep -q "Unable to power on badpw-$$: ipmi $HUB_IP:${BMC_PORT[1]}: .*Unable to establish IPMI v2 / RMCP+ session" && echo yes)"
echo "wrong-password message: $BODY"
polled_error() {
    api GET "$A/machines/$BAD/"
    [ "$(echo "$BODY" | jq -r .power_state)" = error ]
}
wait_for "the owner's polls mark the machine's power state error" 30 polled_error
check "polled power_state of a BMC refusing the password" "error" "$(echo "$BODY" | jq -r .power_state)"

# --- routes: learned from the racks' polls alone, forgotten after repeated failures
routes_to() { psql_maas -c "SELECT count(*) FROM bmc_routes WHERE bmc_address = '$1'"; }
psql_maas -c "DELETE FROM bmc_routes"
# Only a rack that owns a machine with the right password polls it successfully; which racks
# own one depends on the random system_ids (ownership is back to BEFORE by now).
POLLERS=$(for n in $(seq "$NBMC"); do echo "$BEFORE" | awk -v m="${MACHINE[$n]}" '$1 == m {print $2}'; done |
    sort -u | wc -l)
relearned() { [ "$(routes_to "$HUB_IP")" = "$POLLERS" ]; }
wait_for "every rack owning a good BMC learns the route from its polls ($POLLERS racks)" 30 relearned
api POST "$A/machines/" -d architecture=amd64 -d "mac_addresses=$(mac 998)" \
    -d "hostname=lost-$$" -d power_type=ipmi -d power_parameters_power_address=203.0.113.77
psql_maas -c "INSERT INTO bmc_routes (rack_node_id, bmc_address)
              SELECT id, '203.0.113.77' FROM nodes WHERE node_type IN (2, 4)"
forgotten() { [ "$(routes_to 203.0.113.77)" = 0 ]; }
wait_for "routes to a BMC that no rack reaches are forgotten" 90 forgotten
check "no route left to the unreachable BMC" "0" "$(routes_to 203.0.113.77)"
check "the region stored every report" "0" "$(grep -c REGION_POWER_REPORT_FAILED "$WORK/regiond.log")"
finish
