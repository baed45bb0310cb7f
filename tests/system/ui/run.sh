#!/usr/bin/env bash
# Browser tests of the web UI against a real maas-regiond on a real PostgreSQL, both started
# here in a temp dir on loopback and stopped (by PID) on exit, pass or fail.
# usage: run.sh REGIOND_BINARY UI_APP_DIR SCREENSHOT_DIR
# UI_APP_DIR is the build copy of ui/ with node_modules (playwright-core, no browser download).
set -euo pipefail
regiond=$1
app_dir=$2
shots=$3
here=$(cd "$(dirname "$0")" && pwd)

# Missing tools are an install problem, not a reason to pass: fail loudly.
[ -x /usr/bin/chromium ] || { echo "run.sh: /usr/bin/chromium missing (tools/install-deps)" >&2; exit 1; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "run.sh: PostgreSQL server binaries missing" >&2; exit 1; }

work=$(mktemp -d /tmp/maas-ui-e2e.XXXXXX)
chmod 711 "$work"  # the postgres user must reach its cluster directory inside
regiond_pid=""
cleanup() {
    local rc=$?
    if [ -n "$regiond_pid" ]; then
        kill "$regiond_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$regiond_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$regiond_pid" 2>/dev/null || true
    fi
    if [ -f "$work/pg/postmaster.pid" ]; then
        runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ $rc -ne 0 ]; then
        echo "--- regiond log (last 40 lines)"; tail -n 40 "$work/regiond.log" 2>/dev/null || true
    fi
    rm -rf "$work"
    exit $rc
}
trap cleanup EXIT INT TERM

free_port() {
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
pg_port=$(free_port)
http_port=$(free_port)
rpc_port=$(free_port)

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
install -d -o postgres -m 700 "$work/pg" "$work/sock"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust --no-sync >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/sock/pg.log" -w \
    -o "-p $pg_port -k $work/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
psql=(psql -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -q)
"${psql[@]}" -d postgres -c "CREATE DATABASE maasdb"

root=$work/root
mkdir -p "$root/etc/maas" "$root/var/lib/maas"
maas_url="http://127.0.0.1:$http_port/MAAS"
cat >"$root/etc/maas/regiond.conf" <<CONF
maas_url: $maas_url
database_host: 127.0.0.1
database_port: $pg_port
database_name: maasdb
database_user: postgres
num_workers: 1
http_port: $http_port
rpc_port: $rpc_port
listen_address: 127.0.0.1
CONF
secret=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
printf '%s\n' "$secret" >"$root/var/lib/maas/secret"
chmod 0640 "$root/var/lib/maas/secret"

MAAS_ROOT=$root "$regiond" >"$work/regiond.log" 2>&1 &
regiond_pid=$!
ready=""
for _ in $(seq 120); do
    kill -0 "$regiond_pid" 2>/dev/null || { echo "run.sh: regiond exited during start" >&2; exit 1; }
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/MAAS/readyz")" = 200 ]; then
        ready=1; break
    fi
    sleep 0.5
done
[ -n "$ready" ] || { echo "run.sh: regiond not ready after 60 s" >&2; exit 1; }
curl -sf "http://127.0.0.1:$http_port/MAAS/r/" | grep -q '<div id="root">' ||
    { echo "run.sh: /MAAS/r/ does not serve the UI" >&2; exit 1; }

version=$(curl -s "http://127.0.0.1:$http_port/MAAS/api/2.0/version/" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).version))')
region_hostname=$(hostname)
admin_pass=$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
operator_pass=$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
hash_of() {
    node -e 'const c=require("crypto");const salt=c.randomBytes(16);const it=20000;
      const h=c.pbkdf2Sync(process.argv[1],salt,it,32,"sha256");
      console.log(`pbkdf2_sha256$${it}$${salt.toString("hex")}$${h.toString("hex")}`)' "$1"
}
PGOPTIONS=--client-min-messages=warning "${psql[@]}" -d maasdb \
    -v admin_hash="$(hash_of "$admin_pass")" -v operator_hash="$(hash_of "$operator_pass")" \
    -v version="$version" -f "$here/seed.sql"

export MAAS_BASE="http://127.0.0.1:$http_port" MAAS_URL="$maas_url" MAAS_SECRET="$secret"
export ADMIN_USER=admin ADMIN_PASS=$admin_pass OPERATOR_USER=operator OPERATOR_PASS=$operator_pass
export REGION_HOSTNAME=$region_hostname APP_DIR=$app_dir SHOT_DIR=$shots
PSQL_ARGV=$(node -e 'console.log(JSON.stringify(process.argv.slice(1)))' "${psql[@]}" -d maasdb)
export PSQL_ARGV
rm -rf "$shots" && mkdir -p "$shots"
timeout 600 node "$here/e2e.cjs"
