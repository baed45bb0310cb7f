# shellcheck shell=bash
# bench/dhcp-ha/ceiling.sh, sourced by bench/dhcp-ha/run after ha_env.sh: the five servers of
# one threading mode, and the search for each setup's ceiling (the highest offered rate it
# answers with at most 0.1 % drops).
# Needs: HA_BUILD, HA_TMP, the namespaces of run (NS_N, NS_KA, NS_KB and ha_env's), ADDR_*.

SETUPS="no-ha kea-ha ours"
declare -A SERVER=([no-ha]=$ADDR_N [kea-ha]=$ADDR_KA [ours]=$ADDR_A)
# Each setup draws clients from its own 100000 MACs: fewer than the 131000 addresses of the
# relayed pool, so a search never runs a server out of addresses.
declare -A MACS=([no-ha]=00:0c:01:00:00:00 [kea-ha]=00:0c:02:00:00:00 [ours]=00:0c:03:00:00:00)
CLIENTS=100000
# The processes whose CPU a setup uses (kha-*-ca: the control agents of Kea HA single-threaded).
declare -A PROCS=([no-ha]="none-a" [kea-ha]="kha-a kha-b kha-a-ca kha-b-ca" [ours]="our-a our-b")
START_RATE=${DHCP_HA_START_RATE:-1000}
MAX_RATE=${DHCP_HA_MAX_RATE:-64000}
STEP_SECONDS=${DHCP_HA_STEP_SECONDS:-2}
TRIES=${DHCP_HA_TRIES:-2}
PRECISION_PCT=5
STEP=0

# kea_ca_start NAME NS ADDR: a kea-ctrl-agent on ADDR:8000 in front of NAME's control socket
# (how Kea HA single-threaded reaches its partner). Its pid is in $HA_TMP/NAME-ca/pid.
kea_ca_start() {
    local dir="$HA_TMP/$1-ca" _
    mkdir -p "$dir"
    cat >"$dir/ca.json" <<JSON
{"Control-agent": {"http-host": "$3", "http-port": 8000,
  "control-sockets": {"dhcp4": {"socket-type": "unix", "socket-name": "$HA_TMP/$1/ctrl.sock"}},
  "loggers": [{"name": "kea-ctrl-agent", "severity": "WARN",
               "output_options": [{"output": "$dir/ca.log"}]}]}}
JSON
    KEA_PIDFILE_DIR="$dir" KEA_LOCKFILE_DIR="$dir" \
        ip netns exec "$2" kea-ctrl-agent -c "$dir/ca.json" >>"$dir/stdout.log" 2>&1 &
    HA_PIDS+=("$!")
    echo "$!" >"$dir/pid"
    for _ in $(seq 1 100); do
        ip netns exec "$2" curl -s -m 1 -X POST -H 'Content-Type: application/json' \
            -d '{"command": "version-get"}' "http://$3:8000/" >/dev/null && return 0
        sleep 0.1
    done
    echo "dhcp-ha: kea-ctrl-agent for $1 did not come up" >&2
    return 1
}

kea_ha_state() {
    ha_cmd "$1" '{"command": "ha-heartbeat"}' 2>/dev/null |
        sed -n 's/.*"state": "\([a-z-]*\)".*/\1/p' | head -1
}
wait_kea_ha() {  # wait_kea_ha NAME STATE SECONDS
    local deadline=$((SECONDS + $3))
    while [ $SECONDS -lt $deadline ]; do
        [ "$(kea_ha_state "$1")" = "$2" ] && return 0
        sleep 0.2
    done
    echo "dhcp-ha: $1 did not reach $2 (is $(kea_ha_state "$1"))" >&2
    return 1
}

# mode_start st|mt: the five servers of one threading mode with empty lease files, ready.
mode_start() {
    local mt="" name
    [ "$1" = mt ] && mt=1
    HA_KEA_MT=$mt ADDR_A=$ADDR_N ha_kea_config none-a none primary "$HA_TMP/secret" udp
    HA_KEA_MT=$mt ADDR_A=$ADDR_KA ADDR_B=$ADDR_KB ha_kea_config kha-a kea-ha primary \
        "$HA_TMP/secret" udp
    HA_KEA_MT=$mt ADDR_A=$ADDR_KA ADDR_B=$ADDR_KB ha_kea_config kha-b kea-ha secondary \
        "$HA_TMP/secret" udp
    HA_KEA_MT=$mt ha_kea_config our-a ours primary "$HA_TMP/secret" udp
    HA_KEA_MT=$mt ha_kea_config our-b ours secondary "$HA_TMP/secret" udp
    for name in none-a kha-a kha-b our-a our-b; do
        rm -f "$HA_TMP/$name"/leases.csv*
    done
    ha_kea_start none-a "$NS_N" && ha_kea_start kha-a "$NS_KA" && ha_kea_start kha-b "$NS_KB" &&
        ha_kea_start our-a "$NS_A" && ha_kea_start our-b "$NS_B" || return 1
    if [ -z "$mt" ]; then
        kea_ca_start kha-a "$NS_KA" "$ADDR_KA" && kea_ca_start kha-b "$NS_KB" "$ADDR_KB" || return 1
    fi
    wait_kea_ha kha-a hot-standby 60 && wait_kea_ha kha-b hot-standby 30 &&
        ha_wait_state our-a normal 30 && ha_wait_state our-b normal 30
}

