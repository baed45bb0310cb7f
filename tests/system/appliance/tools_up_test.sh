#!/bin/bash
# tools/up's install-and-start steps (tools/install-start, the code tools/up runs after
# building) into a temporary MAAS_PREFIX and MAAS_ROOT, inside a network namespace whose eth0
# (192.0.2.1/24) is a veth to a peer namespace (for DHCP clients). Then, as a user types them
# with the installed binaries: supervisor status, API ready, createadmin, apikey, login,
# rack-controllers read lists the rack; then the documented DHCP recipe (subnets read | jq,
# ipranges create, vlan update ... dhcp_on=true): the installed rackd's configuration loads the
# installed hook and passes kea-dhcp4 -t, and a client in the peer namespace gets a lease (no
# dhcp_hook_library or other rackd.conf lines). Last, `maas status` names a missing hook path.
# Before that: tools/up without root, and on a system that is not Debian 12, says what it
# needs and changes nothing. One function per step; steps run in order from main.
# Usage: tools_up_test.sh BUILD_DIR
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root for network namespaces"; exit 77; }
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$(dirname "$0")/../../.." && pwd)
WORK=$(mktemp -d /tmp/maas-tools-up.XXXXXX)
chmod 755 "$WORK"  # the embedded PostgreSQL runs as postgres under MAAS_ROOT
PREFIX=$WORK/prefix
export MAAS_ROOT=$WORK/root
export HOME=$WORK/home  # the CLI's profiles: this test's own
mkdir -p "$HOME" "$MAAS_ROOT"
NS=mup$$ NS_PEER=mupc$$
ADDRESS=192.0.2.1
URL=http://$ADDRESS:5240/MAAS
SUPERVISOR_PID=""

source "$(dirname "$0")/lib.sh"
RACK_HOSTNAME=$(hostname)
maas() { in_ns "$PREFIX/bin/maas" "$@"; }
supervisor_log_tail() { tail -n 40 "$MAAS_ROOT/var/log/maas/supervisor.log"; }
cleanup() {
    stop_supervisor "$SUPERVISOR_PID" "$MAAS_ROOT/run/maas/supervisor.status"
    remove_network
    rm -rf "$WORK"
}
trap cleanup EXIT

# --- steps

refuses_without_root() {
    local build_dir=$WORK/unused-build out
    # A copy of tools/ that nobody can read: the clone itself may sit in a 0700 directory.
    mkdir -p "$WORK/copy" && cp -r "$SRC/tools" "$WORK/copy/" && chmod -R a+rX "$WORK/copy"
    out=$(runuser -u nobody -- env MAAS_BUILD_DIR="$build_dir" MAAS_PREFIX="$WORK/unused" \
        "$WORK/copy/tools/up" 2>&1) && fail "tools/up ran without root"
    grep -q "needs root" <<<"$out" || fail "tools/up without root: $out"
    [ ! -e "$build_dir" ] && [ ! -e "$WORK/unused" ] || fail "tools/up without root changed files"
}

refuses_other_systems() {
    local out
    printf 'ID=fedora\nVERSION_ID=40\nPRETTY_NAME="Fedora Linux 40"\n' >"$WORK/os-release"
    out=$(unshare --mount sh -c "mount --bind '$WORK/os-release' /etc/os-release &&
        MAAS_BUILD_DIR='$WORK/unused-build' MAAS_PREFIX='$WORK/unused' '$SRC/tools/up'" 2>&1) &&
        fail "tools/up ran on Fedora"
    grep -q "needs Debian 12 (bookworm); this is Fedora Linux 40" <<<"$out" ||
        fail "tools/up on another system: $out"
    [ ! -e "$WORK/unused-build" ] && [ ! -e "$WORK/unused" ] ||
        fail "tools/up on another system changed files"
}

install_and_start() {
    # What tools/up runs once dependencies are installed and the tree is built.
    in_ns "$SRC/tools/install-start" "$BUILD" "$PREFIX" >"$WORK/install-start.log" 2>&1 ||
        fail "tools/install-start: $(tail -n 20 "$WORK/install-start.log")"
    SUPERVISOR_PID=$("$PREFIX/bin/maas-supervisor" ctl status |
        jq -r '.arguments.supervisor_pid // .supervisor_pid')
    [[ $SUPERVISOR_PID =~ ^[0-9]+$ ]] || fail "no supervisor pid"
    grep -q "^maas_url: $URL\$" "$MAAS_ROOT/etc/maas/regiond.conf" ||
        fail "maas_url is not the namespace's address"
    log "installed to $PREFIX, supervisor pid $SUPERVISOR_PID"
}

supervisor_up() {
    maas status >"$WORK/status.txt" 2>&1 || fail "maas status: $(cat "$WORK/status.txt")"
    grep -q "^mode: region+rack" "$WORK/status.txt" || fail "mode: $(cat "$WORK/status.txt")"
    ! grep -q "hook library" "$WORK/status.txt" || fail "hook: $(cat "$WORK/status.txt")"
}

dhcp_config_validates() {
    local conf=$MAAS_ROOT/var/lib/maas/dhcp/kea-dhcp4.conf
    dhcp_on 192.0.2
    dhcp_config_accepted "$conf" "$PREFIX/lib/maas/hooks/libmaas_dhcp_ha.so"
    KEA_LOCKFILE_DIR=$WORK KEA_PIDFILE_DIR=$WORK kea-dhcp4 -t "$conf" >"$WORK/kea-t.log" 2>&1 ||
        fail "kea-dhcp4 -t: $(tail -n 5 "$WORK/kea-t.log")"
}

status_names_missing_hook() {
    # An operator's hook path that does not exist: `maas status` names it.
    echo "dhcp_hook_library: $WORK/no/such/hook.so" >>"$MAAS_ROOT/etc/maas/rackd.conf"
    maas status >"$WORK/status.txt" 2>&1 || true
    grep -q "DHCP hook library $WORK/no/such/hook.so does not exist" "$WORK/status.txt" ||
        fail "maas status does not name the missing hook: $(cat "$WORK/status.txt")"
}

main() {
    refuses_without_root
    refuses_other_systems
    make_network "$ADDRESS"
    install_and_start
    supervisor_up
    api_ready
    create_admin
    api_key
    log_in
    [ -f "$HOME/.maascli.json" ] || fail "no profile written to the test's HOME"
    rack_controllers_read
    dhcp_config_validates
    client_lease 192.0.2
    status_names_missing_hook
    echo "PASS tools_up"
}
main
