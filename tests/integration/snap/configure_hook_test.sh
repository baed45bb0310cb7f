#!/usr/bin/env bash
# The snap's configure hook without snapd: a fake snapctl serves `snap set` values, the hook runs
# the real maas binary under the snap layout (SNAP, SNAP_COMMON, SNAP_DATA inside MAAS_ROOT).
set -euo pipefail
BUILD=$(cd "$1" && pwd)
HOOKS=$(cd "$(dirname "$0")/../../../snap/hooks" && pwd)
MAAS_ROOT=$(mktemp -d /tmp/maas-snap-hook.XXXXXX)
export MAAS_ROOT
trap 'rm -rf "$MAAS_ROOT"' EXIT
export HOME=$MAAS_ROOT/home  # the CLI's profiles: the test's own, never the user's
mkdir -p "$HOME"
fail() { echo "FAIL: $*" >&2; exit 1; }

# $SNAP holds bin/maas like the packed snap does.
mkdir -p "$MAAS_ROOT/snap/bin" "$MAAS_ROOT/fakebin" "$MAAS_ROOT/values"
ln -s "$BUILD/bin/maas" "$MAAS_ROOT/snap/bin/maas"
cat >"$MAAS_ROOT/fakebin/snapctl" <<'FAKE'
#!/bin/sh
# snapctl get KEY: prints the value `snap set` stored, or nothing.
[ "$1" = get ] || exit 1
cat "$MAAS_ROOT/values/$2" 2>/dev/null || true
FAKE
chmod +x "$MAAS_ROOT/fakebin/snapctl"
export SNAP="$MAAS_ROOT/snap" SNAP_COMMON=/var/snap/maas/common SNAP_DATA=/var/snap/maas/x1
export PATH="$MAAS_ROOT/fakebin:$PATH"
common="$MAAS_ROOT/var/snap/maas/common"
data="$MAAS_ROOT/var/snap/maas/x1"

snap_set() {  # snap_set key=value ... (replaces every stored value)
    rm -f "$MAAS_ROOT/values/"*
    for kv in "$@"; do printf '%s' "${kv#*=}" >"$MAAS_ROOT/values/${kv%%=*}"; done
}
files_digest() { find "$MAAS_ROOT/var" -type f -print0 2>/dev/null | sort -z |
    xargs -0 -r md5sum; }

sh "$HOOKS/install"
[ "$(cat "$common/snap_mode")" = none ] || fail "install hook mode"
snap_set
sh "$HOOKS/configure" || fail "configure with nothing set"

snap_set num-workers=3 debug=true maas-url=http://10.0.0.1:5240/MAAS
sh "$HOOKS/configure" || fail "valid values refused"
grep -q '^num_workers: 3$' "$data/regiond.conf" || fail "num-workers not applied"
grep -q '^debug: true$' "$data/regiond.conf" || fail "debug not applied"
grep -q '^maas_url: http://10.0.0.1:5240/MAAS$' "$data/regiond.conf" || fail "maas-url"
grep -q 'http://10.0.0.1:5240/MAAS' "$data/rackd.conf" || fail "rack maas-url (mode none)"

check_refused() {  # check_refused "expected message" key=value...
    local expected=$1 before out
    shift
    before=$(files_digest)
    snap_set "$@"
    out=$(sh "$HOOKS/configure" 2>&1) && fail "hook accepted $*"
    [ "$out" = "$expected" ] || fail "expected '$expected', got '$out'"
    [ "$before" = "$(files_digest)" ] || fail "refused $* changed files"
}
check_refused "num-workers: must be an integer." num-workers=abc debug=false
check_refused "num-workers: must be between 1 and 8, got 12." num-workers=12
check_refused "maas-url: 'ftp://x' is not a valid http(s) URL." num-workers=2 maas-url=ftp://x
check_refused "debug: must be true or false, got 'sometimes'." debug=sometimes num-workers=2

snap_set debug=false
sh "$HOOKS/configure" || fail "debug=false"
grep -q '^debug: false$' "$data/regiond.conf" || fail "debug=false not applied"
echo "PASS configure_hook"
