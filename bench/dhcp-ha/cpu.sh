#!/bin/bash
# bench/dhcp-ha/cpu.sh: CPU time per acknowledged DORA of each kea-dhcp4, at one fixed modest
# rate, for one Kea without HA, our hot-standby pair, and optionally a baseline copy of the
# hook library (another build, e.g. main's) in the same pair, side by side. A ceiling on a
# shared 2-CPU host follows the load of the moment; CPU per DORA does much less, so this is
# how a change to the hook's path is judged. The servers' CPU is utime + stime of their whole
# processes (every thread's run time in /proc/PID/task/*/schedstat, nanoseconds) from just
# before to just after one perfdhcp step.
# Each round runs every setup once, in an order that rotates from round to round, with fresh
# servers and empty lease files; every round and the medians are printed.
# Usage: bench/dhcp-ha/cpu.sh [BUILD_DIR [BASE_LIB]]   (root; builds the targets it needs)
#   BASE_LIB: a libmaas_dhcp_ha.so copied aside, measured as "base" (none: not measured).
# Settings: DHCP_HA_CPU_RATE (400/s), DHCP_HA_CPU_SECONDS (8), DHCP_HA_CPU_ROUNDS (5),
# DHCP_HA_CPU_PERF=DIR: one more round, not counted, with `perf record -g` of each setup's
# first server, to DIR/SETUP.perf.data (for `perf report -i`).
# DHCP_HA_CPU_ALLOCS (1; 0: off): one more round, not counted, in which a perf uprobe on libc's
# malloc counts each server's allocations per ACK (a figure the host's load hardly moves). The
# probe's trap is slow, so that round runs at DHCP_HA_CPU_ALLOC_RATE (50/s) and its times are
# not figures; the pair's heartbeats (10/s each way) add a few mallocs per ACK at that rate.
# Last line: dhcp-ha-cpu: no-ha-us=.. ours-us=.. ours-secondary-us=.. base-us=..
#   base-secondary-us=.. ours/no-ha=.. ours/base=.. no-ha-allocs=.. ours-allocs=..
#   ours-secondary-allocs=.. base-allocs=.. base-secondary-allocs=.. rate=.. rounds=..
#   (us of CPU per ACK: medians; ratios: medians of each round's ratio; allocs: mallocs per ACK)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HA_BUILD=${1:-$ROOT/build}
BASE_LIB=${2:-}
RATE=${DHCP_HA_CPU_RATE:-400} SECS=${DHCP_HA_CPU_SECONDS:-8} ROUNDS=${DHCP_HA_CPU_ROUNDS:-5}
ALLOC_RATE=${DHCP_HA_CPU_ALLOC_RATE:-50}
[ "$(id -u)" = 0 ] || { echo "dhcp-ha-cpu: needs root for network namespaces" >&2; exit 2; }
[ -z "${DHCP_HA_CPU_PERF:-}" ] || mkdir -p "$DHCP_HA_CPU_PERF" || exit 2
[ -z "$BASE_LIB" ] || [ -f "$BASE_LIB" ] || { echo "dhcp-ha-cpu: no file $BASE_LIB" >&2; exit 2; }
cmake -S "$ROOT" -B "$HA_BUILD" >/dev/null &&
    cmake --build "$HA_BUILD" -j2 --target maas_dhcp_ha ha_probe >/dev/null || exit 2
HA_BUILD=$(cd "$HA_BUILD" && pwd)
[ -z "$BASE_LIB" ] || BASE_LIB=$(cd "$(dirname "$BASE_LIB")" && pwd)/$(basename "$BASE_LIB")
HA_TMP=$(mktemp -d /tmp/maas-ha-cpu.XXXXXX)
# shellcheck source=../../tests/system/hooks/ha_env.sh
. "$ROOT/tests/system/hooks/ha_env.sh"
trap 'ha_cleanup; rm -rf "$HA_TMP"' EXIT INT TERM
STEP=0

