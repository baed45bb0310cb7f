#!/bin/bash
# The Debian packages as a user installs them on a clean host: the built .debs copied into a
# copy of the cached `debootstrap --variant=minbase bookworm` root, and there
#   apt install ./maas-common_*.deb ./maas-region-api_*.deb ./maas-rack-controller_*.deb
# with every dependency resolved by apt from this machine's configured Debian mirror and the
# maintainer scripts run by dpkg. Then, without systemd (the unit's ExecStart run directly, in
# the root and its own network namespace): the packaged procedure — PostgreSQL's `maas` role and
# database, `maas-region local_config_set`, the supervisor, `maas-rack register` — and
# createadmin, apikey, login and rack-controllers read with the installed CLI.
# The packages are downloaded with the host's network, then installed inside the namespace, so
# nothing their scripts start can reach a real network; policy-rc.d forbids service starts as
# in any chroot. Prints `apt-install-s=<S>`. Usage: deb_root_test.sh BUILD_DIR
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (chroot, mounts, namespaces)"; exit 77; }
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
NS=mdr$$ NS_PEER=mdrc$$
ADDRESS=192.0.2.1
URL=http://$ADDRESS:5240/MAAS
RACK_HOSTNAME=$(hostname)
SUPERVISOR_PID=""
MOUNTS=()
source "$(dirname "$0")/lib.sh"
root_work maas-deb-root

