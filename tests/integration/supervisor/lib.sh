# Shared helpers for supervisor and CLI integration tests (bash; sourced).
# Usage: BUILD=<build dir> source lib.sh; sup_setup; ... Everything lives under one MAAS_ROOT
# temp dir; cleanup kills by PID what the test started and removes the dir.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../lib/testlib.sh"

: "${BUILD:?BUILD must name the build directory}"
BUILD=$(cd "$BUILD" && pwd)
BIN_DIR="$BUILD/bin"
SUPERVISOR="$BUILD/bin/maas-supervisor"
MAAS="$BUILD/bin/maas"
TEST_CHILD="$BUILD/tests/maas-test-child"
SUP_PID=""

# testlib's fail runs this: the supervisor's log says why a wait or a check failed.
on_fail() {
    if [ -n "${MAAS_ROOT:-}" ] && [ -f "$MAAS_ROOT/supervisor.log" ]; then
        echo "--- supervisor log" >&2
        tail -n 60 "$MAAS_ROOT/supervisor.log" >&2
    fi
}

# pid_gone PID: a predicate for wait_for.
pid_gone() { ! kill -0 "$1" 2>/dev/null; }

sup_cleanup() {
    [ -z "$SUP_PID" ] || stop_pids "$SUP_PID"
    # Children that outlived a killed supervisor: every pid our test children logged.
    if [ -f "$MAAS_ROOT/test-events" ]; then
        # shellcheck disable=SC2046 # one word per pid
        kill_pids $(awk '{print $NF}' "$MAAS_ROOT/test-events" | sort -u)
    fi
    if [ -f "$MAAS_ROOT/postgres.pid" ]; then
        kill_pids "$(cat "$MAAS_ROOT/postgres.pid")"
    fi
    rm -rf "$MAAS_ROOT"
}

# Creates MAAS_ROOT, a bin dir whose maas-regiond/maas-rackd/kea-dhcp4 are the test child, and a
# supervisor.conf with short timings.
sup_setup() {
    MAAS_ROOT=$(mktemp -d /tmp/maas-it.XXXXXX)
    chmod 755 "$MAAS_ROOT"
    export MAAS_ROOT
    trap sup_cleanup EXIT
    # The maas CLI keeps its profiles in $HOME/.maascli.json: the test's own, never the user's.
    export HOME=$MAAS_ROOT/home
    mkdir -p "$HOME"
    mkdir -p "$MAAS_ROOT/testbin" "$MAAS_ROOT/test-behaviour" "$MAAS_ROOT/etc/maas"
    for name in maas-regiond maas-rackd kea-dhcp4; do
        ln -s "$TEST_CHILD" "$MAAS_ROOT/testbin/$name"
    done
    export MAAS_BIN_DIR="$MAAS_ROOT/testbin"
    cat >"$MAAS_ROOT/etc/maas/supervisor.conf" <<CONF
restart_backoff_initial_ms: 100
restart_backoff_max_ms: 800
crash_loop_deaths: 4
crash_loop_window_s: 30
stop_grace_s: 1
kea_bin_dir: $MAAS_ROOT/testbin
CONF
}

set_mode() {
    mkdir -p "$MAAS_ROOT/var/lib/maas"
    echo "$1" >"$MAAS_ROOT/var/lib/maas/mode"
}

behave() {  # behave NAME WORDS...
    echo "${*:2}" >"$MAAS_ROOT/test-behaviour/$1"
}

sup_start() {
    "$SUPERVISOR" >>"$MAAS_ROOT/supervisor.log" 2>&1 &
    SUP_PID=$!
    wait_for "control socket" 10 test -S "$MAAS_ROOT/run/maas/supervisor.sock"
}

ctl() {
    "$SUPERVISOR" ctl "$1"
}

status_json() {
    cat "$MAAS_ROOT/run/maas/supervisor.status"
}

# service_field NAME FIELD: from the status file (no socket needed)
service_field() {
    status_json | jq -r --arg n "$1" --arg f "$2" '.services[] | select(.name == $n) | .[$f]'
}

state_is() {
    [ "$(service_field "$1" state)" = "$2" ]
}

events() {
    cat "$MAAS_ROOT/test-events" 2>/dev/null || true
}

count_events() {  # count_events NAME WHAT
    events | awk -v n="$1" -v w="$2" '$2 == n && $3 == w' | wc -l
}

# Predicates for wait_for (re-evaluated on every poll).
events_at_least() {  # events_at_least NAME WHAT N
    [ "$(count_events "$1" "$2")" -ge "$3" ]
}
field_at_least() {  # field_at_least SERVICE FIELD N
    local v
    v=$(service_field "$1" "$2")
    [ -n "$v" ] && [ "$v" != null ] && [ "$v" -ge "$3" ]
}
absent() {  # absent SERVICE: no longer in the status file
    ! status_json | jq -e --arg n "$1" '.services[] | select(.name == $n)' >/dev/null
}
