#!/bin/bash
# Racks of another release, as MAAS treats them: registered with a warning, never refused. The
# rack's own link (maas-test-rack-link) registers with a real worker under versions that differ
# from the region's in the patch, minor and major number, and one that cannot be compared; the
# warning reaches the rack (what `maas status` prints) and `rack-controllers read`.
source "$(dirname "$0")/lib.sh"

start_api_region
anon GET "$A/version/"
REGION_VERSION=$(echo "$BODY" | jq -r .version)
IFS=. read -r MAJOR MINOR PATCH <<<"$REGION_VERSION"
[ -n "$PATCH" ] || fail "region version '$REGION_VERSION' is not MAJOR.MINOR.PATCH"
wait_for "the region's secret file" 10 test -s "$ROOT/var/lib/maas/secret"

# register HOSTNAME VERSION: a fresh rack root with the region's secret; sets OUT and RC.
register() {
    local root="$WORK/rack-$1"
    mkdir -p "$root/var/lib/maas"
    install -m 0640 "$ROOT/var/lib/maas/secret" "$root/var/lib/maas/secret"
    RC=0
    OUT=$(MAAS_ROOT=$root timeout 60 "$TOOLS/maas-test-rack-link" 127.0.0.1 "$RP" "$2" "$1") || RC=$?
}
# stored HOSTNAME: the controller's version and warning as `rack-controllers read` gives them.
stored() {
    api GET "$A/rackcontrollers/"
    echo "$BODY" | jq -r --arg h "$1" '.[] | select(.hostname == $h) | "\(.version)|\(.version_warning)"'
}
differs() { echo "rack version $1 differs from region version $REGION_VERSION; upgrade the older one"; }

register same "$REGION_VERSION"
check "same version: registered, no warning" "0 0" "$RC $(grep -c '^warning:' <<<"$OUT")"
check "same version: stored without a warning" "$REGION_VERSION|" "$(stored same)"

PATCHED="$MAJOR.$MINOR.$((PATCH + 1))"
register patched "$PATCHED"
check "patch difference: registered, no warning" "0 0" "$RC $(grep -c '^warning:' <<<"$OUT")"
check "patch difference: stored" "$PATCHED|" "$(stored patched)"

MINOR_NEXT="$MAJOR.$((MINOR + 1)).0"
register minor "$MINOR_NEXT"
check "minor difference: registered with a warning" "0 warning: $(differs "$MINOR_NEXT")" \
    "$RC $(grep '^warning:' <<<"$OUT")"
check "minor difference: the API shows it" "$MINOR_NEXT|$(differs "$MINOR_NEXT")" "$(stored minor)"

MAJOR_NEXT="$((MAJOR + 1)).0.0"
register major "$MAJOR_NEXT"
check "major difference on the same protocol: registered with a warning" \
    "0 warning: $(differs "$MAJOR_NEXT")" "$RC $(grep '^warning:' <<<"$OUT")"
check "major difference: the API shows it" "$MAJOR_NEXT|$(differs "$MAJOR_NEXT")" "$(stored major)"

register odd "nightly"
check "unparsable version: registered with a warning" \
    "0 warning: rack version 'nightly' cannot be compared with region version '$REGION_VERSION'" \
    "$RC $(grep '^warning:' <<<"$OUT")"

# The same rack upgraded to the region's version: the warning goes.
register minor "$REGION_VERSION"
check "after the upgrade: no warning" "0 0" "$RC $(grep -c '^warning:' <<<"$OUT")"
check "after the upgrade: the API's warning is cleared" "$REGION_VERSION|" "$(stored minor)"
api GET "$A/rackcontrollers/"
check "five controllers, one per hostname" "5" "$(echo "$BODY" | jq length)"
finish
