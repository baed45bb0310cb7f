#!/bin/bash
# bench/bmc: 1000 webhook BMCs (one local test HTTP server, webhook_server.py) managed by racks
# in their own network namespaces (tests/system/power/bmc_lib.sh) through one region worker.
# Measures, for a baseline of 1 rack and then for 3 racks side by side: the time of a full
# power-state sweep (every BMC polled once; poll interval 1 s), max/min BMCs per rack, the
# fraction of BMCs that move when a rack is killed (leave) and when it comes back (rejoin), and
# the time from a rack's kill -9 to the first successful power command for one of its machines.
# Usage: bench/bmc/run.sh [BUILD_DIR]   (default: ./build; builds what it needs). As root.
# Environment: BENCH_BMCS (default 1000).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
N=${BENCH_BMCS:-1000}
for tool in jq psql python3 ipmitool; do
    command -v "$tool" >/dev/null || { echo "bench/bmc needs $tool (tools/install-deps)"; exit 1; }
done
cmake --build "$BUILD" -j2 --target maas-regiond maas-rackd maas-rack-register region_admin_tool \
    region_oauth_header >/dev/null

export BIN=$BUILD/bin TOOLS=$BUILD/tests
source "$SRC/tests/integration/region/lib.sh"
source "$SRC/tests/system/power/bmc_lib.sh"

now() { date +%s.%N; }
elapsed() { echo "$1 $2" | awk '{printf "%.2f", $2 - $1}'; }

pg_start
make_hub
for n in 1 2 3; do make_rack_ns "$n"; done
start_webhook_bmcs
start_power_region 1

# Seed the machines directly (the API would take minutes for 1000 creates).
psql_maas >/dev/null <<SQL
INSERT INTO nodes (system_id, hostname, node_type, power_type, power_parameters)
SELECT 'w' || lpad(i::text, 5, '0'), 'bench-' || i, 0, 'webhook',
       jsonb_build_object('power_on_uri', '$HOOK/on/' || i, 'power_off_uri', '$HOOK/off/' || i,
                          'power_query_uri', '$HOOK/q/' || i)
FROM generate_series(1, $N) AS i;
SQL

stats() { in_hub curl -s "$HOOK/stats" | awk '{print $1}'; }
all_polled() { [ "$(stats)" -ge "$N" ]; }
reset_stats() { in_hub curl -s -X POST -d '' "$HOOK/reset" >/dev/null; }
sweep() {  # -> seconds until every BMC was polled once more (after a warm-up sweep)
    reset_stats
    wait_for "warm-up sweep" 120 all_polled
    reset_stats
    local t0; t0=$(now)
    wait_for "a full sweep" 120 all_polled
    elapsed "$t0" "$(now)"
}
owners() {
    api GET "$A/machines/"
    echo "$BODY" | jq -r '.[] | "\(.system_id) \(.power_rack.system_id)"' | sort
}
spread() { echo "$1" | awk '{print $2}' | sort | uniq -c | awk 'NR==1 || $1<min {min=$1} $1>max {max=$1} END {printf "%.2f", max/min}'; }
moved() { join <(echo "$1") <(echo "$2") | awk -v n="$N" '$2 != $3 {m++} END {printf "%.3f", m/n}'; }

# --- baseline: one rack
start_rack 1 "$U" "$SECRET"
wait_for "rack 1 connected" 30 rack_connected 1
BASE_SWEEP=$(sweep)
BASE_SPREAD=$(spread "$(owners)")

# --- three racks
start_rack 2 "$U" "$SECRET"
start_rack 3 "$U" "$SECRET"
wait_for "rack 2 connected" 30 rack_connected 2
wait_for "rack 3 connected" 30 rack_connected 3
three_owners() { [ "$(owners | awk '{print $2}' | sort -u | wc -l)" = 3 ]; }
wait_for "three racks own BMCs" 30 three_owners
SWEEP=$(sweep)
BEFORE=$(owners)
SPREAD=$(spread "$BEFORE")

# --- rack 2 leaves (kill -9): time to the first successful command for one of its machines
VICTIM_ID=$(rack_id 2)
TARGET=$(awk -v v="$VICTIM_ID" '$2 == v {print $1}' <<<"$BEFORE" | sed -n 1p)
t0=$(now)
kill -9 "${RACK_PID[2]}"
for _ in $(seq 300); do
    api POST "$A/machines/$TARGET/?op=power_on" -d ""
    [ "$HTTP_STATUS" = 200 ] && break
done
TAKEOVER=$(elapsed "$t0" "$(now)")
[ "$HTTP_STATUS" = 200 ] || { echo "no takeover: $HTTP_STATUS $BODY"; exit 1; }
DURING=$(owners)
LEAVE=$(moved "$BEFORE" "$DURING")

# --- rack 2 rejoins
start_rack 2 "$U" "$SECRET"
wait_for "rack 2 back" 30 rack_connected 2
back() { [ "$(owners)" = "$BEFORE" ]; }
wait_for "ownership restored" 30 back
REJOIN=$(moved "$DURING" "$(owners)")

printf '%-18s %-18s %-18s\n' metric "baseline (1 rack)" "3 racks"
printf '%-18s %-18s %-18s\n' bmcs "$N" "$N"
printf '%-18s %-18s %-18s\n' sweep-s "$BASE_SWEEP" "$SWEEP"
printf '%-18s %-18s %-18s\n' spread "$BASE_SPREAD" "$SPREAD"
printf '%-18s %-18s %-18s\n' moved-on-leave "n/a" "$LEAVE"
printf '%-18s %-18s %-18s\n' moved-on-rejoin "n/a" "$REJOIN"
printf '%-18s %-18s %-18s\n' takeover-s "n/a (no other rack)" "$TAKEOVER"
echo "bmc: bmcs=$N sweep-s=$SWEEP spread=$SPREAD moved-on-leave=$LEAVE takeover-s=$TAKEOVER"
