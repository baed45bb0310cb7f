#!/usr/bin/env bash
# maas init region+rack without --database-uri: a private PostgreSQL cluster that the
# supervisor runs and that accepts password connections on its unix socket only.
# Prints the time from `maas init` to PostgreSQL accepting connections.
BUILD=$1 source "$(dirname "$0")/../supervisor/lib.sh"
command -v psql >/dev/null || fail "psql missing (tools/install-deps installs postgresql)"
sup_setup
sup_start  # mode none: runs nothing yet
t0=$(date +%s%N)
"$MAAS" init region+rack --maas-url http://127.0.0.1:5240/MAAS --num-workers 1 \
    >"$MAAS_ROOT/init.out"
t_init=$(date +%s%N)
wait_for "postgres ready" 30 state_is postgres ready
t_ready=$(date +%s%N)
service_field postgres pid >"$MAAS_ROOT/postgres.pid"
wait_for "regiond-0 ready (after postgres)" 5 state_is regiond-0 ready
conf="$MAAS_ROOT/etc/maas/regiond.conf"
pass=$(awk '$1 == "database_pass:" {print $2}' "$conf")
host=$(awk '$1 == "database_host:" {print $2}' "$conf")
[ "$host" = "$MAAS_ROOT/run/maas/postgres" ] || fail "database_host $host"
[ ${#pass} -eq 32 ] || fail "generated password"
[ "$(stat -c %a "$conf")" = 640 ] || fail "regiond.conf holding the password is not 0640"
! grep -q "$pass" "$MAAS_ROOT/supervisor.log" "$MAAS_ROOT/init.out" || fail "password in a log"

out=$(PGPASSWORD=$pass PGCONNECT_TIMEOUT=5 psql -h "$host" -U maas -d maasdb -Atc \
    "select current_database() || ' ' || current_user")
[ "$out" = "maasdb maas" ] || fail "query: $out"
# Least privilege: the region's role owns its database (the migrations ran) but is no superuser.
out=$(PGPASSWORD=$pass psql -q -h "$host" -U maas -d maasdb -Atc \
    "select rolsuper || ' ' || rolcreatedb || ' ' || rolcreaterole from pg_roles where rolname = 'maas'")
[ "$out" = "false false false" ] || fail "role maas: rolsuper rolcreatedb rolcreaterole = $out"
out=$(PGPASSWORD=$pass psql -q -h "$host" -U maas -d maasdb -Atc \
    "select pg_get_userbyid(datdba) from pg_database where datname = 'maasdb'")
[ "$out" = maas ] || fail "maasdb owner: $out"
# What migrations need (the real region migrates in integration.supervisor.privileges).
out=$(PGPASSWORD=$pass psql -q -h "$host" -U maas -d maasdb -Atc \
    "create table owner_probe (x int); drop table owner_probe; select 'ok'")
[ "$out" = ok ] || fail "maas cannot create tables in maasdb: $out"
set +e
PGPASSWORD=wrong PGCONNECT_TIMEOUT=5 psql -h "$host" -U maas -d maasdb -Atc 'select 1' \
    >/dev/null 2>&1 && fail "a wrong password was accepted"
set -e
listen=$(PGPASSWORD=$pass psql -h "$host" -U maas -d maasdb -Atc 'show listen_addresses')
[ -z "$listen" ] || fail "postgres listens on TCP: $listen"
if [ "$(id -u)" = 0 ]; then
    [ "$(stat -c %U "$MAAS_ROOT/var/lib/maas/db")" = postgres ] || fail "cluster owner"
    [ "$(ps -o user= -p "$(service_field postgres pid)")" = postgres ] || fail "postgres as root"
fi

# Ordered shutdown ends with the database.
kill -TERM "$SUP_PID"
wait_for "the supervisor to stop" 10 pid_gone "$SUP_PID"
SUP_PID=""
last=$(grep SUP_CHILD_STOPPED "$MAAS_ROOT/supervisor.log" | tail -1)
echo "$last" | grep -q 'service=postgres' || fail "postgres was not stopped last: $last"
init_ms=$(((t_init - t0) / 1000000))
ready_ms=$(((t_ready - t0) / 1000000))
grep 'Created the embedded database' "$MAAS_ROOT/init.out"
echo "embedded_database: init_ms=$init_ms init_to_accepting_ms=$ready_ms"
echo "PASS embedded_database"
