#!/usr/bin/env bash
# What snapcraft's stage-packages does, with Debian 12's packages: resolve PACKAGEs and their
# dependencies against the base's package set (so nothing the base holds is staged), download
# the .debs with apt into CACHE_DIR (kept between builds) and unpack each into PRIME with
# dpkg-deb -x. Maintainer scripts do not run, as with snapcraft.
# Usage: snap/stage-packages.sh BASE_ROOT CACHE_DIR PRIME PACKAGE...
# BASE_ROOT: a root whose dpkg status is the base's (snap/minbase-root.sh).
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: stage-packages.sh BASE_ROOT CACHE_DIR PRIME PACKAGE..." >&2; exit 2; }
base=$1 cache=$2 prime=$3
shift 3
status=$base/var/lib/dpkg/status
[ -f "$status" ] || { echo "stage-packages: no dpkg status in the base $base" >&2; exit 1; }
mkdir -p "$cache"

# apt's own resolver, simulating an install onto the base: what it lacks. A package the base
# holds is never staged, even where apt would upgrade it (snapcraft filters by name too).
plan=$(apt-get -s -qq --no-install-recommends -o Dir::State::status="$status" \
    -o Debug::NoLocking=1 install "$@" 2>&1) || { echo "$plan" >&2; exit 1; }
in_base=$(dpkg-query --admindir="$base/var/lib/dpkg" -W -f='${db:Status-Abbrev} ${Package}\n' |
    awk '$1 == "ii" { print $2 }')
mapfile -t wanted < <(sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1=\2/p' <<<"$plan" |
    awk -F= 'NR == FNR { in_base[$1] = 1; next } !($1 in in_base)' <(echo "$in_base") -)
[ ${#wanted[@]} -gt 0 ] || { echo "stage-packages: nothing to stage for $*" >&2; exit 1; }

deb_of() {  # deb_of NAME=VERSION -> the cached .deb's path (apt's file naming)
    local name=${1%%=*} version=${1#*=}
    ls "$cache/${name}_${version//:/%3a}_"*.deb 2>/dev/null | head -1
}
missing=()
for pv in "${wanted[@]}"; do
    [ -n "$(deb_of "$pv")" ] || missing+=("$pv")
done
if [ ${#missing[@]} -gt 0 ]; then
    (cd "$cache" && apt-get download -qq -o APT::Sandbox::User=root "${missing[@]}") >&2
fi
for pv in "${wanted[@]}"; do
    deb=$(deb_of "$pv")
    [ -n "$deb" ] || { echo "stage-packages: $pv was not downloaded" >&2; exit 1; }
    dpkg-deb -x "$deb" "$prime"
done
echo "stage-packages: ${#wanted[@]} packages staged" >&2