cpu_ns() {  # cpu_ns NAME: CPU time of NAME's kea-dhcp4 so far, all threads, nanoseconds
    cat "/proc/$(cat "$HA_TMP/$1/pid")"/task/*/schedstat | awk '{t += $1} END {printf "%.0f", t}'
}

# step NAME...: one perfdhcp step against the first server; sets ACKS, DROPS, US (per ACK, one
# value per NAME).
step() {
    STEP=$((STEP + 1))
    local name before=() i=0
    local perf=()
    if [ "$ROUND" = perf ]; then
        perf record -F 2000 -g -o "$DHCP_HA_CPU_PERF/$SETUP.perf.data" \
            -p "$(cat "$HA_TMP/$1/pid")" >/dev/null 2>&1 &
        perf+=($!)
    elif [ "$ROUND" = allocs ]; then
        for name in "$@"; do
            perf stat -e "$MALLOC_EVENT" -x, -o "$HA_TMP/$name.allocs" \
                -p "$(cat "$HA_TMP/$name/pid")" >/dev/null 2>&1 &
            perf+=($!)
        done
    fi
    for name in "$@"; do before+=("$(cpu_ns "$name")"); done
    local rate=$RATE
    [ "$ROUND" != allocs ] || rate=$ALLOC_RATE  # the probe's trap costs; no drops at this rate
    timeout 60 ip netns exec "$NS_C" perfdhcp -4 -l "$RELAY1" -r "$rate" -p "$SECS" -R 1000000 \
        -W 500000 -b "mac=00:0e:$(printf %02x $((STEP % 256))):00:00:00" "$ADDR_A" \
        >"$HA_TMP/out" 2>&1
    [ ${#perf[@]} = 0 ] || { kill -INT "${perf[@]}"; wait "${perf[@]}"; }
    US=() ALLOCS=()
    ACKS=$(awk '/Statistics for: REQUEST-ACK/ {ra = 1} ra && /received packets:/ {print $3; exit}' \
        "$HA_TMP/out")
    DROPS=$(awk '/drops ratio:/ {gsub("%", "", $3); if ($3 + 0 > m) m = $3 + 0} END {print m + 0}' \
        "$HA_TMP/out")
    for name in "$@"; do
        US+=("$(awk -v t="$(($(cpu_ns "$name") - before[i]))" -v n="${ACKS:-0}" \
            'BEGIN {if (n > 0) printf "%.0f", t / 1000 / n; else print "nan"}')")
        i=$((i + 1))
        [ "$ROUND" != allocs ] || ALLOCS+=("$(awk -F, -v n="${ACKS:-0}" -v e="$MALLOC_EVENT" \
            '$3 == e && n > 0 {printf "%.1f", $1 / n; found = 1} END {if (!found) print "nan"}' \
            "$HA_TMP/$name.allocs")")
    done
}

warm_up() {  # a short step first: the first queries of a fresh server cost more
    ip netns exec "$NS_C" perfdhcp -4 -l "$RELAY1" -r 100 -p 1 -R 1000000 \
        -b "mac=00:0e:ff:$(printf %02x $((STEP % 256))):00:00" "$ADDR_A" >/dev/null 2>&1
}

declare -A VALUES=()  # VALUES[key]: the rounds' figures, space-separated
declare -A ROUND_US=()  # ROUND_US[key]: this round's figure (for the ratios within a round)
declare -A ALLOC=()  # ALLOC[key]: mallocs per ACK in the allocation round
record() {  # record KEY US MALLOCS [KEY US MALLOCS]: a round's figures for KEY
    while [ $# -gt 2 ]; do
        case "$ROUND" in
        perf) ;;
        allocs) ALLOC[$1]=$3 ;;
        *) VALUES[$1]+=" $2" ROUND_US[$1]=$2 ;;
        esac
        shift 3
    done
}
measure() {  # measure SETUP ROUND
    local setup=$1 round=$2
    SETUP=$setup ROUND=$round
    if [ "$setup" = no-ha ]; then
        ha_kea_start none "$NS_A" || exit 1
        warm_up
        step none
        ha_kea_stop none TERM
        record no-ha "${US[0]}" "${ALLOCS[0]:-}"
        echo "  round $round no-ha: acks=$ACKS drops=${DROPS}% server=${US[0]} us/DORA" \
            "${ALLOCS[0]:+mallocs=${ALLOCS[0]}/DORA}"
    else
        ha_kea_start "$setup-a" "$NS_A" && ha_kea_start "$setup-b" "$NS_B" || exit 1
        ha_wait_state "$setup-a" normal 30 && ha_wait_state "$setup-b" normal 30 || exit 1
        warm_up
        step "$setup-a" "$setup-b"
        ha_kea_stop "$setup-a" TERM
        ha_kea_stop "$setup-b" TERM
        record "$setup" "${US[0]}" "${ALLOCS[0]:-}" "$setup-secondary" "${US[1]}" "${ALLOCS[1]:-}"
        echo "  round $round $setup: acks=$ACKS drops=${DROPS}% primary=${US[0]} us/DORA" \
            "secondary=${US[1]} us/lease" \
            "${ALLOCS[0]:+mallocs: primary=${ALLOCS[0]}/DORA secondary=${ALLOCS[1]}/lease}"
    fi
    rm -f "$HA_TMP"/*/leases.csv*
}

