#!/bin/bash
# Adversarial system suite: two real region workers, a real rack and real clients, attacked
# from their own network namespace: a login flood, slowloris, a POST without Content-Length,
# RPC squatting (while a second rack registers), pre-auth frames announcing 1 MiB, and webhook BMCs
# answering huge and endless bodies. After each: no worker or rackd restarted, healthz
# answered 200 within 2 s throughout, rack 1 still connected, the API client got every
# answer, worker memory stayed bounded; plus each case's own checks.
# Environment: BIN (build/bin), TOOLS (build/tests). Needs root (namespaces).
source "$(dirname "$0")/../../integration/region/lib.sh"
source "$(dirname "$0")/../power/bmc_lib.sh"
source "$(dirname "$0")/abuse_lib.sh"
source "$(dirname "$0")/abuse_cases.sh"

abuse_setup

case_login_flood 10
echo "login flood: $LOGIN_SUMMARY"
check_case "login flood" "$PROBE" "$API_OK" "$API_N" "$RSS"
check "login flood: failures were throttled (429s seen)" yes \
    "$(echo "$LOGIN_SUMMARY" | grep -q 'status_429=' && echo yes)"
check "login flood: failures are counted in the metrics" yes \
    "$(in_hub curl -s -m 5 "$U/metrics" | awk '$1 == "maas_login_throttled_total" && $2 > 0 {print "yes"}' | head -1)"

case_slowloris 12
echo "slowloris: $SLOWLORIS_SUMMARY"
check_case "slowloris" "$PROBE" "$API_OK" "$API_N" "$RSS"
check "slowloris: trickling heads are closed at the head deadline" yes \
    "$(echo "$SLOWLORIS_SUMMARY" | awk -F'closed_by_server=' '$2 > 0 {print "yes"}')"

case_post_no_length
check_case "post without length" "$PROBE" "$API_OK" "$API_N" "$RSS"
check "post without length: answered 411" 411 "$POST_STATUS"
check "post without length: answered within 1 s" yes \
    "$(awk -v s="$POST_SECONDS" 'BEGIN {print (s < 1 ? "yes" : "no (" s " s)")}')"
check "post without length: the retry made exactly one fabric" 1 "$POST_CREATED"

case_rpc_squat 2000 10
echo "rpc squat: $SQUAT_SUMMARY; rack 2 registered in $REGISTER_S s"
check_case "rpc squat" "$PROBE" "$API_OK" "$API_N" "$RSS"
check "rpc squat: rack 2 registered meanwhile" yes "$RACK2_CONNECTED"
check "rpc squat: at most 1024 pre-auth sockets held" yes \
    "$(echo "$SQUAT_SUMMARY" | awk -F'still_open=' '$2 <= 1024 {print "yes"}')"

case_preauth_frames 1000 5
echo "pre-auth frames: $FRAMES_SUMMARY"
check_case "pre-auth frames" "$PROBE" "$API_OK" "$API_N" "$RSS"
check "pre-auth frames: every socket announcing 1 MiB was dropped" yes \
    "$(echo "$FRAMES_SUMMARY" | awk -F'still_open=' '$2 == 0 {print "yes"}')"

case_bmc
check_case "webhook bmc" "$PROBE" "$API_OK" "$API_N" "$RSS"
check "webhook bmc: both queries answered" 2 "$BMC_ANSWERS"
check "webhook bmc: rackd never crashed" 0 "$BMC_CRASHES"
finish
