#!/usr/bin/env bash
# Assembles the installed tree into a snap and packs it (snapcraft is not available on Debian).
# Usage: snap/build-snap.sh BUILD_DIR OUT_DIR   (BUILD_DIR must be built; prints the .snap path)
set -euo pipefail
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
prime=$(mktemp -d "${TMPDIR:-/tmp}/maas-snap-prime.XXXXXX")
trap 'rm -rf "$prime"' EXIT
chmod 0755 "$prime"

# The same tree a snap built by snapcraft holds: bin/, lib/, share/ under $SNAP.
cmake --install "$build" --prefix "$prime" --strip >/dev/null
mkdir -p "$prime/meta/hooks"
install -m 0755 "$here/hooks/install" "$here/hooks/configure" "$prime/meta/hooks/"
"$build/snap/maas-snap-meta" "$here/snapcraft.yaml" "$version" >"$prime/meta/snap.yaml"
rm -f "$out"/maas_*.snap
snap pack "$prime" "$out" >/dev/null
ls "$out"/maas_*.snap
