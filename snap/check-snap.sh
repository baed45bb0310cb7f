#!/usr/bin/env bash
# Checks a snap tree (the prime dir, or an unpacked .snap) runs on its own over its base:
# every file the snap runs is there, and every DT_NEEDED of every ELF in it resolves inside the
# snap (meta/snap.yaml's LD_LIBRARY_PATH, the ELF's RUNPATH) or inside the base's library dirs.
# Usage: snap/check-snap.sh SNAP_TREE BASE_ROOT
# Prints one line per problem ("missing file: PATH", "missing library: LIB (needed by PATH)")
# and exits 1 if there is any.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: check-snap.sh SNAP_TREE BASE_ROOT" >&2; exit 2; }
tree=$(cd "$1" && pwd)
base=$(cd "$2" && pwd)
problems=0

required=(
    meta/snap.yaml meta/hooks/install meta/hooks/configure
    bin/maas bin/maas-supervisor bin/maas-regiond bin/maas-rackd bin/maas-region bin/maas-rack
    lib/maas/hooks/libmaas_dhcp_ha.so share/maas/ui/index.html
    usr/sbin/kea-dhcp4 usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_lease_cmds.so
    usr/lib/postgresql/15/bin/initdb usr/lib/postgresql/15/bin/postgres
    usr/lib/postgresql/15/bin/pg_ctl usr/bin/ipmitool
)
for f in "${required[@]}"; do
    if [ ! -e "$tree/$f" ]; then
        echo "missing file: $f"
        problems=$((problems + 1))
    fi
done

# The library path snapd would give the apps, with $SNAP as this tree.
snap_dirs=()
if [ -f "$tree/meta/snap.yaml" ]; then
    ld_path=$(sed -n 's/^ *LD_LIBRARY_PATH: *//p' "$tree/meta/snap.yaml" | head -1 | tr -d "'\"")
    IFS=: read -r -a entries <<<"$ld_path"
    for e in "${entries[@]}"; do
        [[ $e == \$SNAP/* ]] && snap_dirs+=("$tree/${e#\$SNAP/}")
    done
fi
base_dirs=("$base/lib/x86_64-linux-gnu" "$base/usr/lib/x86_64-linux-gnu" "$base/lib64"
    "$base/lib" "$base/usr/lib")

resolves() {  # resolves LIB ELF_DIR RUNPATH
    local lib=$1 origin=$2 runpath=$3 d
    local dirs=()
    IFS=: read -r -a dirs <<<"${runpath//\$ORIGIN/$origin}"
    for d in "${dirs[@]}" "${snap_dirs[@]}" "${base_dirs[@]}"; do
        [ -n "$d" ] && [ -e "$d/$lib" ] && return 0
    done
    return 1
}
# One readelf over every file (non-ELF files only print errors): "FILE<TAB>LIB<TAB>RUNPATH"
# per DT_NEEDED. The extra first argument makes readelf name every file ("File: PATH").
needed() {
    find "$tree" -type f -print0 | xargs -0 readelf -d "$tree/meta/snap.yaml" 2>/dev/null |
        awk 'function flush(  i) { for (i = 1; i <= n; i++) print file "\t" lib[i] "\t" runpath; n = 0 }
             /^File: / { flush(); file = substr($0, 7); runpath = ""; next }
             /\((RUNPATH|RPATH)\)/ { match($0, /\[.*\]/); runpath = substr($0, RSTART + 1, RLENGTH - 2) }
             /\(NEEDED\)/ { match($0, /\[.*\]/); lib[++n] = substr($0, RSTART + 1, RLENGTH - 2) }
             END { flush() }'
}
elves=0
declare -A seen=()
while IFS=$'\t' read -r f lib runpath; do
    [ -n "${seen[$f]:-}" ] || { seen[$f]=1; elves=$((elves + 1)); }
    if ! resolves "$lib" "$(dirname "$f")" "$runpath"; then
        echo "missing library: $lib (needed by ${f#"$tree"/})"
        problems=$((problems + 1))
    fi
done < <(needed)

if [ "$problems" -gt 0 ]; then
    echo "check-snap: $problems problems in $tree" >&2
    exit 1
fi
echo "check-snap: ${#required[@]} files present, $elves ELF files resolve"
