#!/usr/bin/env bash
# Assembles the snap the way snapcraft would build snapcraft.yaml, and packs it (snapcraft is not
# in Debian): our installed tree, plus the stage-packages from Debian 12 with everything they
# need that the base lacks, plus meta/. Checks the tree with check-snap.sh before packing.
# Usage: snap/build-snap.sh BUILD_DIR OUT_DIR   (BUILD_DIR must be built; prints the .snap path)
# The base stand-in (snap/minbase-root.sh) and the downloaded .debs are cached in BUILD_DIR;
# MAAS_SNAP_BASE_ROOT and MAAS_SNAP_DEB_CACHE point elsewhere. Needs root (debootstrap) the
# first time.
set -euo pipefail
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
base=${MAAS_SNAP_BASE_ROOT:-$build/snap-base/root}
debs=${MAAS_SNAP_DEB_CACHE:-$build/snap-debs}
prime=$(mktemp -d "${TMPDIR:-/tmp}/maas-snap-prime.XXXXXX")
trap 'rm -rf "$prime"' EXIT
chmod 0755 "$prime"

"$here/minbase-root.sh" "$base" >/dev/null
# The same tree a snap built by snapcraft holds: bin/, lib/, share/ under $SNAP, and the
# stage-packages' usr/, lib/, etc/ beside them.
cmake --install "$build" --prefix "$prime" --strip >/dev/null
mapfile -t packages < <("$build/snap/maas-snap-meta" --stage-packages "$here/snapcraft.yaml")
"$here/stage-packages.sh" "$base" "$debs" "$prime" "${packages[@]}"
mkdir -p "$prime/meta/hooks"
install -m 0755 "$here/hooks/install" "$here/hooks/configure" "$prime/meta/hooks/"
"$build/snap/maas-snap-meta" "$here/snapcraft.yaml" "$version" >"$prime/meta/snap.yaml"
"$here/check-snap.sh" "$prime" "$base" >&2
rm -f "$out"/maas_*.snap
snap pack "$prime" "$out" >/dev/null
ls "$out"/maas_*.snap
