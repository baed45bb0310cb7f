#!/bin/bash
# PostgreSQL HA with Patroni + etcd (Debian `patroni`, `etcd-server`), the same way as
# pg_auto_failover: one etcd member on loopback, two Patroni nodes in synchronous mode on
# 127.0.0.1 and 127.0.0.4 (one port; each node in its own PID and mount namespace so it can be
# killed whole like a host), and a region with `--database-host 127.0.0.1,127.0.0.4` (libpq
# multi-host, target_session_attrs=read-write). A write loop runs through the API; the leader
# node is killed -9; Patroni promotes the synchronous standby once the leader key expires (ttl
# 10 s); the region serves writes again without intervention, answers only 200 or 503
# meanwhile, and every acknowledged write is in the new primary.
# Environment: BIN, TOOLS (the region harness).
[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (namespaces, runuser)"; exit 77; }
source "$(dirname "$0")/../../integration/region/lib.sh"
source "$(dirname "$0")/../../integration/region/ha_lib.sh"
for tool in patroni etcd; do
    command -v "$tool" >/dev/null || { echo "needs patroni and etcd-server (tools/install-deps)"; exit 1; }
done

# --- etcd: one member, client and peer URLs on free loopback ports
EC=$(free_port); EP=$(free_port)
mkdir -p "$WORK/etcd"
etcd --name e1 --data-dir "$WORK/etcd/data" \
    --listen-client-urls "http://127.0.0.1:$EC" --advertise-client-urls "http://127.0.0.1:$EC" \
    --listen-peer-urls "http://127.0.0.1:$EP" --initial-advertise-peer-urls "http://127.0.0.1:$EP" \
    --initial-cluster "e1=http://127.0.0.1:$EP" >"$WORK/etcd.log" 2>&1 &
PIDS+=($!)
wait_for "etcd healthy" 30 curl -sf -o /dev/null "http://127.0.0.1:$EC/health"

# --- two Patroni nodes sharing port P on different loopback addresses
P=$(free_port)
# patroni_node NAME ADDRESS: writes its config and starts it as postgres in its own PID and
# mount namespaces; sets NODE_PID (killing it kills Patroni and its PostgreSQL).
patroni_node() {
    local name=$1 address=$2 dir=$WORK/patroni/$1 rest
    rest=$(free_port)
    mkdir -p "$dir"
    chown -R postgres "$WORK/patroni"
    cat >"$dir/patroni.yml" <<YAML
scope: maas-test-$$
namespace: /maas-test-$$/
name: $name
log:
  level: WARNING
restapi:
  listen: $address:$rest
  connect_address: $address:$rest
etcd3:
  hosts: 127.0.0.1:$EC
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 3
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: false
      parameters:
        fsync: false
  initdb:
    - encoding: UTF8
    - auth: trust
postgresql:
  listen: $address:$P
  connect_address: $address:$P
  data_dir: $dir/data
  bin_dir: $PG_BIN
  pgpass: $dir/pgpass
  authentication:
    superuser:
      username: postgres
    replication:
      username: postgres
  parameters:
    unix_socket_directories: $dir
  pg_hba:
    - local all all trust
    - host all all 127.0.0.0/8 trust
    - host replication all 127.0.0.0/8 trust
YAML
    chown postgres "$dir/patroni.yml"
    # From its own directory: Patroni starts PostgreSQL through Python's multiprocessing, whose
    # child chdirs to the parent's cwd, and the build tree may be closed to postgres (a clone in
    # a 0700 mktemp directory was).
    (cd "$dir" && exec unshare --pid --fork --mount-proc --mount --kill-child \
        runuser -u postgres -- env HOME="$dir" patroni "$dir/patroni.yml") \
        >"$WORK/patroni-$name.log" 2>&1 &
    NODE_PID=$!
    PIDS+=("$NODE_PID")
}
patroni_node a 127.0.0.1
NODE_A=$NODE_PID
wait_sql 127.0.0.1 "$P" postgres postgres "SELECT pg_is_in_recovery()" f
psql -h 127.0.0.1 -p "$P" -U postgres -X -q -c "CREATE ROLE maas LOGIN" \
    -c "CREATE DATABASE maasdb OWNER maas"
patroni_node b 127.0.0.4
wait_sql 127.0.0.1 "$P" postgres postgres \
    "SELECT string_agg(application_name || '=' || sync_state, ' ') FROM pg_stat_replication" "b=sync"
echo "cluster ready: a leader, b synchronous standby"

failover_under_writes 127.0.0.1,127.0.0.4 "$P" "$NODE_A" 127.0.0.4 Patroni
finish
