#!/bin/bash
# The CLI groups (createadmin, apikey, login/list/logout, PROFILE RESOURCE ACTION) against a real
# region and PostgreSQL, through the real `maas` program.
source "$(dirname "$0")/lib.sh"
export HOME=$WORK/home
mkdir -p "$HOME"
maas() { MAAS_ROOT=$ROOT "$BIN/maas" "$@"; }

pg_start
HP=$(free_port); RP=$(free_port)
ROOT=$(region_root r1 "$HP" "$RP")
start_worker "$ROOT" 0
U=http://127.0.0.1:$HP/MAAS

# --- admin commands
check "createadmin" "0" "$(maas createadmin --username admin --password pw --email a@example.com >/dev/null; echo $?)"
check "createadmin without password is a usage error" "2" "$(maas createadmin --username x 2>/dev/null </dev/null; echo $?)"
out=$(maas createadmin --username admin --password pw 2>&1 || true)
check "duplicate admin message" 'maas createadmin: {"username":["A user with that username already exists."]}' "$out"
# Passwords need not be arguments: --password-file, a prompt (twice) on a terminal, or one line
# of standard input; ps is read while createadmin waits for it.
source "$(dirname "$0")/../cli/secret_lib.sh"
can_log_in() {  # USER PASSWORD
    anon POST "$U/accounts/login/" --data-urlencode "username=$1" --data-urlencode "password=$2"
    [ "$HTTP_STATUS" = 200 ]
}
MAAS_CMD=(env MAAS_ROOT="$ROOT" "$BIN/maas")
P1=file-$(openssl rand -hex 8)
via_file "$P1" "$WORK/out" --password-file "${MAAS_CMD[@]}" createadmin --username u1 --email u1@example.com ||
    fail "createadmin --password-file: $(cat "$WORK/out")"
check "createadmin --password-file sets the password" "yes" "$(can_log_in u1 "$P1" && echo yes)"
P2=stdin-$(openssl rand -hex 8)
via_stdin "$P2" "$WORK/out" "${MAAS_CMD[@]}" createadmin --username u2 --email u2@example.com ||
    fail "createadmin, password on stdin: $(cat "$WORK/out")"
check "createadmin reads the password from standard input" "yes" "$(can_log_in u2 "$P2" && echo yes)"
P3=tty-$(openssl rand -hex 8)
via_terminal "$WORK/tty" "Password: \|Again: " "$P3" "$P3" -- "${MAAS_CMD[@]}" createadmin --username u3 --email u3@example.com ||
    fail "createadmin on a terminal: $(cat "$WORK/tty")"
check "createadmin prompts twice on a terminal" "yes" "$(can_log_in u3 "$P3" && echo yes)"
check "the terminal did not echo the password" "0" "$(grep -cF "$P3" "$WORK/tty" || true)"
via_terminal "$WORK/tty" "Password: \|Again: " "first-$(openssl rand -hex 8)" "second-$(openssl rand -hex 8)" -- "${MAAS_CMD[@]}" createadmin --username u4 --email u4@example.com &&
    fail "mismatched passwords accepted"
check "mismatched passwords named" "1" "$(grep -c "the two entries do not match" "$WORK/tty")"
check "nothing created on mismatch" "0" "$(psql_maas -c "SELECT count(*) FROM users WHERE username = 'u4'")"

KEY=$(maas apikey --username admin)
check "apikey prints one key" "1" "$(echo "$KEY" | wc -l)"
check "apikey --generate" "2" "$(maas apikey --username admin --generate | wc -l)"
check "apikey unknown user" "1" "$(maas apikey --username nobody 2>/dev/null; echo $?)"

# --- login / list / logout
check "login with a bad key refused" "2" "$(maas login admin "$U" "${KEY%:*}:wrongwrongwrongwrongwrongwrongwr" 2>/dev/null >/dev/null; echo $?)"
maas login admin "$U" "$KEY" >/dev/null
check "profile file is private" "600" "$(stat -c %a "$HOME/.maascli.json")"
check "list" "admin $U/api/2.0/ $KEY" "$(maas list)"

# --- generated commands
maas admin fabrics create name=lab >/dev/null
check "subnets create via multipart" "0" "$(maas admin subnets create cidr=10.5.0.0/24 fabric=lab >/dev/null; echo $?)"
out=$(maas admin subnets create cidr=10.5.0.1/24 2>&1 >/dev/null; echo "rc=$?")
check "bad input exits 2 with status" "400 Bad Request rc=2" "$(echo $out)"
out=$(maas admin subnets create cidr=10.5.0.1/24 2>/dev/null || true)
check "bad input prints the server message" '"Host bits are set; did you mean 10.5.0.0/24?"' "$(echo "$out" | grep -o '"Host.*"')"
psql_maas -c "INSERT INTO nodes (system_id, hostname, node_type) VALUES ('rk0001', 'rack-a', 2), ('rk0002', 'rack-b', 2)"
check "hostnames pipeline" "rack-a
rack-b" "$(maas admin rack-controllers read | grep hostname | cut -d '"' -f 4)"
check "positional params" "lab" "$(maas admin fabric read "$(maas admin fabrics read | grep -B3 '"name": "lab"' | grep '"id"' | tr -dc 0-9)" | grep '"name"' | head -1 | cut -d '"' -f 4)"
check "op actions" "admin" "$(maas admin users whoami | grep username | cut -d '"' -f 4)"
check "missing positional is a usage error" "2" "$(maas admin fabric read 2>/dev/null; echo $?)"
check "unknown resource" "2" "$(maas admin nosuch read 2>/dev/null; echo $?)"
check "404 exits 2" "2" "$(maas admin rack-controller read nosuch >/dev/null 2>&1; echo $?)"
check "delete" "0" "$(maas admin rack-controller delete rk0002 >/dev/null; echo $?)"
check "help lists resources" "1" "$(maas admin --help 2>&1 | grep -c '^  rack-controllers ')"
maas logout admin
check "logout" "" "$(maas list)"
finish
