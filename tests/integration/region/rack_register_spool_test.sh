#!/bin/bash
# `maas-rack register` to another MAAS sends none of the lease events the rack spooled for the
# old one: two real MAAS installations (a region worker each, own database, own secret and
# uuid) and a real rack (maas-supervisor in rack mode running maas-rackd), moved between them
# with `maas-rack register --url URL --secret SECRET` as documented. Lease event lines reach
# rackd's event socket as the DHCP hook sends them. Events spooled while the first MAAS was
# away are moved aside when the rack registers with the second; registering again with the
# same MAAS keeps them and delivers them.
source "$(dirname "$0")/lib.sh"

pg_start
psql_admin -c "CREATE DATABASE maasdb2 OWNER maas" >/dev/null
psql_db() { psql -h "$WORK/pg" -p "$PG_PORT" -U maas -d "$1" -X -q -t -A -v ON_ERROR_STOP=1 -c "$2"; }
HP1=$(free_port); RP1=$(free_port); HP2=$(free_port); RP2=$(free_port)
R1=$(region_root r1 "$HP1" "$RP1")
R2=$(region_root r2 "$HP2" "$RP2")
sed -i 's/^database_name: maasdb$/database_name: maasdb2/' "$R2/etc/maas/regiond.conf"
start_worker "$R1" 0; W1=$WORKER_PID
start_worker "$R2" 0; W2=$WORKER_PID
wait_for "the first MAAS's secret" 10 test -s "$R1/var/lib/maas/secret"
wait_for "the second MAAS's secret" 10 test -s "$R2/var/lib/maas/secret"
for n in 1 2; do
    root=R$n hp=HP$n
    API_KEY=$(MAAS_ROOT=${!root} "$TOOLS/region_admin_tool" createadmin admin pw admin@example.com)
    A=http://127.0.0.1:${!hp}/MAAS/api/2.0
    api POST "$A/fabrics/" -d name=fabric-1
    api POST "$A/subnets/" -d cidr=192.0.2.0/24 -d fabric=fabric-1 -d vid=0
    check "MAAS $n: subnet created" "200" "$HTTP_STATUS"
done

# --- the rack: its supervisor first, then registration as the documentation has it
RK=$WORK/rack
mkdir -p "$RK/etc/maas" "$RK/var/lib/maas"
echo rack >"$RK/var/lib/maas/mode"
printf 'bin_dir: %s\nkea_bin_dir: /usr/sbin\nstop_grace_s: 3\n' "$BIN" >"$RK/etc/maas/supervisor.conf"
MAAS_ROOT=$RK "$BIN/maas-supervisor" >>"$WORK/rack-supervisor.log" 2>&1 &
PIDS+=($!)
STATE=$RK/var/lib/maas/rack
register() {  # register N: maas-rack register with MAAS N
    local hp=HP$1 root=R$1
    MAAS_ROOT=$RK "$BIN/maas-rack" register --url "http://127.0.0.1:${!hp}/MAAS" \
        --secret "$(cat "${!root}/var/lib/maas/secret")" >>"$WORK/register.log" 2>&1
}
connected_to() {  # connected_to UUID
    [ "$(jq -r .state "$STATE/status.json" 2>/dev/null)" = connected ] &&
        [ "$(jq -r .maas_uuid "$STATE/status.json")" = "$1" ]
}
uuid_of() { psql_db "$1" "SELECT uuid FROM maas_identity"; }
UUID1=$(uuid_of maasdb) UUID2=$(uuid_of maasdb2)
check "two MAAS installations" "yes" "$([ -n "$UUID1" ] && [ "$UUID1" != "$UUID2" ] && echo yes || echo no)"
wait_for "the supervisor's control socket" 30 test -S "$RK/run/maas/supervisor.sock"
register 1
wait_for "the rack registered with the first MAAS" 60 connected_to "$UUID1"

hook_sends() {  # hook_sends IP...: one lease event line per address, as the hook sends them
    local ip
    for ip in "$@"; do
        python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(sys.argv[2].encode(), sys.argv[1])' "$RK/var/lib/maas/dhcp/lease-events.sock" \
            "lease action=commit ip=$ip mac=52:54:00:71:00:${ip##*.} client-id=- hostname=- expires=4000000000 origin=local
"
    done
}
leases_in() { psql_db "$1" "SELECT host(ip) FROM dhcp_leases ORDER BY ip" | paste -sd' '; }
has_leases() { [ "$(leases_in "$1")" = "$2" ]; }
pending_is() { [ "$(jq -r .pending "$STATE/lease-spool.json" 2>/dev/null)" = "$1" ]; }
wait_for "the rack's lease event socket" 30 test -S "$RK/var/lib/maas/dhcp/lease-events.sock"
hook_sends 192.0.2.60
wait_for "a lease reached the first MAAS" 30 has_leases maasdb 192.0.2.60

# --- the first MAAS goes away with two events spooled for it; the rack moves to the second
kill -TERM "$W1"; wait_gone "$W1"
hook_sends 192.0.2.61 192.0.2.62
wait_for "two events spooled for the first MAAS" 30 pending_is 2
register 2
wait_for "the rack registered with the second MAAS" 60 connected_to "$UUID2"
wait_for "the old MAAS's events moved aside" 30 test -s "$STATE/lease-events.spool.$UUID1"
hook_sends 192.0.2.63
wait_for "a new lease reached the second MAAS" 30 has_leases maasdb2 192.0.2.63
check "the second MAAS never got the first one's events" "192.0.2.63" "$(leases_in maasdb2)"
check "the move was logged" "1" "$(grep -c RACK_LEASE_SPOOL_MOVED "$WORK/rack-supervisor.log" || true)"

# --- registering again with the same MAAS keeps what is spooled and delivers it
kill -TERM "$W2"; wait_gone "$W2"
hook_sends 192.0.2.64
wait_for "an event spooled for the second MAAS" 30 pending_is 1
register 2
start_worker "$R2" 0
wait_for "the spooled event reached the same MAAS" 60 has_leases maasdb2 "192.0.2.63 192.0.2.64"
check "nothing else moved aside" "1" "$(ls "$STATE" | grep -c '^lease-events.spool\.[0-9a-f-]*$')"
finish
