#!/bin/bash
# The built .snap without snapd, in a clean Debian 12 root (debootstrap --variant=minbase, the
# stand-in for the core24 base, cached in the build tree): unsquashfs, bind-mounted read-only
# at /snap/maas/x1 (current -> x1), snap_daemon created as snapd does, and every command run in
# the root (chroot, its own network namespace) with SNAP, SNAP_COMMON, SNAP_DATA and
# meta/snap.yaml's environment as snapd sets them. Steps: the configure hook with `snap set`
# values, the supervisor, `maas init region+rack`, API ready, createadmin, apikey, login,
# rack-controllers read, then DHCP on (the documented recipe): the snap's rackd validates its
# configuration with the snap's kea-dhcp4 and hook, the snap's `kea-dhcp4 -t` accepts it again
# here, and a client in the peer namespace gets a lease from the snap's kea-dhcp4.
# Prints `init-ready-s=<S>` (maas init to API ready). Usage: snap_root_test.sh BUILD_DIR
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (chroot, mounts, namespaces)"; exit 77; }
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
NS=msr$$ NS_PEER=msrc$$
ADDRESS=192.0.2.1
URL=http://$ADDRESS:5240/MAAS
SNAP=/snap/maas/x1
SNAP_COMMON=/var/snap/maas/common
SNAP_DATA=/var/snap/maas/x1
RACK_HOSTNAME=$(hostname)
SUPERVISOR_PID=""
MOUNTS=()
source "$(dirname "$0")/lib.sh"
root_work maas-snap-root  # HOME is this script's own; inside the root it is snapd's SNAP_USER_DATA

supervisor_log_tail() { tail -n 40 "$ROOT$SNAP_COMMON/supervisor.log"; }
cleanup() {
    stop_supervisor "$SUPERVISOR_PID" "$ROOT$SNAP_DATA/run/supervisor.status"
    remove_network
    unmount_root && rm -rf "$WORK"
}
trap cleanup EXIT

# --- the root and the snap in it

prepare_root() {
    local base
    base=$("$SRC/snap/minbase-root.sh" "$BUILD/snap-base/root")
    root_from_base "$base"
}

unpack_snap() {
    # The .snap integration.snap.pack built (its fixture), else build it now.
    SNAP_FILE=$(ls "$BUILD"/snap-out/maas_*.snap 2>/dev/null | head -1)
    if [ -z "$SNAP_FILE" ]; then
        SNAP_FILE=$("$SRC/snap/build-snap.sh" "$BUILD" "$BUILD/snap-out" 2>"$WORK/build-snap.log") ||
            fail "build-snap.sh: $(tail -n 20 "$WORK/build-snap.log")"
    fi
    unsquashfs -q -d "$WORK/snap-tree" "$SNAP_FILE" >/dev/null
    bind "$WORK/snap-tree" "$ROOT$SNAP" ro
    ln -s x1 "$ROOT/snap/maas/current"
    mkdir -p "$ROOT$SNAP_COMMON" "$ROOT$SNAP_DATA" "$ROOT/root/snap/maas/x1"
    log "$(basename "$SNAP_FILE"): $(du -m "$SNAP_FILE" | cut -f1) MB"
}

create_snap_daemon() {
    # snapd's system-usernames: snap_daemon, uid and gid 584788.
    chroot "$ROOT" groupadd --system --gid 584788 snap_daemon
    chroot "$ROOT" useradd --system --uid 584788 --gid 584788 --no-create-home \
        --home-dir /nonexistent --shell /usr/bin/false snap_daemon 2>/dev/null
}

