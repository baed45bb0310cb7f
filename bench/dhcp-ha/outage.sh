#!/bin/bash
# bench/dhcp-ha/outage.sh: racks riding out a region and PostgreSQL outage, measured with the
# system test tests/system/dhcp/dhcp_outage_test.sh (real region, two racks under their
# supervisors with kea-dhcp4 and the hook, udhcpc clients in namespaces; rack A's rackd
# restarted during the outage). Two runs of the same load and length side by side: the
# baseline with the region up throughout (STOP_REGION=no), then with every region worker and
# PostgreSQL stopped for OUTAGE_S seconds (default 60).
#   failed-dhcp: client exchanges that got no lease;
#   lost-events: clients' newest leases missing from `ipaddresses read` afterwards, plus
#                spooled events the racks gave up at their bound.
# Usage: bench/dhcp-ha/outage.sh [BUILD_DIR]   (root). Last line:
#   outage-failed-dhcp=N outage-lost-events=N
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
[ "$(id -u)" = 0 ] || { echo "outage: needs root for network namespaces" >&2; exit 2; }
cmake --build "$BUILD" -j2 >/dev/null || exit 2
TMP=$(mktemp -d /tmp/maas-outage-bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

run() {  # run STOP_REGION: the test's summary line, or "" when it produced none
    STOP_REGION=$1 OUTAGE_S=${OUTAGE_S:-60} BIN="$BUILD/bin" TOOLS="$BUILD/tests" BUILD="$BUILD" \
        bash "$ROOT/tests/system/dhcp/dhcp_outage_test.sh" >"$TMP/outage-$1.log" 2>&1
    local rc=$?
    [ "$rc" = 0 ] || { grep -E '^FAIL' "$TMP/outage-$1.log" >&2; echo "outage: run with STOP_REGION=$1 failed" >&2; }
    grep -o 'outage: seconds=.*' "$TMP/outage-$1.log" | tail -1
}
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$2"; }

BASE=$(run no)
OUT=$(run yes)
printf '%-22s %-10s %-12s %-12s %s\n' run exchanges failed-dhcp lost-events spooled-events
for pair in "baseline, region up:$BASE" "outage ${OUTAGE_S:-60} s:$OUT"; do
    name=${pair%%:*} line=${pair#*:}
    printf '%-22s %-10s %-12s %-12s %s\n' "$name" "$(field exchanges "$line")" \
        "$(field failed-dhcp "$line")" "$(field lost-events "$line")" "$(field spooled-events "$line")"
done
echo "outage-failed-dhcp=$(field failed-dhcp "$OUT" | grep . || echo n/a)" \
    "outage-lost-events=$(field lost-events "$OUT" | grep . || echo n/a)"
