#!/usr/bin/env bash
# Builds the .snap with snap/build-snap.sh (snap pack, no snapd) and checks its file list and
# meta/snap.yaml. Never runs `snap install` or `snap run`.
set -euo pipefail
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
OUT=$(mktemp -d /tmp/maas-snap-out.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v snap >/dev/null && command -v unsquashfs >/dev/null ||
    fail "snap and unsquashfs are needed (tools/install-deps installs snapd, squashfs-tools)"

snapfile=$("$SRC/snap/build-snap.sh" "$BUILD" "$OUT")
[ -f "$snapfile" ] || fail "no snap built"
case "$(basename "$snapfile")" in maas_*_*.snap) ;; *) fail "name $snapfile" ;; esac
list=$(unsquashfs -l "$snapfile")
for f in bin/maas-supervisor bin/maas bin/maas-region bin/maas-rack meta/snap.yaml \
    meta/hooks/install meta/hooks/configure; do
    echo "$list" | grep -qx "squashfs-root/$f" || fail "missing $f in: $list"
done
echo "$list" | grep -q 'maas-test-child\|maas-snap-meta' && fail "test or build tools packed"
meta=$(unsquashfs -cat "$snapfile" meta/snap.yaml)
echo "$meta" | grep -qx 'confinement: strict' || fail "confinement"
echo "$meta" | grep -qx '    daemon: simple' || fail "supervisor daemon"
echo "$meta" | grep -qx '    command: bin/maas-supervisor' || fail "supervisor command"
echo "$meta" | grep -q 'network-control' || fail "plugs"
echo "$meta" | grep -q '^parts:' && fail "snapcraft-only keys left in snap.yaml"
echo "PASS snap_pack ($(basename "$snapfile"), $(echo "$list" | grep -c .) entries)"
