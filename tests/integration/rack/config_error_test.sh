#!/bin/bash
# The real maas-rackd with configurations that cannot work: each run exits 78 at once (which
# the supervisor marks failed instead of restarting it in a loop), names the problem in its
# status file and log, and reveals nothing of the secret. Without a secret it is not an error:
# it stays up, idle, as `not-registered`, until stopped.
# Usage: config_error_test.sh BUILD_DIR
set -euo pipefail
source "$(dirname "$0")/../../lib/testlib.sh"
RACKD=$(cd "$1" && pwd)/bin/maas-rackd
WORK=$(mktemp -d /tmp/maas-rackd-config.XXXXXX)
PIDS=()
trap 'kill_pids "${PIDS[@]}"; rm -rf "$WORK"' EXIT
SECRET=3f8b2c6d1e0a49f7b5c2d8e1a6f4093b

# rackd_in NAME: a fresh MAAS_ROOT with a valid rackd.conf and secret, for one case to break.
rackd_in() {
    export MAAS_ROOT=$WORK/$1
    mkdir -p "$MAAS_ROOT/etc/maas" "$MAAS_ROOT/var/lib/maas"
    echo "maas_url: http://192.0.2.1:5240/MAAS" >"$MAAS_ROOT/etc/maas/rackd.conf"
    echo "$SECRET" >"$MAAS_ROOT/var/lib/maas/secret"
}
state_of() { jq -r .state "$MAAS_ROOT/var/lib/maas/rack/status.json"; }
message_of() { jq -r .message "$MAAS_ROOT/var/lib/maas/rack/status.json"; }

# config_error CASE WORD_IN_MESSAGE: rackd exits 78 within 10 s with state config-error.
config_error() {
    local rc=0
    timeout 10 "$RACKD" >"$MAAS_ROOT/rackd.log" 2>&1 || rc=$?
    check "$1: exit status" 78 "$rc"
    check "$1: state" config-error "$(state_of)"
    case "$(message_of)" in
        *"$2"*) echo "ok - $1: the message names $2" ;;
        *) echo "FAIL - $1: message [$(message_of)] does not name $2"; FAILED=1 ;;
    esac
    if grep -rq "$SECRET" "$MAAS_ROOT/rackd.log" "$MAAS_ROOT/var/lib/maas/rack/status.json"; then
        echo "FAIL - $1: the secret reached the log or the status"
        FAILED=1
    fi
}

rackd_in unknown-key
echo "maas_urll: http://192.0.2.1:5240/MAAS" >>"$MAAS_ROOT/etc/maas/rackd.conf"
config_error "an unknown key in rackd.conf" maas_urll

rackd_in bad-value
echo "power_workers: many" >>"$MAAS_ROOT/etc/maas/rackd.conf"
config_error "a value of the wrong type" power_workers

rackd_in damaged-secret
echo "${SECRET:0:20}zz" >"$MAAS_ROOT/var/lib/maas/secret"
config_error "a damaged secret" secret

rackd_in missing-ca
echo "maas_ca_file: $WORK/no-such-ca.pem" >>"$MAAS_ROOT/etc/maas/rackd.conf"
config_error "a CA file that cannot be read" maas_ca_file

# No secret: waiting to be registered is a state, not an error.
rackd_in unregistered
rm "$MAAS_ROOT/var/lib/maas/secret"
"$RACKD" >"$MAAS_ROOT/rackd.log" 2>&1 &
PIDS+=("$!")
wait_equal "rackd idles as not-registered" not-registered 10 state_of
kill -0 "${PIDS[-1]}" || fail "rackd without a secret exited"
kill -TERM "${PIDS[-1]}"
rc=0
wait "${PIDS[-1]}" || rc=$?
check "rackd without a secret stops cleanly on SIGTERM" 0 "$rc"
finish
