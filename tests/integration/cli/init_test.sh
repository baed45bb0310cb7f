#!/usr/bin/env bash
# maas init: every rejected input writes nothing; happy paths write configs, secret and mode
# with the right modes and make a running supervisor converge.
BUILD=$1 source "$(dirname "$0")/../supervisor/lib.sh"
sup_setup
SECRET=0123456789abcdef0123456789abcdef
snapshot() { (cd "$MAAS_ROOT" && find . -path ./supervisor.log -prune -o -print0 | sort -z |
    xargs -0 stat -c '%n %s %a %Y' && find . -type f ! -name supervisor.log -print0 | sort -z |
    xargs -0 cat | md5sum); }

reject() {  # reject "expected message" args...
    local expected=$1 before after out rc
    shift
    before=$(snapshot)
    set +e
    out=$("$MAAS" init "$@" 2>&1 </dev/null); rc=$?
    set -e
    [ "$rc" = 2 ] || fail "maas init $* exited $rc: $out"
    [ "$out" = "$expected" ] || fail "maas init $*: expected '$expected', got '$out'"
    after=$(snapshot)
    [ "$before" = "$after" ] || fail "maas init $* changed files"
}

reject "mode: give one of region, rack, region+rack."
reject "mode: 'bogus' is not one of region, rack, region+rack." bogus
reject "--maas-url: a rack needs the URL of its region." rack --secret $SECRET
reject "--secret: a rack needs the region's shared secret." rack --maas-url http://127.0.0.1/MAAS
reject "--secret: must be 32 hexadecimal characters." rack --maas-url http://h/MAAS --secret xyz
reject "--maas-url: 'nope' is not a valid http(s) URL." region --maas-url nope
reject "--num-workers: must be between 1 and 8, got 9." region --num-workers 9
reject "--num-workers: only applies to region modes." rack --maas-url http://h/MAAS \
    --secret $SECRET --num-workers 2
reject "--database-uri: needs a database name (/dbname)." region --database-uri postgresql://u@h
reject "--mode: contradicts the positional mode 'region'." region --mode rack
reject "--bogus: unknown option." region --bogus

# An unreadable mode file is not silently replaced.
set_mode bogus
reject "--force: $MAAS_ROOT/var/lib/maas/mode: must be one of none, region, rack, region+rack; \
add --force to replace it." rack --maas-url http://h/MAAS --secret $SECRET
rm "$MAAS_ROOT/var/lib/maas/mode"

# A CA file for an https region: one that is missing or holds no certificate is refused, naming it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=maas-init-test-ca-$$" -keyout "$MAAS_ROOT/ca.key" -out "$MAAS_ROOT/ca.pem" 2>/dev/null
echo "not a certificate" >"$MAAS_ROOT/garbage.pem"
reject "--maas-ca-file: $MAAS_ROOT/none.pem: cannot read it (No such file or directory)." \
    rack --maas-url https://h/MAAS --secret $SECRET --maas-ca-file "$MAAS_ROOT/none.pem"
reject "--maas-ca-file: $MAAS_ROOT/garbage.pem: Invalid PEM material, not a PEM CA certificate." \
    rack --maas-url https://h/MAAS --secret $SECRET --maas-ca-file "$MAAS_ROOT/garbage.pem"

# Happy path: rack.
out=$("$MAAS" init rack --maas-url http://127.0.0.1:5240/MAAS --secret $SECRET \
    --maas-ca-file "$MAAS_ROOT/ca.pem")
grep -q "maas_ca_file: $MAAS_ROOT/ca.pem" "$MAAS_ROOT/etc/maas/rackd.conf" || fail "rackd maas_ca_file"

echo "$out" | grep -q "Mode set to rack." || fail "progress output: $out"
[ "$(cat "$MAAS_ROOT/var/lib/maas/mode")" = rack ] || fail "mode file"
[ "$(cat "$MAAS_ROOT/var/lib/maas/secret")" = $SECRET ] || fail "secret"
[ "$(stat -c %a "$MAAS_ROOT/var/lib/maas/secret")" = 640 ] || fail "secret mode"
[ "$(stat -c %a "$MAAS_ROOT/etc/maas/rackd.conf")" = 640 ] || fail "rackd.conf mode"
grep -q 'http://127.0.0.1:5240/MAAS' "$MAAS_ROOT/etc/maas/rackd.conf" || fail "rackd maas_url"
[ ! -e "$MAAS_ROOT/etc/maas/regiond.conf" ] || fail "rack init wrote regiond.conf"

# Re-init needs --force, and is refused without changing anything.
reject "--force: this machine is already initialised as rack; add --force to initialise it again." \
    region --database-uri postgresql://maas:pw@127.0.0.1/maasdb

# A running supervisor converges on init: region with an external database, 2 workers.
sup_start
wait_for "rackd ready" 5 state_is rackd ready
out=$("$MAAS" init region --force --database-uri 'postgresql://maas:p%40ss@127.0.0.1:6432/maasdb' \
    --num-workers 2 --maas-url http://127.0.0.1:5240/MAAS)
echo "$out" | grep -q "Asked the supervisor to apply the change." || fail "no converge: $out"
wait_for "regiond-1 ready" 5 state_is regiond-1 ready
wait_for "rackd gone" 5 absent rackd
conf="$MAAS_ROOT/etc/maas/regiond.conf"
grep -q '^database_host: 127.0.0.1$' "$conf" || fail "database_host"
grep -q '^database_port: 6432$' "$conf" || fail "database_port"
grep -q '^database_pass: p@ss$' "$conf" || fail "database_pass"
grep -q '^num_workers: 2$' "$conf" || fail "num_workers"
[ "$(cat "$MAAS_ROOT/var/lib/maas/secret")" = $SECRET ] || fail "re-init replaced the secret"
[ ! -e "$MAAS_ROOT/var/lib/maas/db/PG_VERSION" ] || fail "external database still made a cluster"

# maas status reads the supervisor.
"$MAAS" status | grep -Eq '^regiond-1 +ready +yes' || fail "maas status: $("$MAAS" status)"
"$MAAS" status --json | jq -e '.mode == "region"' >/dev/null || fail "status --json"
echo "PASS init"
