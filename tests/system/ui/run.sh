#!/usr/bin/env bash
# Browser tests of the web UI against a real maas-regiond on a real PostgreSQL, two real rackds and
# a webhook BMC (bench/bmc/webhook_server.py), on the power tests' topology
# (tests/system/power/bmc_lib.sh): the region worker, the BMC and Chromium live in a hub network
# namespace (198.51.100.2), each rack in its own. Everything is stopped by PID and the namespaces
# deleted on exit, pass or fail.
# Environment: BIN (build/bin), TOOLS (build/tests), APP_DIR (the build copy of ui/ with
# node_modules: playwright-core, no browser download), SHOT_DIR (screenshots).
source "$(dirname "$0")/../../integration/region/lib.sh"
source "$(dirname "$0")/../power/bmc_lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
: "${APP_DIR:?}" "${SHOT_DIR:?}"

# Missing tools are an install problem, not a reason to pass: fail loudly.
for tool in /usr/bin/chromium node python3; do
    command -v "$tool" >/dev/null || fail "$tool missing (tools/install-deps)"
done

pg_start
make_hub
for n in 1 2; do make_rack_ns "$n"; done
HP=5240
SECRET=$(openssl rand -hex 16)
R=$(region_root r "$HP" 5250 "$HUB_IP")
echo "$SECRET" >"$R/var/lib/maas/secret"
chmod 640 "$R/var/lib/maas/secret"
start_hub_worker "$R"
REGION_PID=${PIDS[-1]}  # ip netns exec execs the worker: this is maas-regiond itself
U=http://$HUB_IP:$HP/MAAS
in_hub curl -sf "$U/r/" | grep -q '<div id="root">' || fail "/MAAS/r/ does not serve the UI"
# The app's script: cached for good (its name changes with its content) and gzip-compressed for
# a client that asks, the same bytes once decompressed.
script=$(in_hub curl -sf "$U/r/" | grep -o 'src="/MAAS/r/assets/[^"]*\.js"' | head -1 | cut -d'"' -f2)
[ -n "$script" ] || fail "/MAAS/r/ names no script"
headers=$(in_hub curl -sf -D - -o "$WORK/app.js.gz" -H 'Accept-Encoding: gzip' "http://$HUB_IP:$HP$script")
grep -qi '^content-encoding: gzip' <<<"$headers" || fail "the script is not gzip-compressed: $headers"
grep -qi '^cache-control: public, max-age=31536000, immutable' <<<"$headers" ||
    fail "the script is not cached for good: $headers"
in_hub curl -sf "http://$HUB_IP:$HP$script" >"$WORK/app.js"
gunzip -c "$WORK/app.js.gz" | cmp -s - "$WORK/app.js" || fail "the gzip copy of the script differs"
echo "ok - the app's script: immutable, $(stat -c %s "$WORK/app.js.gz") of $(stat -c %s "$WORK/app.js") bytes gzip-compressed"

start_webhook_bmcs  # sets HOOK; its PID is the server's own, so cleanup stops it

version=$(in_hub curl -s "$U/api/2.0/version/" | jq -r .version)
admin_pass=$(openssl rand -hex 8)
operator_pass=$(openssl rand -hex 8)
hash_of() {
    node -e 'const c=require("crypto");const salt=c.randomBytes(16);const it=20000;
      const h=c.pbkdf2Sync(process.argv[1],salt,it,32,"sha256");
      console.log(`pbkdf2_sha256$${it}$${salt.toString("hex")}$${h.toString("hex")}`)' "$1"
}
# Loaded before the rack starts, so fabric-0's untagged VLAN is the only VID 0 in the fixture.
PGOPTIONS=--client-min-messages=warning psql_maas \
    -v admin_hash="$(hash_of "$admin_pass")" -v operator_hash="$(hash_of "$operator_pass")" \
    -v version="$version" -v hook="$HOOK" -f "$here/seed.sql"

# Two real racks on fabric-1 (seed.sql): a DHCP HA pair for the delete guard, and the owners
# of the machines' BMCs (they reach the BMC's subnet).
rackd_running() {
    [ "$(psql_maas -c "SELECT s.status FROM services s JOIN nodes n ON n.id = s.node_id
        WHERE n.hostname = 'power-$$-$1' AND s.name = 'rackd'")" = running ]
}
for n in 1 2; do start_rack "$n" "$U" "$SECRET"; done
for n in 1 2; do wait_for "rack $n connected" 60 rack_connected "$n"; done
for n in 1 2; do wait_for "rack $n's rackd running" 60 rackd_running "$n"; done

export MAAS_BASE="http://$HUB_IP:$HP" MAAS_URL="$U" MAAS_SECRET="$SECRET" HOOK
export ADMIN_USER=admin ADMIN_PASS=$admin_pass OPERATOR_USER=operator OPERATOR_PASS=$operator_pass
export REGION_PID REGION_HOSTNAME=$(hostname) POWER_RACK=power-$$-1 SECOND_RACK=power-$$-2
PSQL_ARGV=$(node -e 'console.log(JSON.stringify(process.argv.slice(1)))' psql -h "$WORK/pg" \
    -p "$PG_PORT" -U maas -d maasdb -X -q -v ON_ERROR_STOP=1)
export PSQL_ARGV
rm -rf "$SHOT_DIR" && mkdir -p "$SHOT_DIR"
in_hub timeout 600 node "$here/e2e.cjs" || fail "browser tests"
finish
