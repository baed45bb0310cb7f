#!/usr/bin/env bash
# Secrets need not be arguments (where `ps` shows them): `maas init rack` and `maas-rack
# register` take --secret-file, prompt with echo off on a terminal, and read one line of
# standard input otherwise. ps is read while each command waits for its secret.
BUILD=$1 source "$(dirname "$0")/../supervisor/lib.sh"
source "$(dirname "$0")/secret_lib.sh"
sup_setup
PIDS=()
RACK="$BIN_DIR/maas-rack"
URL=http://127.0.0.1:5240/MAAS
secret_is() { [ "$(cat "$MAAS_ROOT/var/lib/maas/secret")" = "$1" ] || fail "$2: secret file"; }

S1=$(openssl rand -hex 16)
via_stdin "$S1" "$MAAS_ROOT/out" "$MAAS" init rack --maas-url "$URL" ||
    fail "init rack, secret on stdin: $(cat "$MAAS_ROOT/out")"
secret_is "$S1" "init rack, stdin"
echo "ok - maas init rack reads the secret from standard input"

S2=$(openssl rand -hex 16)
via_file "$S2" "$MAAS_ROOT/out" --secret-file "$MAAS" init rack --force --maas-url "$URL" ||
    fail "init rack --secret-file: $(cat "$MAAS_ROOT/out")"
secret_is "$S2" "init rack --secret-file"
echo "ok - maas init rack --secret-file"

out=$("$MAAS" init rack --force --maas-url "$URL" --secret "$S1" --secret-file /nonexistent 2>&1 </dev/null || true)
[ "$out" = "--secret: give it or --secret-file, not both." ] || fail "both given: $out"
out=$("$MAAS" init rack --force --maas-url "$URL" --secret-file "$MAAS_ROOT/none" 2>&1 </dev/null || true)
[ "$out" = "--secret-file: cannot read $MAAS_ROOT/none." ] || fail "missing file: $out"
secret_is "$S2" "rejected init"
echo "ok - refused secret options change nothing"

S3=$(openssl rand -hex 16)
via_stdin "$S3" "$MAAS_ROOT/out" "$RACK" register --url "$URL" ||
    fail "register, stdin: $(cat "$MAAS_ROOT/out")"
secret_is "$S3" "register, stdin"
echo "ok - maas-rack register reads the secret from standard input"

S4=$(openssl rand -hex 16)
via_file "$S4" "$MAAS_ROOT/out" --secret-file "$RACK" register --url "$URL" ||
    fail "register --secret-file: $(cat "$MAAS_ROOT/out")"
secret_is "$S4" "register --secret-file"
echo "ok - maas-rack register --secret-file"

S5=$(openssl rand -hex 16)
via_terminal "$MAAS_ROOT/tty" "Secret (hex/base16 encoded): " "$S5" -- \
    env MAAS_ROOT="$MAAS_ROOT" "$RACK" register --url "$URL" ||
    fail "register on a terminal: $(cat "$MAAS_ROOT/tty")"
secret_is "$S5" "register, terminal"
! grep -qF "$S5" "$MAAS_ROOT/tty" || fail "the terminal echoed the secret: $(cat "$MAAS_ROOT/tty")"
echo "ok - maas-rack register prompts on a terminal without echo"

out=$("$RACK" register --url "$URL" --secret-file "$MAAS_ROOT/none" 2>&1 </dev/null || true)
[ "$out" = "--secret-file: cannot read $MAAS_ROOT/none" ] || fail "register missing file: $out"
secret_is "$S5" "rejected register"
echo "PASS secret_args"
