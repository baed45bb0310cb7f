# Helpers that hand a secret to a command without putting it on its command line, and check
# that `ps` never shows it (bash; sourced). Callers define fail() and keep PIDS for cleanup.

# _ps_check SECRET PID WHAT: waits (bounded) until PID has exec'd and sleeps, then fails if
# any process's arguments contain SECRET.
_ps_check() {
    local secret=$1 pid=$2 what=$3 i
    for i in $(seq 200); do
        [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" = S ] &&
            ! grep -qa bash "/proc/$pid/cmdline" 2>/dev/null && break
        sleep 0.05
    done
    local snapshot
    snapshot=$(ps -eo args)  # whole, before grep runs (grep's own arguments hold the secret)
    if grep -qF -- "$secret" <<<"$snapshot"; then fail "$what: ps shows the secret"; fi
}

# via_stdin SECRET OUT CMD...: CMD reads the secret as one line of standard input (a pipe).
via_stdin() {
    local secret=$1 out=$2 fifo w rc=0
    shift 2
    fifo=$(mktemp -u "${TMPDIR:-/tmp}/secret-fifo.XXXXXX"); mkfifo -m 600 "$fifo"
    "$@" <"$fifo" >"$out" 2>&1 &
    local pid=$!; PIDS+=("$pid")
    exec {w}>"$fifo"
    _ps_check "$secret" "$pid" "$*"
    echo "$secret" >&"$w"; exec {w}>&-
    wait "$pid" || rc=$?
    rm -f "$fifo"
    return "$rc"
}

# via_file SECRET OUT OPTION CMD...: CMD gets OPTION FILE, a fifo it blocks on until the
# secret is written, so ps is read while it runs.
via_file() {
    local secret=$1 out=$2 option=$3 fifo rc=0
    shift 3
    fifo=$(mktemp -u "${TMPDIR:-/tmp}/secret-fifo.XXXXXX"); mkfifo -m 600 "$fifo"
    "$@" "$option" "$fifo" </dev/null >"$out" 2>&1 &
    local pid=$!; PIDS+=("$pid")
    _ps_check "$secret" "$pid" "$*"
    echo "$secret" >"$fifo"
    wait "$pid" || rc=$?
    rm -f "$fifo"
    return "$rc"
}

# via_terminal OUT PROMPT LINE... -- CMD...: CMD runs on a pseudo-terminal (script(1)); each
# LINE is typed once PROMPT has appeared that many times. OUT gets what the terminal showed.
via_terminal() {
    local out=$1 prompt=$2 fifo w n=0 rc=0 lines=()
    shift 2
    while [ "$1" != -- ]; do lines+=("$1"); shift; done
    shift
    fifo=$(mktemp -u "${TMPDIR:-/tmp}/tty-fifo.XXXXXX"); mkfifo -m 600 "$fifo"
    script -qfec "$(printf '%q ' "$@")" /dev/null <"$fifo" >"$out" 2>&1 &
    local pid=$!; PIDS+=("$pid")
    exec {w}>"$fifo"
    for line in "${lines[@]}"; do
        n=$((n + 1))
        for _ in $(seq 200); do
            [ "$(grep -o -- "$prompt" "$out" | wc -l)" -ge "$n" ] && break
            sleep 0.05
        done
        [ "$(grep -o -- "$prompt" "$out" | wc -l)" -ge "$n" ] || fail "no prompt '$prompt' in: $(cat "$out")"
        _ps_check "$line" "$pid" "$*"
        printf '%s\r' "$line" >&"$w"
    done
    wait "$pid" || rc=$?
    exec {w}>&-
    rm -f "$fifo"
    return "$rc"
}