mode_stop() {
    local name
    for name in none-a kha-a kha-b our-a our-b kha-a-ca kha-b-ca; do
        [ -f "$HA_TMP/$name/pid" ] && ha_kea_stop "$name" TERM
        rm -f "$HA_TMP/$name/pid"
    done
}

# CPU seconds (user + system, all threads) used so far by a setup's processes.
setup_cpu() {  # setup_cpu SETUP
    local name ticks=0 pid
    for name in ${PROCS[$1]}; do
        [ -f "$HA_TMP/$name/pid" ] || continue
        pid=$(cat "$HA_TMP/$name/pid")
        [ -r "/proc/$pid/stat" ] || continue
        ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", t / hz}'
}

# One perfdhcp step; prints "ack_rate max_drop_pct req_ack_avg_ms cpu_us_per_ack". STEP (passed
# in: callers run it in a subshell) names the output file. The CPU is that of the setup's
# servers together (for ours and kea-ha: primary and secondary), per ACKed DORA.
load_step() {  # load_step SETUP RATE STEP
    local out="$HA_TMP/perf.$3" cpu_before cpu_after
    cpu_before=$(setup_cpu "$1")
    timeout 60 ip netns exec "$NS_C" perfdhcp -4 -l "$RELAY1" -r "$2" -p "$STEP_SECONDS" \
        -R "$CLIENTS" -W 500000 -b "mac=${MACS[$1]}" "${SERVER[$1]}" >"$out" 2>&1
    cpu_after=$(setup_cpu "$1")
    awk -v secs="$STEP_SECONDS" -v cpu="$cpu_before $cpu_after" '
        /Statistics for: REQUEST-ACK/ {ra = 1}
        /drops ratio:/ {gsub("%", "", $3); if ($3 + 0 > maxdrop) maxdrop = $3 + 0}
        ra && /received packets:/ {acks = $3}
        ra && /avg delay:/ {lat = $3; ra = 0}
        END {
            split(cpu, c, " ")
            printf "%d %.3f %s %.0f\n", acks / secs, maxdrop, lat, acks ? (c[2] - c[1]) * 1e6 / acks : 0
        }' "$out"
}

clean() { awk -v d="$1" 'BEGIN {exit !(d < 0.1)}'; }

# The search state of one (mode, run): per setup the highest clean offered rate (LO), the lowest
# failed one (HI, 0: none yet), the next rate to offer, and what the highest clean step measured.
search_reset() {
    local s
    for s in $SETUPS; do
        LO[$s]=0 HI[$s]=0 NEXT[$s]=$START_RATE CEIL[$s]=0 LAT[$s]=nan CPU[$s]=nan PEAK[$s]=0
    done
    FINISHED=()
}
declare -A LO HI NEXT CEIL LAT CPU PEAK FINISHED

# After a step: double until a step fails, then bisect until the bracket is within 5 %.
search_next() {  # search_next SETUP RATE CLEAN(0|1)
    local s=$1 r=$2
    if [ "$3" = 1 ]; then LO[$s]=$r; else HI[$s]=$r; fi
    if [ "${HI[$s]}" = 0 ]; then
        if [ $((2 * r)) -gt "$MAX_RATE" ]; then
            FINISHED[$s]=capped
        else
            NEXT[$s]=$((2 * r))
        fi
    elif [ $(((HI[$s] - LO[$s]) * 100)) -le $((LO[$s] * PRECISION_PCT)) ] ||
        [ $((HI[$s] - LO[$s])) -le 10 ]; then
        FINISHED[$s]=found
    else
        NEXT[$s]=$(((LO[$s] + HI[$s]) / 2))
    fi
}

# One rate for one setup: the step is clean if one of TRIES runs is (the same for every setup).
rate_step() {  # rate_step SETUP RATE
    local try result ok=0
    for try in $(seq 1 "$TRIES"); do
        STEP=$((STEP + 1))
        result=$(load_step "$1" "$2" "$STEP")
        set -- "$1" "$2" $result
        clean "$4" && ok=1 && break
    done
    printf '  %-6s offered=%-5s acked/s=%-5s drops=%-6s%% req->ack=%-7s ms cpu=%s us/DORA\n' \
        "$1" "$2" "$3" "$4" "$5" "$6"
    [ "$3" -gt "${PEAK[$1]}" ] && PEAK[$1]=$3
    if [ $ok = 1 ]; then
        CEIL[$1]=$3 LAT[$1]=$5 CPU[$1]=$6
    fi
    search_next "$1" "$2" $ok
}

# One search of every setup of the running mode: each round offers every setup its own next
# rate, back to back, so that load from other processes hits the three alike. Bounded: doubling
# stops at MAX_RATE and every bisection halves the bracket.
search_all() {
    local setup round
    search_reset
    for setup in $SETUPS; do  # warm-up (ARP, first allocations), not counted
        STEP=$((STEP + 1))
        load_step "$setup" 100 "$STEP" >/dev/null
    done
    for round in $(seq 1 40); do
        for setup in $SETUPS; do
            [ -n "${FINISHED[$setup]:-}" ] || rate_step "$setup" "${NEXT[$setup]}"
        done
        [ ${#FINISHED[@]} -eq 3 ] && break
    done
}
