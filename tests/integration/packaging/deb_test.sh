#!/bin/bash
# Builds the .debs with CPack into a temp dir and checks them: names, dependencies, contents,
# maintainer scripts, and the systemd units (systemd-analyze verify against the unpacked tree).
set -euo pipefail
BUILD=$1
CPACK_CONFIG=$2
WORK=$(mktemp -d /tmp/deb-test.XXXXXX)
FAILED=0
trap 'rc=$?; if [ $rc -eq 0 ] && [ $FAILED -eq 0 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi' EXIT

check() {  # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then echo "ok - $1"; else echo "FAIL - $1: expected [$2] got [$3]"; FAILED=1; fi
}
has() { grep -qxF -- "$2" <<<"$1" && echo yes || echo "no ($2)"; }

(cd "$BUILD" && cpack --config "$CPACK_CONFIG" -B "$WORK/out") >"$WORK/cpack.log" 2>&1 || {
    cat "$WORK/cpack.log"; exit 1; }
ls "$WORK"/out/*.deb
deb() { ls "$WORK"/out/"$1"_*.deb; }
for p in maas-common maas-region-api maas-rack-controller; do
    check "$p built" "1" "$(ls "$WORK"/out/"$p"_*.deb 2>/dev/null | wc -l)"
done

files() { dpkg-deb -c "$(deb "$1")" | awk '{print $6 ($7 == "->" ? " -> " $8 : "")}'; }
field() { dpkg-deb -f "$(deb "$1")" "$2"; }

common=$(files maas-common)
check "common: maas CLI" yes "$(has "$common" ./usr/bin/maas)"
check "common: supervisor" yes "$(has "$common" ./usr/bin/maas-supervisor)"
check "common: unit" yes "$(has "$common" ./usr/lib/systemd/system/maas-supervisor.service)"
region=$(files maas-region-api)
check "region: regiond" yes "$(has "$region" ./usr/bin/maas-regiond)"
check "region: maas-region" yes "$(has "$region" ./usr/bin/maas-region)"
check "region: web UI" yes "$(has "$region" ./usr/share/maas/ui/index.html)"
check "region: unit alias" yes \
    "$(has "$region" "./usr/lib/systemd/system/maas-regiond.service -> maas-supervisor.service")"
rack=$(files maas-rack-controller)
check "rack: rackd" yes "$(has "$rack" ./usr/bin/maas-rackd)"
check "rack: maas-rack" yes "$(has "$rack" ./usr/bin/maas-rack)"
check "rack: unit alias" yes \
    "$(has "$rack" "./usr/lib/systemd/system/maas-rackd.service -> maas-supervisor.service")"
check "rack: hook library" "1" "$(grep -c '^./usr/lib/maas/hooks/.*\.so$' <<<"$rack")"
check "no config file shipped (postinst creates them root:maas 0640)" "0" \
    "$(printf '%s\n' "$common" "$region" "$rack" | grep -c '^./etc/' || true)"

check "region depends on maas-common" "1" "$(field maas-region-api Depends | grep -c 'maas-common')"
check "rack depends on maas-common and kea" "1" \
    "$(field maas-rack-controller Depends | grep -c 'maas-common.*kea-dhcp4-server\|kea-dhcp4-server.*maas-common')"
check "shared library dependencies found (libpq)" "1" "$(field maas-region-api Depends | grep -c libpq5)"
for p in maas-common maas-region-api maas-rack-controller; do
    dpkg-deb -e "$(deb "$p")" "$WORK/control-$p"
    check "$p postinst is executable" "yes" "$([ -x "$WORK/control-$p/postinst" ] && echo yes)"
    check "$p postinst is valid sh" "0" "$(sh -n "$WORK/control-$p/postinst"; echo $?)"
done

# --- units: unpack everything into one tree and verify against it
for p in maas-common maas-region-api maas-rack-controller; do dpkg-deb -x "$(deb "$p")" "$WORK/root"; done
# The standard targets the unit refers to come from this host; ExecStart= is checked inside the
# unpacked tree (verify fails when /usr/bin/maas-supervisor is missing there).
cp -rn /lib/systemd/system/. "$WORK/root/usr/lib/systemd/system/"
for unit in maas-supervisor.service maas-regiond.service maas-rackd.service; do
    verify=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no --root="$WORK/root" \
        "$unit" 2>&1) && rc=0 || rc=$?
    [ -z "$verify" ] || echo "$verify"
    check "systemd-analyze verify $unit" "0 " "$rc $verify"
done
unit_file="$WORK/root/usr/lib/systemd/system/maas-supervisor.service"
for setting in NoNewPrivileges=yes ProtectSystem=full ProtectHome=yes PrivateTmp=yes; do
    check "unit hardened: $setting" 1 "$(grep -cx "$setting" "$unit_file")"
done
check "alias resolves to the supervisor unit" "maas-supervisor.service" \
    "$(readlink "$WORK/root/usr/lib/systemd/system/maas-regiond.service")"

# --- maintainer scripts: the role scripts' mode logic, run against a throwaway root via sed
lib="$WORK/control-maas-region-api/postinst"
modes() {  # modes START ROLE ACTION -> resulting mode
    local dir; dir=$(mktemp -d "$WORK/mode.XXXXXX")
    [ "$1" == none ] || echo "$1" >"$dir/mode"
    sed -n '/^MODE_FILE=/,/^if \[ "\$1" = configure \]/p' "$lib" | sed '$d' |
        sed "s|^MODE_FILE=.*|MODE_FILE=$dir/mode|" >"$dir/lib.sh"
    sh -c ". '$dir/lib.sh'; $3 $2; current_mode"
}
check "none + region = region" region "$(modes none region add_role)"
check "rack + region = region+rack" region+rack "$(modes rack region add_role)"
check "region + rack = region+rack" region+rack "$(modes region rack add_role)"
check "region+rack - rack = region" region "$(modes region+rack rack remove_role)"
check "region - region = none" none "$(modes region region remove_role)"

if [ "$FAILED" -ne 0 ]; then echo "some checks failed"; exit 1; fi
echo "all checks passed"
