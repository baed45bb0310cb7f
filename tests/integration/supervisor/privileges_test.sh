#!/usr/bin/env bash
# Least privilege, with the real region, rack, embedded PostgreSQL and kea-dhcp4: run as root,
# the supervisor starts maas-regiond and maas-rackd as the daemon user (a throwaway system user
# here; "maas" from the packages), kea-dhcp4 as that user with only CAP_NET_RAW and
# CAP_NET_BIND_SERVICE, and the region's database role is no superuser. The rack still
# registers with the region. Checked with ps and /proc.
BUILD=$1 source "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (creates a system user)"; exit 0; }
DAEMON_USER=maastest$$
useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$DAEMON_USER"
sup_setup
trap 'sup_cleanup; userdel "$DAEMON_USER" 2>/dev/null || true; groupdel "$DAEMON_USER" 2>/dev/null || true' EXIT
unset MAAS_BIN_DIR  # the real binaries, beside maas-supervisor
# The daemon user must reach the programs it runs: the installed tree under MAAS_ROOT (a build
# tree inside a 0700 directory, as a fresh clone in mktemp is, is out of its reach).
cmake --install "$(dirname "$BIN_DIR")" --prefix "$MAAS_ROOT/prefix" >/dev/null
chmod -R a+rX "$MAAS_ROOT/prefix"
SUPERVISOR=$MAAS_ROOT/prefix/bin/maas-supervisor
MAAS=$MAAS_ROOT/prefix/bin/maas
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 20000))
        ss -Hatn "sport = :$port" | grep -q . || { echo "$port"; return 0; }
    done
    return 1
}
HP=$(free_port); RP=$(free_port)
cat >"$MAAS_ROOT/etc/maas/supervisor.conf" <<CONF
stop_grace_s: 5
daemon_user: $DAEMON_USER
CONF
cat >"$MAAS_ROOT/etc/maas/regiond.conf" <<CONF
http_port: $HP
rpc_port: $RP
listen_address: 127.0.0.1
CONF
chmod 0640 "$MAAS_ROOT/etc/maas/regiond.conf"
# A lease file a root-run rack left behind becomes the daemon user's.
mkdir -p "$MAAS_ROOT/var/lib/maas/dhcp"
echo old >"$MAAS_ROOT/var/lib/maas/dhcp/dhcp4.leases"
sup_start
MAAS_DB_NO_SYNC=1 "$MAAS" init region+rack --maas-url "http://127.0.0.1:$HP/MAAS" --num-workers 1 \
    >"$MAAS_ROOT/init.out" </dev/null || fail "init: $(cat "$MAAS_ROOT/init.out")"
wait_for "postgres ready" 60 state_is postgres ready
service_field postgres pid >"$MAAS_ROOT/postgres.pid"
wait_for "regiond-0 ready" 60 state_is regiond-0 ready
wait_for "rackd ready" 30 state_is rackd ready

user_of() { ps -o user= -p "$(service_field "$1" pid)"; }
[ "$(user_of regiond-0)" = "$DAEMON_USER" ] || fail "regiond-0 runs as $(user_of regiond-0)"
[ "$(user_of rackd)" = "$DAEMON_USER" ] || fail "rackd runs as $(user_of rackd)"
[ "$(user_of postgres)" = postgres ] || fail "postgres runs as $(user_of postgres)"
for service in regiond-0 rackd; do
    caps=$(awk '$1 == "CapEff:" || $1 == "CapPrm:" {print $2}' "/proc/$(service_field $service pid)/status" | sort -u)
    [ "$caps" = 0000000000000000 ] || fail "$service keeps capabilities: $caps"
done
echo "ok - regiond and rackd run as $DAEMON_USER without capabilities"
[ "$(stat -c %U "$MAAS_ROOT/var/lib/maas/dhcp/dhcp4.leases")" = "$DAEMON_USER" ] ||
    fail "a root-owned lease file was not handed to $DAEMON_USER"
[ "$(stat -c %U "$MAAS_ROOT/var/lib/maas")" = "$DAEMON_USER" ] ||
    fail "data dir owned by $(stat -c %U "$MAAS_ROOT/var/lib/maas")"
[ "$(stat -c %G "$MAAS_ROOT/var/lib/maas/secret")" = "$DAEMON_USER" ] ||
    fail "the secret is not readable by the daemon user's group"

conf="$MAAS_ROOT/etc/maas/regiond.conf"
pass=$(awk '$1 == "database_pass:" {print $2}' "$conf")
host=$(awk '$1 == "database_host:" {print $2}' "$conf")
sql() { PGPASSWORD=$pass PGCONNECT_TIMEOUT=5 psql -h "$host" -U maas -d maasdb -Atc "$1"; }
[ "$(sql "select rolsuper from pg_roles where rolname = 'maas'")" = f ] || fail "maas is a superuser"
echo "ok - the database role is no superuser"
rack_connected() { [ "$(sql 'select count(*) from rack_connections')" -ge 1 ]; }
wait_for "the unprivileged rack connected to the unprivileged region" 60 rack_connected
echo "ok - the rack registered and connected"

# kea-dhcp4, as rackd asks for it: the daemon user with exactly two ambient capabilities.
kea_conf="$MAAS_ROOT/var/lib/maas/dhcp/probe.conf"
cat >"$kea_conf" <<CONF
{"Dhcp4": {"interfaces-config": {"interfaces": []},
           "lease-database": {"type": "memfile", "persist": false},
           "loggers": [{"name": "kea-dhcp4", "output_options": [{"output": "stdout"}],
                        "severity": "WARN"}]}}
CONF
"$SUPERVISOR" ctl "start kea-dhcp4 $kea_conf" >/dev/null || fail "start kea-dhcp4"
wait_for "kea-dhcp4 running" 20 state_is kea-dhcp4 ready
kea_pid=$(service_field kea-dhcp4 pid)
[ "$(ps -o user= -p "$kea_pid")" = "$DAEMON_USER" ] || fail "kea-dhcp4 runs as $(ps -o user= -p "$kea_pid")"
# CAP_NET_BIND_SERVICE (10) and CAP_NET_RAW (13): 0x2400.
for field in CapAmb CapEff CapPrm; do
    value=$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$kea_pid/status")
    [ "$value" = 0000000000002400 ] || fail "kea-dhcp4 $field $value"
done
echo "ok - kea-dhcp4 runs as $DAEMON_USER with CAP_NET_RAW and CAP_NET_BIND_SERVICE only"
"$SUPERVISOR" ctl "stop kea-dhcp4" >/dev/null || true
echo "PASS privileges"
