# The attacks, shared by the suite (abuse_test.sh) and bench/abuse/run. Each case runs its
# attack with a healthz probe and a legitimate API client alongside, then sets:
#   PROBE (the probe's file), API_OK (answers out of API_N), RSS (peak worker RSS, MB)
# and case-specific values. Sourced after abuse_lib.sh.

API_N=5

# start_attack NAME SECONDS COMMAND...: the attack in the attacker namespace, bounded by
# SECONDS (+ 30 s of grace for its own shutdown; its summary line in $WORK/NAME.out), with a
# healthz probe alongside. finish_attack: the API client's requests, memory sampled until the
# attack ends, then both waited for. run_attack: both.
start_attack() {
    local name=$1 seconds=$2
    shift 2
    PROBE=$WORK/$name.probe
    : >"$PROBE"
    probe_healthz "$seconds" "$PROBE" &
    PROBE_PID=$!
    if [ "$#" -gt 0 ]; then
        (ulimit -n "$(ulimit -Hn)"; timeout $((seconds + 30)) ip netns exec "$ATTACKER_NS" "$@" \
            >"$WORK/$name.out" 2>"$WORK/$name.err") &
    else
        sleep "$seconds" &
    fi
    ATTACK_PID=$!
}
finish_attack() {
    API_OK=$(api_answers "$API_N")
    RSS=$(max_worker_rss_mb)
    while kill -0 "$ATTACK_PID" 2>/dev/null; do
        local r; r=$(max_worker_rss_mb)
        [ "$r" -gt "$RSS" ] && RSS=$r
        sleep 0.5  # sampling memory, not synchronisation; ends with the bounded attack
    done
    wait "$ATTACK_PID" || true
    wait "$PROBE_PID" || true
}
run_attack() {
    start_attack "$@"
    sleep 1  # pacing: the attack is under way before the client measures
    finish_attack
}

case_baseline() { run_attack baseline "${1:-8}"; }

# measure_register N: starts rack N (registered already) and sets REGISTER_S to the seconds
# until it is connected to every worker (bounded: 20 s).
measure_register() {
    start_rack "$1" "$U" "$SECRET"
    local t0 i
    t0=$(date +%s.%N)
    for i in $(seq 200); do rack_connected "$1" && break; sleep 0.1; done
    REGISTER_S=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN {printf "%.2f\n", a - b}')
}

case_login_flood() {
    run_attack login_flood "${1:-10}" python3 "$ATTACK" login-flood "$U/accounts/login/" 40 "${1:-10}"
    LOGIN_SUMMARY=$(cat "$WORK/login_flood.out")
}

case_slowloris() {
    run_attack slowloris "${1:-12}" python3 "$ATTACK" slowloris "$HUB_IP" 5240 300 "${1:-12}"
    SLOWLORIS_SUMMARY=$(cat "$WORK/slowloris.out")
}

# POST without Content-Length: answered at once, creates nothing; a proper retry creates one.
case_post_no_length() {
    local name=abuse-$$ auth
    auth=$("$TOOLS/region_oauth_header" "$API_KEY")
    run_attack post_no_length 3 python3 "$ATTACK" post-no-length "$HUB_IP" 5240 \
        /MAAS/api/2.0/fabrics/ "$auth" "name=$name"
    POST_STATUS=$(sed -n 's/.*status=\([^ ]*\).*/\1/p' "$WORK/post_no_length.out")
    POST_SECONDS=$(sed -n 's/.*seconds=\([^ ]*\).*/\1/p' "$WORK/post_no_length.out")
    api POST "$A/fabrics/" -d "name=$name"
    api GET "$A/fabrics/"
    POST_CREATED=$(echo "$BODY" | jq --arg n "$name" '[.[] | select(.name == $n)] | length')
}

# Idle pre-auth sockets from 20 addresses squatting a worker's RPC port; rack 2 registers
# meanwhile. The squatters left open afterwards: SQUAT_SUMMARY.
case_rpc_squat() {
    local conns=${1:-2000} seconds=${2:-10}
    register_rack 2
    start_attack rpc_squat "$seconds" python3 "$ATTACK" rpc-squat "$HUB_IP" 5250 "$conns" \
        "$seconds" idle "${ATTACKER_ADDRS[@]}"
    sleep 2  # pacing: the squat is in place before the rack arrives
    measure_register 2
    RACK2_CONNECTED=$(rack_connected 2 && echo yes || echo no)
    finish_attack
    SQUAT_SUMMARY=$(cat "$WORK/rpc_squat.out")
}

# Pre-auth sockets each announcing a 1 MiB frame and sending 4000 bytes of it.
case_preauth_frames() {
    run_attack preauth_frames "${2:-5}" python3 "$ATTACK" rpc-squat "$HUB_IP" 5251 "${1:-1000}" \
        "${2:-5}" frame "${ATTACKER_ADDRS[@]}"
    FRAMES_SUMMARY=$(cat "$WORK/preauth_frames.out")
}

# Webhook BMCs answering 2 MiB and endless bodies, queried through the API and polled by rack 1.
case_bmc() {
    local kind n=0
    BMC_ANSWERS=0
    for kind in huge endless; do
        n=$((n + 1))
        api POST "$A/machines/" -d architecture=amd64 \
            -d "mac_addresses=52:54:00:ab:$(printf '%02x' "$n"):01" -d "hostname=bmc-$$-$kind" \
            -d power_type=webhook --data-urlencode "power_parameters_power_on_uri=$HOOK/$kind/on" \
            --data-urlencode "power_parameters_power_off_uri=$HOOK/$kind/off" \
            --data-urlencode "power_parameters_power_query_uri=$HOOK/$kind/q"
        [ "$HTTP_STATUS" = 200 ] || fail "create webhook machine: $HTTP_STATUS $BODY"
        BMC_MACHINES+=("$(echo "$BODY" | jq -r .system_id)")
    done
    PROBE=$WORK/bmc.probe
    : >"$PROBE"
    probe_healthz 14 "$PROBE" &
    local probe=$!
    local id
    for id in "${BMC_MACHINES[@]}"; do
        api GET "$A/machines/$id/?op=query_power_state"
        # A state (huge: no match, "unknown") or the BMC's own error (endless: its deadline).
        case "$HTTP_STATUS" in 200 | 503) BMC_ANSWERS=$((BMC_ANSWERS + 1)) ;; esac
        echo "bmc $id: $HTTP_STATUS $BODY"
    done
    API_OK=$(api_answers "$API_N")
    RSS=$(max_worker_rss_mb)
    wait "$probe" || true
    BMC_CRASHES=$((1 - $(alive_count "${RACK_PID[1]}")))
}
BMC_MACHINES=()
