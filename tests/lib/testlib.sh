# The shell tests' shared steps (sourced): reporting, bounded waits, and cleanup of what a test
# started, by PID and by name. A test may define on_fail, which fail runs to show its logs.
# Every wait here is bounded; nothing sleeps to synchronise.

log() { echo "[$(date +%H:%M:%S)] $*"; }

# fail MESSAGE: stops the test.
fail() {
    echo "FAIL: $*"
    if declare -F on_fail >/dev/null; then on_fail || true; fi
    exit 1
}

# check DESCRIPTION EXPECTED ACTUAL: records a failure and goes on; finish exits with it.
check() {
    if [ "$2" = "$3" ]; then
        echo "ok - $1"
    else
        echo "FAIL - $1: expected [$2] got [$3]"
        FAILED=1
    fi
}
# require DESCRIPTION EXPECTED ACTUAL: as check, but stops the test.
require() {
    [ "$2" = "$3" ] || fail "$1: expected [$2] got [$3]"
    echo "ok - $1"
}
finish() {
    if [ "${FAILED:-0}" -ne 0 ]; then
        echo "some checks failed"
        exit 1
    fi
    echo "all checks passed"
}

# wait_for DESCRIPTION SECONDS COMMAND...: runs COMMAND (output discarded) every 0.2 s until it
# succeeds; fails the test after SECONDS.
wait_for() {
    local what=$1 limit=$2
    local end=$((SECONDS + limit))
    shift 2
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$end" ] || fail "timed out after ${limit}s waiting for: $what"
        sleep 0.2
    done
}

# wait_equal DESCRIPTION EXPECTED SECONDS COMMAND...: as wait_for, until COMMAND prints EXPECTED.
wait_equal() {
    local what=$1 want=$2 limit=$3
    local end=$((SECONDS + limit))
    shift 3
    until [ "$("$@" 2>/dev/null)" = "$want" ]; do
        [ "$SECONDS" -lt "$end" ] || fail "timed out after ${limit}s waiting for: $what"
        sleep 0.2
    done
}

# wait_until SECONDS COMMAND...: runs COMMAND every 0.1 s until it succeeds; returns 1 after
# SECONDS (the caller decides whether that fails the test).
wait_until() {
    local end=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$end" ] || return 1
        sleep 0.1
    done
}

# stop_pids PID...: TERM, up to 5 s for each to go, then KILL; reaps our own children.
stop_pids() {
    local pid
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "$@"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
# kill_pids PID...: KILL at once (a test's stray processes at exit), and reap them.
kill_pids() {
    local pid
    for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}
# delete_netns NAME...: the namespaces, with whatever still runs in them killed first.
delete_netns() {
    local ns pid
    for ns in "$@"; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    done
}
# tail_logs LINES FILE...: the last LINES of each file that exists, under its name.
tail_logs() {
    local lines=$1 f
    shift
    for f in "$@"; do
        [ -f "$f" ] || continue
        echo "== $f"
        tail -n "$lines" "$f"
    done
}
