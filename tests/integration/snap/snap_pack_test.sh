#!/usr/bin/env bash
# Builds the .snap with snap/build-snap.sh (snap pack, no snapd) and checks its file list and
# meta/snap.yaml, then snap/check-snap.sh on the unpacked .snap: every file it runs is there and
# every DT_NEEDED of every ELF resolves inside the snap or the base (the debootstrap minbase
# root stands in for core24, which cannot be fetched here); a tree missing a file or a library
# fails naming it. Never runs `snap install` or `snap run`.
set -euo pipefail
BUILD=$(cd "$1" && pwd)
[ "$(id -u)" = 0 ] || [ -f "$BUILD/snap-base/root/.complete" ] ||
    { echo "SKIP: the base stand-in needs root once (debootstrap)"; exit 77; }
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
OUT=$(mktemp -d /tmp/maas-snap-out.XXXXXX)
SNAP_OUT=$BUILD/snap-out  # where the `snap` target puts it; system.appliance.snap_root reuses it
trap 'rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v snap >/dev/null && command -v unsquashfs >/dev/null ||
    fail "snap and unsquashfs are needed (tools/install-deps installs snapd, squashfs-tools)"

snapfile=$("$SRC/snap/build-snap.sh" "$BUILD" "$SNAP_OUT")
[ -f "$snapfile" ] || fail "no snap built"
case "$(basename "$snapfile")" in maas_*_*.snap) ;; *) fail "name $snapfile" ;; esac
list=$(unsquashfs -l "$snapfile")
for f in bin/maas-supervisor bin/maas bin/maas-region bin/maas-rack meta/snap.yaml \
    meta/hooks/install meta/hooks/configure; do
    grep -qx "squashfs-root/$f" <<<"$list" || fail "missing $f"
done
grep -q 'maas-test-child\|maas-snap-meta' <<<"$list" && fail "test or build tools packed"
meta=$(unsquashfs -cat "$snapfile" meta/snap.yaml)
grep -qx 'confinement: strict' <<<"$meta" || fail "confinement"
grep -qx '    daemon: simple' <<<"$meta" || fail "supervisor daemon"
grep -qx '    command: bin/maas-supervisor' <<<"$meta" || fail "supervisor command"
grep -q 'network-control' <<<"$meta" || fail "plugs"
grep -q '^parts:' <<<"$meta" && fail "snapcraft-only keys left in snap.yaml"
grep -qx 'base: core24' <<<"$meta" || fail "base"
grep -q 'LD_LIBRARY_PATH: \$SNAP/usr/lib/x86_64-linux-gnu' <<<"$meta" || fail "environment"

# --- the unpacked snap runs on its own over the base
BASE=$BUILD/snap-base/root
unsquashfs -q -d "$OUT/tree" "$snapfile" >/dev/null
"$SRC/snap/check-snap.sh" "$OUT/tree" "$BASE" >"$OUT/check.log" 2>&1 ||
    fail "check-snap: $(head -n 20 "$OUT/check.log")"
for f in usr/sbin/kea-dhcp4 usr/lib/postgresql/15/bin/initdb usr/bin/ipmitool \
    usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so lib/maas/hooks/libmaas_dhcp_ha.so; do
    grep -qx "squashfs-root/$f" <<<"$list" || fail "missing $f"
done
# A tree missing a file and a library: the check names both. (A hard-linked cut-down copy of
# the snap, so this second check is quick.)
mkdir -p "$OUT/bad/usr/lib"
cp -al "$OUT/tree/meta" "$OUT/tree/bin" "$OUT/tree/lib" "$OUT/tree/usr/sbin" "$OUT/bad/"
mv "$OUT/bad/sbin" "$OUT/bad/usr/sbin"
cp -al "$OUT/tree/usr/lib/x86_64-linux-gnu" "$OUT/bad/usr/lib/"
rm "$OUT/bad/usr/sbin/kea-dhcp4" "$OUT/bad/usr/lib/x86_64-linux-gnu/libPocoNet.so.80"*
out=$("$SRC/snap/check-snap.sh" "$OUT/bad" "$BASE" 2>&1) && fail "a tree without kea-dhcp4 passed"
grep -qx "missing file: usr/sbin/kea-dhcp4" <<<"$out" || fail "missing file not named: $out"
grep -q "^missing library: libPocoNet.so.80 (needed by bin/maas)$" <<<"$out" ||
    fail "missing library not named: $out"
echo "PASS snap_pack ($(basename "$snapfile"), $(echo "$list" | grep -c .) entries," \
    "$(du -m "$snapfile" | cut -f1) MB)"
