#!/bin/bash
# The documented install procedure on the built packages. CPack builds the .debs; each "host" is a
# throwaway root installed with `dpkg --root DIR --force-script-chrootless -i` (maintainer
# scripts run with DPKG_ROOT=DIR, no chroot): two regions (common + region-api) and a rack
# (common + rack-controller). Its dpkg database holds only the packages ours depend on, copied
# from this host's, so dpkg checks our Depends against a real Debian 12. Then: owners and modes,
# `systemd-analyze verify`, and the procedure with the installed binaries (MAAS_ROOT = that
# root, each host its own UTS namespace and loopback address) against the harness PostgreSQL:
# region 1 `local_config_set` + supervisor; region 2 copies regiond.conf and the secret from
# region 1, `local_config_set --database-host`; the rack's supervisor runs, `maas-rack register
# --url URL --secret SECRET`, and the rack ends up connected to every worker of both regions.
# Environment: BIN, TOOLS (the region harness), BUILD.
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (dpkg --root, chown, unshare)"; exit 77; }
source "$(dirname "$0")/../../integration/region/lib.sh"
: "${BUILD:?BUILD must point at the build tree}"

(cd "$BUILD" && cpack --config packaging/CPackConfig.cmake -B "$WORK/debs") >"$WORK/cpack.log" 2>&1 ||
    fail "cpack failed (see $WORK/cpack.log)"
deb() { ls "$WORK"/debs/"$1"_*.deb; }

# dpkg_root NAME PACKAGE...: a clean root with PACKAGEs installed by dpkg; prints its path.
dpkg_root() {
    local root=$WORK/$1 f dep deps=()
    shift
    mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
    # The dependencies ours name (alternatives and versions stripped), as this host has them.
    for f in "$@"; do
        for dep in $(dpkg-deb -f "$(deb "$f")" Depends | tr ',|' '\n\n' |
            sed 's/(.*)//; s/:any//; s/ //g' | grep -v '^maas-'); do deps+=("$dep"); done
    done
    dpkg-query -s "${deps[@]}" >"$root/var/lib/dpkg/status" 2>"$WORK/$1-query.log" || true
    # Only base-passwd's accounts: the maas user must come from our postinst.
    for f in passwd group shadow gshadow; do
        grep -v '^maas:' "/etc/$f" >"$root/etc/$f"
    done
    chmod 0640 "$root/etc/shadow" "$root/etc/gshadow"
    local debs=()
    for f in "$@"; do debs+=("$(deb "$f")"); done
    dpkg --root="$root" --force-script-chrootless --log="$WORK/dpkg.log" -i "${debs[@]}" \
        >"$WORK/$1-dpkg.log" 2>&1 || { cat "$WORK/$1-dpkg.log" >&2; return 1; }
    echo "$root"
}
R1=$(dpkg_root region1 maas-common maas-region-api) || fail "dpkg -i of the region packages"
R2=$(dpkg_root region2 maas-common maas-region-api) || fail "dpkg -i on the second region"
RK=$(dpkg_root rack maas-common maas-rack-controller) || fail "dpkg -i of the rack packages"
installed() {  # installed ROOT PACKAGE... -> "ii PACKAGE" per package
    local root=$1; shift
    dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${db:Status-Abbrev} ${Package}\n' "$@" |
        awk '{ print $1, $2 }' | paste -sd'|'
}
check "dpkg: region packages installed" "ii maas-common|ii maas-region-api" \
    "$(installed "$R1" maas-common maas-region-api)"
check "dpkg: rack packages installed" "ii maas-common|ii maas-rack-controller" \
    "$(installed "$RK" maas-common maas-rack-controller)"

# --- owners and modes the maintainer scripts set (numbers from the root's own group file)
GID=$(awk -F: '$1 == "maas" { print $3 }' "$R1/etc/group")
owner() { stat -c '%u:%g %a' "$1"; }
check "maas user in the root's passwd" "maas:/var/lib/maas:/usr/sbin/nologin:$GID" \
    "$(awk -F: '$1 == "maas" { print $1 ":" $6 ":" $7 ":" $4 }' "$R1/etc/passwd")"
check "regiond.conf root:maas 0640" "0:$GID 640" "$(owner "$R1/etc/maas/regiond.conf")"
check "secret root:maas 0640" "0:$GID 640" "$(owner "$R1/var/lib/maas/secret")"
check "secret is 32 hex characters" "1" "$(tr -d '\n' <"$R1/var/lib/maas/secret" | grep -cE '^[0-9a-f]{32}$')"
check "/var/lib/maas root:maas 0750" "0:$GID 750" "$(owner "$R1/var/lib/maas")"
check "rackd.conf root:maas 0640" "0:$(awk -F: '$1 == "maas" { print $3 }' "$RK/etc/group") 640" \
    "$(owner "$RK/etc/maas/rackd.conf")"