supervisor_log_tail() { tail -n 40 "$ROOT/var/log/maas/supervisor.log"; }
cleanup() {
    local pid
    stop_supervisor "$SUPERVISOR_PID" "$ROOT/run/maas/supervisor.status"
    # PostgreSQL started below, and anything else left in the namespace, by PID.
    for pid in $(ip netns pids "$NS" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    remove_network
    unmount_root || return 0
    [ -n "${KEEP_TMP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

in_root() { ip netns exec "$NS" chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
maas() { in_root maas "$@"; }

prepare_root() {
    local base
    base=$("$SRC/snap/minbase-root.sh" "$BUILD/snap-base/root") ||
        { echo "SKIP: no clean Debian 12 root (debootstrap failed, see $BUILD/snap-base/root.log)"; exit 77; }
    root_from_base "$base"
    mkdir -p "$BUILD/deb-root/archives/partial"
    # Downloaded packages are kept between runs, as the root itself is.
    bind "$BUILD/deb-root/archives" "$ROOT/var/cache/apt/archives"
    # This machine's mirror configuration and resolver, as on the host.
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        rm -f "$ROOT/etc/apt/sources.list"
        cp /etc/apt/sources.list.d/debian.sources "$ROOT/etc/apt/sources.list.d/"
    fi
    cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
    # As Debian's container images: no service starts in a chroot (invoke-rc.d's policy; the
    # test starts what it needs) and dpkg skips fsync (the root is thrown away).
    printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
    chmod 755 "$ROOT/usr/sbin/policy-rc.d"
    echo force-unsafe-io >"$ROOT/etc/dpkg/dpkg.cfg.d/unsafe-io"
}

build_debs() {
    (cd "$BUILD" && cpack --config packaging/CPackConfig.cmake -B "$WORK/debs") \
        >"$WORK/cpack.log" 2>&1 || fail "cpack: $(tail -n 20 "$WORK/cpack.log")"
    mkdir -p "$ROOT/root/debs"
    cp "$WORK"/debs/maas-*.deb "$ROOT/root/debs/"
}

apt_install() {
    local start debs=(./maas-common_*.deb ./maas-region-api_*.deb ./maas-rack-controller_*.deb)
    # Index and downloads need the mirror: the host's network, nothing configured yet.
    chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin apt-get update \
        >"$WORK/apt-update.log" 2>&1 ||
        { echo "SKIP: the Debian mirror is not reachable: $(tail -n 3 "$WORK/apt-update.log")"; exit 77; }
    chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        sh -c "cd /root/debs && apt-get install -y --download-only ${debs[*]}" \
        >"$WORK/apt-download.log" 2>&1 || fail "apt download: $(tail -n 20 "$WORK/apt-download.log")"
    start=$(date +%s.%N)
    in_root sh -c "cd /root/debs && apt install -y ${debs[*]}" >"$WORK/apt-install.log" 2>&1 ||
        fail "apt install: $(tail -n 30 "$WORK/apt-install.log")"
    APT_INSTALL_S=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    log "apt install: $(grep -c '^Setting up' "$WORK/apt-install.log") packages set up in ${APT_INSTALL_S}s"
}

check_installed() {
    local p status noise
    # Our maintainer scripts' output (from "Setting up maas-..." to the next package) is clean.
    noise=$(awk '/^Setting up /{ ours = /^Setting up maas-/ } ours' "$WORK/apt-install.log" |
        grep -iE 'warning|error|fail' || true)
    [ -z "$noise" ] || fail "the maintainer scripts complained: $noise"
    for p in maas-common maas-region-api maas-rack-controller kea-dhcp4-server postgresql-15; do
        status=$(in_root dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
        [ "${status% }" = ii ] || fail "$p is not installed ('$status')"
    done
    [ "$(in_root stat -c '%U:%G %a' /etc/maas/regiond.conf)" = "root:maas 640" ] ||
        fail "regiond.conf is not root:maas 0640"
    [ "$(in_root stat -c '%U:%G %a' /var/lib/maas/secret)" = "root:maas 640" ] ||
        fail "the secret is not root:maas 0640"
    [ "$(cat "$ROOT/var/lib/maas/mode")" = region+rack ] ||
        fail "mode after the role packages: $(cat "$ROOT/var/lib/maas/mode")"
}

# The packaged procedure's database: PostgreSQL's own cluster (Debian's postgresql-15 created
# it), the role and database as packaging/README.md writes them.
database() {
    in_root pg_ctlcluster 15 main start >"$WORK/pg.log" 2>&1 ||
        fail "pg_ctlcluster start: $(cat "$WORK/pg.log")"
    in_root su postgres -s /bin/sh -c \
        "psql -q -c \"CREATE ROLE maas LOGIN PASSWORD 'db-pass-$$'\" -c 'CREATE DATABASE maasdb OWNER maas'" \
        >>"$WORK/pg.log" 2>&1 || fail "CREATE ROLE/DATABASE: $(cat "$WORK/pg.log")"
    in_root maas-region local_config_set --database-host localhost --database-pass "db-pass-$$" \
        --maas-url "$URL" >"$WORK/local-config.log" 2>&1 ||
        fail "local_config_set: $(cat "$WORK/local-config.log")"
    [ "$(in_root stat -c '%U:%G %a' /etc/maas/regiond.conf)" = "root:maas 640" ] ||
        fail "local_config_set left regiond.conf other than root:maas 0640"
}

start_supervisor() {
    # What maas-supervisor.service runs, started as systemd would (root, its own session).
    local exec
    exec=$(sed -n 's/^ExecStart=//p' "$ROOT/usr/lib/systemd/system/maas-supervisor.service")
    [ -n "$exec" ] || fail "no ExecStart in the installed unit"
    ip netns exec "$NS" setsid chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 $exec >>"$ROOT/var/log/maas/supervisor.log" 2>&1 </dev/null &
    SUPERVISOR_PID=$!
    wait_for "the supervisor's control socket" 30 maas status
    api_ready
}

register_rack() {
    in_root maas-rack register --url "$URL" --secret-file /var/lib/maas/secret \
        >"$WORK/register.log" 2>&1 || fail "maas-rack register: $(cat "$WORK/register.log")"
}

main() {
    prepare_root
    build_debs
    make_network "$ADDRESS"
    apt_install
    check_installed
    database
    start_supervisor
    register_rack
    create_admin
    api_key
    log_in
    rack_controllers_read
    echo "apt-install-s=$APT_INSTALL_S"
    echo "PASS deb_root"
}
main
