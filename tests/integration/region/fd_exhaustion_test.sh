#!/bin/bash
# A region worker out of file descriptors: started with an open-file limit of 256 (as a
# host's ulimit would set it), then 1200 idle connections from one client. The worker must
# stay up without spinning on accept (HTTP_ACCEPT_PAUSED, CPU bounded), keep answering healthz
# on a connection it already holds, and its readiness must be the truth: 503 while it cannot
# take new connections, 200 again on a new connection once the flood is gone, and the API then
# answers an authenticated client. Prints fd_exhaustion: key=value lines.
source "$(dirname "$0")/lib.sh"

FILE_LIMIT=256
FLOOD=1200
pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
U=http://127.0.0.1:$HP/MAAS
WORKER_FILE_LIMIT=$FILE_LIMIT start_worker "$ROOT" 0
PID=$WORKER_PID
API_KEY=$(MAAS_ROOT=$ROOT "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
check "the worker runs with the limit" "$FILE_LIMIT" \
    "$(awk '/^Max open files/ { print $4 }' "/proc/$PID/limits")"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }

mkdir -p "$WORK/flood"
timeout 120 python3 "$(dirname "$0")/fd_flood.py" 127.0.0.1 "$HP" "$FLOOD" 60 "$WORK/flood" \
    >"$WORK/flood.log" 2>&1 &
FLOOD_PID=$!
PIDS+=("$FLOOD_PID")
wait_for "the flood is in place" 30 test -f "$WORK/flood/flooding"

# Over two seconds of flood: the worker alive and mostly idle (a spinning accept loop burns
# the whole second of CPU per second).
t0=$(cpu_ticks)
ticks_per_s=$(getconf CLK_TCK)
sleep 2  # the measuring window, not a wait for anything
t1=$(cpu_ticks)
cpu_pct=$(( (t1 - t0) * 100 / (2 * ticks_per_s) ))
echo "fd_exhaustion: worker-cpu-pct-during-flood=$cpu_pct open-fds=$(ls "/proc/$PID/fd" | wc -l)"
echo "fd_exhaustion: readyz-503-after-s=$(cat "$WORK/flood/not-ready-after-s")"
check "worker alive during the flood" "yes" "$(kill -0 "$PID" 2>/dev/null && echo yes || echo no)"
check "accept pauses instead of spinning (logged)" "yes" \
    "$(grep -q HTTP_ACCEPT_PAUSED "$WORK"/regiond-r1-0.log && echo yes || echo no)"
check "worker CPU under 50% while out of descriptors" "yes" \
    "$([ "$cpu_pct" -lt 50 ] && echo yes || echo "no ($cpu_pct%)")"
check "readyz before the flood" "before-readyz 200" "$(sed -n 1p "$WORK/flood/probes")"
check "readyz during the flood says not ready" "during-readyz 503" "$(sed -n 2p "$WORK/flood/probes")"
check "healthz during the flood says alive" "during-healthz 200" "$(sed -n 3p "$WORK/flood/probes")"

touch "$WORK/flood/release"
wait_for "the flood client to finish" 30 bash -c "! kill -0 $FLOOD_PID 2>/dev/null"
ready_again() { [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$U/readyz")" = 200 ]; }
start=$SECONDS
wait_for "readyz 200 on a new connection after the flood" 30 ready_again
echo "fd_exhaustion: ready-again-after-s=$((SECONDS - start))"
api GET "$U/api/2.0/fabrics/"
check "an authenticated client gets answers after the flood" "200" "$HTTP_STATUS"
check "the same worker process throughout" "yes" "$(kill -0 "$PID" 2>/dev/null && echo yes || echo no)"
finish