check "modes from the role packages" "region region rack" \
    "$(cat "$R1/var/lib/maas/mode" "$R2/var/lib/maas/mode" "$RK/var/lib/maas/mode" | tr '\n' ' ' | sed 's/ $//')"
check "unit enabled (systemctl --root)" "maas-supervisor.service" \
    "$(readlink "$R1/etc/systemd/system/multi-user.target.wants/maas-supervisor.service" | xargs -r basename)"
check "each region its own secret until copied" "yes" \
    "$(cmp -s "$R1/var/lib/maas/secret" "$R2/var/lib/maas/secret" && echo no || echo yes)"

# --- units, in the installed tree (standard targets from this host)
cp -rn /lib/systemd/system/. "$R1/usr/lib/systemd/system/"
for unit in maas-supervisor.service maas-regiond.service; do
    out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no --root="$R1" "$unit" 2>&1) &&
        rc=0 || rc=$?
    check "systemd-analyze verify $unit" "0 " "$rc $out"
done

# --- the procedure with the installed binaries
pg_start
HP=$(free_port); RP1=$(free_port); RP2=$(free_port)
U1=http://127.0.0.2:$HP/MAAS
U2=http://127.0.0.3:$HP/MAAS
# start_host ROOT HOSTNAME: the installed supervisor, as the unit would run it.
start_host() {
    MAAS_ROOT=$1 unshare --uts sh -c "hostname $2 && exec '$1/usr/bin/maas-supervisor'" \
        >>"$WORK/$2.log" 2>&1 &
    PIDS+=($!)
}
region() { local root=$1; shift; MAAS_ROOT=$root "$root/usr/bin/maas-region" "$@"; }
region "$R1" local_config_set --database-host "$WORK/pg" --database-port "$PG_PORT" \
    --maas-url "$U1" --listen-address 127.0.0.2 --http-port "$HP" --rpc-port "$RP1" \
    --num-workers 2 >/dev/null
check "local_config_set keeps regiond.conf root:maas 0640" "0:$GID 640" \
    "$(owner "$R1/etc/maas/regiond.conf")"
start_host "$R1" "region-1-$$"
wait_for "region 1 ready" 30 curl -sf -o /dev/null "$U1/readyz"

# Region 2: the first region's regiond.conf and secret (keeping root:maas 0640), then its own
# database host and addresses.
install -o 0 -g "$GID" -m 0640 "$R1/etc/maas/regiond.conf" "$R2/etc/maas/regiond.conf"
install -o 0 -g "$GID" -m 0640 "$R1/var/lib/maas/secret" "$R2/var/lib/maas/secret"
region "$R2" local_config_set --database-host "127.0.0.1" --listen-address 127.0.0.3 \
    --rpc-port "$RP2" --maas-url "$U2" >/dev/null
check "region 2 kept the copied settings" "$PG_PORT maas 2" \
    "$(region "$R2" local_config_get --plain | awk '/^database_user:|^database_port:|^num_workers:/ { print $2 }' | tr '\n' ' ' | sed 's/ $//')"
check "region 2 regiond.conf root:maas 0640" "0:$GID 640" "$(owner "$R2/etc/maas/regiond.conf")"
start_host "$R2" "region-2-$$"
wait_for "region 2 ready" 30 curl -sf -o /dev/null "$U2/readyz"
check "both regions' workers in the shared database" "region-1-$$ 2|region-2-$$ 2" \
    "$(psql_maas -c "SELECT hostname || ' ' || count(*) FROM region_processes GROUP BY hostname ORDER BY hostname" | paste -sd'|')"

# The rack: its supervisor runs (the package enabled it), then register restarts rackd.
start_host "$RK" "rack-$$"
MAAS_ROOT=$RK "$RK/usr/bin/maas-rack" register --url "$U1" \
    --secret "$(cat "$R1/var/lib/maas/secret")" >"$WORK/register.log" 2>&1 ||
    fail "maas-rack register: $(cat "$WORK/register.log")"
rack_state() { sed -n 's/.*"state":"\([^"]*\)".*/\1/p' "$RK/var/lib/maas/rack/status.json" 2>/dev/null; }
rack_connected() { [ "$(rack_state)" = connected ]; }
wait_for "rack connected to every region worker" 60 rack_connected
regions_of_rack() {
    psql_maas -c "SELECT p.hostname || ' ' || count(*) FROM rack_connections c
        JOIN nodes n ON n.id = c.rack_node_id JOIN region_processes p ON p.id = c.process_id
        WHERE n.hostname = 'rack-$$' GROUP BY p.hostname ORDER BY p.hostname" | paste -sd'|'
}
check "rack connected to both regions (each worker)" "region-1-$$ 2|region-2-$$ 2" "$(regions_of_rack)"
check "rack's secret is region 1's, 0640" "$(cat "$R1/var/lib/maas/secret") 640" \
    "$(cat "$RK/var/lib/maas/secret") $(stat -c %a "$RK/var/lib/maas/secret")"
finish
