#!/usr/bin/env bash
# A clean Debian 12 root, `debootstrap --variant=minbase bookworm`, from this machine's Debian
# mirror (/etc/apt/sources.list.d/debian.sources, else deb.debian.org). It stands in for the
# snap's base: core24 cannot be fetched here, so the snap build stages everything this root does
# not hold, and the snap tests run the unpacked snap inside a copy of it. Built once and cached.
# Usage: snap/minbase-root.sh DIR   (prints DIR; DIR/.complete marks a finished root)
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: snap/minbase-root.sh DIR" >&2; exit 2; }
dir=$1
if [ -f "$dir/.complete" ]; then
    echo "$dir"
    exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "minbase-root: debootstrap needs root" >&2; exit 1; }
mkdir -p "$(dirname "$dir")"
exec 9>"$dir.lock"
flock 9  # one debootstrap at a time; a second caller then finds the finished root
if [ -f "$dir/.complete" ]; then
    echo "$dir"
    exit 0
fi
command -v debootstrap >/dev/null ||
    { echo "minbase-root: debootstrap is needed (tools/install-deps installs it)" >&2; exit 1; }
mirror=$(sed -n 's/^URIs: *\(.*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null |
    head -1)
rm -rf "$dir.partial"
debootstrap --variant=minbase bookworm "$dir.partial" "${mirror:-http://deb.debian.org/debian}" \
    >"$dir.log" 2>&1 || { tail -n 20 "$dir.log" >&2; exit 1; }
rm -rf "$dir.partial/var/cache/apt/archives/"*.deb
touch "$dir.partial/.complete"
rm -rf "$dir"
mv "$dir.partial" "$dir"
echo "$dir"