median() {  # median VALUE...: the middle one (the mean of the two middle ones for an even count)
    printf '%s\n' "$@" | grep -v nan | sort -n | awk '{v[NR] = $1} END {
        if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2];
        else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a"}'
}

ha_topology
head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$HA_TMP/secret"
echo >>"$HA_TMP/secret"
ha_kea_config none none primary "$HA_TMP/secret" udp
ha_kea_config ours-a ours primary "$HA_TMP/secret" udp
ha_kea_config ours-b ours secondary "$HA_TMP/secret" udp
SETUPS=(no-ha ours)
if [ -n "$BASE_LIB" ]; then
    for side in a:primary b:secondary; do
        ha_kea_config "base-${side%%:*}" ours "${side##*:}" "$HA_TMP/secret" udp
        sed -i "s|$HA_BUILD/lib/libmaas_dhcp_ha.so|$BASE_LIB|" "$HA_TMP/base-${side%%:*}/kea.json"
    done
    SETUPS+=(base)
fi
echo "dhcp-ha-cpu: ${RATE}/s for ${SECS} s, ${ROUNDS} rounds of ${SETUPS[*]}${BASE_LIB:+ (base: $BASE_LIB)};" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
MALLOC_EVENT=""
if [ "${DHCP_HA_CPU_ALLOCS:-1}" != 0 ] && command -v perf >/dev/null &&
    perf probe -q -x "$(ldconfig -p | awk '/libc.so.6 .*x86-64/ {print $NF; exit}')" \
        -a "mhkmalloc$$=malloc" 2>/dev/null; then
    MALLOC_EVENT="probe_libc:mhkmalloc$$"
    trap 'perf probe -q -d "$MALLOC_EVENT"; ha_cleanup; rm -rf "$HA_TMP"' EXIT INT TERM
fi
for round in $(seq 1 "$ROUNDS"); do
    n=${#SETUPS[@]}
    for i in $(seq 0 $((n - 1))); do
        measure "${SETUPS[$(((i + round - 1) % n))]}" "$round"
    done
    VALUES[ours/no-ha]+=" $(ratio "${ROUND_US[ours]}" "${ROUND_US[no-ha]}")"
    [ -z "$BASE_LIB" ] || VALUES[ours/base]+=" $(ratio "${ROUND_US[ours]}" "${ROUND_US[base]}")"
done
if [ -n "${DHCP_HA_CPU_PERF:-}" ]; then
    for setup in "${SETUPS[@]}"; do measure "$setup" perf; done
fi
if [ -n "$MALLOC_EVENT" ]; then
    for setup in "${SETUPS[@]}"; do measure "$setup" allocs; done
fi
echo "dhcp-ha-cpu: load average after $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A MED=()
for key in no-ha ours ours-secondary base base-secondary ours/no-ha ours/base; do
    # shellcheck disable=SC2086  # the rounds' figures, one word each
    MED[$key]=$(if [ -n "${VALUES[$key]:-}" ]; then median ${VALUES[$key]}; else echo n/a; fi)
done
echo "dhcp-ha-cpu: no-ha-us=${MED[no-ha]} ours-us=${MED[ours]}" \
    "ours-secondary-us=${MED[ours-secondary]} base-us=${MED[base]}" \
    "base-secondary-us=${MED[base-secondary]} ours/no-ha=${MED[ours/no-ha]}" \
    "ours/base=${MED[ours/base]} no-ha-allocs=${ALLOC[no-ha]:-n/a} ours-allocs=${ALLOC[ours]:-n/a}" \
    "ours-secondary-allocs=${ALLOC[ours-secondary]:-n/a} base-allocs=${ALLOC[base]:-n/a}" \
    "base-secondary-allocs=${ALLOC[base-secondary]:-n/a} rate=$RATE rounds=$ROUNDS"
