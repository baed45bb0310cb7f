#!/bin/bash
# bench/dhcp-ha/resync.sh: an empty partner pulls 100000 leases while the other server answers
# perfdhcp at a fixed rate. Our pair (tests/system/hooks/ha_env.sh, single-threaded Kea, the
# rack's default): the primary starts with RESYNC_LEASES (100000) leases in its memfile lease
# file, written before it starts, and is put in partner-down by the operator's command (a
# replacement rack coming back to a survivor). Two perfdhcp runs of the same rate, length and
# client count (fresh MACs each) against the primary, side by side:
#   resync:   the empty secondary starts 1 s into the run; timed from its kea-dhcp4's start to
#             its state `normal` with every lease of the primary's file in its own file
#             (n/a: not within 180 s); link-losses: peer link drops the secondary logged;
#             cpu-s: CPU seconds of the primary during the pull (serving perfdhcp too) and of
#             the secondary from its start to normal;
#   baseline: the same run afterwards, the pair in `normal`, no resync.
# drops: perfdhcp's drop ratio (the larger of DISCOVER-OFFER and REQUEST-ACK), in percent.
# RESYNC_CUT_AFTER=N: once the secondary merged N leases its bridge port goes down (no FIN, no
# RST) until it has seen the link lost, then up again: the pull resumes (or starts over).
# RESYNC_BASE_BUILD=DIR: every run first runs the same with DIR's hook library on both servers
# (a build of another commit copied aside; only lib/libmaas_dhcp_ha.so is used), the primary
# restarted with its starting lease file for each hook; the summary line stays this build's.
# Usage: bench/dhcp-ha/resync.sh [BUILD_DIR]   (root). Settings: RESYNC_RATE (400/s),
# RESYNC_SECONDS (12), RESYNC_LEASES (100000), RESYNC_RUNS (1), RESYNC_KEEP (set: keep the
# temp dir with both servers' logs and lease files). Last line:
#   resync-100k-s=S resync-partner-drops-pct=P
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HA_BUILD=$(cd "${1:-$ROOT/build}" && pwd)
[ "$(id -u)" = 0 ] || { echo "resync: needs root for network namespaces" >&2; exit 2; }
cmake --build "$HA_BUILD" -j2 --target maas_dhcp_ha ha_probe >/dev/null || exit 2
HA_TMP=$(mktemp -d /tmp/maas-resync-bench.XXXXXX)
# shellcheck source=../../tests/system/hooks/ha_env.sh
. "$ROOT/tests/system/hooks/ha_env.sh"
# shellcheck source=resync_lib.sh
. "$ROOT/bench/dhcp-ha/resync_lib.sh"
trap 'ha_cleanup; [ -n "${RESYNC_KEEP:-}" ] || rm -rf "$HA_TMP"' EXIT INT TERM
RATE=${RESYNC_RATE:-400}
LOAD_S=${RESYNC_SECONDS:-12}
LEASES=${RESYNC_LEASES:-100000}
RUNS=${RESYNC_RUNS:-1}
CLIENTS=$((RATE * LOAD_S))

cpu_s() {  # cpu_s NAME: CPU seconds (user + system, all threads) of NAME's kea-dhcp4 so far
    awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$(cat "$HA_TMP/$1/pid")/stat"
}
drops_pct() {  # drops_pct PERFDHCP_OUTPUT: the larger drop ratio of the two exchanges
    awk '/drops ratio:/ {gsub("%", "", $3); if ($3 + 0 > d) d = $3 + 0} END {printf "%.3f", d}' "$1"
}
acks() { awk '/Statistics for: REQUEST-ACK/ {r = 1} r && /received packets:/ {print $3; exit}' "$1"; }
load() {  # load MAC_PREFIX OUTFILE: perfdhcp against the primary at RATE for LOAD_S seconds
    timeout $((LOAD_S + 30)) ip netns exec "$NS_C" perfdhcp -4 -l "$RELAY1" -r "$RATE" \
        -p "$LOAD_S" -R "$CLIENTS" -b "mac=$1" "$ADDR_A" >"$2" 2>&1
}
resync_setup "$LEASES"
link_lost() { ha_cmd b '{"command": "maas-ha-status"}' | grep -q '"link": "down"'; }
cut_link() {  # the secondary's port down until it saw the link lost, then up
    wait_until 120 pulled_past "$1" || { echo "resync: never pulled $1 leases" >&2; return; }
    ip -n "$NS_BR" link set pb down
    wait_until 10 link_lost || echo "resync: the link stayed up with the port down" >&2
    ip -n "$NS_BR" link set pb up
}
printf '%-9s %-4s %-5s %-8s %-7s %-8s %-9s %-7s %-12s %s\n' run try hook offered acks drops% resync-s \
    pulled link-losses cpu-s:a,b
RESYNC_S=() RESYNC_DROPS=()
for run in $(seq 1 "$RUNS"); do
  for hook in "${HOOKS[@]}"; do
    use_hook "${hook#*=}"
    primary_partner_down
    load "00:0d:$(printf %02x "$run"):00:00:00" "$HA_TMP/perf-resync.$run" &
    PERF=$!
    sleep 1  # the load is running (perfdhcp has no ready signal; this only offsets the start)
    T0=$(now) A_CPU0=$(cpu_s a)
    ha_kea_start b "$NS_B" || exit 1
    [ -n "${RESYNC_CUT_AFTER:-}" ] && cut_link "$RESYNC_CUT_AFTER"
    SECS=n/a
    if ha_wait_state b normal 180 >/dev/null; then
        T1=$(now) A_CPU=$(awk -v a="$A_CPU0" -v b="$(cpu_s a)" 'BEGIN {printf "%.2f", b - a}')
        B_CPU=$(cpu_s b)
        if all_present; then
            SECS=$(awk -v a="$T0" -v b="$T1" 'BEGIN {printf "%.2f", b - a}')
        else
            echo "resync: secondary normal without $(missing) of the primary's leases" >&2
        fi
    fi
    PULLED=$(pulled)
    LOSSES=$(grep -c MAAS_HA_LINK_DOWN "$HA_TMP/b/stdout.log")
    wait "$PERF"
    D=$(drops_pct "$HA_TMP/perf-resync.$run")
    printf '%-9s %-4s %-5s %-8s %-7s %-8s %-9s %-7s %-12s %s\n' resync "$run" "${hook%%=*}" "$RATE" \
        "$(acks "$HA_TMP/perf-resync.$run")" "$D" "$SECS" "${PULLED:-?}" "$LOSSES" \
        "${A_CPU:-?},${B_CPU:-?}"
    [ "${hook%%=*}" = ours ] && RESYNC_S+=("$SECS") RESYNC_DROPS+=("$D")
    ha_wait_state a normal 10 >/dev/null || echo "resync: primary not normal after the pull" >&2
    load "00:0e:$(printf %02x "$run"):00:00:00" "$HA_TMP/perf-base.$run"
    printf '%-9s %-4s %-5s %-8s %-7s %-8s %-9s %-7s %-12s %s\n' baseline "$run" "${hook%%=*}" "$RATE" \
        "$(acks "$HA_TMP/perf-base.$run")" "$(drops_pct "$HA_TMP/perf-base.$run")" - - - -
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "goals: resync-100k-s <= 5, resync-partner-drops-pct < 0.1"
echo "resync-100k-s=$(mid "${RESYNC_S[@]}") resync-partner-drops-pct=$(mid "${RESYNC_DROPS[@]}")"