# snapd's environment for an app or hook, then meta/snap.yaml's environment over it.
snap_env() {
    local base_path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin key value
    SNAP_ENV=(SNAP=$SNAP SNAP_COMMON=$SNAP_COMMON SNAP_DATA=$SNAP_DATA SNAP_NAME=maas
        SNAP_INSTANCE_NAME=maas SNAP_REVISION=x1 SNAP_ARCH=amd64
        SNAP_USER_DATA=/root/snap/maas/x1 SNAP_USER_COMMON=/root/snap/maas/common
        HOME=/root/snap/maas/x1 PATH=$base_path)
    while IFS= read -r line; do
        key=${line%%:*}
        value=${line#*: }
        value=${value//\$SNAP/$SNAP}
        value=${value//\$PATH/$base_path}
        SNAP_ENV+=("$key=$value")
    done < <(sed -n '/^environment:/,/^[^ ]/{s/^  \([A-Z_]*\): *\(.*\)$/\1: \2/p}' \
        "$WORK/snap-tree/meta/snap.yaml" | tr -d "'\"")
}
in_root() { ip netns exec "$NS" chroot "$ROOT" env -i "${SNAP_ENV[@]}" "$@"; }
maas() { in_root "$SNAP/bin/maas" "$@"; }

configure_hook() {
    # snapd's snapctl (from the base) answers `snapctl get` with the `snap set` values.
    mkdir -p "$ROOT/var/lib/snapctl-values"
    printf '%s' 2 >"$ROOT/var/lib/snapctl-values/num-workers"
    printf '%s' false >"$ROOT/var/lib/snapctl-values/debug"
    cat >"$ROOT/usr/bin/snapctl" <<'FAKE'
#!/bin/sh
[ "$1" = get ] || exit 1
cat "/var/lib/snapctl-values/$2" 2>/dev/null || true
FAKE
    chmod +x "$ROOT/usr/bin/snapctl"
    in_root "$SNAP/meta/hooks/install" || fail "install hook"
    in_root "$SNAP/meta/hooks/configure" || fail "configure hook"
    grep -q '^num_workers: 2$' "$ROOT$SNAP_DATA/regiond.conf" || fail "configure: num-workers"
}

start_supervisor() {
    # snapd starts the daemon at install (install-mode: enable); it waits in mode none.
    ip netns exec "$NS" setsid chroot "$ROOT" env -i "${SNAP_ENV[@]}" "$SNAP/bin/maas-supervisor" \
        >>"$ROOT$SNAP_COMMON/supervisor.log" 2>&1 </dev/null &
    SUPERVISOR_PID=$!
    wait_for "the supervisor's control socket" 30 maas status
}

init_region_rack() {
    local start end
    start=$(date +%s.%N)
    maas init region+rack --maas-url "$URL" >"$WORK/init.log" 2>&1 ||
        fail "maas init: $(cat "$WORK/init.log")"
    api_ready
    end=$(date +%s.%N)
    INIT_READY_S=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
}

dhcp_config_validates() {
    dhcp_on 192.0.2
    dhcp_config_accepted "$ROOT$SNAP_COMMON/maas/dhcp/kea-dhcp4.conf" \
        "$SNAP/lib/maas/hooks/libmaas_dhcp_ha.so"
    in_root sh -c "KEA_LOCKFILE_DIR=/tmp KEA_PIDFILE_DIR=/tmp kea-dhcp4 -t \
        $SNAP_COMMON/maas/dhcp/kea-dhcp4.conf" >"$WORK/kea-t.log" 2>&1 ||
        fail "the snap's kea-dhcp4 -t: $(tail -n 5 "$WORK/kea-t.log")"
    [ "$(in_root sh -c 'command -v kea-dhcp4')" = "$SNAP/usr/sbin/kea-dhcp4" ] ||
        fail "kea-dhcp4 is not the snap's"
}

main() {
    prepare_root
    unpack_snap
    create_snap_daemon
    make_network "$ADDRESS"
    snap_env
    configure_hook
    start_supervisor
    init_region_rack
    create_admin
    api_key
    log_in
    rack_controllers_read
    dhcp_config_validates
    client_lease 192.0.2
    echo "init-ready-s=$INIT_READY_S"
    echo "PASS snap_root"
}
main
