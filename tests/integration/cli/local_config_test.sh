#!/usr/bin/env bash
# maas-region local_config_set / get / reset and maas-rack config.
BUILD=$1 source "$(dirname "$0")/../supervisor/lib.sh"
sup_setup
REGION="$BIN_DIR/maas-region"
RACK="$BIN_DIR/maas-rack"
conf="$MAAS_ROOT/etc/maas/regiond.conf"

"$REGION" local_config_set --database-host db1.example.com --database-port 6432 \
    --database-name maas2 --database-user u --database-pass secretpw --num-workers 3 \
    --maas-url http://10.0.0.5:5240/MAAS --debug true --http-port 5241 --rpc-port 5300 \
    --listen-address 127.0.0.2
[ "$(stat -c %a "$conf")" = 640 ] || fail "regiond.conf mode"
[ "$("$REGION" local_config_get --database-host --database-port --plain)" = \
    "$(printf 'db1.example.com\n6432')" ] || fail "plain"
"$REGION" local_config_get --json | jq -e '.database_host == "db1.example.com" and
    .num_workers == 3 and .debug == true and .http_port == 5241 and
    .listen_address == "127.0.0.2" and (has("database_pass") | not)' >/dev/null ||
    fail "json: $("$REGION" local_config_get --json)"
"$REGION" local_config_get --database-pass --json | jq -e '.database_pass == "secretpw"' \
    >/dev/null || fail "asked-for secret"
"$REGION" local_config_get --yaml --rpc-port | grep -qx 'rpc_port: 5300' || fail "yaml"

# Errors: "<option>: <message>." and nothing written.
before=$(md5sum "$conf")
check_err() {  # check_err expected args...
    local expected=$1 out
    shift
    out=$("$REGION" "$@" 2>&1) && fail "accepted: $*"
    [ "$out" = "$expected" ] || fail "expected '$expected', got '$out'"
}
check_err "--database-port: must be between 1 and 65535, got 0." local_config_set \
    --database-host ok --database-port 0
check_err "--num-workers: must be an integer." local_config_set --num-workers many
check_err "--maas-url: 'x' is not a valid http(s) URL." local_config_set --maas-url x
check_err "--debug: must be true or false." local_config_set --debug maybe
check_err "--database-hots: unknown option." local_config_set --database-hots h
check_err "--database-host: needs a value." local_config_set --database-host
check_err "--json: choose one of --json, --yaml, --plain." local_config_get --json --yaml
[ "$before" = "$(md5sum "$conf")" ] || fail "a rejected call changed regiond.conf"

"$REGION" local_config_reset --database-port --num-workers
"$REGION" local_config_get --database-port --plain | grep -qx 5432 || fail "reset port"
! grep -q num_workers "$conf" || fail "reset num_workers"
grep -q '^database_host: db1.example.com$' "$conf" || fail "reset touched other keys"
check_err "local_config_reset: name the settings to reset, e.g. --num-workers." local_config_reset

# maas-rack config
"$RACK" config --region-url http://10.0.0.5:5240/MAAS,http://10.0.0.6:5240/MAAS >/dev/null
"$RACK" config --json | jq -e '.maas_url == ["http://10.0.0.5:5240/MAAS",
    "http://10.0.0.6:5240/MAAS"]' >/dev/null || fail "rack config"
out=$("$RACK" config --region-url nope 2>&1) && fail "rack accepted bad url"
[ "$out" = "--region-url: 'nope' is not a valid http(s) URL." ] || fail "rack error: $out"
echo "PASS local_config"
